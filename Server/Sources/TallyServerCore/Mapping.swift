import Foundation
import TallyCore
import TallyRender

/// Fix by choosing (issue 25, HTTP.md "mapping"): an upload's columns and the values the form does
/// not know, each with what it is read as and the nearest guess; the clerk's choices become
/// `column:` and `aliases:` in the campaign's copy of the form (`FormAdjustments`), never in a
/// built-in form, so the exported folder carries them and `tally run` reproduces the run.
extension TallyServer {
    /// What one upload's columns and unknown values are read as. References: `question:ID`,
    /// `row:ID/ROW`, `option:ID/OPTION`, `group:ID`, `respondents`, `unit`, `respondent_id`,
    /// `duration`, `completion`; `null`, not read (or, for a value, counted in no group).
    struct MappingView: Codable {
        struct ColumnEntry: Codable {
            var index: Int
            var header: String
            var readsAs: String?
            var suggestion: String?
            enum CodingKeys: String, CodingKey { case index, header, readsAs = "reads_as", suggestion }
        }
        struct ValueEntry: Codable {
            var target: String
            var value: String
            var count: Int
            var readsAs: String?
            var suggestion: String?
            enum CodingKeys: String, CodingKey { case target, value, count, readsAs = "reads_as", suggestion }
        }
        var columns: [ColumnEntry]
        var values: [ValueEntry]
        /// Questions no column holds: `question:ID`.
        var unmatched: [String]?
    }

    /// The clerk's choices: the same shape, `reads_as` what each column or value is to be read as.
    struct MappingChoices: Decodable {
        struct Column: Decodable {
            var index: Int
            var readsAs: String?
            enum CodingKeys: String, CodingKey { case index, readsAs = "reads_as" }
        }
        struct Value: Decodable {
            var target: String
            var value: String
            var readsAs: String?
            enum CodingKeys: String, CodingKey { case target, value, readsAs = "reads_as" }
        }
        var columns: [Column]?
        var values: [Value]?
    }

    static func reference(_ role: ColumnRole) -> String? {
        switch role {
        case .question(let id): "question:\(id)"
        case .matrixRow(let id, let row): "row:\(id)/\(row)"
        case .option(let id, let option): "option:\(id)/\(option)"
        case .respondentGroup: "respondents"
        case .unit: "unit"
        case .respondentID: "respondent_id"
        case .duration: "duration"
        case .completion: "completion"
        case .ignored, .superseded, .fillIn, .cascadeLevel: nil
        }
    }

    /// A column's new reading (`question:ID`, `row:ID/ROW`, `option:ID/OPTION`) as a binding;
    /// `nil` for anything the form does not have.
    static func binding(_ reference: String, header: String, form: Form) -> FormAdjustments.Column? {
        let parts = reference.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return nil }
        let path = parts[1].split(separator: "/", maxSplits: 1).map(String.init)
        guard let question = form.questions.first(where: { $0.id == path[0] }) else { return nil }
        switch (parts[0], path.count) {
        case ("question", 1): return .init(question: question.id, header: header)
        case ("row", 2) where TallyService.rowLabels(of: question).contains(path[1]): return .init(question: question.id, row: path[1], header: header)
        case ("option", 2) where question.type == .multi && TallyService.optionLabels(of: question).contains(path[1]):
            return .init(question: question.id, option: path[1], header: header)
        default: return nil
        }
    }

    /// What a column may be read as, for the page's drop-down: each question, each matrix row,
    /// each option of a multi-select, in the form's order, with words for it.
    static func columnTargets(_ form: Form) -> [(reference: String, words: String)] {
        var targets: [(String, String)] = []
        for question in form.questions {
            targets.append(("question:\(question.id)", question.text))
            for row in TallyService.rowLabels(of: question) { targets.append(("row:\(question.id)/\(row)", "\(question.text)——\(row)")) }
            if question.type == .multi {
                for option in TallyService.optionLabels(of: question) { targets.append(("option:\(question.id)/\(option)", "\(question.text)——选项“\(option)”")) }
            }
        }
        return targets
    }

    /// The question a column's answers belong to.
    static func question(of role: ColumnRole) -> String? {
        switch role {
        case .question(let id), .matrixRow(let id, _), .option(let id, _): id
        default: nil
        }
    }

    /// An upload with the campaign, the form reference it is read with and that form.
    func mappingContext(campaign id: Int64, upload uploadID: Int64) throws -> (CampaignRecord, UploadRecord, String, Form) {
        guard let campaign = try store.campaign(id) else { throw ServerError.notFound("campaign") }
        guard let upload = try store.uploads(of: id).first(where: { $0.id == uploadID }) else { throw ServerError.notFound("upload") }
        let reference = try store.units(of: id).first { $0.name == upload.unit }?.form ?? campaign.form
        return (campaign, upload, reference, try engine.form(campaign, reference))
    }

    func inspectReport(_ upload: UploadRecord, form: Form) throws -> InspectReport {
        try engine.inspectReport(digest: upload.sha256, kind: upload.kind, sheet: upload.sheet, form: form, name: upload.filename)
    }

    func mapping(campaign id: Int64, upload uploadID: Int64) throws -> MappingView {
        let (_, upload, _, form) = try mappingContext(campaign: id, upload: uploadID)
        return mappingView(upload, form: form, report: try inspectReport(upload, form: form))
    }

    /// The mapping of an upload already inspected with `form` (the page reads the report too).
    func mappingView(_ upload: UploadRecord, form: Form, report: InspectReport) -> MappingView {
        // The engine's nearest guess for a column: a question's text, or `text—row` for a row or option.
        func question(titled text: String?) -> String? {
            guard let text else { return nil }
            if let question = form.questions.first(where: { $0.text == text }) { return "question:\(question.id)" }
            for question in form.questions where text.hasPrefix(question.text + "—") {
                let sub = String(text.dropFirst(question.text.count + 1))
                if question.type == .matrix { return "row:\(question.id)/\(sub)" }
                if question.type == .multi { return "option:\(question.id)/\(sub)" }
            }
            return nil
        }
        var near: [Int: String] = [:]
        var values: [MappingView.ValueEntry] = []
        let groups = TallyService.groups(of: form)
        for warning in report.warnings {
            switch warning.code {
            case .unboundColumn:
                for item in warning.items { if let column = item.columnNumber, let guess = question(titled: item.nearest) { near[column] = guess } }
            case .unknownGroup:
                for item in warning.items {
                    let guess = item.nearest.flatMap { label in groups.first { $0.label == label }.map { "group:\($0.id)" } }
                    values.append(.init(target: "respondents", value: item.value, count: item.count, readsAs: nil, suggestion: guess))
                }
            default: break
            }
        }
        // Answers that match no option of their question, by the question their column is read as.
        let unknown = engine.unknownAnswers(digest: upload.sha256, kind: upload.kind, sheet: upload.sheet, form: form, name: upload.filename)
        for answer in unknown {
            guard let index = report.header.firstIndex(of: answer.header), let id = Self.question(of: report.roles[index]) else { continue }
            values.append(.init(
                target: id, value: answer.value, count: answer.count, readsAs: nil,
                suggestion: answer.nearest.map { "option:\(id)/\($0)" }))
        }
        let columns = zip(report.header, report.roles).enumerated().map { index, pair in
            MappingView.ColumnEntry(index: index + 1, header: pair.0, readsAs: Self.reference(pair.1), suggestion: near[index + 1])
        }
        return MappingView(columns: columns, values: values, unmatched: report.unmatched.map { "question:\($0.question)" })
    }

    /// What an upload's reading comes to, for saying what a choice changed.
    struct ReadingCounts: Equatable {
        var unknownGroupBallots = 0
        var questionsWithoutColumn = 0
        var columnsNotRead = 0
        var stops = false

        init(_ report: InspectReport) {
            for warning in report.warnings where warning.code == .unknownGroup { unknownGroupBallots += warning.count }
            for warning in report.warnings where warning.code == .unboundColumn { columnsNotRead += warning.items.count }
            questionsWithoutColumn = report.unmatched.count
            stops = report.stop != nil
        }

        /// The changes from `before` to this, in words; empty when nothing changed.
        func changes(from before: ReadingCounts) -> [String] {
            var said: [String] = []
            if before.unknownGroupBallots != unknownGroupBallots { said.append("填答人类别认不出的票由\(before.unknownGroupBallots)张变为\(unknownGroupBallots)张") }
            if before.questionsWithoutColumn != questionsWithoutColumn { said.append("没有对应列的题目由\(before.questionsWithoutColumn)道变为\(questionsWithoutColumn)道") }
            if before.columnsNotRead != columnsNotRead { said.append("像题目却没有读的列由\(before.columnsNotRead)列变为\(columnsNotRead)列") }
            if before.stops != stops { said.append(stops ? "按现在的样子统计会停止" : "统计不再会停止") }
            return said
        }
    }

    /// Applies the clerk's choices to the campaign's copy of the form, inspects every upload again
    /// and says what changed for this one. Nothing is kept when a choice cannot apply.
    func applyMapping(campaign id: Int64, upload uploadID: Int64, _ choices: MappingChoices) throws -> (summary: TallyService.InspectSummary, changes: [String]) {
        let (campaign, upload, reference, form) = try mappingContext(campaign: id, upload: uploadID)
        let report = try inspectReport(upload, form: form)
        var adjustments = campaign.formAdjustments[reference] ?? FormAdjustments()
        func split(_ text: String, _ prefix: String) -> String? { text.hasPrefix(prefix) ? String(text.dropFirst(prefix.count)) : nil }
        for choice in choices.columns ?? [] {
            guard choice.index >= 1, choice.index <= report.header.count else { throw ServerError.rejected("文件中没有第\(choice.index)列") }
            let header = report.header[choice.index - 1]
            let current = Self.reference(report.roles[choice.index - 1])
            guard choice.readsAs != current else { continue }
            guard let wanted = choice.readsAs else {
                // Nothing in a form stops a question from reading the column its text matches.
                throw ServerError.rejected("第\(choice.index)列“\(header)”现在读作\(ClerkWords.role(report.roles[choice.index - 1], form: form))，不能改为不读；如这一列不是这道题，请为它另选一道题，或为这道题另选一列")
            }
            guard let binding = Self.binding(wanted, header: header, form: form) else {
                throw ServerError.rejected("第\(choice.index)列“\(header)”只能选为测评表中的一道题（或矩阵题的一行、多选题的一个选项），或不读")
            }
            guard !header.isEmpty else { throw ServerError.rejected("第\(choice.index)列没有表头，不能按表头读取") }
            adjustments.columns.removeAll { $0.question == binding.question && $0.row == binding.row && $0.option == binding.option }
            adjustments.columns.append(binding)
        }
        let groups = TallyService.groups(of: form)
        for choice in choices.values ?? [] {
            guard let wanted = choice.readsAs, !choice.value.isEmpty else { continue }
            if choice.target == "respondents" {
                guard let group = split(wanted, "group:"), groups.contains(where: { $0.id == group }) else {
                    throw ServerError.rejected("“\(choice.value)”只能选为测评表中的一个类别，或不计入类别")
                }
                adjustments.aliases.removeAll { $0.target == "respondents" && $0.value == choice.value }
                adjustments.aliases.append(.init(target: "respondents", meaning: group, value: choice.value))
            } else {
                guard let question = form.questions.first(where: { $0.id == choice.target }),
                    let option = split(wanted, "option:\(question.id)/")
                else { throw ServerError.rejected("“\(choice.value)”只能选为这道题的一个选项，或无效") }
                adjustments.aliases.removeAll { $0.target == question.id && $0.value == choice.value }
                adjustments.aliases.append(.init(target: question.id, meaning: option, value: choice.value))
            }
        }
        // Checked before it is kept: the copy must parse, and read the file.
        let adjusted: Form
        do {
            adjusted = try TallyService.checkForm(try adjustments.apply(to: try engine.formYAML(reference), file: "\(reference).yaml"), name: "\(reference).yaml")
        } catch let error as ServerError {
            throw error
        } catch {
            throw ServerError.rejected("所选无法写入测评表副本：\(ClerkWords.error(error))")
        }
        let after = try inspectReport(upload, form: adjusted)
        var all = campaign.formAdjustments
        all[reference] = adjustments
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(all), as: UTF8.self)
        _ = try store.updateCampaign(id) { $0.adjustments = json }
        let summary = ClerkWords.inspectSummary(after, form: adjusted, name: upload.filename)
        try reinspect(campaign: id, known: (uploadID, summary))
        return (summary, ReadingCounts(after).changes(from: ReadingCounts(report)))
    }
}

import Foundation
import TallyCore

/// What a program built on the engine (the web app) calls besides `Tally.run`, `Tally.inspect`
/// and `Tally.draftForm`: the same steps the command line takes, so that the same inputs give
/// the same bytes whichever way they come in.
public enum TallyService {
    /// The built-in forms, by id: id and title. Parsed once (they are compiled in): a page that
    /// lists them, or names a form by its title, does not parse six forms again.
    public static func builtinForms() -> [(id: String, title: String)] { builtinFormList }

    private static let builtinFormList: [(id: String, title: String)] = builtinFormsParsed.keys.sorted().map { ($0, builtinFormsParsed[$0]!.title) }

    /// The built-in forms parsed, by id (once, on first use).
    private static let builtinFormsParsed: [String: Form] = Dictionary(
        uniqueKeysWithValues: BuiltinForms.yaml.keys.compactMap { id in (try? FormLoader.load(id)).map { (id, $0) } })

    /// A built-in form, parsed once; `nil` for an id no built-in form has.
    public static func builtinForm(_ id: String) -> Form? { builtinFormsParsed[id] }

    /// Every file `tally run` writes for a campaign's results, in a fixed order: the outputs of
    /// every format, and each unit's report with its findings attached when the campaign names
    /// one. `withoutPlaceholder` lists the reports that had no placeholder (the section went at
    /// their end).
    public static func runFiles(_ document: ResultsDocument, campaign: Campaign) throws -> (files: [(path: String, bytes: [UInt8])], withoutPlaceholder: [String]) {
        var files = try OutputFiles.files(document, formats: Set(OutputFormat.allCases))
        var withoutPlaceholder: [String] = []
        for (unit, entry) in zip(document.units, campaign.units) {
            guard let report = entry.report else { continue }
            let attached = try OutputFiles.attachedReport(unit, report: report, document: document)
            files.append((attached.path, attached.bytes))
            if !attached.placed { withoutPlaceholder.append(Campaign.display(report)) }
        }
        return (files, withoutPlaceholder)
    }

    /// The outcome of `attach`.
    public struct Attached: Sendable {
        public var bytes: [UInt8]
        /// The placeholders replaced (`{{tally:methods}} (line 10)`); empty when the section went at the end.
        public var replaced: [String]
        /// The unit whose findings went in.
        public var unit: String
    }

    /// Puts a unit's findings into a report (`tally attach`): `results` is a results.json's
    /// bytes, `report` the report's name (its extension says .md or .docx) and `bytes` its
    /// contents. `unit` may be left out when the results hold one unit.
    public static func attach(results: [UInt8], resultsName: String, report: String, bytes: [UInt8], unit: String?) throws -> Attached {
        guard let file = try? ResultsFile(bytes: results), !file.units.isEmpty else { throw AttachError.notResults(resultsName) }
        let names = file.units.map(\.name)
        let name: String
        if let unit {
            guard names.contains(unit) else { throw AttachError.unitNotFound(unit, available: names) }
            name = unit
        } else {
            guard names.count == 1 else { throw AttachError.unitNeeded(available: names) }
            name = names[0]
        }
        let entry = file.units.first { $0.name == name }!
        guard let section = entry.section.flatMap(ReportSection.init(json:)) else { throw AttachError.notResults(resultsName) }
        let outcome = try ReportAttacher.attach(report: report, bytes: bytes, section: section, results: file, unit: name)
        return Attached(bytes: outcome.bytes, replaced: outcome.replaced, unit: name)
    }

    /// What a user must know about one unit's figures, in words: its warnings (unknown group
    /// values, columns bound to nothing, rules skipped), and why it is void when it is.
    public static func warnings(of unit: UnitResult) -> [String] {
        let phrases = ResultsPhrases()
        var words = unit.warnings.map(phrases.warning)
        if let void = unit.void { words.append("\(unit.unit)：" + phrases.void(void, language: unit.form.language)) }
        return words
    }

    /// A campaign file as plain values, for a program that imports it: title, team, the
    /// default form as written, and each unit's name, issued count, form and response files
    /// (absolute paths, with the sheet of a workbook when the campaign names one).
    public struct CampaignOutline: Sendable {
        public struct Unit: Sendable {
            public var name: String
            public var issued: Int?
            public var form: String
            public var responses: [(path: String, sheet: String?)]
            public var method: String?
            /// Group labels for its report, group id → label, in the file's order.
            public var groups: [(id: String, label: String)]
        }
        public var title: String
        public var team: String?
        public var methods: [String]
        public var units: [Unit]
    }

    public static func outline(_ campaign: Campaign) -> CampaignOutline {
        CampaignOutline(
            title: campaign.title, team: campaign.team, methods: campaign.methods,
            units: campaign.units.map { unit in
                CampaignOutline.Unit(
                    name: unit.name, issued: unit.issued, form: unit.form,
                    responses: unit.responses.map { ResponseSource.decode($0) }, method: unit.method, groups: unit.groups)
            })
    }

    /// A built-in form's YAML text; `nil` for an id no built-in form has.
    public static func builtinFormYAML(_ id: String) -> String? { BuiltinForms.yaml[id] }

    /// A printable ballot for a form and a unit (`tally forms ballot --out x.docx`).
    public static func ballotDOCX(_ form: Form, unit: String?) throws -> [UInt8] {
        Array(try DOCXPackage.make(title: form.title, sections: [BallotSection.build(form, unit: unit)]))
    }

    /// A keying sheet for paper ballots, as `tally forms sheet --out x.xlsx` writes it, at `path`.
    public static func writeKeyingSheet(_ form: Form, to path: String) throws {
        try KeyingSheetXLSX.write(KeyingSheet(form: form), to: path)
    }

    /// A unit report to start from: the parts of an inspection report, each a bold left-aligned
    /// title (一、基本情况 …, as 公文 set them) with its tally placeholder in the paragraph where
    /// its piece goes (CLI.md, "Reports"), for `attach`.
    public static func reportTemplateDOCX(unit: String, title: String) throws -> [UInt8] {
        let blocks: [ReportBlock] = [
            .heading(level: 1, text: "关于\(unit)的巡察情况报告"),
            .paragraph(lead: nil, text: "（以下各处的占位符在“放入单位报告”时换成统计结果，其余文字请按实际情况撰写。）"),
            .paragraph(lead: "一、基本情况", text: ""),
            .paragraph(lead: nil, text: "{{tally:methods}}"),
            .paragraph(lead: "二、民主测评情况", text: ""),
            .paragraph(lead: nil, text: "{{tally:results}}"),
            .paragraph(lead: "三、发现的主要问题", text: ""),
            .paragraph(lead: nil, text: "{{tally:problems}}"),
            .paragraph(lead: "四、工作亮点", text: ""),
            .paragraph(lead: nil, text: "{{tally:strengths}}"),
            .heading(level: 2, text: "附件：民主测评数据明细"),
            .paragraph(lead: nil, text: "{{tally:appendix}}"),
        ]
        return Array(try DOCXPackage.make(title: title, sections: [ReportSection(language: "zh", blocks: blocks)]))
    }

    /// A matrix question's row labels in order; empty for other questions.
    public static func rowLabels(of question: Question?) -> [String] { question?.rows.map(\.label) ?? [] }

    /// A question's option labels in order; empty for none (or no question).
    public static func optionLabels(of question: Question?) -> [String] { question?.options.map(\.label) ?? [] }

    /// A form's respondent groups in its order, id and label; empty when it has none.
    public static func groups(of form: Form) -> [(id: String, label: String)] {
        form.respondents?.groups.map { ($0.id, $0.label) } ?? []
    }

    /// One question of a form as a table row for people: its text, its kind in words, its
    /// options (or matrix rows and options) in order, and whether the form's text marks a guess
    /// about it (`# 请核对` between its line and the next question's).
    public struct QuestionOutline: Sendable {
        public var text: String
        public var kind: String
        public var options: String
        public var check: Bool
    }

    public static func questionOutline(_ form: Form, yaml: String) -> [QuestionOutline] {
        let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false)
        let starts = form.questions.map(\.position.line)
        return form.questions.enumerated().map { index, question in
            let kind: String
            switch question.type {
            case .single: kind = "单选"
            case .multi: kind = question.maxChoices.map { "多选（最多\($0)项）" } ?? "多选"
            case .matrix: kind = "矩阵（\(question.rows.count)行）"
            case .number: kind = "数字"
            case .text: kind = "文字"
            }
            var options = question.options.map(\.label).joined(separator: "、")
            if question.type == .matrix { options = question.rows.map(\.label).joined(separator: "、") + (options.isEmpty ? "" : "；各行选项：" + options) }
            let from = max(0, starts[index] - 1)
            let to = index + 1 < starts.count ? max(from, starts[index + 1] - 1) : lines.count
            let check = lines[min(from, lines.count)..<min(to, lines.count)].contains { $0.contains("请核对") }
            return QuestionOutline(text: question.text, kind: kind, options: options, check: check)
        }
    }

    /// A form's YAML checked as `tally forms check` checks it.
    public static func checkForm(_ yaml: String, name: String) throws(FormError) -> Form {
        try FormLoader.parse(yaml, file: name)
    }

    /// What an upload holds, in words for people: its encoding, shape, records, each column with
    /// what it is read as, every warning scoring it would give, and why scoring would stop.
    public struct InspectSummary: Sendable, Codable {
        public var encoding: String
        public var delimiter: String
        public var shape: String
        public var rows: Int
        public var columns: [Column]
        public var warnings: [String]
        public var unmatched: [String]
        public var stop: String?
        /// Whether a column names each row's unit (the file may feed several units); `nil` in
        /// summaries stored before this was kept.
        public var unitColumn: Bool?

        public struct Column: Sendable, Codable {
            public var header: String
            public var readAs: String
        }
    }

    public static func inspectSummary(_ report: InspectReport, form: Form?) -> InspectSummary {
        let phrases = ResultsPhrases()
        return InspectSummary(
            encoding: report.format.encoding.displayName, delimiter: report.format.delimiter.name, shape: report.shape.displayName,
            rows: report.records,
            columns: zip(report.header, report.roles).map { header, role in
                InspectSummary.Column(header: header, readAs: form.map { InspectText.describe(role, form: $0) } ?? "")
            },
            // Files by their name alone: the app's copies sit in folders of its own.
            warnings: report.warnings.map { warning in
                var named = warning
                named.file = warning.file.map { URL(fileURLWithPath: $0).lastPathComponent }
                return phrases.warning(named)
            },
            unmatched: report.unmatched.map { "no column for question '\($0.question)': tried \($0.tried)" },
            stop: report.stop.map { "\($0)" }, unitColumn: report.roles.contains(.unit))
    }
}

import TallyCore
import TallyStatistics

/// Builds a unit's findings section, in the order of an inspection report: 基本情况 (how the
/// survey was done, 发出/收回/有效/无效), the results in sentences (each question's headline
/// rates with their fractions) and compact tables, the composite index and grade, 存在的问题
/// (一是…二是…), strengths and notes; then an appendix with everything statistical (every
/// option's count, groups, 95% intervals, group tests, reliability, weighting notes), so
/// that the body reads like a report and the detail is there for whoever checks it.
/// What goes where is decided here; the words come from the form language's phrase table
/// (`ChineseFindingsPhrases`, `EnglishFindingsPhrases`).
public struct FindingsSection {
    public let unit: UnitResult
    private let words: any FindingsPhrases

    public init(unit: UnitResult) {
        self.unit = unit
        words = unit.form.language.findingsPhrases
    }

    private var survey: Bool { unit.form.kind == .survey }

    public func build() -> ReportSection {
        var blocks: [ReportBlock] = [.heading(level: 2, text: words.title(unit: unit.unit, survey: survey))]
        var part = 0
        func heading(_ name: FindingsPart) {
            part += 1
            blocks.append(.heading(level: 3, text: words.partHeading(part, name, survey: survey)))
        }
        var pieces: [String: [Int]] = [:]
        func add(_ piece: String, _ new: [ReportBlock]) {
            pieces[piece, default: []] += blocks.count..<(blocks.count + new.count)
            blocks += new
        }
        heading(.overview)
        add("methods", [.paragraph(lead: nil, text: words.overview(unit, survey: survey))])
        if let void = unit.void {
            let reason = ResultsPhrases().void(void, language: unit.form.language)
            add("results", [.paragraph(lead: words.voidLead(reason), text: "")])
            return ReportSection(language: unit.form.language.rawValue, blocks: blocks, pieces: pieces)
        }
        heading(.results)
        add("results", results())
        if unit.form.rubric.index != .none {
            heading(.index)
            add("results", [.paragraph(lead: nil, text: words.indexSentence(unit, survey: survey))])
        }
        // No problem found: the piece is empty, or holds the form's own sentence (`report.no_problems`);
        // never a sentence about the tool's rules.
        let problems = unit.findings.filter { $0.kind == .problem }
        if !problems.isEmpty {
            heading(.problems)
            add("problems", [words.problems(items(problems))])
        } else if let sentence = unit.form.report.noProblems {
            heading(.problems)
            add("problems", [.paragraph(lead: nil, text: sentence)])
        }
        for (kind, name) in [(FindingRule.Kind.strength, FindingsPart.strengths), (.note, .notes)] {
            let findings = unit.findings.filter { $0.kind == kind }
            guard !findings.isEmpty else { continue }
            heading(name)
            add("strengths", [.paragraph(lead: nil, text: words.joined(items(findings)))])
        }
        let appendix = appendix()
        if !appendix.isEmpty {
            blocks.append(.heading(level: 3, text: words.appendixHeading(survey: survey)))
            add("appendix", appendix)
        }
        return ReportSection(language: unit.form.language.rawValue, blocks: blocks, pieces: pieces)
    }

    private var weighted: Bool { unit.form.respondents != nil && !unit.noWeighting }

    /// The body's results: the questions in sentences (`ResultsPlan`: runs on one scale said
    /// together, the rest alone), then one compact table of the single-choice questions and one
    /// per matrix of options (a row per person or item).
    private func results() -> [ReportBlock] {
        let pairs = Array(zip(unit.form.questions, unit.questions))
        let body = unit.form.report.bodyFigures
        var blocks: [ReportBlock] = []
        var sentences: [String] = []
        for item in ResultsPlan(unit: unit).items {
            switch item {
            case .together(let run):
                sentences.append(words.runSentence(run, body: body, weighted: weighted, survey: survey))
            case .standout(let name, let rate, let value, let above, let flags):
                sentences.append(words.standoutSentence(name: name, rate: rate, value: value, above: above, flags: flags, survey: survey))
            case .alone(let question, let figures, let rules):
                if let text = words.aloneSentence(question, figures, rules: rules, body: body, weighted: weighted, survey: survey) {
                    sentences.append(text)
                }
            }
        }
        blocks += sentences.map { .paragraph(lead: nil, text: $0) }
        let singles = pairs.compactMap { question, figures in
            question.type == .single ? figures.whole.map { (question.text, $0) } : nil
        }
        if singles.count > 1 { blocks += compactTable(lead: words.compactTableLead(survey: survey), singles) }
        if let chart = answersChart(pairs) { blocks.append(chart) }
        for (question, figures) in pairs where question.type == .matrix && !question.numericAnswers && !figures.rows.isEmpty {
            blocks += compactTable(lead: words.matrixHeaderLead(survey: survey), figures.rows.map { ($0.label, $0.figures) })
        }
        return blocks
    }

    /// One bar per single question on the first one's scale (its counted options), when two or
    /// more share it: the body's one chart (HTML; Markdown and DOCX leave charts out).
    private func answersChart(_ pairs: [(Question, QuestionFigures)]) -> ReportBlock? {
        let singles = pairs.compactMap { question, figures in
            question.type == .single ? figures.whole.map { (question, $0) } : nil
        }
        guard let first = singles.first else { return nil }
        func counted(_ question: Question) -> [String] { question.options.filter(\.counted).map(\.label) }
        let scale = counted(first.0)
        let same = singles.filter { counted($0.0) == scale }
        guard same.count > 1 else { return nil }
        let bars = same.map { question, whole in
            ShareBar(label: question.text, counts: zip(question.options, whole.overall.counts).filter { $0.0.counted }.map(\.1.count))
        }
        return .chart(.stackedShares(title: words.answersChartTitle(survey: survey), categories: scale, bars: bars))
    }

    /// Rows of counted answers, each rate and the score the index uses; a rate a row lacks is —.
    /// Rates of one base that overlap (优秀率 and 优秀和称职率) get a note saying so, since their
    /// sum can pass 100%.
    private func compactTable(lead: String, _ rows: [(String, RowFigures)]) -> [ReportBlock] {
        var rates: [String] = []
        for (_, row) in rows { for rate in row.overall.rates where !rates.contains(rate.name) { rates.append(rate.name) } }
        let tail = words.matrixHeaderTail(survey: survey)
        let header = [lead, tail[0]] + rates + [tail[1]]
        let body = rows.map { label, row -> [String] in
            let cell = row.overall
            return [label, String(cell.n)]
                + rates.map { name in cell.rates.first { $0.name == name }.map { NumberText.percent($0.proportion.value) } ?? "—" }
                + [NumberText.decimal(words.indexScore(row, weighted: weighted)?.value)]
        }
        var blocks: [ReportBlock] = [
            .table(ReportTable(header: header, rows: body, numeric: [false] + Array(repeating: true, count: header.count - 1)))
        ]
        let defined = unit.form.rubric.rates.filter { rates.contains($0.name) }
        var overlaps: [(wide: String, options: [String], narrow: [String])] = []
        for wide in defined {
            let inside = defined.filter { $0.name != wide.name && !Set($0.options).isDisjoint(with: wide.options) }
            if !inside.isEmpty, wide.options.count > 1 { overlaps.append((wide.name, wide.options, inside.map(\.name))) }
        }
        if !overlaps.isEmpty { blocks.append(.paragraph(lead: nil, text: words.overlapNote(overlaps))) }
        return blocks
    }

    /// Every question's tables, intervals and tests, the groups hidden for anonymity, and the
    /// index's weighting and reliability notes.
    private func appendix() -> [ReportBlock] {
        var blocks: [ReportBlock] = []
        for (number, (question, figures)) in zip(unit.form.questions, unit.questions).enumerated() {
            blocks += block(number + 1, question, figures)
        }
        if !unit.suppressed.isEmpty {
            blocks.append(.paragraph(lead: nil, text: words.suppressedNote(unit.suppressed)))
        }
        if unit.form.rubric.index != .none, let notes = words.indexNotes(unit, survey: survey) {
            blocks.append(.paragraph(lead: nil, text: notes))
        }
        // 认定依据: the rules' citations, once per rule that fired, out of the body.
        var cited: [(title: String, cite: String)] = []
        for finding in unit.findings {
            guard let cite = finding.cite, !cited.contains(where: { $0.cite == cite }) else { continue }
            let rule = unit.form.findings[finding.rule]
            cited.append((finding.title ?? rule.text.replacingOccurrences(of: "{row}", with: "").replacingOccurrences(of: "{value}", with: "…"), cite))
        }
        if !cited.isEmpty { blocks.append(.paragraph(lead: words.basisLead, text: words.basis(cited))) }
        return blocks
    }

    /// The findings as the report's items: findings of rules with the same `title` make one item,
    /// headed by that title (`个别班子成员认可度不高。甲…乙…`); a finding without a title is an item
    /// alone. The findings one rule raises for several rows are one sentence (分别为…，均…).
    private func items(_ findings: [Finding]) -> [String] {
        var items: [(title: String?, sentences: [String])] = []
        var rules: [Int] = []
        for finding in findings where !rules.contains(finding.rule) { rules.append(finding.rule) }
        for rule in rules {
            let fired = findings.filter { $0.rule == rule }
            let text = merged(fired)
            let title = fired[0].title
            if let title, let at = items.firstIndex(where: { $0.title == title }) {
                items[at].sentences += text
            } else {
                items.append((title, text))
            }
        }
        return items.map { words.item(title: $0.title, sentences: $0.sentences) }
    }

    /// One rule's findings as sentences: one, or the rows merged into one sentence when the
    /// rule's text lets them be (docs/reports.md); else each as written.
    private func merged(_ findings: [Finding]) -> [String] {
        guard findings.count > 1 else { return findings.map(\.text) }
        let rule = unit.form.findings[findings[0].rule]
        let rows = findings.compactMap(\.row)
        let values = findings.compactMap(\.value)
        guard rows.count == findings.count, values.count == findings.count,
            let template = words.mergedTemplate(rule.text, rows: rows, values: values)
        else { return findings.map(\.text) }
        return [unit.fillFindingText(template, rule: rule)]
    }

    // MARK: Per question

    private func block(_ number: Int, _ question: Question, _ figures: QuestionFigures) -> [ReportBlock] {
        let title = "\(number). \(question.text)"
        switch question.type {
        case .text:
            return [.paragraph(lead: title, text: words.comments(figures.whole?.overall.n ?? 0))]
        case .number:
            guard let cell = figures.whole?.overall else { return [] }
            return [.paragraph(lead: title, text: "")] + numberTable([(words.all, cell)])
        case .matrix:
            return [.paragraph(lead: title, text: "")] + matrix(question, figures)
        case .single, .multi:
            guard let whole = figures.whole else { return [] }
            return [.paragraph(lead: title, text: "")] + choices(question, whole)
        }
    }

    private func matrix(_ question: Question, _ figures: QuestionFigures) -> [ReportBlock] {
        if question.numericAnswers {
            return numberTable(figures.rows.map { ($0.label, $0.figures.overall) }) + [
                .chart(.bars(
                    title: question.text, items: figures.rows.map { ValueBar(label: $0.label, value: $0.figures.weightedMean) },
                    maximum: question.maximum ?? 100, unit: words.scoreUnit))
            ]
        }
        let labels = question.options.map(\.label)
        let rates = figures.rows.first?.figures.overall.rates.map(\.name) ?? []
        let header = [words.matrixHeaderLead(survey: survey)] + labels + words.matrixHeaderTail(survey: survey) + rates
        let rows = figures.rows.map { row -> [String] in
            let cell = row.figures.overall
            return [row.label] + cell.counts.map { String($0.count) } + [String(cell.n), NumberText.decimal(row.figures.weightedMean)]
                + cell.rates.map { NumberText.percent($0.proportion.value) }
        }
        let missing = figures.rows.map(\.figures.overall.missing).reduce(0, +)
        let invalid = figures.rows.map(\.figures.overall.invalid).reduce(0, +)
        return [
            .table(ReportTable(header: header, rows: rows, numeric: [false] + Array(repeating: true, count: header.count - 1))),
            .chart(.stackedShares(
                title: question.text, categories: labels.enumerated().filter { question.options[$0.offset].counted }.map(\.element),
                bars: figures.rows.map { row in
                    ShareBar(label: row.label, counts: zip(question.options, row.figures.overall.counts).filter { $0.0.counted }.map(\.1.count))
                })),
            .paragraph(lead: nil, text: words.matrixNote(
                missing: missing, invalid: invalid, survey: survey, weighted: unit.form.respondents != nil && !unit.noWeighting)),
        ]
    }

    private func choices(_ question: Question, _ whole: RowFigures) -> [ReportBlock] {
        let cell = whole.overall
        var rows: [[String]] = []
        for (option, (label, count)) in zip(question.options, cell.counts) {
            // Options left out of the base (不了解) show no share, so the shares add up to 100%.
            let share =
                question.type == .single && !option.counted
                ? words.notInBase
                : cell.n > 0 ? NumberText.percent(Double(count) / Double(cell.n)) : "—"
            rows.append([label, String(count), share])
        }
        var out: [ReportBlock] = [
            .table(ReportTable(header: words.optionTableHeader(survey: survey), rows: rows, numeric: [false, true, true])),
            .paragraph(
                lead: nil,
                text: question.type == .multi
                    ? words.multiNote(cell) : words.singleNote(question, whole, weighted: unit.form.respondents != nil && !unit.noWeighting, survey: survey)),
        ]
        guard question.type == .single else { return out }
        let counted = question.options.indices.filter { question.options[$0].counted }
        var bars = [ShareBar(label: words.all, counts: counted.map { cell.counts[$0].count })]
        bars += whole.groups.compactMap { group in
            group.figures.map { figures in ShareBar(label: group.label, counts: counted.map { figures.counts[$0].count }) }
        }
        out.append(.chart(.stackedShares(title: question.text, categories: counted.map { question.options[$0].label }, bars: bars)))
        if whole.groups.count > 1 || whole.groups.contains(where: \.suppressed) {
            out.append(groupTable(question, whole.groups))
        }
        if let test = whole.groupTest {
            out.append(.paragraph(lead: nil, text: words.groupTest(test)))
        }
        return out
    }

    private func groupTable(_ question: Question, _ groups: [GroupFigures]) -> ReportBlock {
        let labels = question.options.map(\.label)
        let header = [words.groupTableLead()] + labels + words.groupTableTail()
        let rows = groups.map { group -> [String] in
            guard let figures = group.figures else { return [group.label] + Array(repeating: words.hidden, count: labels.count + 2) }
            return [group.label] + figures.counts.map { String($0.count) } + [String(figures.n), NumberText.decimal(figures.mean)]
        }
        return .table(ReportTable(header: header, rows: rows, numeric: [false] + Array(repeating: true, count: header.count - 1)))
    }

    private func numberTable(_ rows: [(String, CellFigures)]) -> [ReportBlock] {
        let body = rows.map { label, cell -> [String] in
            let h = cell.numbers
            return [label, String(cell.n), NumberText.decimal(cell.mean), NumberText.decimal(h?.standardDeviation),
                NumberText.decimal(h?.median), NumberText.decimal(h?.min), NumberText.decimal(h?.max)]
        }
        var out: [ReportBlock] = [.table(ReportTable(header: words.numberTableHeader(), rows: body, numeric: [false] + Array(repeating: true, count: 6)))]
        if let trimmed = rows.compactMap(\.1.trimmed).first {
            out.append(.paragraph(lead: nil, text: words.trimmedNote(high: trimmed.high, low: trimmed.low)))
        }
        return out
    }
}

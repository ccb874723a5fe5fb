import TallyCSV
import TallyStatistics

/// results.json: every figure of a run, for machines (CLI.md, "results.json").
public struct ResultsDocument: Sendable {
    package static let schema = 1

    public var campaign: String?
    public var units: [UnitResult]
    public var unassigned: UnassignedRows
    /// The ballot ledger's pieces, in file order, when it was asked for (`ImportOptions.ledger`):
    /// the output step joins them into each unit's `ballots.csv`.
    package var ledger: [LedgerPiece] = []
    public var inputs: [InputFile]

    /// Every warning of the run: each unit's, then each file's.
    public var warnings: [ResultsWarning] { units.flatMap(\.warnings) + inputs.flatMap(\.warnings) }

    package init(campaign: String?, units: [UnitResult], unassigned: UnassignedRows, inputs: [InputFile]) {
        self.campaign = campaign
        self.units = units
        self.unassigned = unassigned
        self.inputs = inputs
    }

    /// results.json, with the words it carries from `wording`.
    package func json(wording: some ResultsWording) -> JSONValue {
        .object([
            ("schema", .int(Self.schema)),
            ("campaign", campaign.map(JSONValue.string) ?? .null),
            ("units", .array(units.map { Self.unit($0, wording: wording) })),
            ("unassigned", .object([("rows", .int(unassigned.rows))])),
            ("warnings", .array(warnings.map { Self.warning($0, wording: wording) })),
            (
                "inputs",
                .array(
                    inputs.map { input in
                        .object([
                            ("file", .string(input.path)),
                            ("encoding", .string(input.format.encoding.rawValue)),
                            ("delimiter", .string(input.format.delimiter.name)),
                            ("shape", .string(input.shape.rawValue)),
                            ("records", .int(input.records)),
                            ("empty_records", .int(input.emptyRecords)),
                            ("non_ballot_rows", .int(input.nonBallotRows)),
                        ])
                    })
            ),
        ])
    }

    static func warning(_ warning: ResultsWarning, wording: some ResultsWording) -> JSONValue {
        var pairs: [(String, JSONValue)] = [("code", .string(warning.code.rawValue))]
        if let unit = warning.unit { pairs.append(("unit", .string(unit))) }
        if let file = warning.file { pairs.append(("file", .string(file))) }
        pairs.append(("message", .string(wording.warning(warning))))
        if !warning.items.isEmpty {
            pairs.append(("counts", .object(warning.items.map { ($0.value, .int($0.count)) })))
            let nearest = warning.items.compactMap { item in item.nearest.map { (item.value, JSONValue.string($0)) } }
            if !nearest.isEmpty { pairs.append(("nearest", .object(nearest))) }
        } else {
            pairs.append(("count", .int(warning.count)))
        }
        return .object(pairs)
    }

    static func proportion(_ p: Proportion?) -> JSONValue {
        guard let p else { return .null }
        return .object([
            ("value", .number(p.value)), ("low", .number(p.low)), ("high", .number(p.high)), ("k", .int(p.k)), ("n", .int(p.n)),
        ])
    }

    static func unit(_ unit: UnitResult, wording: some ResultsWording) -> JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("unit", .string(unit.unit)),
            ("form", .string(unit.form.id)),
            (
                "ballots",
                .object([
                    ("issued", unit.ballots.issued.map(JSONValue.int) ?? .null),
                    ("rows", .int(unit.ballots.rows)), ("valid", .int(unit.ballots.valid)),
                    ("invalid", .int(unit.ballots.invalid)), ("abstain", .int(unit.ballots.abstain)),
                ])
            ),
        ]
        if unit.form.respondents != nil {
            pairs.append(("respondents", .object(unit.respondents.map { ($0.label, .int($0.count)) })))
        }
        if let void = unit.void {
            pairs.append(("void", .string(wording.void(void, language: unit.form.language))))
            pairs.append(("tally", unit.tally.stateJSON()))
            return .object(pairs)
        }
        pairs += [
            ("returned_rate", proportion(unit.ballots.returnedRate)),
            ("index", .number(unit.index)),
            ("index_renormalised", .bool(unit.indexRenormalised)),
            (
                "index_change",
                unit.indexChange.map { .object([("from", .number($0.from)), ("points", .number($0.points))]) } ?? .null
            ),
            ("grade", unit.grade.map(JSONValue.string) ?? .null),
            ("rank", unit.rank.map(JSONValue.int) ?? .null),
            ("suppressed", .array(unit.suppressed.map(JSONValue.string))),
            ("invalid_reasons", .object(unit.invalidReasons.map { ($0.code, .int($0.count)) })),
            ("questions", .array(zip(unit.form.questions, unit.questions).map { question($1, $0) })),
        ]
        if !unit.sections.isEmpty {
            pairs.append(
                (
                    "sections",
                    .array(
                        unit.sections.map { section in
                            .object([
                                ("id", .string(section.id)), ("weighted_mean", .number(section.weightedMean)),
                                ("alpha", .number(section.alpha)), ("alpha_n", .int(section.alphaN)),
                            ])
                        })
                ))
        }
        pairs += [
            (
                "findings",
                .array(
                    unit.findings.map { finding in
                        var f: [(String, JSONValue)] = [
                            ("kind", .string(finding.kind.rawValue)), ("text", .string(finding.text)), ("rule", .int(finding.rule)),
                        ]
                        if let title = finding.title { f.append(("title", .string(title))) }
                        if let cite = finding.cite { f.append(("cite", .string(cite))) }
                        return .object(f)
                    })
            ),
            ("tally", unit.tally.stateJSON()),
        ]
        return .object(pairs)
    }

    static func question(_ figures: QuestionFigures, _ question: Question) -> JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("id", .string(figures.id)), ("type", .string(figures.type.rawValue)), ("text", .string(figures.text)),
        ]
        if let whole = figures.whole {
            pairs += row(whole, question)
        } else {
            pairs.append(("rows", .object(figures.rows.map { ($0.label, .object(row($0.figures, question))) })))
            pairs.append(("index_value", .number(figures.indexValue)))
        }
        return .object(pairs)
    }

    static func row(_ row: RowFigures, _ question: Question) -> [(String, JSONValue)] {
        var pairs = cell(row.overall, question, changes: row.changes)
        if question.isScored {
            pairs.append(("weighted_mean", .number(row.weightedMean)))
            if row.renormalised { pairs.append(("renormalised", .bool(true))) }
        }
        if let test = row.groupTest {
            pairs.append(
                (
                    "group_test",
                    .object([
                        ("chi2", .number(test.statistic)), ("df", .int(test.degreesOfFreedom)), ("p", .number(test.p)),
                        ("cramers_v", .number(test.cramersV)), ("min_expected", .number(test.minimumExpected)),
                        ("cells_expected_below_5", .int(test.cellsExpectedBelow5)),
                    ])
                ))
        }
        if !row.groups.isEmpty {
            pairs.append(
                (
                    "groups",
                    .object(
                        row.groups.map { group in
                            guard let figures = group.figures else { return (group.label, .object([("suppressed", .bool(true))])) }
                            return (group.label, .object(cell(figures, question, inGroup: true)))
                        })
                ))
        }
        return pairs
    }

    static func cell(
        _ cell: CellFigures, _ question: Question, inGroup: Bool = false, changes: [String: RateChange] = [:]
    ) -> [(String, JSONValue)] {
        var pairs: [(String, JSONValue)] = []
        if let numbers = cell.numbers {
            pairs += [
                ("n", .int(cell.n)), ("mean", .number(cell.mean)), ("sd", .number(numbers.standardDeviation)),
                ("median", .number(numbers.median)), ("q1", .number(numbers.quantile(0.25))),
                ("q3", .number(numbers.quantile(0.75))), ("min", .number(numbers.min)), ("max", .number(numbers.max)),
            ]
            if let trimmed = cell.trimmed {
                pairs.append(("trimmed", .object([("dropped_highest", .int(trimmed.high)), ("dropped_lowest", .int(trimmed.low))])))
            }
            if !inGroup {
                pairs.append(("missing", .int(cell.missing)))
                pairs.append(("invalid", .int(cell.invalid)))
                pairs.append(("histogram", .array(numbers.sorted.map { .array([.double($0.value), .int($0.count)]) })))
            }
            return pairs
        }
        if question.type != .text {
            pairs.append(("counts", .object(cell.counts.map { ($0.label, .int($0.count)) })))
        }
        if !inGroup {
            pairs.append(("missing", .int(cell.missing)))
            pairs.append(("invalid", .int(cell.invalid)))
        }
        pairs.append(("n", .int(cell.n)))
        if question.type == .single || question.type == .matrix {
            pairs.append(("mean", .number(cell.mean)))
        }
        if !cell.rates.isEmpty {
            pairs.append(
                (
                    "rates",
                    .object(
                        cell.rates.map { rate in
                            guard case .object(var r) = proportion(rate.proportion) else { return (rate.name, .null) }
                            r.append(("denominator", .string(rate.includesUncounted ? "all" : "counted")))
                            if let change = changes[rate.name] {
                                r.append(
                                    (
                                        "change",
                                        .object([
                                            ("from", .number(change.from.value)), ("from_k", .int(change.from.k)),
                                            ("from_n", .int(change.from.n)), ("points", .number(change.points)),
                                            ("z", .number(change.z)), ("p", .number(change.p)),
                                        ])
                                    ))
                            }
                            return (rate.name, .object(r))
                        })
                ))
        }
        return pairs
    }
}

/// `rejected.csv`: every rejected ballot or answer, for people to check in a spreadsheet.
package enum RejectedCSV {
    /// UTF-8 with BOM, every field quoted, formula cells neutralised; reasons in words from `wording`.
    package static func bytes(_ entries: [RejectedEntry], language: Form.Language, wording: some ResultsWording) -> [UInt8] {
        var writer = CSVWriter()
        writer.append(["file", "row", "line", "column", "value", "reason"])
        for entry in entries {
            writer.append([
                entry.file, String(entry.row), String(entry.line), entry.column, entry.value, wording.reason(entry.reason, language: language),
            ])
        }
        return writer.bytes
    }
}

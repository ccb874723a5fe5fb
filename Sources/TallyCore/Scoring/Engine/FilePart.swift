import Foundation
@_spi(Engine) import TallyCSV

/// Collects the records of the wrong width that the reader reports (`--skip-bad-rows`).
final class BadRowCollector {
    let file: String
    private var entries: [RejectedEntry] = []

    init(file: String) { self.file = file }

    var policy: CSVReader.BadRowPolicy {
        .report { [self] error, record in
            entries.append(
                RejectedEntry(
                    file: file, row: record.row, line: record.line, column: "", value: "",
                    reason: .malformedRow(error.message.components(separatedBy: ";").first ?? error.message)))
        }
    }

    func take() -> [RejectedEntry] {
        defer { entries.removeAll() }
        return entries
    }
}

/// Reads the records of one file, or one part of it, into a `TallyState`.
struct FilePart {
    let context: FileContext
    let file: String
    let reader: CSVReader
    var map: ColumnMap?
    var records = 0
    var emptyRecords = 0
    /// Rows below the data that are a clerk's tallies, not ballots (`NonBallotRow`).
    var nonBallotRows = 0
    /// Answers read and answers that could not be read, per cell, for `AnswerMatchCheck`.
    var matchCheck: AnswerMatchCheck

    init(context: FileContext, file: String, reader: CSVReader, map: ColumnMap? = nil) {
        self.context = context
        self.file = file
        self.reader = reader
        self.map = map
        matchCheck = AnswerMatchCheck(form: context.form)
    }

    private var form: Form { context.form }

    /// Reads only the header (its one or more rows) and matches its columns.
    mutating func readHeader() throws -> ColumnMap? {
        struct Stop: Error {}
        var rows: [[String]] = []
        var needed = 1
        do {
            try reader.forEachRawRecord { record in
                rows.append(record.materialized().fields)
                if rows.count == 1 { needed = HeaderRows.count(first: rows[0], form: form, options: context.request.options) }
                if rows.count >= needed { throw Stop() }
            }
        } catch is Stop {}
        guard rows.count == needed else { return nil }
        return try columnMap(rows)
    }

    /// The column map of the header's rows.
    private func columnMap(_ rows: [[String]]) throws(TallyError) -> ColumnMap {
        let (header, texts) = HeaderRows.combine(rows, form: form, options: context.request.options)
        var map = try columnMap(header, texts: texts)
        map.headerRows = rows.count
        return map
    }

    private func columnMap(_ header: [String], texts: [String]? = nil) throws(TallyError) -> ColumnMap {
        let request = context.request
        var matcher = ColumnMatcher(form: form, header: header, texts: texts)
        var built = matcher.build(numberedOverride: request.options.numberedCodes)
        // 问卷星 numbered downloads without 第N题 columns: decided on the file's first records.
        if built.shape == .wjxText, request.options.numberedCodes == nil, file != "-",
            NumberedDetection.looksNumbered(file, options: request.options, map: built, form: form)
        {
            var numbered = ColumnMatcher(form: form, header: header, texts: texts)
            built = numbered.build(numberedOverride: true)
            built.shape = .wjxNumbered
        }
        if let conflict = built.stemConflicts.first {
            throw .ambiguousStem(file: file, header: conflict.header, column: conflict.column, questions: conflict.questions)
        }
        if !built.unmatched.isEmpty && !request.options.allowMissingColumns {
            throw .missingColumns(
                file: file,
                questions: built.unmatched.map { missing in
                    (
                        id: missing.question, tried: missing.tried,
                        nearest: header.count > Self.hintColumns ? nil : form.question(missing.question).flatMap { built.nearestUnread(to: $0.text) })
                },
                headers: header,
                betterForm: Self.betterForm(than: form, found: form.questions.count - built.unmatched.count, header: header, texts: texts))
        }
        if let first = built.ambiguous.first {
            throw .ambiguousColumn(file: file, header: first.header, columns: first.columns)
        }
        if let unitSource = form.unit, built.unitColumn == nil, request.unit == nil {
            throw .missingUnitColumn(file: file, tried: unitSource.columns)
        }
        if let respondents = form.respondents, !respondents.columns.isEmpty, built.respondentColumn == nil,
            !request.options.allowMissingColumns
        {
            let nearest = respondents.columns.lazy.compactMap { column in
                closest(to: column, in: header) ?? nearestHeader(to: column, in: header)
            }.first
            throw .missingRespondentsColumn(file: file, tried: respondents.columns, nearest: nearest)
        }
        built.skippedRules = try RuleApplicability.check(form, built, file: file, skip: request.options.skipRules)
        return built
    }

    /// The built-in form that finds the most of its questions in `header`, when that is more than
    /// half of them and a larger share than `form` finds (`found` of its questions); `nil` else.
    /// Only asked when a file misses columns, so parsing the built-in forms costs nothing otherwise;
    /// not asked of a header wider than `hintColumns` (no questionnaire's export is; matching
    /// every built-in form against 20,000 junk columns would cost seconds for nothing).
    static func betterForm(than form: Form, found: Int, header: [String], texts: [String]?) -> TallyError.BetterForm? {
        guard header.count <= hintColumns else { return nil }
        var best: TallyError.BetterForm?
        for id in BuiltinForms.yaml.keys.sorted() where id != form.id {
            guard let candidate = try? FormLoader.load(id), !candidate.questions.isEmpty else { continue }
            var matcher = ColumnMatcher(form: candidate, header: header, texts: texts)
            let map = matcher.build(numberedOverride: nil)
            let hits = candidate.questions.count - map.unmatched.count
            // Shares compared by cross-multiplying: hits/count against found/form's count.
            guard hits * 2 > candidate.questions.count, hits * form.questions.count > found * candidate.questions.count else { continue }
            if let current = best, current.found * candidate.questions.count >= hits * current.questions { continue }
            best = .init(id: id, title: candidate.title, found: hits, questions: candidate.questions.count)
        }
        return best
    }

    /// The widest header the hints of a missing-columns error (nearest header, better form) look at.
    static let hintColumns = 2_000

    /// A header that may be the respondents column: one that says 身份 or 类别 (`1、填答人类别`),
    /// else one that shares most of `column`'s characters; `nil` when none.
    private func nearestHeader(to column: String, in header: [String]) -> String? {
        if let named = header.first(where: { h in Self.identityWords.contains { HeaderText.normalise(h).contains($0) } }) { return named }
        guard let match = nearest(to: column, in: header) else { return nil }
        let distance = editDistance(TextFolding.valueKey(column), TextFolding.valueKey(match))
        return distance * 2 <= max(column.count, match.count) ? match : nil
    }

    /// Words of the headers that ask who the respondent is.
    static let identityWords = ["身份", "类别", "人员类型", "职级", "层级"]

    private func unit(for cell: String?) -> (String?, RejectionReason?) {
        let request = context.request
        return UnitAssignment(hasUnitColumn: map?.unitColumn != nil, defaultUnit: context.defaultUnit, only: request.unit, known: request.knownUnits)
            .unit(for: cell)
    }

    /// Reads the file (or `range` of it) into `state`. With a range after the first, `map`
    /// must be set and rows and lines count from the range's start.
    @discardableResult
    mutating func read(
        range: Range<Int>?, expectedWidth: Int?, state: inout TallyState, progress: (@Sendable (Int, Int) -> Void)?
    ) throws(TallyError) -> CSVReadSummary {
        let options = context.request.options
        let form = self.form
        let keepLast = context.keepLast
        let isFirstPart = (range?.lowerBound ?? 0) == 0
        var ballotReader = map.map { BallotReader(form: form, map: $0, file: file) }
        let request = context.request
        func ledgerWriter(_ map: ColumnMap) -> LedgerPartWriter? {
            request.options.ledger.map { ledger in
                LedgerPartWriter(
                    request: ledger, form: form, map: map,
                    source: request.ledgerSources[file] ?? LedgerSource(file: request.displayFile?(file) ?? file, sheet: "", rowOffset: 0),
                    groupLabels: request.groupLabels)
            }
        }
        var ledger = map.flatMap(ledgerWriter)
        // A part of a UTF-8 file (decided on its first megabyte) is checked field by field: the
        // cells read through the memo once per distinct value, the other columns every time.
        let checkFields = options.reading == .fast && range != nil && !options.skipBadRows
        func cellSource(_ reader: BallotReader) -> RawCells {
            var source = RawCells(reader: reader)
            source.checksUTF8 = checkFields
            return source
        }
        func unmemoizedColumns(_ reader: BallotReader) -> [Int] {
            let memoized = reader.memoizedColumns
            return (0..<reader.map.header.count).filter { !memoized.contains($0) }
        }
        var cells = ballotReader.map(cellSource)
        var headerRecords: [[String]] = []
        var headerNeeded = 1
        var checkedEveryTime = checkFields ? ballotReader.map(unmemoizedColumns) ?? [] : []
        // The unit last seen and where its tally is: rows of one unit tend to come together.
        var lastUnit: (cell: String?, tally: Int?, problem: RejectionReason?)?
        // Fast reading: the unit of each distinct unit cell, by its bytes.
        var unitMemo = CSVFieldTable<(tally: Int?, problem: RejectionReason?)>(limit: 1024)
        // Records of the wrong width, reported by the reader; counted before the next record.
        let badRows = BadRowCollector(file: file)
        func countBadRows(_ state: inout TallyState) {
            for entry in badRows.take() {
                records += 1
                ledger?.write(
                    unit: map?.unitColumn == nil ? context.defaultUnit : nil, row: entry.row, verdict: .invalid, reason: entry.reason,
                    group: nil, ballot: nil)
                if map?.unitColumn == nil {
                    state.units[state.tally(for: context.defaultUnit, form: form)].reject(entry)
                } else {
                    state.unassigned.rows += 1
                    state.unassigned.list(entry)
                }
            }
        }
        do {
            let summary: CSVReadSummary
            do {
                defer { countBadRows(&state) }
                summary = try reader.forEachRawRecord(
                range: range, expectedWidth: expectedWidth, badRows: options.skipBadRows ? badRows.policy : .fail,
                progress: progress, utf8CheckedByCaller: checkFields
            ) { record in
                countBadRows(&state)
                if isFirstPart && record.row <= (map?.headerRows ?? headerNeeded) {
                    // The header: one row, or several (Qualtrics, `header_rows`); none is a ballot.
                    if map == nil {
                        headerRecords.append(record.materialized().fields)
                        if record.row == 1 {
                            headerNeeded = HeaderRows.count(first: headerRecords[0], form: form, options: options)
                        }
                        guard record.row == headerNeeded else { return }
                        map = try columnMap(headerRecords)
                    }
                    guard record.row == map!.headerRows else { return }
                    ballotReader = BallotReader(form: form, map: map!, file: file)
                    ledger = ledgerWriter(map!)
                    cells = cellSource(ballotReader!)
                    if checkFields { checkedEveryTime = unmemoizedColumns(ballotReader!) }
                    return
                }
                records += 1
                if record.isBlank {
                    emptyRecords += 1
                    return
                }
                var ballot: Ballot
                if options.reading == .plain {
                    ballot = ballotReader!.read(record.materialized())
                } else {
                    cells!.record = record
                    ballotReader!.read(&cells!)
                    ballot = cells!.ballot
                    if checkFields {
                        if cells!.sawInvalidUTF8 { throw NotUTF8() }
                        for column in checkedEveryTime where !record.isValidUTF8(column) { throw NotUTF8() }
                    }
                }
                if NonBallotRow.holdsNoAnswer(ballot),
                    context.request.formulaRecords[file]?.contains(record.row) == true
                        || NonBallotRow.isTally(record.materialized().fields)
                {
                    nonBallotRows += 1
                    let entry = RejectedEntry(file: file, row: record.row, line: record.line, column: "", value: "", reason: .notABallot)
                    ledger?.write(
                        unit: map!.unitColumn == nil ? context.defaultUnit : nil, row: record.row, verdict: .notABallot, reason: nil,
                        group: nil, ballot: nil)
                    if map!.unitColumn == nil {
                        state.units[state.tally(for: context.defaultUnit, form: form)].listNonBallot(entry)
                    } else {
                        state.unassigned.list(entry)
                    }
                    return
                }
                matchCheck.add(ballot)
                let assigned: (tally: Int?, problem: RejectionReason?)
                let unitColumn = options.reading == .fast ? map!.unitColumn : nil
                if let unitColumn, let known = unitMemo.value(of: record, field: unitColumn) {
                    assigned = known
                } else if let lastUnit, lastUnit.cell == ballot.unitCell {
                    assigned = (lastUnit.tally, lastUnit.problem)
                } else {
                    let (name, problem) = unit(for: ballot.unitCell)
                    assigned = (name.map { state.tally(for: $0, form: form) }, problem)
                    lastUnit = (ballot.unitCell, assigned.tally, assigned.problem)
                    if let unitColumn { unitMemo.remember(assigned, of: record, field: unitColumn) }
                }
                if let tally = assigned.tally {
                    let judged = state.units[tally].add(&ballot, form: form, keepLastIDs: keepLast)
                    if let ledger {
                        let verdict: LedgerPartWriter.Verdict =
                            judged.reason == .duplicateRespondent ? .duplicate : judged.reason != nil ? .invalid : judged.abstain ? .abstain : .valid
                        ledger.write(
                            unit: state.units[tally].unit, tally: tally, row: record.row, verdict: verdict, reason: judged.reason,
                            group: map!.respondentColumn.map { (record, $0) }, ballot: ballot)
                    }
                } else {
                    ledger?.write(unit: nil, row: record.row, verdict: .invalid, reason: assigned.problem, group: nil, ballot: nil)
                    state.unassigned.rows += 1
                    let column = map!.unitColumn.map { map!.header[$0] } ?? ""
                    state.unassigned.list(
                        RejectedEntry(
                            file: file, row: record.row, line: record.line, column: column,
                            value: ballot.unitCell ?? "", reason: assigned.problem!))
                }
                }
            }
            if let ledger { state.ledger += try ledger.finish() }
            return summary
        } catch let error as CSVError {
            throw .csv(error)
        } catch let error as TallyError {
            throw error
        } catch {
            throw .invalidRequest("\(error)")
        }
    }
}

import Foundation
@_spi(Engine) import TallyCSV

/// Asks the engine for ballot ledgers: where to put the pieces it writes while reading, and
/// the words of the reasons (TallyRender's phrase table).
package struct LedgerRequest: Sendable {
    /// A temporary folder for the pieces (each part of each file writes its own, per unit).
    package var folder: String
    package var wording: any ResultsWording

    package init(folder: String, wording: any ResultsWording) {
        self.folder = folder
        self.wording = wording
    }
}

/// Where a file's ledger lines say they come from: the file as the user names it, the sheet
/// of a workbook, and how far the sheet's rows are below the temporary CSV's records.
package struct LedgerSource: Sendable {
    package var file: String
    package var sheet: String
    package var rowOffset: Int
}

/// One part file of a unit's ledger: the lines one part of one file wrote for one unit, in
/// file order. A unit's `ballots.csv` is its pieces joined in order, each line's row number
/// moved down by `rowShift` (the records of the parts of the file before it).
package struct LedgerPiece: Sendable {
    /// The unit; `nil` for rows of no unit (`_unassigned/ballots.csv`).
    package var unit: String?
    package var path: String
    package var rowShift: Int
    /// Bytes every line starts with before its row number (the file and sheet fields).
    package var prefixLength: Int
    /// Every piece starts with the ledger's header (byte order mark, header row): its length.
    /// The first piece of a unit becomes its ballots.csv as it is; the others' are skipped.
    package var headerLength: Int
}

/// Writes the ledger lines of one part of one file, per unit, into temporary files: streamed,
/// one buffer per unit, nothing kept that grows with the rows.
final class LedgerPartWriter {
    private let request: LedgerRequest
    private let layout: LedgerLayout
    private let form: Form
    private let prefix: [UInt8]
    /// The ledger's header row, with the byte order mark.
    private let header: [UInt8]
    private let rowOffset: Int
    /// Per file column header text (and per question text, for a matrix's limits): the ledger
    /// slots whose reason a rejected cell there is.
    private let slotsOfColumn: [String: [Int]]
    /// Per unit: group labels as that unit names them (a campaign's relabelling).
    private let groupLabels: [String: [String]]
    /// Per tally index of the part's state: the unit's piece (units are looked up by index,
    /// never by name, on the hot path).
    private var byTally: [Output?] = []
    private var open: [String: Output] = [:]
    private var unassigned: Output?
    private var order: [String?] = []
    private var failure: (any Error)?

    /// One unit's piece: its file, and the unit's group labels as written (encoded on first use).
    private final class Output {
        let sink: CSVByteSink
        var groupFields: [[UInt8]]?
        init(sink: CSVByteSink) { self.sink = sink }
    }

    init(request: LedgerRequest, form: Form, map: ColumnMap, source: LedgerSource, groupLabels: [String: [String]]) {
        self.request = request
        self.form = form
        let layout = LedgerLayout(form: form)
        self.layout = layout
        header = layout.headerBytes
        // One physical line per row (the join splits pieces on line feeds): a line break in a
        // file or sheet name is written as a blank.
        func oneLine(_ text: String) -> String { String(text.map { $0.isNewline ? " " : $0 }) }
        prefix = CSVWriter.minimalField(oneLine(source.file)) + [UInt8(ascii: ",")] + CSVWriter.minimalField(oneLine(source.sheet)) + [UInt8(ascii: ",")]
        rowOffset = source.rowOffset
        self.groupLabels = groupLabels
        var slots: [String: [Int]] = [:]
        let questionIDs = form.questions.map(\.id)
        for (column, role) in map.roles.enumerated() {
            let header = map.header[column]
            switch role {
            case .question(let id), .option(let id, _):
                if let q = questionIDs.firstIndex(of: id) { slots[header, default: []] += layout.questionOfSlot.indices.filter { layout.questionOfSlot[$0] == q } }
            case .matrixRow(let id, let row):
                if let q = questionIDs.firstIndex(of: id), let r = form.questions[q].rows.firstIndex(where: { $0.label == row }) {
                    let first = layout.questionOfSlot.firstIndex(of: q)!
                    slots[header, default: []].append(first + r)
                }
            default: break
            }
        }
        for (q, question) in form.questions.enumerated() where question.type == .matrix {
            slots[question.text, default: []] += layout.questionOfSlot.indices.filter { layout.questionOfSlot[$0] == q }
        }
        slotsOfColumn = slots
    }

    /// A row's verdict: the words people read (有效, 有效（弃权）, 无效, 重复, 非答卷行).
    enum Verdict {
        case valid
        case abstain
        case invalid
        case duplicate
        case notABallot

        /// The field, with the comma before it: constant bytes, so writing it touches no
        /// reference count (an array shared by the threads that read the parts would bounce
        /// its count between their cores on every line).
        var field: StaticString {
            switch self {
            case .valid: ",有效"
            case .abstain: ",有效（弃权）"
            case .invalid: ",无效"
            case .duplicate: ",重复"
            case .notABallot: ",非答卷行"
            }
        }
    }

    /// Group cells as written, encoded once per distinct value, found by their bytes.
    private var groupCells = CSVFieldTable<[UInt8]>(limit: 1024)
    /// Reasons in words, encoded once each.
    private var reasonFields: [RejectionReason: [UInt8]] = [:]
    private var reasons: [[UInt8]?] = []

    /// One line: a row read, its verdict and reason, the group as read and as counted, and
    /// (for a counted ballot) its answers with each rejected cell's reason. Appended to the
    /// unit's buffer as it is built: no allocation per line but the buffer's growth.
    ///
    /// - Parameters:
    ///   - tally: the unit's index in the part's `TallyState` (a fast look-up), when it has one.
    ///   - group: the record and the column of its group cell, when the form reads one.
    func write(
        unit: String?, tally: Int? = nil, row: Int, verdict: Verdict, reason: RejectionReason?, group: (record: CSVRawRecord, column: Int)?,
        ballot: Ballot?
    ) {
        guard failure == nil, let output = output(for: unit, tally: tally) else { return }
        let sink = output.sink
        let counted = verdict == .valid || verdict == .abstain
        var answers: [AnswerValue]?
        var slotReasons: [[UInt8]?]?
        var groupAsCounted: [UInt8]?
        if counted, let ballot {
            groupAsCounted = groupField(ballot.group, of: output, unit: unit)
            if verdict == .valid { answers = ballot.answers }
            if !ballot.problems.isEmpty {
                if reasons.count != layout.slots.count { reasons = Array(repeating: nil, count: layout.slots.count) }
                for index in reasons.indices { reasons[index] = nil }
                for problem in ballot.problems {
                    for slot in slotsOfColumn[problem.column] ?? [] where reasons[slot] == nil && ballot.answers[slot] == .invalid {
                        reasons[slot] = reasonField(problem.reason)
                    }
                }
                slotReasons = reasons
            }
        }
        let reasonBytes = reason.map(reasonField)
        let groupAsRead = group.flatMap { $0.record.byteCount($0.column) > 0 ? groupCell($0.record, $0.column) : nil }
        let row = row + rowOffset
        sink.withBuffer { line in
            line.append(self.prefix)
            line.appendDecimal(row)
            line.append(verdict.field)
            line.append(UInt8(ascii: ","))
            if let reasonBytes { line.append(reasonBytes) }
            line.append(UInt8(ascii: ","))
            if let groupAsRead { line.append(groupAsRead) }
            line.append(UInt8(ascii: ","))
            if let groupAsCounted { line.append(groupAsCounted) }
            self.layout.appendAnswers(answers, reasons: slotReasons, to: &line)
            line.append(13)
            line.append(10)
        }
        do {
            try sink.flushIfFull()
        } catch {
            failure = error
        }
    }

    private func reasonField(_ reason: RejectionReason) -> [UInt8] {
        if let known = reasonFields[reason] { return known }
        let field = CSVWriter.minimalField(request.wording.reason(reason, language: form.language))
        if reasonFields.count < 4096 { reasonFields[reason] = field }
        return field
    }

    private func groupCell(_ record: CSVRawRecord, _ column: Int) -> [UInt8] {
        if let known = groupCells.value(of: record, field: column) { return known }
        // One physical line per row: a line break inside the cell is written as a blank.
        let field = CSVWriter.minimalField(String(record.string(column).map { $0.isNewline ? " " : $0 }))
        _ = groupCells.remember(field, of: record, field: column)
        return field
    }

    /// The group's label as counted in `unit` (its piece keeps the unit's labels, encoded once).
    private func groupField(_ group: Ballot.GroupValue, of output: Output, unit: String?) -> [UInt8] {
        // The form is shared by the threads that read the parts: it is looked at once per piece.
        let fields: [[UInt8]]
        if let known = output.groupFields {
            fields = known
        } else {
            guard let respondents = form.respondents else {
                // No groups: nothing is written, and the form is not looked at again.
                output.groupFields = []
                return []
            }
            let labels = respondents.groups.indices.map { index in unit.flatMap { groupLabels[$0]?[index] } ?? respondents.groups[index].label }
            let extra = form.language == .zh ? ["未填写类别", "类别无法识别"] : ["(group not given)", "(group not recognised)"]
            fields = (labels + extra).map(CSVWriter.minimalField)
            output.groupFields = fields
        }
        if fields.isEmpty { return [] }
        switch group {
        case .group(let index): return fields[index]
        case .missing: return fields[fields.count - 2]
        case .unknown: return fields[fields.count - 1]
        }
    }

    private func output(for unit: String?, tally: Int?) -> Output? {
        if let tally, tally < byTally.count, let known = byTally[tally] { return known }
        do {
            if let unit {
                if let tally {
                    if byTally.count <= tally { byTally += Array(repeating: nil, count: tally + 1 - byTally.count) }
                    if let known = open[unit] {
                        byTally[tally] = known
                        return known
                    }
                    let made = try make()
                    open[unit] = made
                    order.append(unit)
                    byTally[tally] = made
                    return made
                }
                if let known = open[unit] { return known }
                let made = try make()
                open[unit] = made
                order.append(unit)
                return made
            }
            if let known = unassigned { return known }
            let made = try make()
            unassigned = made
            order.append(nil)
            return made
        } catch {
            failure = error
            return nil
        }
    }

    private func make() throws -> Output {
        let output = Output(sink: try CSVByteSink(path: request.folder + "/" + UUID().uuidString + ".part"))
        output.sink.append(header)
        return output
    }

    /// Flushes and closes every piece; returns them in the order their units first appeared.
    func finish() throws(TallyError) -> [LedgerPiece] {
        var pieces: [LedgerPiece] = []
        for unit in order {
            guard let output = unit.map({ open[$0]! }) ?? unassigned else { continue }
            do {
                try output.sink.close()
            } catch {
                if failure == nil { failure = error }
            }
            pieces.append(LedgerPiece(unit: unit, path: output.sink.path, rowShift: 0, prefixLength: prefix.count, headerLength: header.count))
        }
        if let failure { throw .invalidRequest("cannot write the ballot ledger: \(failure)") }
        return pieces
    }
}

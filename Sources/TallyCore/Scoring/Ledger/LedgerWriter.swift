import Foundation
import TallyCSV

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
}

/// Writes the ledger lines of one part of one file, per unit, into temporary files: streamed,
/// one buffer per unit, nothing kept that grows with the rows.
final class LedgerPartWriter {
    private let request: LedgerRequest
    private let layout: LedgerLayout
    private let form: Form
    private let prefix: [UInt8]
    private let rowOffset: Int
    /// Per file column header text (and per question text, for a matrix's limits): the ledger
    /// slots whose reason a rejected cell there is.
    private let slotsOfColumn: [String: [Int]]
    /// Per unit: group labels as that unit names them (a campaign's relabelling).
    private let groupLabels: [String: [String]]
    private var open: [String: Output] = [:]
    private var unassigned: Output?
    private var order: [String?] = []
    private var failure: (any Error)?

    private final class Output {
        let path: String
        let handle: FileHandle
        var buffer: [UInt8] = []
        init(path: String, handle: FileHandle) {
            self.path = path
            self.handle = handle
        }
    }

    init(request: LedgerRequest, form: Form, map: ColumnMap, source: LedgerSource, groupLabels: [String: [String]]) {
        self.request = request
        self.form = form
        let layout = LedgerLayout(form: form)
        self.layout = layout
        prefix = CSVWriter.field(source.file) + [UInt8(ascii: ",")] + CSVWriter.field(source.sheet) + [UInt8(ascii: ",")]
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

    /// Words people read for a verdict.
    enum Verdict: String {
        case valid = "有效"
        case abstain = "有效（弃权）"
        case invalid = "无效"
        case duplicate = "重复"
        case notABallot = "非答卷行"
    }

    /// One line: a row read, its verdict and reason, the group as read and as counted, and
    /// (for a counted ballot) its answers with each rejected cell's reason.
    func write(unit: String?, row: Int, verdict: Verdict, reason: RejectionReason?, groupRead: String, ballot: Ballot?) {
        guard failure == nil else { return }
        var line = prefix
        line += Array(String(row + rowOffset).utf8)
        line.append(UInt8(ascii: ","))
        line += Array(verdict.rawValue.utf8)
        line.append(UInt8(ascii: ","))
        if let reason { line += CSVWriter.field(request.wording.reason(reason, language: form.language)) }
        line.append(UInt8(ascii: ","))
        // One physical line per row: a line break inside the group cell is written as a blank.
        line += CSVWriter.field(String(groupRead.map { $0.isNewline ? " " : $0 }))
        line.append(UInt8(ascii: ","))
        let counted = verdict == .valid || verdict == .abstain
        if counted, let ballot { line += CSVWriter.field(groupLabel(ballot.group, unit: unit)) }
        var reasons = [[UInt8]?](repeating: nil, count: layout.slots.count)
        if counted, let ballot {
            for problem in ballot.problems {
                for slot in slotsOfColumn[problem.column] ?? [] where reasons[slot] == nil && ballot.answers[slot] == .invalid {
                    reasons[slot] = CSVWriter.field(request.wording.reason(problem.reason, language: form.language))
                }
            }
        }
        layout.appendAnswers(counted && verdict != .abstain ? ballot?.answers : nil, reasons: reasons, to: &line)
        line += [13, 10]
        append(line, unit: unit)
    }

    private func groupLabel(_ group: Ballot.GroupValue, unit: String?) -> String {
        guard let respondents = form.respondents else { return "" }
        switch group {
        case .group(let index): return unit.flatMap { groupLabels[$0]?[index] } ?? respondents.groups[index].label
        case .missing: return form.language == .zh ? "未填写类别" : "(group not given)"
        case .unknown: return form.language == .zh ? "类别无法识别" : "(group not recognised)"
        }
    }

    private func append(_ line: [UInt8], unit: String?) {
        do {
            let output: Output
            if let unit {
                if let known = open[unit] { output = known } else {
                    output = try make()
                    open[unit] = output
                    order.append(unit)
                }
            } else {
                if let known = unassigned { output = known } else {
                    output = try make()
                    unassigned = output
                    order.append(nil)
                }
            }
            output.buffer += line
            if output.buffer.count >= 1 << 18 {
                try output.handle.write(contentsOf: output.buffer)
                output.buffer.removeAll(keepingCapacity: true)
            }
        } catch {
            failure = error
        }
    }

    private func make() throws -> Output {
        let path = request.folder + "/" + UUID().uuidString + ".part"
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw TallyError.invalidRequest("cannot write the ballot ledger's temporary file in \(request.folder)")
        }
        return Output(path: path, handle: handle)
    }

    /// Flushes and closes every piece; returns them in the order their units first appeared.
    func finish() throws(TallyError) -> [LedgerPiece] {
        var pieces: [LedgerPiece] = []
        for unit in order {
            guard let output = unit.map({ open[$0]! }) ?? unassigned else { continue }
            do {
                if failure == nil && !output.buffer.isEmpty { try output.handle.write(contentsOf: output.buffer) }
                try output.handle.close()
            } catch {
                if failure == nil { failure = error }
            }
            pieces.append(LedgerPiece(unit: unit, path: output.path, rowShift: 0, prefixLength: prefix.count))
        }
        if let failure { throw .invalidRequest("cannot write the ballot ledger: \(failure)") }
        return pieces
    }
}

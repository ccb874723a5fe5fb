@_spi(Engine) import TallyCSV

/// The columns of a unit's ballot ledger (`<unit>/ballots.csv`) for a form, and how one ballot
/// is written in them: what was counted from it, nothing else.
///
/// Columns: 文件, 工作表, 行号, 结论, 原因, 类别（原文）, 类别（计入）, then per question in form
/// order — a single, number or text question: its value and `…（未计原因）`; a matrix: each row's
/// value and reason (`题干—行`); a multi-select: one `1`/`0` column per option, then one reason
/// column. A value is the option's label, the number, `1` for a written text answer (never the
/// text), or empty when the answer is missing or rejected (its reason then beside it). An
/// invalid ballot counts nothing: its answer columns are empty.
package struct LedgerLayout: Sendable {
    /// The header row.
    package let header: [String]

    /// The header row as the file starts: byte order mark, every field quoted, CRLF.
    package var headerBytes: [UInt8] {
        var writer = CSVWriter()
        writer.append(header)
        return writer.bytes
    }

    enum Slot: Sendable {
        /// A single question or a matrix row: its cells (the first in `cells`).
        case choice(firstCell: Int)
        case number
        case text
        /// A multi-select: its cells when it has few options (`nil`: written option by option).
        case multi(options: Int, firstCell: Int?)
    }
    /// Per ballot answer (`BallotRules.cells`): how it is written.
    let slots: [Slot]
    /// Answer columns as written, whole, for the answers that have few forms, one after the
    /// other: a choice slot's cells are `,,` (no answer) then `,label,` per option; a
    /// multi-select of up to `tabledOptions` options has `,,…,` (no answer) then one cell per
    /// set of choices, `,1,0,…,` (bit i of the set's number: option i). Each cell ends with
    /// the comma before the reason column, so a line is mostly one copy per slot (all in one
    /// array: writing a line retains nothing).
    let cellBytes: [UInt8]
    /// Per cell, where it is in `cellBytes`: the offset shifted left by 32, or'd with the length.
    /// `cellBytes` ends with 16 bytes of padding, so that a cell of up to 16 bytes is copied
    /// 16 bytes at once (`appendShort`).
    let cells: [UInt64]
    /// Per ballot answer, the question it belongs to.
    let questionOfSlot: [Int]

    /// Multi-selects with more options than this are written option by option (2^8 cells).
    static let tabledOptions = 8

    package init(form: Form) {
        var header = ["文件", "工作表", "行号", "结论", "原因", "类别（原文）", "类别（计入）"]
        var slots: [Slot] = []
        var questionOfSlot: [Int] = []
        var cellBytes: [UInt8] = []
        var cells: [UInt64] = []
        let comma = UInt8(ascii: ",")
        func addCell(_ bytes: [UInt8]) {
            cells.append(UInt64(cellBytes.count) << 32 | UInt64(bytes.count))
            cellBytes += bytes
        }
        for (q, question) in form.questions.enumerated() {
            /// The cells of a choice among this question's options.
            func choiceCells() -> Int {
                let first = cells.count
                addCell([comma, comma])
                for option in question.options { addCell([comma] + CSVWriter.minimalField(option.label) + [comma]) }
                return first
            }
            switch question.type {
            case .single:
                header += [question.text, question.text + "（未计原因）"]
                slots.append(.choice(firstCell: choiceCells()))
                questionOfSlot.append(q)
            case .number:
                header += [question.text, question.text + "（未计原因）"]
                slots.append(.number)
                questionOfSlot.append(q)
            case .text:
                header += [question.text + "（是否作答）", question.text + "（未计原因）"]
                slots.append(.text)
                questionOfSlot.append(q)
            case .multi:
                header += question.options.map { question.text + "—" + $0.label } + [question.text + "（未计原因）"]
                let options = question.options.count
                var first: Int?
                if options <= Self.tabledOptions {
                    first = cells.count
                    addCell(Array(repeating: comma, count: options + 1))
                    for set in 0..<(1 << options) {
                        addCell((0..<options).flatMap { [comma, (set >> $0) & 1 == 1 ? UInt8(ascii: "1") : UInt8(ascii: "0")] } + [comma])
                    }
                }
                slots.append(.multi(options: options, firstCell: first))
                questionOfSlot.append(q)
            case .matrix:
                let cells = question.numericAnswers ? nil : choiceCells()
                for row in question.rows {
                    header += [question.text + "—" + row.label, question.text + "—" + row.label + "（未计原因）"]
                    slots.append(cells.map { .choice(firstCell: $0) } ?? .number)
                    questionOfSlot.append(q)
                }
            }
        }
        self.header = header
        self.slots = slots
        self.cellBytes = cellBytes + Array(repeating: 0, count: 16)
        self.cells = cells
        self.questionOfSlot = questionOfSlot
    }

    /// Appends the answer columns of a ballot (`answers` as counted; `nil` for a ballot that
    /// counts nothing) with each slot's reason (already quoted CSV; `nil`: none has one).
    func appendAnswers(_ answers: [AnswerValue]?, reasons: [[UInt8]?]?, to line: inout CSVByteSink.Buffer) {
        let comma = UInt8(ascii: ",")
        for index in slots.indices {
            let answer = answers?[index] ?? .missing
            switch slots[index] {
            case .choice(let firstCell):
                switch answer {
                case .option(let option): appendCell(firstCell + 1 + option, to: &line)
                case .number(let value):
                    line.append(comma)
                    Self.appendNumber(value, to: &line)
                    line.append(comma)
                default: appendCell(firstCell, to: &line)
                }
            case .multi(_, let firstCell?):
                if case .options(let chosen) = answer {
                    appendCell(firstCell + 1 + Int(chosen.bits), to: &line)
                } else {
                    appendCell(firstCell, to: &line)
                }
            case .multi(let options, nil):
                if case .options(let chosen) = answer {
                    for option in 0..<options {
                        line.append(comma)
                        line.append((chosen.bits >> UInt64(option)) & 1 == 1 ? UInt8(ascii: "1") : UInt8(ascii: "0"))
                    }
                } else {
                    for _ in 0..<options { line.append(comma) }
                }
                line.append(comma)
            case .number:
                line.append(comma)
                if case .number(let value) = answer { Self.appendNumber(value, to: &line) }
                line.append(comma)
            case .text:
                line.append(comma)
                if case .text = answer { line.append(UInt8(ascii: "1")) }
                line.append(comma)
            }
            if let reason = reasons?[index] { line.append(reason) }
        }
    }

    /// Appends cell `index` of `cells`.
    @inline(__always)
    private func appendCell(_ index: Int, to line: inout CSVByteSink.Buffer) {
        let cell = cells[index]
        let offset = Int(truncatingIfNeeded: cell >> 32)
        let length = Int(truncatingIfNeeded: cell & 0xFFFF_FFFF)
        if length <= 16 {
            line.appendShort(cellBytes, offset: offset, length: length)
        } else {
            line.append(cellBytes, range: offset..<(offset + length))
        }
    }

    /// A number as `NumberText.plain` writes it (whole numbers without a decimal point).
    static func appendNumber(_ value: Double, to line: inout CSVByteSink.Buffer) {
        if value == value.rounded(), abs(value) < 1e15, value >= 0 {
            line.appendDecimal(Int(value))
        } else {
            line.append(Array(NumberText.plain(value).utf8))
        }
    }
}

import TallyCSV

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
        /// A single question or a matrix row: the first of its options' labels in `labelRanges`.
        case choice(firstLabel: Int)
        case number
        case text
        case multi(options: Int)
    }
    /// Per ballot answer (`BallotRules.cells`): how it is written.
    let slots: [Slot]
    /// Every option label of every choice slot, encoded, one after the other (no array per
    /// label: writing a line retains nothing).
    let labelBytes: [UInt8]
    let labelRanges: [Range<Int>]
    /// Per ballot answer, the question it belongs to.
    let questionOfSlot: [Int]

    package init(form: Form) {
        var header = ["文件", "工作表", "行号", "结论", "原因", "类别（原文）", "类别（计入）"]
        var slots: [Slot] = []
        var questionOfSlot: [Int] = []
        var labelBytes: [UInt8] = []
        var labelRanges: [Range<Int>] = []
        for (q, question) in form.questions.enumerated() {
            let first = labelRanges.count
            for option in question.options {
                let field = CSVWriter.minimalField(option.label)
                labelRanges.append(labelBytes.count..<(labelBytes.count + field.count))
                labelBytes += field
            }
            let labels = first
            switch question.type {
            case .single:
                header += [question.text, question.text + "（未计原因）"]
                slots.append(.choice(firstLabel: labels))
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
                slots.append(.multi(options: question.options.count))
                questionOfSlot.append(q)
            case .matrix:
                for row in question.rows {
                    header += [question.text + "—" + row.label, question.text + "—" + row.label + "（未计原因）"]
                    slots.append(question.numericAnswers ? .number : .choice(firstLabel: labels))
                    questionOfSlot.append(q)
                }
            }
        }
        self.header = header
        self.slots = slots
        self.labelBytes = labelBytes
        self.labelRanges = labelRanges
        self.questionOfSlot = questionOfSlot
    }

    /// Appends the answer columns of a ballot (`answers` as counted; `nil` for a ballot that
    /// counts nothing) with each slot's reason (already quoted CSV; `nil`: none has one).
    func appendAnswers(_ answers: [AnswerValue]?, reasons: [[UInt8]?]?, to line: inout [UInt8]) {
        let slots = self.slots
        let labels = labelBytes
        let ranges = labelRanges
        for index in slots.indices {
            let answer = answers?[index] ?? .missing
            switch slots[index] {
            case .choice(let firstLabel):
                line.append(UInt8(ascii: ","))
                switch answer {
                case .option(let option): line += labels[ranges[firstLabel + option]]
                case .number(let value): Self.appendNumber(value, to: &line)
                default: break
                }
            case .number:
                line.append(UInt8(ascii: ","))
                if case .number(let value) = answer { Self.appendNumber(value, to: &line) }
            case .text:
                line.append(UInt8(ascii: ","))
                if case .text = answer { line.append(UInt8(ascii: "1")) }
            case .multi(let options):
                if case .options(let chosen) = answer {
                    for option in 0..<options {
                        line.append(UInt8(ascii: ","))
                        line.append((chosen.bits >> UInt64(option)) & 1 == 1 ? UInt8(ascii: "1") : UInt8(ascii: "0"))
                    }
                } else {
                    for _ in 0..<options { line.append(UInt8(ascii: ",")) }
                }
            }
            line.append(UInt8(ascii: ","))
            if let reason = reasons?[index] { line += reason }
        }
    }

    /// A number as `NumberText.plain` writes it (whole numbers without a decimal point).
    static func appendNumber(_ value: Double, to line: inout [UInt8]) {
        if value == value.rounded(), abs(value) < 1e15, value >= 0 {
            LedgerPartWriter.appendNumber(Int(value), to: &line)
        } else {
            line += Array(NumberText.plain(value).utf8)
        }
    }
}

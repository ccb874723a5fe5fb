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

    enum Slot: Sendable {
        /// A single question or a matrix row: option labels, encoded; or numbers.
        case choice(labels: [[UInt8]])
        case number
        case text
        case multi(options: Int)
    }
    /// Per ballot answer (`BallotRules.cells`): how it is written.
    let slots: [Slot]
    /// Per ballot answer, the question it belongs to.
    let questionOfSlot: [Int]

    package init(form: Form) {
        var header = ["文件", "工作表", "行号", "结论", "原因", "类别（原文）", "类别（计入）"]
        var slots: [Slot] = []
        var questionOfSlot: [Int] = []
        for (q, question) in form.questions.enumerated() {
            let labels = question.options.map { CSVWriter.field($0.label) }
            switch question.type {
            case .single:
                header += [question.text, question.text + "（未计原因）"]
                slots.append(.choice(labels: labels))
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
                    slots.append(question.numericAnswers ? .number : .choice(labels: labels))
                    questionOfSlot.append(q)
                }
            }
        }
        self.header = header
        self.slots = slots
        self.questionOfSlot = questionOfSlot
    }

    /// Appends the answer columns of a ballot (`answers` as counted; `nil` for a ballot that
    /// counts nothing) with each slot's reason (already quoted CSV, or empty).
    func appendAnswers(_ answers: [AnswerValue]?, reasons: [[UInt8]?], to line: inout [UInt8]) {
        for (index, slot) in slots.enumerated() {
            let answer = answers?[index] ?? .missing
            switch slot {
            case .choice(let labels):
                line.append(UInt8(ascii: ","))
                switch answer {
                case .option(let option): line += labels[option]
                case .number(let value): line += Array(NumberText.plain(value).utf8)
                default: break
                }
            case .number:
                line.append(UInt8(ascii: ","))
                if case .number(let value) = answer { line += Array(NumberText.plain(value).utf8) }
            case .text:
                line.append(UInt8(ascii: ","))
                if case .text = answer { line.append(UInt8(ascii: "1")) }
            case .multi(let options):
                var chosen: Choices?
                if case .options(let choices) = answer { chosen = choices }
                var bits = chosen.map { Set($0) } ?? []
                for option in 0..<options {
                    line.append(UInt8(ascii: ","))
                    if chosen != nil { line.append(bits.remove(option) != nil ? UInt8(ascii: "1") : UInt8(ascii: "0")) }
                }
            }
            line.append(UInt8(ascii: ","))
            if let reason = reasons[index] { line += reason }
        }
    }
}

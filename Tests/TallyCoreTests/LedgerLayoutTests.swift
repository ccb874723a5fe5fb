import Foundation
import Testing
@_spi(Engine) import TallyCSV
@testable import TallyCore

/// The answer columns of a ledger line, written by hand for every kind of slot: a choice whose
/// cell is longer than the 16 bytes copied at once (and quoted), a multi-select written from
/// its table and one of 9 options written option by option, a number, a written answer, a
/// matrix of numbers; each with no answer and with a rejected cell's reason beside it.
@Suite("Ledger layout")
struct LedgerLayoutTests {
    static let yaml = """
        id: ledger-layout
        title: 台账列
        language: zh
        scales:
          s:
            options:
              - { label: 好 }
              - { label: '非常满意，"很好"' }
        questions:
          - { id: overall, text: 总体评价, scale: s }
          - id: few
            text: 问题
            type: multi
            options: [甲, 乙, 丙]
          - id: many
            text: 多项
            type: multi
            options: [一, 二, 三, 四, 五, 六, 七, 八, 九]
          - { id: years, text: 年限, type: number, min: 0, max: 60 }
          - { id: remarks, text: 意见, type: text }
          - id: marks
            text: 打分
            type: matrix
            rows: [甲某, 乙某]
            answer: { type: number, min: 0, max: 100 }
        """

    /// The answer columns `layout` writes for `answers` with `reasons`.
    static func written(_ layout: LedgerLayout, _ answers: [AnswerValue]?, reasons: [[UInt8]?]? = nil) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tally-layout-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let sink = try CSVByteSink(path: path, flushSize: 16)
        sink.withBuffer { layout.appendAnswers(answers, reasons: reasons, to: &$0) }
        try sink.close()
        return String(decoding: try #require(FileManager.default.contents(atPath: path)), as: UTF8.self)
    }

    @Test func everyKindOfSlot() throws {
        let form = try FormLoader.parse(Self.yaml, file: "ledger-layout.yaml")
        let layout = LedgerLayout(form: form)
        #expect(
            layout.header.dropFirst(7).joined(separator: "|")
                == "总体评价|总体评价（未计原因）|问题—甲|问题—乙|问题—丙|问题（未计原因）|多项—一|多项—二|多项—三|多项—四|多项—五|多项—六|多项—七|多项—八|多项—九|多项（未计原因）"
                + "|年限|年限（未计原因）|意见（是否作答）|意见（未计原因）|打分—甲某|打分—甲某（未计原因）|打分—乙某|打分—乙某（未计原因）")
        let answered: [AnswerValue] = [.option(1), .options(Choices([0, 2])), .options(Choices([1, 8])), .number(12.5), .text, .number(90), .number(0)]
        #expect(
            try Self.written(layout, answered)
                == ",\"非常满意，\"\"很好\"\"\",,1,0,1,,0,1,0,0,0,0,0,0,1,,12.5,,1,,90,,0,")
        let unanswered: [AnswerValue] = [.option(0), .missing, .missing, .missing, .missing, .invalid, .missing]
        let reason = Array("超出范围".utf8)
        #expect(
            try Self.written(layout, unanswered, reasons: [nil, nil, nil, nil, nil, reason, nil])
                == ",好,,,,,,,,,,,,,,,,,,,,,超出范围,,")
        // A ballot that counts nothing: every answer column empty.
        #expect(try Self.written(layout, nil) == String(repeating: ",", count: 24))
    }
}

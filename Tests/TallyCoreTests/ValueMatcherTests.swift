import Testing
@testable import TallyCore
import TallyTestSupport

@Suite("Answer values")
struct ValueMatcherTests {
    static let goodness = [
        AnswerOption(label: "好", code: "A", score: 100), AnswerOption(label: "较好", code: "B", score: 80),
        AnswerOption(label: "一般", code: "C", score: 60), AnswerOption(label: "差", code: "D", score: 0, aliases: ["较差"]),
        AnswerOption(label: "不了解", code: "E", counted: false),
    ]

    @Test func labelsCodesAliasesAndWidths() {
        let matcher = ValueMatcher(options: Self.goodness)
        #expect(matcher.match("好") == 0)
        #expect(matcher.match("B") == 1)
        #expect(matcher.match("b") == 1)
        #expect(matcher.match(TextFolding.valueKey(" Ｃ ")) == 2)
        #expect(matcher.match("较差") == 3)
        #expect(matcher.match("很好") == nil)
        #expect(matcher.match("2", numbered: true) == 1)
        #expect(matcher.match("6", numbered: true) == nil)
        #expect(matcher.match("100") == nil)  // never by score
    }

    @Test func missingMarkers() {
        for marker in ["", "(跳过)", "(空)", "-2", "-3", "N/A"] { #expect(MissingMarker.isMissing(TextFolding.valueKey(marker))) }
        #expect(MissingMarker.isMissing(TextFolding.valueKey("（跳过）")))
        #expect(!MissingMarker.isMissing("0"))
    }

    static let problems = [
        AnswerOption(label: "学习不够深入", code: "A"), AnswerOption(label: "作风不实, 脱离群众", code: "B"),
        AnswerOption(label: "执法不规范", code: "C"), AnswerOption(label: "其他", code: "other"),
    ]

    func read(_ cell: String, numbered: Bool = false) -> MultiSelectReader.Selection {
        MultiSelectReader(matcher: ValueMatcher(options: Self.problems)).read(cell, numbered: numbered)
    }

    @Test func multiSelectShapes() {
        #expect(read("学习不够深入┋执法不规范").chosen == [0, 2])
        // A label that contains ", " (Google Forms) is matched before splitting.
        #expect(read("作风不实, 脱离群众, 执法不规范").chosen == [1, 2])
        #expect(read("A、C").chosen == [0, 2])
        #expect(read("A C").chosen == [0, 2])
        #expect(read("1,3", numbered: true).chosen == [0, 2])
        let wjx = read("学习不够深入┋其他〖会风文风有待改进〗")
        #expect(wjx.chosen == [0, 3])
        #expect(wjx.fillIns == [3: "会风文风有待改进"])
        let jsj = read("执法不规范，其他：加班太多")
        #expect(jsj.chosen == [2, 3])
        #expect(jsj.fillIns[3] == "加班太多")
        // An item that matches nothing goes to the option coded `other`.
        let other = read("学习不够深入┋会议太多")
        #expect(other.chosen == [0, 3])
        #expect(other.fillIns[3] == "会议太多")
        #expect(other.unknown.isEmpty)
    }

    @Test func unknownItemWithoutOtherIsUnknown() {
        let reader = MultiSelectReader(matcher: ValueMatcher(options: Array(Self.problems.prefix(3))))
        #expect(reader.read("学习不够深入┋会议太多", numbered: false).unknown == ["会议太多"])
    }
}

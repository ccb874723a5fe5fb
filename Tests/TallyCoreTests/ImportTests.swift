import Testing
@testable import TallyCore
import TallyTestSupport

@Suite("Header text")
struct HeaderTextTests {
    @Test(arguments: [
        ("2、对领导班子的总体评价", "对领导班子的总体评价"),
        ("2. 对领导班子的总体评价：", "对领导班子的总体评价"),
        ("Q3. 政治建设*", "政治建设"),
        ("(3) 政治建设", "政治建设"),
        ("第3题 政治建设", "政治建设"),
        ("8、您认为存在的主要问题（可多选）", "您认为存在的主要问题"),
        ("8、您认为存在的主要问题[多选题]", "您认为存在的主要问题"),
        ("您的身份(单选题)", "您的身份"),
        ("　ＡＢＣ总体评价 ", "ABC总体评价"),
        ("3.5分以上人数", "3.5分以上人数"),
        ("对张三(副局长)的评价", "对张三(副局长)的评价"),
        ("5、您认为领导班子\n存在的主要问题（可多选）", "您认为领导班子存在的主要问题"),
        ("Overall  rating", "Overallrating"),
    ])
    func normalise(_ header: String, _ expected: String) {
        #expect(HeaderText.normalise(header) == expected)
    }

    @Test func numbers() {
        #expect(HeaderText.dropLeadingNumber("5、题干").number == 5)
        #expect(HeaderText.dropLeadingNumber("第12题").number == 12)
        #expect(HeaderText.dropLeadingNumber("Q4").number == 4)
        #expect(HeaderText.dropLeadingNumber("2021年评价").number == nil)
    }

    @Test func composites() {
        let wjx = HeaderText.composites("7、对班子成员的评价—张某某")
        #expect(wjx.contains(.init(stem: "7、对班子成员的评价", sub: "张某某", separator: "—")))
        #expect(HeaderText.composites("第8题(学习不够)").first == .init(stem: "第8题", sub: "学习不够", separator: "("))
        #expect(HeaderText.composites("Q4[SQ001]").first == .init(stem: "Q4", sub: "SQ001", separator: "["))
        #expect(HeaderText.composites("4.对班子成员的评价:张某某").contains(.init(stem: "4.对班子成员的评价", sub: "张某某", separator: ":")))
        #expect(HeaderText.composites("ratings/leaders/zhang").contains(.init(stem: "ratings/leaders", sub: "zhang", separator: "/")))
        // A type hint in brackets is not a sub-item.
        #expect(!HeaderText.composites("主要问题（可多选）").contains { $0.separator == "(" })
    }
}

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

@Suite("Column mapping")
struct ColumnMapTests {
    let form: Form

    init() throws { form = try FormLoader.load("leadership-evaluation") }

    func build(_ header: [String], numbered: Bool? = nil) -> ColumnMap {
        var matcher = ColumnMatcher(form: form, header: header)
        return matcher.build(numberedOverride: numbered)
    }

    @Test func wjxTextExport() {
        let map = build([
            "序号", "提交答卷时间", "所用时间", "来源", "来源详情", "来自IP", "1、您的身份", "2、对领导班子的总体评价", "3、政治建设",
            "4、党风廉政建设", "5、纪律作风", "6、履职尽责", "7、对班子成员的个人评价—主要负责同志", "分管副职甲", "分管副职乙", "纪检监察负责同志",
            "8、您认为领导班子存在的主要问题（可多选）", "9、您对领导班子的意见和建议",
        ])
        #expect(map.shape == .wjxText)
        #expect(!map.numbered)
        #expect(map.unmatched.isEmpty)
        #expect(map.respondentColumn == 6)
        #expect(map.bindings[0] == .cell(7))
        #expect(map.bindings[5] == .rows([12, 13, 14, 15]))
        #expect(map.bindings[6] == .cell(16))
        #expect(map.roles[2] == .duration)  // 所用时间
        #expect(map.roles.filter { $0 == .ignored }.count == 5)
    }

    @Test func wjxNumberedExport() {
        let map = build([
            "序号", "提交答卷时间", "所用时间", "来源", "来源详情", "来自IP", "1、您的身份", "2、对领导班子的总体评价", "3、政治建设",
            "4、党风廉政建设", "5、纪律作风", "6、履职尽责", "第7题(主要负责同志)", "第7题(分管副职甲)", "第7题(分管副职乙)", "第7题(纪检监察负责同志)",
            "第8题(理论学习不够深入)", "第8题(工作作风不够扎实)", "第8题(执法办案不够规范)", "第8题(为民服务意识不强)", "第8题(民主集中制执行不到位)",
            "第8题(其他)", "9、您对领导班子的意见和建议",
        ])
        #expect(map.shape == .wjxNumbered)
        #expect(map.numbered)
        #expect(map.unmatched.isEmpty)
        #expect(map.bindings[5] == .rows([12, 13, 14, 15]))
        #expect(map.bindings[6] == .perOption([16, 17, 18, 19, 20, 21]))
    }

    @Test func joinedCellIsSupersededByPerOptionColumns() {
        let map = build([
            "身份", "对领导班子的总体评价", "政治建设", "党风廉政建设", "纪律作风", "履职尽责",
            "对班子成员的个人评价[主要负责同志]", "对班子成员的个人评价[分管副职甲]", "对班子成员的个人评价[分管副职乙]", "对班子成员的个人评价[纪检监察负责同志]",
            "您认为领导班子存在的主要问题", "您认为领导班子存在的主要问题/A", "您认为领导班子存在的主要问题/B", "您认为领导班子存在的主要问题/other",
            "意见",
        ])
        #expect(map.bindings[5] == .rows([6, 7, 8, 9]))
        #expect(map.bindings[6] == .perOption([11, 12, nil, nil, nil, 13]))
        #expect(map.roles[10] == .superseded(question: "problems"))
        #expect(map.unmatched.map(\.question) == ["advice"])
        #expect(map.roles[14] == .ignored)
    }
}

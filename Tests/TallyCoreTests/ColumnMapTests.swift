import Testing
@testable import TallyCore
import TallyTestSupport

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

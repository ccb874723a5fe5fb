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
        // A clerk's prefixes, glued or spaced (issue 22).
        ("Q2您的性别", "您的性别"),
        ("Q10.对领导班子的总体评价", "对领导班子的总体评价"),
        ("Q3 政治建设", "政治建设"),
        ("2.政治建设", "政治建设"),
        // A word after Q is no question number.
        ("QQ群满意度", "QQ群满意度"),
        ("Q2a", "Q2a"),
    ])
    func normalise(_ header: String, _ expected: String) {
        #expect(HeaderText.normalise(header) == expected)
    }

    @Test func numbers() {
        #expect(HeaderText.dropLeadingNumber("5、题干").number == 5)
        #expect(HeaderText.dropLeadingNumber("第12题").number == 12)
        #expect(HeaderText.dropLeadingNumber("Q4").number == 4)
        #expect(HeaderText.dropLeadingNumber("2021年评价").number == nil)
        // Glued text is stripped only after a Q: a bare number glued to text is part of it.
        #expect(HeaderText.dropLeadingNumber("2您的性别").number == nil)
        #expect(HeaderText.dropLeadingNumber("Q2您的性别").number == 2)
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

import Foundation
import Testing
@testable import TallyCore
import TallyStatistics
import TallyTestSupport

/// `PhoneBallot`: what a phone ballot (测评码) accepts, and that the ballots it takes, written as
/// a response file, are counted by the engine exactly as they were given.
@Suite("Phone ballots")
struct PhoneBallotTests {
    let folder: TemporaryFolder
    init() throws { folder = try TemporaryFolder() }

    static func leadership() throws -> Form { try FormLoader.load("leadership-evaluation") }

    @Test func theRulesAreBoundsOnTheRowsOfThisBallot() throws {
        let ballot = PhoneBallot(form: try Self.leadership())
        let cadres = try #require(ballot.items.first { $0.id == "cadres" })
        // 优秀 at most 1/2 of 4 people: 2 rows.
        #expect(cadres.rules == [.init(option: "优秀", atLeast: nil, below: nil, maxRows: 2, minRows: nil, sameAnswerEverywhere: false)])
        #expect(cadres.rows.count == 4 && cadres.options == ["优秀", "称职", "基本称职", "不称职"])
        #expect(ballot.groups == ["班子成员", "中层干部", "一般干部"])
        // A third of 4 rows is 1.33: one row; a third of 3 is exactly 1.
        let third = MatrixLimit(subject: .option("优秀"), maxShare: Threshold(numerator: 1, denominator: 3), maxCount: nil, minCount: nil)
        #expect(PhoneBallot.rule(third, rows: 4).maxRows == 1)
        #expect(PhoneBallot.rule(third, rows: 3).maxRows == 1)
        #expect(PhoneBallot.rule(third, rows: 6).maxRows == 2)
        // A share and a count together: the tighter.
        let both = MatrixLimit(subject: .option("优秀"), maxShare: Threshold(numerator: 1, denominator: 2), maxCount: 1, minCount: nil)
        #expect(PhoneBallot.rule(both, rows: 4).maxRows == 1)
    }

    @Test func eachKindOfMistakeIsRefusedWithItsQuestion() throws {
        let ballot = PhoneBallot(form: try Self.leadership())
        typealias A = PhoneBallot.Answer
        #expect(ballot.problem(in: ["overall": .option("好"), "problems": .options(["其他"])]) == nil)
        #expect(ballot.problem(in: ["nosuch": .option("好")]) == .unknownQuestion(id: "nosuch"))
        #expect(ballot.problem(in: ["overall": .option("很好")]) == .notAnOption(question: "对领导班子的总体评价", label: "很好"))
        #expect(ballot.problem(in: ["overall": .options(["好"])]) == .wrongShape(question: "对领导班子的总体评价"))
        let four = ["理论学习不够深入", "工作作风不够扎实", "执法办案不够规范", "其他"]
        #expect(ballot.problem(in: ["problems": .options(four)]) == .tooManyChoices(question: "您认为领导班子存在的主要问题（可多选）", maximum: 3))
        #expect(ballot.problem(in: ["cadres": .rows(["张三": "优秀"])]) == .unknownRow(question: "对班子成员的个人评价", row: "张三"))
        let threeExcellent: A = .rows(["主要负责同志": "优秀", "分管副职甲": "优秀", "分管副职乙": "优秀", "纪检监察负责同志": "称职"])
        guard case .limit(let question, let breach) = ballot.problem(in: ["cadres": threeExcellent]) else {
            Issue.record("three 优秀 of four should break the 1/2 quota")
            return
        }
        #expect(question == "对班子成员的个人评价" && breach.count == 3 && breach.rows == 4)
        #expect(ballot.problem(in: ["cadres": .rows(["主要负责同志": "优秀", "分管副职甲": "优秀"])]) == nil)
        #expect(ballot.problem(in: ["advice": .option(String(repeating: "很", count: 2_001))]) == .tooLong(question: "您对领导班子的意见和建议", maximum: 2_000))
        // The respondents' question is never answered by the ballot: the code says the category.
        let withQuestion = try FormLoader.parse("""
            id: q
            title: 问卷
            respondents: { question: who, groups: [{ id: a, label: 干部 }, { id: b, label: 群众 }] }
            questions:
              - { id: who, text: 身份, options: [干部, 群众] }
              - { id: age, text: 年龄, type: number, min: 18, max: 99 }
            """, file: "q.yaml")
        let survey = PhoneBallot(form: withQuestion)
        #expect(survey.items.map(\.id) == ["age"])
        #expect(survey.problem(in: ["who": .option("干部")]) == .unknownQuestion(id: "who"))
        #expect(survey.problem(in: ["age": .number(17)]) == .outOfRange(question: "年龄", minimum: 18, maximum: 99))
        #expect(survey.problem(in: ["age": .option("40")]) == nil)
        #expect(survey.row(number: 3, group: "群众", unit: "甲", answers: ["age": .number(40)]) == ["3", "群众", "40"])
    }

    @Test func aScoredMatrixKeepsItsBoundsAndItsCountRule() throws {
        let ballot = PhoneBallot(form: try FormLoader.load("leader-scoring"))
        let scores = try #require(ballot.items.first { $0.kind == "matrix" })
        #expect(scores.numeric && scores.minimum == 0 && scores.maximum == 100)
        #expect(scores.rules == [
            .init(option: nil, atLeast: 90, below: nil, maxRows: 3, minRows: nil, sameAnswerEverywhere: false),
            .init(option: nil, atLeast: nil, below: nil, maxRows: nil, minRows: nil, sameAnswerEverywhere: true),
        ])
        let rows = scores.rows
        // The same score for all six: refused by the second rule.
        let same = Dictionary(uniqueKeysWithValues: rows.map { ($0, "85") })
        guard case .limit(_, let straight) = ballot.problem(in: [scores.id: .rows(same)]), straight.bound == .sameAnswerEverywhere else {
            Issue.record("one score for everyone should break same_answer_everywhere")
            return
        }
        let four = Dictionary(uniqueKeysWithValues: rows.prefix(4).map { ($0, "95") })
        guard case .limit(_, let breach) = ballot.problem(in: [scores.id: .rows(four)]) else {
            Issue.record("four scores of 90 or more should break the rule of three")
            return
        }
        #expect(breach.count == 4)
        #expect(ballot.problem(in: [scores.id: .rows([rows[0]: "95", rows[1]: "90", rows[2]: "100", rows[3]: "89.5"])]) == nil)
        #expect(ballot.problem(in: [scores.id: .rows([rows[0]: "101"])]) == .outOfRange(question: scores.text, minimum: 0, maximum: 100))
        #expect(ballot.problem(in: [scores.id: .rows([rows[0]: "九十"])]) == .outOfRange(question: scores.text, minimum: 0, maximum: 100))
    }

    @Test func answersDecodeFromTheAPIsJSON() throws {
        let json = #"{"overall":"好","problems":["其他"],"cadres":{"主要负责同志":"称职"},"age":41,"scores":{"张三":95}}"#
        let answers = try JSONDecoder().decode([String: PhoneBallot.Answer].self, from: Data(json.utf8))
        #expect(answers == ["overall": .option("好"), "problems": .options(["其他"]), "cadres": .rows(["主要负责同志": "称职"]), "age": .number(41), "scores": .rows(["张三": "95"])])
    }

    /// Random ballots the page would take, written as a response file and scored: every count is
    /// the one tallied here by hand from the answers, no ballot is void, the categories are the codes'.
    @Test func ballotsItTakesAreCountedAsGiven() throws {
        let form = try Self.leadership()
        let ballot = PhoneBallot(form: form)
        var generator = SplitMix64(seed: 27)
        let goodness = ["好", "较好", "一般", "差", "不了解"]
        let competence = ["优秀", "称职", "基本称职", "不称职"]
        let cadres = ["主要负责同志", "分管副职甲", "分管副职乙", "纪检监察负责同志"]
        var ballots: [(group: String?, answers: [String: PhoneBallot.Answer])] = []
        var overall: [String: Int] = [:], excellent: [String: Int] = [:], groups: [String: Int] = [:]
        while ballots.count < 200 {
            var answers: [String: PhoneBallot.Answer] = [:]
            for id in ["overall", "politics", "integrity", "discipline", "performance"] {
                answers[id] = .option(goodness[Int.random(in: 0..<goodness.count, using: &generator)])
            }
            var rows: [String: String] = [:]
            for person in cadres where Int.random(in: 0..<5, using: &generator) > 0 {
                rows[person] = competence[Int.random(in: 0..<competence.count, using: &generator)]
            }
            answers["cadres"] = .rows(rows)
            answers["advice"] = .option(Bool.random(using: &generator) ? "=加强学习，\"提高\"效率" : "")
            // A ballot the page refuses is not stored (the participant changes it).
            if ballot.problem(in: answers) != nil { continue }
            let group = ballot.groups[Int.random(in: 0..<3, using: &generator)]
            ballots.append((group, answers))
            groups[group, default: 0] += 1
            if case .option(let label) = answers["overall"]! { overall[label, default: 0] += 1 }
            for (person, label) in rows where label == "优秀" { excellent[person, default: 0] += 1 }
        }
        let file = try folder.write("扫码.csv", bytes: ballot.responseFile(unit: "县司法局", ballots: ballots))
        let unit = try Tally.score(form: form, files: [file], unit: "县司法局", issued: 220).units[0]
        #expect(unit.ballots == .init(issued: 220, rows: 200, valid: 200, invalid: 0, abstain: 0))
        #expect(unit.rejected.isEmpty)
        #expect(Dictionary(uniqueKeysWithValues: unit.respondents) == groups)
        let counts = try #require(unit.question("overall")?.whole?.overall.counts)
        #expect(Dictionary(uniqueKeysWithValues: counts.filter { $0.count > 0 }) == overall)
        for (label, figures) in try #require(unit.question("cadres")?.rows) {
            #expect(figures.overall.counts.first { $0.label == "优秀" }?.count ?? 0 == excellent[label, default: 0], "\(label)")
        }
    }
}

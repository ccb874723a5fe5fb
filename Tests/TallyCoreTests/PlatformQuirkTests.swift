import Foundation
import Testing
@testable import TallyCore
import TallyTestSupport

/// Platform shapes met in real exports (issue "Real exports, read as they are"), each from a
/// small file written here in the platform's shape.
@Suite("Platform quirks")
struct PlatformQuirkTests {
    let folder: TemporaryFolder
    init() throws { folder = try TemporaryFolder() }

    static let form = """
        id: quirks
        scales:
          goodness:
            options: [{ label: 好, score: 100 }, { label: 较好, score: 80 }, { label: 一般, score: 60 }, { label: 差, score: 0 }]
        questions:
          - { id: overall, text: 总体评价, scale: goodness }
          - { id: leaders, text: 对班子成员的评价, type: matrix, scale: goodness, rows: [甲, 乙] }
        rubric: { suppress_below: 0 }
        validity: { min_seconds: 30 }

        """

    func score(_ csv: String) throws -> ResultsDocument {
        let form = try FormLoader.parse(Self.form, file: "quirks.yaml")
        return try Tally.score(form: form, files: [try folder.write("r.csv", text: csv)], unit: "u")
    }

    @Test func wenjuanwangMatrixColumnsAndAnswerTime() throws {
        let csv = "答卷编号,答题时长,Q1_总体评价,Q2_对班子成员的评价_甲,Q2_对班子成员的评价_乙\n1,95,好,好,较好\n2,12,差,一般,差\n3,40,较好,较好,好\n"
        let document = try score(csv)
        let unit = document.units[0]
        #expect(document.inputs[0].shape == .wenjuanwang)
        #expect(unit.question("leaders")!.rows.map { $0.figures.overall.n } == [2, 2])
        // 12 seconds is under min_seconds: the duration column was found.
        #expect(unit.invalidReasons.map(\.code) == ["too_fast"])
    }

    @Test func jinshujuEvaluationTime() throws {
        let csv = "总体评价,对班子成员的评价(甲),对班子成员的评价(乙),测评时长,测评得分\n好,好,较好,1分35秒,90\n差,差,差,20秒,0\n"
        let unit = try score(csv).units[0]
        #expect(unit.invalidReasons.map(\.code) == ["too_fast"] && unit.ballots.valid == 1)
    }

    @Test func tencentOptionLetters() throws {
        let csv = "编号,开始答题时间,结束答题时间,答题时长,1.总体评价,2.对班子成员的评价:甲,2.对班子成员的评价:乙\n"
            + "1,a,b,100,A.好,B、较好,D.差\n2,a,b,100,C. 一般,A.好,A.好\n"
        let document = try score(csv)
        let unit = document.units[0]
        #expect(document.inputs[0].shape == .tencent)
        #expect(unit.question("overall")!.whole!.overall.counts.map(\.count) == [1, 0, 1, 0])
        #expect(unit.question("leaders")!.rows[1].figures.overall.counts.map(\.count) == [1, 0, 0, 1])
        #expect(unit.rejected.isEmpty)
    }

    @Test func headersWithEntitiesQuestionMarksAndEnglishHints() {
        #expect(HeaderText.normalise("19、您对AIGC工具以下方面是否满意？（1--&gt;7表示非常不满意--&gt;非常满意）") == HeaderText.normalise("您对AIGC工具以下方面是否满意？（1-->7表示非常不满意-->非常满意）"))
        #expect(HeaderText.normalise("1、您的性别是？") == HeaderText.normalise("您的性别是"))
        #expect(HeaderText.normalise("9 - How old are you?") == "Howoldareyou")
        #expect(HeaderText.normalise("Which tools do you use?\n(multiple choice allowed)") == "Whichtoolsdoyouuse")
        #expect(HeaderText.dropLeadingNumber("Q2_题干_行").number == 2)
    }

    @Test func perOptionColumnsNumberedOnlyByTheirQuestion() throws {
        let form = """
            id: n
            questions:
              - { id: overall, text: 总体评价, options: [好, 差] }
              - { id: problems, text: 主要问题, type: multi, options: [学习不够, 作风不实, 其他(请注明)] }
            rubric: { suppress_below: 0 }
            """
        // No header says which question 3 is: its columns go to the one question all their options belong to.
        let csv = "总体评价,3(学习不够),3(作风不实),3(其他(请注明))\n好,1,0,0\n差,1,1,0\n"
        let document = try Tally.score(form: try FormLoader.parse(form, file: "n.yaml"), files: [try folder.write("n.csv", text: csv)], unit: "u")
        #expect(document.units[0].question("problems")!.whole!.overall.counts.map(\.count) == [2, 1, 0])
        #expect(document.inputs[0].warnings.isEmpty)
    }

    @Test func aNumberedDownloadWithoutItsNumberedColumnsReadsPositionsEvenForDigitLabels() throws {
        // 问卷星 按选项序号 with some metadata columns deleted and no 第N题(…) column: the word
        // options hold only positions, so every cell is a position — also the NPS's, whose
        // labels are 0–10 and whose positions are 1–11 (read as labels, each count would shift).
        let form = """
            id: nps
            questions:
              - { id: overall, text: 对领导班子的总体评价, options: [好, 较好, 一般, 差] }
              - { id: nps, text: 推荐的可能性, options: ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10"] }
            rubric: { index: none, suppress_below: 0 }
            """
        var csv = "序号,提交答卷时间,所用时间,1、对领导班子的总体评价,2、推荐的可能性\n"
        var expected = Array(repeating: 0, count: 11)
        for row in 0..<30 {
            let position = row % 11 + 1
            expected[position - 1] += 1
            csv += "\(row + 1),2021/5/12 9:00:11,60秒,\(row % 4 + 1),\(position)\n"
        }
        let document = try Tally.score(form: try FormLoader.parse(form, file: "nps.yaml"), files: [try folder.write("nps.csv", text: csv)], unit: "u")
        #expect(document.inputs[0].shape == .wjxNumbered)
        #expect(document.units[0].question("nps")!.whole!.overall.counts.map(\.count) == expected)
        #expect(document.units[0].question("overall")!.whole!.overall.counts.map(\.count) == [8, 8, 7, 7])
    }
}

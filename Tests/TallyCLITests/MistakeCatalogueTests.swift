import Foundation
import Testing
import TallyTestSupport

/// The mistakes a user makes that used to give a confident wrong report (issue "Never a
/// confident wrong report"): for each, what the user sees (the exact message, the exit status)
/// and that no figure changed silently — the figure a warning concerns is either correct
/// (computed here by hand) or absent with a reason.
@Suite("Mistakes a user makes", .serialized)
struct MistakeCatalogueTests {
    let folder: TemporaryFolder
    init() throws { folder = try TemporaryFolder() }

    static let form = """
        id: mistakes
        title: 测试表
        respondents:
          column: 身份
          groups:
            - { id: leaders, label: 班子成员, weight: 0.3 }
            - { id: middle, label: 中层干部, weight: 0.3 }
            - { id: staff, label: 一般干警, weight: 0.4 }
        scales:
          goodness:
            options:
              - { code: "1", label: 好, score: 100 }
              - { code: "2", label: 较好, score: 80 }
              - { code: "3", label: 一般, score: 60 }
              - { code: "4", label: 差, score: 0 }
              - { code: "5", label: 不了解, counted: false }
        questions:
          - { id: overall, text: 总体评价, scale: goodness }
          - { id: style, text: 工作作风, scale: goodness }
        rubric: { suppress_below: 0 }

        """

    /// Writes the form (with `extra` YAML appended, and `questions` after its two) and the CSV,
    /// and runs `tally score` on them.
    func score(
        _ csv: String, extra: String = "", questions: String = "", _ options: [String] = []
    ) throws -> (run: TallyRun, results: [String: Any]?) {
        let form = Self.form.replacingOccurrences(of: "rubric: { suppress_below: 0 }\n", with: questions + "rubric: { suppress_below: 0 }\n")
        try folder.write("form.yaml", text: form + extra)
        try folder.write("r.csv", text: csv)
        let out = folder.path("out-\(UUID().uuidString)")
        let run = try ExecuteTally.run(["score", "--form", "form.yaml", "r.csv", "--unit", "甲单位", "--out", out] + options, in: folder.url)
        let data = FileManager.default.contents(atPath: out + "/results.json")
        let results = data.flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }
        return (run, results)
    }

    func unit(_ results: [String: Any]?) -> [String: Any] { (results?["units"] as? [[String: Any]])?.first ?? [:] }
    func question(_ results: [String: Any]?, _ id: String) -> [String: Any] {
        (unit(results)["questions"] as? [[String: Any]])?.first { $0["id"] as? String == id } ?? [:]
    }
    func findings(_ name: String = "甲单位") throws -> String {
        let out = try FileManager.default.contentsOfDirectory(atPath: folder.url.path).first { $0.hasPrefix("out-") }!
        return try String(contentsOfFile: folder.path("\(out)/\(name)/findings.md"), encoding: .utf8)
    }

    // MARK: Respondent groups

    @Test func unknownGroupValuesAreCountedApartAndSaidOutLoud() throws {
        let csv = "身份,总体评价,工作作风\n班子成员,好,好\n中层干部,较好,好\n一般干警,一般,较好\n普通干部,差,差\n普通干部,差,差\n普通干部,差,差\n,好,好\n"
        let (run, results) = try score(csv)
        #expect(run.status == 0)
        #expect(run.stderr.contains(
            "warning: 甲单位：3张测评票的填答人类别不是表单中的类别：“普通干部”3张（最接近“中层干部”）。这些测评票计入全体结果，但不计入分类统计和加权；"))
        #expect(run.stderr.hasSuffix("summary: 7 rows read, 7 valid ballots, 0 invalid; 0 answers rejected; 1 warning (above).\n"))
        let respondents = unit(results)["respondents"] as? [String: Int]
        #expect(respondents == ["班子成员": 1, "中层干部": 1, "一般干警": 1, "未填写类别": 1, "类别无法识别": 3])
        let warning = (results?["warnings"] as? [[String: Any]])?.first
        #expect(warning?["code"] as? String == "unknown_group" && warning?["unit"] as? String == "甲单位")
        #expect(warning?["counts"] as? [String: Int] == ["普通干部": 3])
        #expect(warning?["nearest"] as? [String: String] == ["普通干部": "中层干部"])
        // By hand: every ballot in the plain mean, (100+100+80+60+0+0+0)/7; the weighted mean of
        // the three known groups only, 0.3×100 + 0.3×80 + 0.4×60 = 78.
        let overall = question(results, "overall")
        #expect(close(overall["mean"] as? Double, 340.0 / 7, tolerance: 1e-12))
        #expect(close(overall["weighted_mean"] as? Double, 78, tolerance: 1e-12))
        #expect(try findings().contains("另有3张测评票的填答人类别无法识别（填写为“普通干部”），未计入分类统计。另有1张测评票未填写填答人类别，未计入分类统计。"))
        #expect(!(try findings()).contains("(未分组)"))
    }

    @Test func inspectShowsWhatScoringWouldWarnAboutOrStopOn() throws {
        _ = try score("身份,总体评价,工作作风\n普通干部,好,好\n一般干警,好,好\n")
        let unknown = try ExecuteTally.run(["inspect", "--form", "form.yaml", "r.csv"], in: folder.url)
        #expect(unknown.status == 0)
        #expect(unknown.stdout.contains("  warning: r：1张测评票的填答人类别不是表单中的类别：“普通干部”1张（最接近“中层干部”）。"))
        try folder.write("r.csv", text: "填答人类别,总体评价,工作作风\n一般干警,好,好\n")
        let missing = try ExecuteTally.run(["inspect", "--form", "form.yaml", "r.csv"], in: folder.url)
        #expect(missing.status == 0)
        #expect(missing.stdout.contains("  scoring this file as it is would stop:\n    r.csv:1: error: the form reads respondent groups from column '身份'"))
        #expect(missing.stdout.contains("第1列“填答人类别”（最接近“respondents.column”）"))
    }

    @Test func aRespondentsColumnNotFoundIsAnError() throws {
        let (run, results) = try score("1、填答人类别,总体评价,工作作风\n一般干警,好,好\n中层干部,较好,好\n")
        #expect(run.status == 1)
        #expect(run.stderr == "r.csv:1: error: the form reads respondent groups from column '身份', which this file does not have "
            + "(did you mean '1、填答人类别'?); correct respondents.column in the form, or pass --allow-missing-columns to score with every ballot in no group\n")
        #expect(results == nil)
    }

    @Test func noKnownGroupMeansNoWeightingNeverANullIndex() throws {
        let csv = "填答人类别,总体评价,工作作风\n一般干警,好,好\n中层干部,较好,差\n班子成员,一般,较好\n"
        let (run, results) = try score(csv, ["--allow-missing-columns"])
        #expect(run.status == 0)
        #expect(run.stderr.contains("warning: 甲单位：3张有效测评票中没有一张的填答人类别可以识别，无法按类别加权，各题得分和综合得分均未加权。"))
        #expect(run.stderr.contains("第1列“填答人类别”（最接近“respondents.column”）看起来是题目或选项列"))
        // By hand: overall (100+80+60)/3 = 80, style (100+0+80)/3 = 60, index the mean of the two = 70.
        #expect(close(question(results, "overall")["weighted_mean"] as? Double, 80, tolerance: 1e-12))
        #expect(close(question(results, "style")["weighted_mean"] as? Double, 60, tolerance: 1e-12))
        #expect(close(unit(results)["index"] as? Double, 70, tolerance: 1e-12))
        let text = try findings()
        #expect(text.contains("无法按类别加权，以下得分均未加权。"))
        #expect(text.contains("按各题权重折算，综合得分70.0分"))
        #expect(!text.contains("无可计分的有效回答"))
    }

    // MARK: Answers

    @Test func blanksInsideALabelAndSpreadsheetNumbersMatch() throws {
        let csv = "身份,总体评价,工作作风\n一般干警,不了 解,1.0\n一般干警,较 好,2.00\n一般干警,好,4\n"
        let (run, results) = try score(csv)
        #expect(run.status == 0)
        #expect((question(results, "overall")["counts"] as? [String: Int]) == ["好": 1, "较好": 1, "一般": 0, "差": 0, "不了解": 1])
        #expect((question(results, "style")["counts"] as? [String: Int]) == ["好": 1, "较好": 1, "一般": 0, "差": 1, "不了解": 0])
        #expect(question(results, "style")["invalid"] as? Int == 0)
    }

    @Test func aRejectedAnswerNamesTheNearestOption() throws {
        let (run, _) = try score("身份,总体评价,工作作风\n一般干警,好,好\n一般干警,较好,好\n一般干警,很好,好\n一般干警,好,好\n")
        #expect(run.status == 0)
        let out = try FileManager.default.contentsOfDirectory(atPath: folder.url.path).first { $0.hasPrefix("out-") }!
        let rejected = try String(contentsOfFile: folder.path("\(out)/甲单位/rejected.csv"), encoding: .utf8)
        #expect(rejected.contains("\"r.csv\",\"4\",\"4\",\"总体评价\",\"很好\",\"答案不是该题的选项（最接近“好”）\""))
    }

    @Test func perOptionColumnsFollowTheirVocabulary() throws {
        let multi = """
              - id: problems
                text: 存在的主要问题
                type: multi
                options: [学习不够, 作风不实, { label: 其他(请注明), code: other }]

            """
        let csv = """
            身份,总体评价,工作作风,存在的主要问题:学习不够,存在的主要问题:作风不实,存在的主要问题:其他(请注明)
            一般干警,好,好,Yes,No,
            一般干警,好,好,No,No,
            一般干警,好,好,1,有,
            一般干警,好,好,√,0,
            一般干警,好,好,maybe,No,
            一般干警,好,好,N,False,加强宣传

            """
        let (run, results) = try score(csv, extra: "import: { chosen: [有] }\n", questions: multi)
        #expect(run.status == 0, "\(run.stderr)")
        let problems = question(results, "problems")
        // "No" is not chosen; `有` is chosen (the form's own word); "maybe" is neither: that
        // ballot's answer is unknown, listed, not counted; any text under 其他 chooses it. A
        // ballot that chose nothing (row 3: No, No, empty) did not answer the question.
        #expect((problems["counts"] as? [String: Int]) == ["学习不够": 3, "作风不实": 1, "其他(请注明)": 1])
        #expect(problems["invalid"] as? Int == 1)
        #expect(problems["n"] as? Int == 4)
        #expect(problems["missing"] as? Int == 1)
    }

    @Test func mostAnswersMatchingNothingStopsTheRun() throws {
        let csv = "身份,总体评价,工作作风\n" + String(repeating: "一般干警,好,6\n一般干警,较好,7\n一般干警,一般,6\n", count: 3)
        let (run, results) = try score(csv)
        #expect(run.status == 1)
        #expect(run.stderr == "r.csv: error: 9 of the 9 answers to question 'style' match none of its options, so its figures would be wrong "
            + "and nothing was scored; the cells hold numbers: if they are option numbers (问卷星 按选项序号), pass --codes index; "
            + "if they are codes, give the options those codes (code:) or aliases\n")
        #expect(results == nil)
    }

    // MARK: Rules that cannot apply

    @Test func aRuleThatCannotApplyStopsOrIsSkippedOutLoud() throws {
        let csv = "身份,总体评价,工作作风\n一般干警,好,好\n中层干部,较好,好\n"
        let stopped = try score(csv, extra: "validity: { min_seconds: 30 }\n")
        #expect(stopped.run.status == 1)
        #expect(stopped.run.stderr == "r.csv:1: error: the form's rule validity.min_seconds needs a column of durations (所用时间, 答题时长, 填写时长…) "
            + "or start and end times, which this file does not have; name the file's duration column with 'duration_column:' under validity, "
            + "or pass --skip-rule min_seconds to score without it (the report will say it was not applied)\n")
        let skipped = try score(csv, extra: "validity: { min_seconds: 30 }\n", ["--skip-rule", "min_seconds"])
        #expect(skipped.run.status == 0)
        #expect(skipped.run.stderr.contains("warning: 甲单位：有效性规则 validity.min_seconds 无法适用于这些答卷（没有答题时长列），已按 --skip-rule min_seconds 跳过"))
        let warning = (skipped.results?["warnings"] as? [[String: Any]])?.first
        #expect(warning?["code"] as? String == "rule_skipped")
        #expect(try findings().contains("本次未按“答题用时不得过短”检查测评票（答卷中没有答题时长）。"))
        // Figures are those of every ballot, as no ballot could be checked.
        let ballots = unit(skipped.results)["ballots"] as? [String: Any]
        #expect(ballots?["rows"] as? Int == 2 && ballots?["valid"] as? Int == 2 && ballots?["invalid"] as? Int == 0)
    }

    @Test func anIncompleteRuleOrAnIdColumnTheFileLacksStops() throws {
        let csv = "身份,总体评价,工作作风\n一般干警,好,好\n"
        let incomplete = try score(csv, extra: "validity: { incomplete: invalid }\n")
        #expect(incomplete.run.status == 1)
        #expect(incomplete.run.stderr.contains("validity.incomplete needs a column that marks unfinished responses"))
        let duplicate = try score(csv, extra: "validity: { duplicate_respondent: { column: 编号 } }\n")
        #expect(duplicate.run.status == 1)
        #expect(duplicate.run.stderr.contains("validity.duplicate_respondent needs its respondent id column ('编号')"))
    }

    // MARK: Columns

    @Test func columnsThatBindToNothingAndDuplicateHeadersAreWarned() throws {
        let csv = "身份,1、总体评价,2、工作作风,3、您对班子的意见建议,备注,备注\n一般干警,好,好,无,,\n一般干警,较好,好,无,,\n"
        let (run, results) = try score(csv)
        #expect(run.status == 0)
        #expect(run.stderr.contains("warning: r.csv：第4列“3、您对班子的意见建议”（无相近的题目）看起来是题目或选项列，但不对应表单中的任何题目或选项"))
        #expect(run.stderr.contains("warning: r.csv：多列表头相同：“备注”（2列）；按表头查找时只用第一列，要读其他列请写 column: { index: N }。"))
        let codes = (results?["warnings"] as? [[String: Any]])?.compactMap { $0["code"] as? String }
        #expect(codes == ["unbound_column", "duplicate_header"])
        // The figures of the bound questions are unaffected.
        #expect((question(results, "overall")["counts"] as? [String: Int])?["较好"] == 1)
    }

    @Test func aColumnNamedByPositionReadsTheRightDuplicate() throws {
        let csv = "身份,总体评价,总体评价,工作作风\n一般干警,差,好,好\n一般干警,差,好,好\n"
        let ambiguous = try score(csv)
        #expect(ambiguous.run.status == 1)
        #expect(ambiguous.run.stderr.contains("columns 2 and 3 are both named '总体评价'"))
        let form = Self.form.replacingOccurrences(of: "{ id: overall, text: 总体评价, scale: goodness }", with: "{ id: overall, text: 总体评价, scale: goodness, column: { index: 3 } }")
        try folder.write("form.yaml", text: form)
        let run = try ExecuteTally.run(["score", "--form", "form.yaml", "r.csv", "--unit", "甲单位", "--format", "json"], in: folder.url)
        #expect(run.status == 0)
        #expect(run.stdout.contains("\"counts\": {\n            \"好\": 2,"))
    }

    // MARK: The end of a run

    @Test func strictMakesEveryWarningExitOne() throws {
        let csv = "身份,总体评价,工作作风\n普通干部,好,好\n一般干警,好,好\n"
        let (run, results) = try score(csv, ["--strict"])
        #expect(run.status == 1)
        #expect(run.stderr.hasSuffix("error: 1 warning and --strict: exit status 1\n"))
        #expect(results != nil, "the outputs are still written, to be looked at")
        let quiet = try score(csv, ["--quiet"])
        #expect(quiet.run.status == 0)
        #expect(quiet.run.stderr.hasPrefix("warning: 甲单位："), "--quiet never silences warnings")
        #expect(!quiet.run.stderr.contains("summary:"))
    }

    // MARK: Attention checks

    @Test func aFailedAttentionCheckVoidsTheBallot() throws {
        let check = "  - { id: check, text: 本题请选“较好”, scale: goodness }\n"
        let csv = "身份,总体评价,工作作风,本题请选“较好”\n一般干警,好,好,较好\n一般干警,差,差,好\n一般干警,好,较好,较好\n"
        let (run, results) = try score(csv, extra: "validity: { attention: [{ question: check, expect: 较好 }] }\n", questions: check)
        #expect(run.status == 0, "\(run.stderr)")
        let ballots = unit(results)["ballots"] as? [String: Any]
        #expect(ballots?["valid"] as? Int == 2 && ballots?["invalid"] as? Int == 1)
        #expect(unit(results)["invalid_reasons"] as? [String: Int] == ["attention_failed": 1])
        // By hand: the failed ballot (差) is out of the figures: overall is 好 twice.
        #expect((question(results, "overall")["counts"] as? [String: Int])?["差"] == 0)
        let out = try FileManager.default.contentsOfDirectory(atPath: folder.url.path).first { $0.hasPrefix("out-") }!
        let rejected = try String(contentsOfFile: folder.path("\(out)/甲单位/rejected.csv"), encoding: .utf8)
        #expect(rejected.contains("\"r.csv\",\"3\",\"3\",\"\",\"\",\"注意力检测题“本题请选“较好””答错，整张答卷无效\""))
        let bad = try score(csv, extra: "validity: { attention: [{ question: check, expect: 很好 }] }\n", questions: check)
        #expect(bad.run.status == 1)
        #expect(bad.run.stderr.contains("validity.attention[0].expect: '很好' is not an option of question 'check'"))
    }
}

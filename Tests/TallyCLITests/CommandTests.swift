import Foundation
import Testing
import TallyTestSupport

/// End to end: the built `tally` over `Forms/` and `Samples/`.
@Suite("tally commands", .serialized)
struct CommandTests {
    let folder: TemporaryFolder
    init() throws { folder = try TemporaryFolder() }

    static let wjx = "Samples/leadership/wjx-text-utf8.csv"

    @Test func helpListsTheCommands() throws {
        let run = try ExecuteTally.run(["--help"])
        #expect(run.status == 0)
        // The command names, read from the SUBCOMMANDS section (two spaces, a name, the abstract).
        let section = run.stdout.components(separatedBy: "SUBCOMMANDS:").last ?? ""
        let commands = section.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("  "), !line.hasPrefix("   "), let name = line.split(separator: " ").first else { return nil }
            return name.allSatisfy({ $0.isLowercase }) ? String(name) : nil
        }
        #expect(commands == ["run", "score", "merge", "attach", "inspect", "forms", "scan", "evidence", "verify"])
        #expect(try ExecuteTally.run(["--version"]).stdout == "0.1.0\n")
    }

    @Test func formsListAndCheck() throws {
        let list = try ExecuteTally.run(["forms", "list"])
        #expect(list.status == 0)
        #expect(list.stdout.contains("\n领导班子和领导干部民主测评表（leadership-evaluation）：测评表，8题\n"))
        #expect(list.stdout.contains("\n群众安全感和满意度调查问卷（public-safety-survey）：问卷，7题\n"))
        let forms = try FileManager.default.contentsOfDirectory(atPath: PackagePaths.forms.path).filter { $0.hasSuffix(".yaml") }
        let check = try ExecuteTally.run(["forms", "check"] + forms.map { "Forms/\($0)" })
        #expect(check.status == 0)
        #expect(check.stdout.components(separatedBy: "\n").filter { $0.hasPrefix("ok  ") }.count == forms.count)
        let bad = try folder.write("bad.yaml", text: "id: x\nquestions:\n  - { id: q, scale: nope }\n")
        let failed = try ExecuteTally.run(["forms", "check", bad])
        #expect(failed.status == 1)
        #expect(failed.stderr == "\(bad):3:21: error: questions[0].scale: unknown scale 'nope' (scales: none defined)\n")
    }

    @Test func fromAnExportToACheckedFormInThreeCommands() throws {
        let form = folder.path("我的问卷.yaml")
        let draft = try ExecuteTally.run(["forms", "draft", "Samples/public/satisfaction-wjx.csv", "--out", form])
        #expect(draft.status == 0)
        #expect(draft.stderr.hasPrefix("wrote \(form): form draft-") && draft.stderr.contains("guesses marked '# 请核对' to check"))
        let check = try ExecuteTally.run(["forms", "check", form])
        #expect(check.status == 0 && check.stdout.hasPrefix("ok  \(form): draft-"))
        let score = try ExecuteTally.run(["score", "--form", form, "Samples/public/satisfaction-wjx.csv", "--format", "json"])
        #expect(score.status == 0 && score.stdout.contains("\"unit\": \"县人民法院\""))
        // Printed without --out; an export of no questions is an error naming the file.
        let printed = try ExecuteTally.run(["forms", "draft", "Samples/public/satisfaction-wjx.csv"])
        #expect(printed.stdout == (try String(contentsOfFile: form, encoding: .utf8)))
        let empty = try folder.write("meta.csv", text: "序号,提交答卷时间,所用时间,来源,来源详情,来自IP\n1,2021/5/1,60秒,手机提交,直接访问,1.1.1.1\n")
        let none = try ExecuteTally.run(["forms", "draft", empty])
        #expect(none.status == 1 && none.stderr.contains("\(empty): no column looks like a question"))
    }

    @Test func formsBallotWritesWordOrHTML() throws {
        let docx = folder.path("测评票.docx")
        let word = try ExecuteTally.run(["forms", "ballot", "leadership-evaluation", "--unit", "县司法局", "--out", docx])
        #expect(word.status == 0)
        #expect(FileManager.default.contents(atPath: docx)?.prefix(2) == Data("PK".utf8))
        let html = folder.path("测评票.html")
        #expect(try ExecuteTally.run(["forms", "ballot", "leadership-evaluation", "--out", html]).status == 0)
        #expect((try String(contentsOfFile: html, encoding: .utf8)).contains("被测评单位：</strong>____"))
        let pdf = try ExecuteTally.run(["forms", "ballot", "leadership-evaluation", "--out", folder.path("x.pdf")])
        #expect(pdf.status == 64 && pdf.stderr.contains("--out names a .docx or an .html file (or a .pdf with --scannable)."))
    }

    @Test func formsSheetWritesAWorkbookOrAHeaderRow() throws {
        let xlsx = folder.path("录入表.xlsx")
        let workbook = try ExecuteTally.run(["forms", "sheet", "leadership-evaluation", "--out", xlsx])
        #expect(workbook.status == 0 && workbook.stderr == "wrote \(xlsx): 18 columns for form leadership-evaluation\n")
        #expect(FileManager.default.contents(atPath: xlsx)?.prefix(2) == Data("PK".utf8))
        #expect(!(try FileManager.default.contentsOfDirectory(atPath: folder.path("."))).contains { $0.contains("partial") })
        let csv = folder.path("录入表.csv")
        #expect(try ExecuteTally.run(["forms", "sheet", "leadership-evaluation", "--out", csv]).status == 0)
        let bytes = try #require(FileManager.default.contents(atPath: csv))
        #expect(bytes.prefix(3) == Data([0xEF, 0xBB, 0xBF]))
        #expect(String(decoding: bytes.dropFirst(3), as: UTF8.self).hasPrefix("\"票号\",\"身份\",\"对领导班子的总体评价\""))
        // Scored before anything is keyed: no ballots, said as an error naming the file.
        let empty = try ExecuteTally.run(["score", "--form", "leadership-evaluation", xlsx])
        #expect(empty.status == 1 && empty.stderr.contains("the file has a header row but no responses"))
    }

    @Test func formsShowPrintsTheEmbeddedYAML() throws {
        let shown = try ExecuteTally.run(["forms", "show", "leadership-evaluation"])
        let file = try String(contentsOf: PackagePaths.forms.appendingPathComponent("leadership-evaluation.yaml"), encoding: .utf8)
        #expect(shown.stdout == file)
        // Built-in forms work from any directory.
        let elsewhere = try ExecuteTally.run(["forms", "check", "leadership-evaluation"], in: folder.url)
        #expect(elsewhere.status == 0)
    }

    @Test func scorePrintsTheFindingsSection() throws {
        let run = try ExecuteTally.run(["score", "--form", "leadership-evaluation", Self.wjx, "--unit", "县司法局", "--issued", "60"])
        #expect(run.status == 0)
        #expect(run.stderr == "summary: 56 rows read, 55 valid ballots, 1 invalid; 3 answers rejected (listed in rejected.csv with --out DIR); no warnings.\n")
        #expect(run.stdout.hasPrefix("## 县司法局民主测评情况\n"))
        #expect(run.stdout.contains("共发出测评票60张，收回56张，收回率93.3%；其中有效测评票55张，无效测评票1张（空白1张）。"))
        #expect(run.stdout.contains("好评率92.6%（50/54，基数不含“不了解”，95%置信区间82.4%～97.1%）"))
    }

    @Test func scorePrintsHTMLButNotDOCX() throws {
        let html = try ExecuteTally.run(["score", "--form", "leadership-evaluation", Self.wjx, "--unit", "县司法局", "--format", "html"])
        #expect(html.status == 0)
        #expect(html.stdout.hasPrefix("<!DOCTYPE html>\n<html lang=\"zh-CN\">") && html.stdout.contains("<svg"))
        let docx = try ExecuteTally.run(["score", "--form", "leadership-evaluation", Self.wjx, "--format", "docx"])
        #expect(docx.status == 64)
        #expect(docx.stderr.contains("docx output is written with --out DIR, not printed."))
    }

    @Test func teamAndMethodMakeTheOpeningSentencesSubject() throws {
        let sample = "Samples/leadership/wjx-text-utf8.csv"
        let plain = try ExecuteTally.run(["score", "--form", "leadership-evaluation", sample, "--unit", "县司法局"])
        #expect(plain.status == 0)
        // No team word is built in, and a unit scored alone has no rank.
        #expect(!plain.stdout.contains("巡查组") && !plain.stdout.contains("巡察组"))
        #expect(plain.stdout.contains("使用《领导班子和领导干部民主测评表》开展民主测评。"))
        let named = try ExecuteTally.run([
            "score", "--form", "leadership-evaluation", sample, "--unit", "县司法局", "--team", "县委第二巡察组", "--method", "现场发放纸质测评票",
        ])
        #expect(named.stdout.contains("县委第二巡察组采取现场发放纸质测评票的方式，使用《领导班子和领导干部民主测评表》开展民主测评。"))
        let teamOnly = try ExecuteTally.run(["score", "--form", "leadership-evaluation", sample, "--unit", "县司法局", "--team", "县委第二巡察组"])
        #expect(teamOnly.stdout.contains("县委第二巡察组使用《领导班子和领导干部民主测评表》开展民主测评。"))
        // The inspection's methods, in the user's order, and the title that names the results.
        let methods = try ExecuteTally.run([
            "score", "--form", "leadership-evaluation", sample, "--unit", "县司法局", "--team", "县委第二巡察组",
            "--methods", "听取汇报，个别谈话、民主测评", "--method", "现场发放纸质测评票", "--title", "2026年县委第二轮巡察", "--format", "json",
        ])
        #expect(methods.status == 0)
        #expect(methods.stdout.contains("\"campaign\": \"2026年县委第二轮巡察\""))
        #expect(methods.stdout.contains("县委第二巡察组采取听取汇报、个别谈话、民主测评等方式开展工作。民主测评采取现场发放纸质测评票的方式，使用《领导班子和领导干部民主测评表》进行。"))
    }

    @Test func aCampaignUnitRelabelsAFormsGroupsForItsReport() throws {
        // The built-in form says 一般干部; the sample campaign's 政法 units say 一般干警.
        let alone = try ExecuteTally.run(["score", "--form", "leadership-evaluation", "Samples/leadership/wjx-text-utf8.csv", "--unit", "县司法局"])
        #expect(alone.stdout.contains("中层干部14张、一般干部36张"))
        let out = folder.path("out")
        _ = try ExecuteTally.run(["run", "Samples/campaign.yaml", "--out", out])
        let findings = try String(contentsOfFile: out + "/县司法局/findings.md", encoding: .utf8)
        #expect(findings.contains("中层干部14张、一般干警36张") && !findings.contains("一般干部"))
        // findings.md is the body; the appendix is a file of its own.
        #expect(!findings.contains("数据明细"))
        let appendix = try String(contentsOfFile: out + "/县司法局/appendix.md", encoding: .utf8)
        #expect(appendix.hasPrefix("## 附：民主测评数据明细") && appendix.contains("| 一般干警 |"))
        // A group the form does not have is the campaign's mistake, named where it is written.
        let campaign = try folder.write("c.yaml", text: """
            form: leadership-evaluation
            units:
              - name: 县司法局
                groups: { staf: 干警 }
                responses: [\(FileManager.default.currentDirectoryPath)/Samples/leadership/wjx-text-utf8.csv]
            """)
        let wrong = try ExecuteTally.run(["run", campaign, "--out", folder.path("w")])
        #expect(wrong.status == 1)
        #expect(wrong.stderr.hasPrefix("\(campaign):3:"))
        #expect(wrong.stderr.contains("no group 'staf' to relabel: the form's groups are leaders, middle, staff"))
    }

    @Test func aSurveysMatrixIsHeadedInSurveyWords() throws {
        let form = try folder.write("sm.yaml", text: """
            id: sm
            kind: survey
            scales:
              s:
                options: [{ label: 满意, score: 100 }, { label: 不满意, score: 0 }]
            questions:
              - { id: m, text: 对各项工作的评价, type: matrix, rows: [窗口服务, 案件办理], scale: s }

            """)
        let file = try folder.write("sm.csv", text: "对各项工作的评价—窗口服务,对各项工作的评价—案件办理\n满意,满意\n满意,不满意\n")
        let run = try ExecuteTally.run(["score", "--form", form, file])
        #expect(run.status == 0)
        #expect(run.stdout.contains("| 题目 | 满意 | 不满意 | 有效回答 | 得分 |"))
        #expect(run.stdout.contains("| 案件办理 | 1 | 1 | 2 | 50.0 |"))
        // No groups, so nothing is weighted: the note does not say it is.
        #expect(run.stdout.contains("注：比例以每个题目的有效回答为基数。"))
        #expect(!run.stdout.contains("测评对象") && !run.stdout.contains("有效票"))
    }

    @Test func aChangeThatRoundsToNothingIsSaidAsNoChange() throws {
        let form = try folder.write("b.yaml", text: """
            id: b
            scales:
              g:
                options: [{ label: 好, score: 100 }, { label: 差, score: 0 }]
            questions:
              - { id: x, text: 评价, scale: g }
            rubric:
              rates: { 好评率: { options: [好] } }

            """)
        // 9/10 = 90% before, 1799/1999 = 89.995% now: -0.005 points, printed 0.0.
        let before = try folder.write("before.csv", text: "评价\n" + String(repeating: "好\n", count: 9) + "差\n")
        let after = try folder.write("after.csv", text: "评价\n" + String(repeating: "好\n", count: 1799) + String(repeating: "差\n", count: 200))
        let json = try ExecuteTally.run(["score", "--form", form, before, "--unit", "甲", "--format", "json"])
        try json.stdout.write(toFile: folder.path("before.json"), atomically: true, encoding: .utf8)
        let run = try ExecuteTally.run(["score", "--form", form, after, "--unit", "甲", "--baseline", folder.path("before.json")])
        #expect(run.status == 0)
        #expect(run.stdout.contains("好评率90.0%（1799/1999，95%置信区间88.6%～91.2%），较上轮（90.0%）持平"))
        #expect(!run.stdout.contains("下降0.0"))
    }

    @Test func rulesWithOneTitleAreOneProblem() throws {
        let form = try folder.write("t.yaml", text: """
            id: t
            scales:
              g:
                options: [{ label: 好, score: 100 }, { label: 差, score: 0 }]
            questions:
              - { id: x, text: 总体评价, scale: g }
              - { id: y, text: 作风评价, scale: g }
            rubric:
              rates: { 好评率: { options: [好] } }
            findings:
              - when: { rate: 好评率, question: x, below: 0.9 }
                title: 认可度有待提升
                text: 总体评价好评率{value}。
              - when: { rate: 好评率, question: y, below: 0.9 }
                text: 作风评价好评率{value}。
              - when: { rate: 好评率, question: y, below: 0.95 }
                title: 认可度有待提升
                text: 作风评价不足95%。

            """)
        let file = try folder.write("t.csv", text: "总体评价,作风评价\n好,好\n差,差\n")
        let run = try ExecuteTally.run(["score", "--form", form, file])
        #expect(run.status == 0)
        // The two titled rules make one item, said where the first fired; the untitled one is its own.
        #expect(run.stdout.contains("一是认可度有待提升。总体评价好评率50.0%。作风评价不足95%。二是作风评价好评率50.0%。"))
        let json = try ExecuteTally.run(["score", "--form", form, file, "--format", "json"])
        #expect(json.stdout.contains("\"title\": \"认可度有待提升\""))
        // One titled rule alone: its headline without 一是.
        let single = try ExecuteTally.run(["score", "--form", form, try folder.write("u.csv", text: "总体评价,作风评价\n差,好\n好,好\n")])
        #expect(single.stdout.contains("存在的问题\n\n认可度有待提升。总体评价好评率50.0%。\n"))
    }

    @Test func scoreJSONHasTheFixedFields() throws {
        let run = try ExecuteTally.run(["score", "--form", "leadership-evaluation", Self.wjx, "--unit", "县司法局", "--format", "json"])
        #expect(run.status == 0)
        let document = try JSONSerialization.jsonObject(with: Data(run.stdoutBytes)) as! [String: Any]
        #expect(document["schema"] as? Int == 1)
        let unit = (document["units"] as! [[String: Any]])[0]
        let ballots = unit["ballots"] as! [String: Any]
        #expect(ballots["rows"] as? Int == 56 && ballots["valid"] as? Int == 55 && ballots["invalid"] as? Int == 1)
        let overall = (unit["questions"] as! [[String: Any]])[0]
        #expect(Set((overall["counts"] as! [String: Int]).keys) == ["好", "较好", "一般", "差", "不了解"])
        let rate = (overall["rates"] as! [String: Any])["好评率"] as! [String: Any]
        #expect(rate["k"] as? Int == 50 && rate["n"] as? Int == 54)
        #expect((document["unassigned"] as! [String: Any])["rows"] as? Int == 0)
    }

    @Test func scoreOutWritesTheTreeIdenticallyTwice() throws {
        let first = folder.path("one")
        let second = folder.path("two")
        for out in [first, second] {
            let run = try ExecuteTally.run(["score", "--form", "leadership-evaluation", Self.wjx, "--unit", "县司法局", "--out", out])
            #expect(run.status == 0)
            #expect(run.stderr == "wrote \(out): 县司法局 (55 valid of 56)\n"
                + "summary: 56 rows read, 55 valid ballots, 1 invalid; 3 answers rejected (listed in \(out)/县司法局/rejected.csv); no warnings.\n")
        }
        for file in ["results.json", "县司法局/findings.md", "县司法局/rejected.csv", "县司法局/ballots.csv", "evidence.json"] {
            let a = try Data(contentsOf: URL(fileURLWithPath: first).appendingPathComponent(file))
            let b = try Data(contentsOf: URL(fileURLWithPath: second).appendingPathComponent(file))
            #expect(!a.isEmpty && a == b, "\(file)")
        }
        let rejected = try String(contentsOfFile: first + "/县司法局/rejected.csv", encoding: .utf8)
        #expect(rejected.contains("\"5\",\"5\",\"2、对领导班子的总体评价\",\"很好\",\"答案不是该题的选项（最接近“好”）\""))
        // No temporary files are left behind.
        let leftovers = FileManager.default.enumerator(atPath: first)!.allObjects.compactMap { $0 as? String }.filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty)
    }

    @Test func standardInputScoresLikeTheFile() throws {
        let bytes = Array(try Data(contentsOf: PackagePaths.root.appendingPathComponent("Samples/leadership/wjx-text-gb18030.csv")))
        let piped = try ExecuteTally.run(["score", "--form", "leadership-evaluation", "-", "--unit", "县司法局", "--format", "json"], stdin: bytes)
        let file = try ExecuteTally.run(["score", "--form", "leadership-evaluation", Self.wjx, "--unit", "县司法局", "--format", "json"])
        #expect(piped.status == 0)
        // Everything but the `inputs` list (file name and encoding) is byte-identical.
        func units(_ text: String) -> Substring { text[..<text.range(of: "\"inputs\"")!.lowerBound] }
        #expect(units(piped.stdout) == units(file.stdout))
        #expect(piped.stdout.contains("\"file\": \"-\",\n      \"encoding\": \"gb18030\""))
    }

    @Test func voidUnitExitsOneAndWritesNothing() throws {
        let out = folder.path("void")
        let run = try ExecuteTally.run(["score", "--form", "leadership-evaluation", Self.wjx, "--unit", "县司法局", "--issued", "50", "--out", out])
        #expect(run.status == 1)
        #expect(run.stderr.contains("56 ballots returned but 50 issued; the evaluation is void"))
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func badInputExitsOneWithFileAndLine() throws {
        let missing = try ExecuteTally.run(["score", "--form", "leadership-evaluation", "nope.csv"])
        #expect(missing.status == 1)
        #expect(missing.stderr == "nope.csv: error: cannot read the file (No such file or directory); check the path and its permissions\n")
        let broken = try folder.write("broken.csv", text: "身份,对领导班子的总体评价\n班子成员,\"好\n")
        let unterminated = try ExecuteTally.run(["score", "--form", "leadership-evaluation", broken, "--allow-missing-columns"])
        #expect(unterminated.status == 1)
        #expect(unterminated.stderr.hasPrefix("\(broken):2: error: a quoted field that starts in the record on this line is never closed"))
        let columns = try ExecuteTally.run(["score", "--form", "leadership-evaluation", broken])
        #expect(columns.status == 1)
        #expect(columns.stderr.hasPrefix("\(broken):1: error: 7 questions have no column in this file"))
        let noWrite = try ExecuteTally.run(["score", "--form", "leadership-evaluation", Self.wjx, "--out", "/proc/tally-cannot-write"])
        #expect(noWrite.status == 1)
        #expect(noWrite.stderr.contains("error: cannot write"))
    }

    @Test func theSummaryNamesOnlyRejectedFilesThatWereWritten() throws {
        // JSON alone writes no rejected.csv: the summary says so (it used to name `<unit>/rejected.csv`).
        let out = folder.path("json-only") + "/"
        let run = try ExecuteTally.run(["score", "--form", "leadership-evaluation", Self.wjx, "--unit", "县司法局", "--out", out, "--format", "json"])
        #expect(run.status == 0)
        #expect(run.stderr.hasSuffix("3 answers rejected (no rejected.csv was written: add csv to --format to list them); no warnings.\n"))
        #expect(!FileManager.default.fileExists(atPath: out + "县司法局/rejected.csv"))
        // With csv, the file written is named, with no doubled slash although --out ends in one.
        let both = try ExecuteTally.run(["score", "--form", "leadership-evaluation", Self.wjx, "--unit", "县司法局", "--out", out, "--format", "json,csv"])
        #expect(both.stderr.contains("(listed in \(out)县司法局/rejected.csv)"))
        #expect(!both.stderr.contains("//"))
    }

    @Test func runWritesTheCampaignTreeIdenticallyTwice() throws {
        let outs = [folder.path("a"), folder.path("b")]
        for out in outs {
            let run = try ExecuteTally.run(["run", "Samples/campaign.yaml", "--out", out])
            #expect(run.status == 0)
            #expect(run.stderr.hasPrefix("warning: 3 rows name no unit of the campaign: see \(out)/_unassigned/rejected.csv\nwrote \(out): results.json, summary.md and 4 unit folders\n"))
            #expect(run.stderr.hasSuffix("summary: 219 rows read, 215 valid ballots, 1 invalid, 3 of no unit; 3 answers rejected (listed in \(out)/县司法局/rejected.csv, \(out)/_unassigned/rejected.csv); 1 warning (above).\n"))
        }
        let files = FileManager.default.enumerator(atPath: outs[0])!.allObjects.compactMap { $0 as? String }.sorted()
        let written = files.filter { $0.contains(".") }
        var expected = [
            "results.json", "summary.md", "summary.html", "evidence.json", "_unassigned/rejected.csv", "_unassigned/ballots.csv", "县司法局/report.md",
            "县公安局/report.docx",
        ]
        for unit in ["县司法局", "县公安局", "县人民法院", "县人民检察院"] {
            expected += ["findings.md", "findings.html", "findings.docx", "appendix.md", "appendix.docx", "rejected.csv", "ballots.csv"].map { "\(unit)/\($0)" }
        }
        #expect(written.sorted() == expected.sorted())
        for file in files where !file.hasSuffix("/") {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: outs[0] + "/" + file, isDirectory: &isFolder), isFolder.boolValue { continue }
            #expect(FileManager.default.contents(atPath: outs[0] + "/" + file) == FileManager.default.contents(atPath: outs[1] + "/" + file), "\(file)")
        }
    }

    @Test func runGoesOnPastAVoidUnit() throws {
        try folder.write("mini.yaml", text: "id: mini\nscales:\n  g:\n    options: [{ label: 好, score: 100 }, { label: 差, score: 0 }]\nquestions:\n  - { id: q, text: 评价, scale: g }\n")
        try folder.write("a.csv", text: "评价\n好\n好\n好\n")
        try folder.write("b.csv", text: "评价\n好\n差\n")
        let campaign = try folder.write("c.yaml", text: "form: mini.yaml\nunits:\n  - { name: 甲, issued: 2, responses: [a.csv] }\n  - { name: 乙, issued: 2, responses: [b.csv] }\n")
        let run = try ExecuteTally.run(["run", campaign, "--out", folder.path("out")])
        #expect(run.status == 0)
        #expect(run.stderr.hasPrefix("warning: 甲: 收回3张，多于发出的2张，测评无效; its results are void, the other units went on\n"))
        let summary = try String(contentsOfFile: folder.path("out/summary.md"), encoding: .utf8)
        #expect(summary.contains("| 甲 | mini | 2 | 3 | 3 | 0 | — | — | — | — | 收回3张，多于发出的2张，测评无效 |"))
        #expect(summary.contains("| 乙 | mini | 2 | 2 | 2 | 0 | 100.0% | 50.0 | — | 1 |"))
        let findings = try String(contentsOfFile: folder.path("out/甲/findings.md"), encoding: .utf8)
        #expect(findings.contains("**收回3张，多于发出的2张，测评无效。本单位测评结果不予采用，应重新组织测评。**"))
    }

    @Test func usageErrorsKeepTheParsersStatus() throws {
        #expect(try ExecuteTally.run(["score", Self.wjx]).status == 64)
        #expect(try ExecuteTally.run(["score", "--form", "x", Self.wjx, "--format", "pdf"]).status == 64)
        #expect(try ExecuteTally.run(["score", "--form", "x", Self.wjx, "--encoding", "klingon-8"]).status == 64)
        // A number past any real count is a usage error, never a trap (issue 26, point 4).
        let huge = try ExecuteTally.run(["score", "--form", "leadership-evaluation", Self.wjx, "--issued", "9223372036854775807"])
        #expect(huge.status == 64 && huge.stderr.contains("is more than 10000000 ballots"))
    }

    @Test func inspectShowsShapeEncodingAndColumns() throws {
        let run = try ExecuteTally.run(["inspect", "--form", "leadership-evaluation", "Samples/leadership/wjx-text-gb18030.csv"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("  encoding:  GB18030\n  delimiter: ,\n  shape:     问卷星 (按选项文本) (the header starts with 序号,提交答卷时间,所用时间,来源,来源详情,来自IP)\n  records:   56 (the header's row not counted)\n"))
        #expect(run.stdout.contains("    13  7、对班子成员的个人评价—主要负责同志  ->  question cadres, row 主要负责同志\n"))
        #expect(run.stdout.contains("    14  分管副职甲  ->  question cadres, row 分管副职甲\n"))
        #expect(run.stdout.contains("     1  序号  ->  ignored\n"))
        #expect(run.stdout.contains("     3  所用时间  ->  duration\n"))
        #expect(run.stdout.contains("  ignored columns: 5\n"))
        let hand = try ExecuteTally.run(["inspect", "--form", "leadership-evaluation", "Samples/leadership/excel-by-hand-gb18030.csv"])
        #expect(hand.stdout.contains("shape:     generic (header text)"))
        #expect(!hand.stdout.contains("no column for question"))
    }
}

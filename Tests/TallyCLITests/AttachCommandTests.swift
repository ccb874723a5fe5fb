import Foundation
import Testing
import TallyTestSupport

@Suite("tally attach", .serialized)
struct AttachCommandTests {
    let folder: TemporaryFolder
    init() throws { folder = try TemporaryFolder() }

    @Test func attachEqualsWhatRunWrote() throws {
        let out = folder.path("out")
        #expect(try ExecuteTally.run(["run", "Samples/campaign.yaml", "--out", out]).status == 0)
        let attached = folder.path("report.md")
        let run = try ExecuteTally.run(["attach", out + "/results.json", "--into", "Samples/reports/县司法局.md", "--unit", "县司法局", "--out", attached])
        #expect(run.status == 0)
        // What was replaced is said, piece by piece, with its line.
        #expect(run.stderr == "Samples/reports/县司法局.md: replaced {{tally:methods}} (line 10), {{tally:results}} (line 16), "
            + "{{tally:problems}} (line 20; empty, nothing to say), {{tally:appendix}} (line 28)\n")
        #expect(FileManager.default.contents(atPath: attached) == FileManager.default.contents(atPath: out + "/县司法局/report.md"))
        let text = try String(contentsOfFile: attached, encoding: .utf8)
        #expect(text.contains("本次民主测评有效票55张，干部职工对领导班子总体评价的好评率为92.6%"))
        let docx = folder.path("report.docx")
        let word = try ExecuteTally.run(["attach", out + "/results.json", "--into", "Samples/reports/县公安局.docx", "--unit", "县公安局", "--out", docx])
        #expect(word.status == 0)
        #expect(FileManager.default.contents(atPath: docx) == FileManager.default.contents(atPath: out + "/县公安局/report.docx"))
    }

    @Test func mistakesAreNamed() throws {
        let out = folder.path("out")
        _ = try ExecuteTally.run(["run", "Samples/campaign.yaml", "--out", out])
        let report = try folder.write("r.md", text: "# 报告\n\n得分{{tally:县公安局.indx}}分\n")
        let unknown = try ExecuteTally.run(["attach", out + "/results.json", "--into", report, "--unit", "县公安局", "--out", folder.path("x.md")])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.hasPrefix("\(report):3: error: unknown placeholder {{tally:县公安局.indx}}; the pieces are {{tally:methods}}"))
        // The figures it suggests are the report's unit's, not the first units of the results.
        #expect(unknown.stderr.contains("{{tally:县公安局.index}}") && !unknown.stderr.contains("县司法局"))
        #expect(!FileManager.default.fileExists(atPath: folder.path("x.md")))
        let which = try ExecuteTally.run(["attach", out + "/results.json", "--into", report, "--out", folder.path("x.md")])
        #expect(which.stderr == "error: the results hold several units; pass --unit (one of: 县司法局, 县公安局, 县人民法院, 县人民检察院)\n")
        let bare = try folder.write("bare.md", text: "# 报告\n")
        let appended = try ExecuteTally.run(["attach", out + "/results.json", "--into", bare, "--unit", "县公安局", "--out", folder.path("y.md")])
        #expect(appended.status == 0)
        #expect(appended.stderr == "warning: \(bare) has no findings placeholder; the section was added at the end\n")
    }
}

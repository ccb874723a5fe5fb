import Foundation
import Testing
import TallyTestSupport

/// Every kind of bad input gives exit status 1 and one message naming the file and line
/// and what to do, or, where the input is only partly bad, a result that accounts for every row.
@Suite("Bad inputs", .serialized)
struct BadInputCatalogueTests {
    let folder: TemporaryFolder
    init() throws { folder = try TemporaryFolder() }

    static let header = "1、您的身份,2、对领导班子的总体评价,3、政治建设,4、党风廉政建设,5、纪律作风,6、履职尽责,7、对班子成员的个人评价—主要负责同志,分管副职甲,分管副职乙,纪检监察负责同志,8、您认为领导班子存在的主要问题（可多选）,9、您对领导班子的意见和建议"
    static let ballot = "一般干警,好,好,较好,好,好,优秀,称职,称职,优秀,(跳过),无"

    func score(_ path: String, _ extra: [String] = []) throws -> TallyRun {
        try ExecuteTally.run(["score", "--form", "leadership-evaluation", path, "--unit", "某单位"] + extra)
    }

    func expectFailure(_ run: TallyRun, _ message: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(run.status == 1, sourceLocation: sourceLocation)
        #expect(run.stderr == message + "\n", sourceLocation: sourceLocation)
        #expect(run.stdout.isEmpty, sourceLocation: sourceLocation)
    }

    @Test func emptyFile() throws {
        let path = try folder.write("empty.csv", text: "")
        expectFailure(try score(path), "\(path): error: the file is empty: it has no header row; export the responses again")
    }

    @Test func headerOnly() throws {
        let path = try folder.write("header.csv", text: Self.header + "\n")
        expectFailure(try score(path), "\(path):1: error: the file has a header row but no responses; check that it is the right export")
    }

    @Test func binaryGarbageAndNULBytes() throws {
        var bytes: [UInt8] = Array("PK\u{3}\u{4}".utf8) + [0x14, 0x00, 0x06, 0x00]
        // Deterministic garbage (a linear congruential generator), so the test is repeatable.
        var state: UInt32 = 12345
        for _ in 0..<5000 {
            state = state &* 1_103_515_245 &+ 12_345
            bytes.append(UInt8(truncatingIfNeeded: state >> 16))
        }
        let xlsx = try folder.write("export.xlsx", bytes: bytes)
        expectFailure(
            try score(xlsx),
            "\(xlsx): error: not an Excel workbook (.xlsx is a zip file); if it is a CSV, name it .csv; else open it in Excel or WPS and save it as .xlsx")
        let renamed = try folder.write("export.csv", bytes: bytes)
        let message = "error: the file holds NUL bytes here: it is not a CSV text file (a workbook named .csv, or text that lost its encoding mark); "
            + "an Excel workbook is read as it is when named .xlsx, else save it as CSV UTF-8"
        expectFailure(try score(renamed), "\(renamed):1: \(message)")
        let nul = try folder.write("nul.csv", bytes: Array((Self.header + "\n" + Self.ballot + "\n").utf8) + [0] + Array("x\n".utf8))
        expectFailure(try score(nul), "\(nul):3: \(message)")
    }

    @Test func utf16WithoutBOMIsRead() throws {
        var bytes: [UInt8] = []
        for unit in (Self.header + "\r\n" + Self.ballot + "\r\n").utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let path = try folder.write("unicode.txt", bytes: bytes)
        let run = try score(path, ["--format", "json"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("\"encoding\": \"utf-16le\""))
    }

    @Test func unterminatedQuote() throws {
        let path = try folder.write("open.csv", text: Self.header + "\n" + Self.ballot + "\n一般干警,\"好,好\n")
        expectFailure(try score(path), "\(path):3: error: a quoted field that starts in the record on this line is never closed; the file may be truncated: export it again")
    }

    @Test func moreFieldsThanTheHeader() throws {
        let path = try folder.write("wide.csv", text: Self.header + "\n" + Self.ballot + "\n" + Self.ballot + ",多,余\n" + Self.ballot + "\n")
        expectFailure(try score(path), "\(path):3: error: this record has 14 fields but the header has 12; a cell probably holds an unquoted delimiter (pass --skip-bad-rows to list such rows and go on)")
        // Skipped, the row is an invalid ballot listed with its line: every row is accounted for.
        let out = folder.path("out")
        let run = try score(path, ["--skip-bad-rows", "--out", out])
        #expect(run.status == 0)
        let results = try String(contentsOfFile: out + "/results.json", encoding: .utf8)
        #expect(results.contains("\"rows\": 3,\n        \"valid\": 2,\n        \"invalid\": 1,"))
        let rejected = try String(contentsOfFile: out + "/某单位/rejected.csv", encoding: .utf8)
        #expect(rejected.contains("\"3\",\"3\",\"\",\"\",\"行格式错误：this record has 14 fields but the header has 12\""))
    }

    @Test func invalidBytesInAUTF8File() throws {
        let path = try folder.write("bad-utf8.csv", bytes: Array((Self.header + "\n" + Self.ballot + "\n").utf8) + [0xE5, 0xA5, 0x0A])
        expectFailure(
            try score(path, ["--encoding", "utf-8"]),
            "\(path):3: error: bytes here are not valid UTF-8: save it again as CSV UTF-8, or pass the encoding it was saved in (--encoding NAME, any name iconv knows, e.g. big5)")
        // Undeclared, bytes valid in neither UTF-8, GB18030 nor Windows-1252 name their line too.
        let junk = try folder.write("junk.csv", bytes: Array("id,comment\n1,ok\n".utf8) + [0x81, 0x0A])
        expectFailure(
            try score(junk),
            "\(junk):3: error: bytes here are not valid GB18030; the file is neither UTF-8, GB18030 nor Windows-1252: save it again as CSV UTF-8, or pass the encoding it was saved in (--encoding NAME, any name iconv knows, e.g. big5)")
    }

    @Test func aFiftyMegabyteField() throws {
        let big = String(repeating: "意见", count: 50 << 20 / 6)
        let path = try folder.write("big.csv", text: Self.header + "\n" + Self.ballot.replacingOccurrences(of: ",无", with: ",\"\(big)\"") + "\n" + Self.ballot + "\n")
        let run = try score(path, ["--format", "json"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("\"rows\": 2,\n        \"valid\": 2,"))
    }

    @Test func twentyThousandColumns() throws {
        let junk = (1...20_000).map { "extra\($0)" }
        let path = try folder.write("wide.csv", text: ([Self.header] + junk).joined(separator: ",") + "\n" + ([Self.ballot] + junk.map { _ in "" }).joined(separator: ",") + "\n")
        let run = try score(path, ["--format", "json"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("\"valid\": 1,"))
        let inspect = try ExecuteTally.run(["inspect", "--form", "leadership-evaluation", path])
        #expect(inspect.stdout.contains("  ignored columns: 20000\n"))
    }

    @Test func duplicateHeaders() throws {
        let path = try folder.write("dup.csv", text: Self.header + ",2、对领导班子的总体评价\n" + Self.ballot + ",差\n")
        expectFailure(try score(path), "\(path):1: error: columns 2 and 13 are both named '2、对领导班子的总体评价'; rename one in the file, or name the right one in the form by its position: column: { index: N }")
    }

    @Test func aQuestionsColumnIsMissing() throws {
        let path = try folder.write("less.csv", text: "1、您的身份,2、对领导班子的总体评价\n一般干警,好\n")
        let run = try score(path)
        #expect(run.status == 1)
        #expect(run.stderr.hasPrefix("\(path):1: error: 7 questions have no column in this file\n  question 'politics': tried id 'politics', text '政治建设'\n"))
        #expect(run.stderr.hasSuffix("  add 'column:' to the question in the form, or pass --allow-missing-columns to score without it\n"))
    }

    @Test func aRenamedQuestionsNearestHeaderIsNamed() throws {
        let renamed = Self.header.replacingOccurrences(of: "2、对领导班子的总体评价", with: "2、领导班子总体评价情况")
        let path = try folder.write("renamed.csv", text: renamed + "\n" + Self.ballot + "\n")
        let run = try score(path)
        #expect(run.status == 1)
        #expect(run.stderr.hasPrefix("""
            \(path):1: error: a question has no column in this file
              question 'overall': tried id 'overall', text '对领导班子的总体评价'
                nearest header: column 2 '2、领导班子总体评价情况' (if it is this question: column: '2、领导班子总体评价情况')

            """))
        // Nothing near: no guess.
        let far = try folder.write("far.csv", text: Self.header.replacingOccurrences(of: "2、对领导班子的总体评价", with: "备注") + "\n" + Self.ballot + "\n")
        #expect(try !score(far).stderr.contains("nearest header"))
        // A header wider than any questionnaire's (here 2,001 columns) gets no hints: they would
        // cost seconds and say nothing.
        let junk = (1...2_001 - 12).map { "x\($0)" }
        let wide = try folder.write("wide.csv", text: ([renamed] + junk).joined(separator: ",") + "\n" + ([Self.ballot] + junk.map { _ in "" }).joined(separator: ",") + "\n")
        let wideRun = try score(wide)
        #expect(wideRun.status == 1 && wideRun.stderr.contains("a question has no column") && !wideRun.stderr.contains("nearest header"))
    }

    @Test func aFileOfAnotherBuiltinFormSaysWhichFormItFits() throws {
        let path = try folder.write("leadership.csv", text: Self.header + "\n" + Self.ballot + "\n")
        let run = try ExecuteTally.run(["score", "--form", "public-satisfaction", path])
        #expect(run.status == 1)
        #expect(run.stderr.contains(
            "\n  this file fits the built-in form 'leadership-evaluation' (领导班子和领导干部民主测评表) better: 8 of its 8 questions have "
                + "a column here; if that is the questionnaire, pass --form leadership-evaluation\n"))
        // A file that fits no built-in form better gets no such line.
        let less = try folder.write("less.csv", text: "1、您的身份,2、对领导班子的总体评价\n一般干警,好\n")
        #expect(try !score(less).stderr.contains("fits the built-in form"))
    }

    @Test func aWordDocumentPDFOrImageIsCalledWhatItIs() throws {
        let docx = PackagePaths.samples.appendingPathComponent("reports/县公安局.docx").path
        let pdf = try folder.write("ballots.pdf", bytes: Array("%PDF-1.4\n%âãÏÓ\n".utf8))
        let png = try folder.write("photo.csv", bytes: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D])
        let xls = try folder.write("old.xls", bytes: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0])
        let fix = "not a response file: give the survey platform's export (CSV or .xlsx) or the keying sheet (tally forms sheet FORM makes one; paper ballots are keyed into it)"
        expectFailure(try score(docx), "\(docx): error: this is a Word document, \(fix)")
        expectFailure(try score(pdf), "\(pdf): error: this is a PDF, \(fix)")
        expectFailure(try score(png), "\(png): error: this is an image, \(fix)")
        expectFailure(
            try score(xls),
            "\(xls): error: this is an old-format Office file (.xls or .doc), which tally does not read: open it in Excel or WPS and save it as .xlsx (Excel workbook) or CSV UTF-8, then give that file")
        // A workbook named .csv is read as the workbook it is (here: a keying sheet with no ballots yet).
        let sheet = folder.path("sheet.xlsx")
        #expect(try ExecuteTally.run(["forms", "sheet", "leadership-evaluation", "--out", sheet]).status == 0)
        let named = try folder.write("sheet.csv", bytes: Array(FileManager.default.contents(atPath: sheet)!))
        let run = try score(named)
        #expect(run.status == 1)
        #expect(run.stderr.contains("has a header row but no responses"))
    }

    @Test func formMistakes() throws {
        let path = try folder.write("r.csv", text: "q\n好\n")
        let syntax = try folder.write("syntax.yaml", text: "id: x\nquestions:\n  - { id: q, scale: [a }\n")
        let run = try ExecuteTally.run(["score", "--form", syntax, path])
        #expect(run.status == 1)
        #expect(run.stderr.hasPrefix("\(syntax):3:"))
        #expect(run.stderr.contains("error: YAML syntax:"))
        let weights = try folder.write("weights.yaml", text: "id: x\nscales: { g: { options: [好] } }\nrespondents:\n  column: s\n  groups: [{ id: a, label: A, weight: 0 }]\nquestions:\n  - { id: q, scale: g }\n")
        expectFailure(
            try ExecuteTally.run(["score", "--form", weights, path]),
            "\(weights):5:11: error: respondents.groups: every group weight is 0: at least one must be positive")
    }

    @Test func missingFileAndUnwritableOutput() throws {
        expectFailure(try score(folder.path("nope.csv")), "\(folder.path("nope.csv")): error: cannot read the file (No such file or directory); check the path and its permissions")
        let path = try folder.write("ok.csv", text: Self.header + "\n" + Self.ballot + "\n")
        let blocked = try folder.write("blocked", text: "a file where a folder should be")
        let run = try score(path, ["--out", blocked + "/out"])
        #expect(run.status == 1)
        #expect(run.stderr.hasPrefix("\(blocked)/out: error: cannot write ("))
    }

    /// A full disk, simulated by a 64 KiB tmpfs (needs root; skipped where mounting is refused).
    @Test func fullDiskLeavesNoHalfWrittenFile() throws {
        let mountPoint = folder.path("tiny")
        try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
        let mount = Process()
        mount.executableURL = URL(fileURLWithPath: "/bin/mount")
        mount.arguments = ["-t", "tmpfs", "-o", "size=64k", "tmpfs", mountPoint]
        mount.standardError = FileHandle.nullDevice
        guard (try? mount.run()) != nil else { return }
        mount.waitUntilExit()
        guard mount.terminationStatus == 0 else { return }
        defer {
            let umount = Process()
            umount.executableURL = URL(fileURLWithPath: "/bin/umount")
            umount.arguments = [mountPoint]
            try? umount.run()
            umount.waitUntilExit()
        }
        let run = try ExecuteTally.run(["run", "Samples/campaign.yaml", "--out", mountPoint + "/out"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("error: cannot write (No space left on device); check that the folder is writable and the disk has room"))
        // Whatever was written is whole: no temporary file is left, and every results.json present parses.
        let files = FileManager.default.enumerator(atPath: mountPoint)?.allObjects.compactMap { $0 as? String } ?? []
        #expect(!files.contains { $0.contains(".tmp-") })
        if files.contains("out/results.json") {
            let data = try Data(contentsOf: URL(fileURLWithPath: mountPoint + "/out/results.json"))
            #expect((try? JSONSerialization.jsonObject(with: data)) != nil)
        }
    }
}

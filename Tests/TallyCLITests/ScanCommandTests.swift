import Foundation
import Testing
import TallyPaper
import TallyScan
import TallyScanCorpus
import TallyTestSupport

/// The paper path end to end with the built `tally`: a scannable ballot printed, four sheets
/// marked and scanned (turned, noisy, one upside down), `tally scan` sending its one doubt to a
/// person, the person's decision given back, and the response file scored by `tally score`.
@Suite("tally scan", .serialized)
struct ScanCommandTests {
    let folder: TemporaryFolder
    init() throws { folder = try TemporaryFolder() }

    static let sheets: [[String: ScanCorpus.Mark]] = [
        ["respondents||班子成员": .tick, "overall||好": .tick, "politics||好": .tick, "cadres|主要负责同志|优秀": .tick, "cadres|分管副职甲|优秀": .cross],
        ["respondents||中层干部": .tick, "overall||较好": .cross, "overall||好": .filled, "problems||其他": .tick],
        ["respondents||一般干部": .tick, "overall||好": .overrun, "discipline||差": .stray, "cadres|主要负责同志|称职": .tick],
        // Three 优秀 of four: over the quota (at most half), so the engine voids this matrix.
        ["respondents||一般干部": .tick, "overall||一般": .tick, "cadres|主要负责同志|优秀": .tick, "cadres|分管副职甲|优秀": .tick, "cadres|分管副职乙|优秀": .tick],
    ]

    @Test func printScanDecideScore() throws {
        let ballot = folder.path("测评票.pdf"), layout = folder.path("layout.json")
        let printed = try ExecuteTally.run(["forms", "ballot", "leadership-evaluation", "--unit", "县司法局", "--scannable", "--out", ballot, "--layout", layout])
        #expect(printed.status == 0, "\(printed.stderr)")
        let layoutFile = try BallotLayout.read(Data(contentsOf: URL(fileURLWithPath: layout)))
        #expect(layoutFile.pages.count == 1 && layoutFile.unit == "县司法局")

        // Mark and spoil each sheet, then "scan" them into one PDF.
        let dpi = 150.0
        let blank = try ScanCorpus.render(pdf: Array(Data(contentsOf: URL(fileURLWithPath: ballot))), dpi: dpi)[0]
        var random = ScanCorpus.Random(seed: 11)
        var pages: [GreyImage] = []
        for (index, marks) in Self.sheets.enumerated() {
            var image = blank
            for box in layoutFile.pages[0].boxes {
                if let mark = marks["\(box.question)|\(box.row ?? "")|\(box.option)"] { ScanCorpus.mark(&image, box: box, mark, perMM: dpi / 25.4, random: &random) }
            }
            var distortion = ScanCorpus.Distortion()
            distortion.degrees = index % 2 == 0 ? 1.5 : -2
            distortion.noise = 6
            distortion.upsideDown = index == 2
            pages.append(ScanCorpus.distort(image, distortion, perMM: dpi / 25.4, random: &random))
        }
        let scan = try folder.write("扫描.pdf", bytes: ScanCorpus.scanPDF(pages))

        let out = folder.path("out")
        let first = try ExecuteTally.run(["scan", "--form", "leadership-evaluation", "--unit", "县司法局", scan, "--out", out, "--dpi", "150"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("1 items await a person"), "\(first.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out + "/扫描票-县司法局.csv"))
        let review = try String(contentsOfFile: out + "/scan-review.csv", encoding: .utf8)
        let rows = review.split(whereSeparator: \.isNewline).map(String.init)
        #expect(rows.count == 2)
        #expect(rows[1].contains("\"勾选存疑\",\"扫描.pdf\",\"3\",\"3\",\"纪律作风\",\"\",\"差\""), "\(rows[1])")
        let crop = rows[1].components(separatedBy: "\",\"")[9]
        #expect(FileManager.default.contents(atPath: out + "/" + crop)?.starts(with: [0x89, 0x50]) == true)
        let pagesCSV = try String(contentsOfFile: out + "/scan-pages.csv", encoding: .utf8)
        #expect(pagesCSV.contains("\"扫描.pdf\",\"3\",\"需复核\"") && pagesCSV.contains("\"是\""))

        // The clerk looks at the crop: a slip of the pen, not a choice.
        let decisions = try folder.write("decisions.csv", text: rows[0] + "\n" + rows[1].replacingOccurrences(of: ",\"\"", with: ",\"不选\"", options: .backwards, range: rows[1].range(of: ",\"\"", options: .backwards)) + "\n")
        let second = try ExecuteTally.run(["scan", "--form", "leadership-evaluation", "--unit", "县司法局", scan, "--out", out, "--dpi", "150", "--decisions", decisions])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stderr.contains("wrote \(out)/扫描票-县司法局.csv: 4 ballots"), "\(second.stderr)")

        let scored = folder.path("results")
        let score = try ExecuteTally.run(["score", "--form", "leadership-evaluation", out + "/扫描票-县司法局.csv", "--unit", "县司法局", "--out", scored, "-q"])
        #expect(score.status == 0, "\(score.stderr)")
        let results = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: scored + "/results.json"))) as? [String: Any]
        let unit = try #require((results?["units"] as? [[String: Any]])?.first)
        let ballots = try #require(unit["ballots"] as? [String: Any])
        #expect(ballots["rows"] as? Int == 4 && ballots["valid"] as? Int == 4)
        #expect(unit["respondents"] as? [String: Int] == ["班子成员": 1, "中层干部": 1, "一般干部": 2])
        let questions = try #require(unit["questions"] as? [[String: Any]])
        let overall = try #require(questions.first { $0["id"] as? String == "overall" })
        // 好 twice (a tick, an overrunning tick), 较好 once (the filled 好 taken back), 一般 once.
        #expect(overall["counts"] as? [String: Int] == ["好": 2, "较好": 1, "一般": 1, "差": 0, "不了解": 0])
        let discipline = try #require(questions.first { $0["id"] as? String == "discipline" })
        #expect(discipline["n"] as? Int == 0)
    }

    @Test func badInputIsNamed() throws {
        let damaged = try folder.write("坏.pdf", bytes: Array("%PDF-1.4 nothing".utf8))
        let run = try ExecuteTally.run(["scan", "--form", "leadership-evaluation", "--unit", "县司法局", damaged, "--out", folder.path("o")])
        #expect(run.status == 1)
        #expect(run.stderr.hasPrefix("error: \(damaged): not a PDF that can be read"), "\(run.stderr)")
        let missing = try ExecuteTally.run(["scan", "--form", "leadership-evaluation", "--unit", "县司法局", folder.path("none.pdf"), "--out", folder.path("o")])
        #expect(missing.status == 1 && missing.stderr == "error: \(folder.path("none.pdf")): no such file. Check the path of the scan.\n", "\(missing.stderr)")
        // A layout of another unit is refused before anything is read.
        let layout = folder.path("l.json")
        #expect(try ExecuteTally.run(["forms", "ballot", "leadership-evaluation", "--unit", "县公安局", "--scannable", "--out", folder.path("b.pdf"), "--layout", layout]).status == 0)
        let other = try ExecuteTally.run(["scan", "--form", "leadership-evaluation", "--unit", "县司法局", folder.path("b.pdf"), "--layout", layout, "--out", folder.path("o")])
        #expect(other.status == 1 && other.stderr.hasPrefix("error: \(layout): the layout of form leadership-evaluation for “县公安局”, not of leadership-evaluation for “县司法局”."), "\(other.stderr)")
        let noUnit = try ExecuteTally.run(["forms", "ballot", "leadership-evaluation", "--scannable", "--out", folder.path("b.pdf")])
        #expect(noUnit.status == 64 && noUnit.stderr.contains("--scannable needs --unit"), "\(noUnit.stderr)")
    }
}

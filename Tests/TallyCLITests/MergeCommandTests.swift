import Foundation
import Testing
import TallyTestSupport

@Suite("tally merge", .serialized)
struct MergeCommandTests {
    let folder: TemporaryFolder
    init() throws { folder = try TemporaryFolder() }

    /// Per-county runs merged equal one run over all the files, byte for byte; with a form
    /// given by path and one of its units spread over two files.
    @Test func perFileRunsMergeIntoOneRun() throws {
        let sample = PackagePaths.samples.appendingPathComponent("public/satisfaction-wjx.csv").path
        for (index, seed) in [(1, UInt64(21)), (2, 22), (3, 23)] {
            try folder.write("county\(index).csv", text: try RecombinedSurvey.make(from: sample, rows: 300 * index, seed: seed))
        }
        let files = (1...3).map { folder.url.appendingPathComponent("county\($0).csv").path }
        let whole = try ExecuteTally.run(["score", "--form", "public-satisfaction", "--format", "json"] + files)
        #expect(whole.status == 0)
        var partials: [String] = []
        for (index, file) in files.enumerated() {
            let part = try ExecuteTally.run(["score", "--form", "public-satisfaction", "--format", "json", file])
            partials.append(try folder.write("part\(index).json", text: part.stdout))
        }
        let out = folder.url.appendingPathComponent("merged/results.json").path
        let merged = try ExecuteTally.run(["merge"] + partials + ["--out", out])
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(merged.stderr.contains("ballots from 3 results"))
        #expect(try String(contentsOfFile: out, encoding: .utf8) == whole.stdout)
        // Printed without --out.
        #expect(try ExecuteTally.run(["merge"] + partials).stdout == whole.stdout)
    }

    @Test func aFileThatIsNotResultsIsAnError() throws {
        let bad = try folder.write("bad.json", text: "{\"units\": 3}")
        let run = try ExecuteTally.run(["merge", bad])
        #expect(run.status == 1)
        #expect(run.stderr.contains("bad.json") && run.stderr.contains("not a results.json"))
    }
}

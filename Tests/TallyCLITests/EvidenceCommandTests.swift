import Foundation
import Testing
import TallyTestSupport
import ZIPFoundation

/// The ballot ledger, evidence.json, `tally evidence pack` and `tally verify`, end to end with
/// the built `tally` over a copy of `Samples/` (so that edits stay in a temporary folder).
@Suite("Evidence and ledger", .serialized)
struct EvidenceCommandTests {
    let folder: TemporaryFolder
    let work: URL

    init() throws {
        folder = try TemporaryFolder()
        work = folder.url.appendingPathComponent("work")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: PackagePaths.samples, to: work.appendingPathComponent("Samples"))
    }

    func tally(_ arguments: [String]) throws -> TallyRun { try ExecuteTally.run(arguments, in: work) }

    func campaignPack() throws -> String {
        #expect(try tally(["run", "Samples/campaign.yaml", "--out", "out", "--quiet"]).status == 0)
        let pack = work.appendingPathComponent("测评证据.zip").path
        let packed = try tally(["evidence", "pack", "out", "--to", pack])
        #expect(packed.status == 0, "\(packed.stderr)")
        return pack
    }

    /// Rewrites one entry of a zip (a pack someone edited), keeping the others.
    func rewrite(_ zip: String, entry name: String, to path: String, _ change: (Data) -> Data) throws {
        let source = try Archive(url: URL(fileURLWithPath: zip), accessMode: .read)
        let target = try Archive(url: URL(fileURLWithPath: path), accessMode: .create)
        for entry in source where entry.type == .file {
            var data = Data()
            _ = try source.extract(entry, skipCRC32: false) { data.append($0) }
            if entry.path == name { data = change(data) }
            let bytes = data
            try target.addEntry(with: entry.path, type: .file, uncompressedSize: Int64(bytes.count), compressionMethod: .deflate) { position, size in
                bytes.subdata(in: Int(position)..<Int(position) + size)
            }
        }
    }

    @Test func aCampaignRunVerifiesFromItsPackAndFromItsFolder() throws {
        let pack = try campaignPack()
        let fromPack = try tally(["verify", pack])
        #expect(fromPack.status == 0 && fromPack.stdout.hasPrefix("一致"), "\(fromPack.stderr)")
        let fromFolder = try tally(["verify", "out"])
        #expect(fromFolder.status == 0 && fromFolder.stdout.hasPrefix("一致"), "\(fromFolder.stderr)")
        // evidence.json names every input with its hash and every output but itself.
        let evidence = try JSONSerialization.jsonObject(with: Data(contentsOf: work.appendingPathComponent("out/evidence.json"))) as! [String: Any]
        let inputs = evidence["inputs"] as! [[String: Any]]
        #expect(inputs.map { $0["role"] as! String }.filter { $0 == "responses" }.count == 3)
        #expect(inputs.contains { $0["builtin"] as? String == "leadership-evaluation" })
        let outputs = (evidence["outputs"] as! [[String: Any]]).map { $0["path"] as! String }
        #expect(outputs.contains("县司法局/ballots.csv") && outputs.contains("results.json") && !outputs.contains("evidence.json"))
        #expect((evidence["command"] as! [String]) == ["run", "Samples/campaign.yaml", "--out", "<out>", "--quiet"])
        #expect(((evidence["tool"] as! [String: Any])["commit"] as! String).count >= 7)
    }

    @Test func anEditedResponseFileInsideAPackIsNamed() throws {
        let pack = try campaignPack()
        let edited = work.appendingPathComponent("edited.zip").path
        try rewrite(pack, entry: "inputs/campaign/leadership/wjx-text-utf8.csv", to: edited) { data in
            var text = String(decoding: data, as: UTF8.self)
            text = text.replacingOccurrences(of: ",较好,", with: ",好,")
            return Data(text.utf8)
        }
        let run = try tally(["verify", edited])
        #expect(run.status == 1)
        #expect(run.stderr.contains("input 'leadership/wjx-text-utf8.csv' is not the file the run read"), "\(run.stderr)")
        #expect(run.stdout.isEmpty)
    }

    @Test func anEditedOutputIsNamed() throws {
        let pack = try campaignPack()
        let edited = work.appendingPathComponent("edited-output.zip").path
        try rewrite(pack, entry: "outputs/summary.md", to: edited) { $0 + Data("x".utf8) }
        let run = try tally(["verify", edited])
        #expect(run.status == 1 && run.stderr.contains("output 'summary.md'") && run.stderr.contains("changed after the run"), "\(run.stderr)")
    }

    @Test func aPackFromANewerTallyAndADamagedOrUnsafeZipAreRefused() throws {
        let pack = try campaignPack()
        let newer = work.appendingPathComponent("newer.zip").path
        try rewrite(pack, entry: "evidence.json", to: newer) { data in
            Data(String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\"version\" : \"0.1.0\"", with: "\"version\" : \"9.2.0\"").utf8)
        }
        let run = try tally(["verify", newer])
        #expect(run.status == 1 && run.stderr.contains("made by tally 9.2.0") && run.stderr.contains("newer than this tally"), "\(run.stderr)")

        let damaged = work.appendingPathComponent("damaged.zip")
        var bytes = try Data(contentsOf: URL(fileURLWithPath: pack))
        bytes = bytes.prefix(bytes.count / 2)
        try bytes.write(to: damaged)
        let broken = try tally(["verify", damaged.path])
        #expect(broken.status == 1 && broken.stderr.contains("damaged"), "\(broken.stderr)")

        let unsafe = work.appendingPathComponent("unsafe.zip").path
        let archive = try Archive(url: URL(fileURLWithPath: unsafe), accessMode: .create)
        let payload = Data("x".utf8)
        try archive.addEntry(with: "../escaped.txt", type: .file, uncompressedSize: Int64(payload.count)) { _, _ in payload }
        let refused = try tally(["verify", unsafe])
        #expect(refused.status == 1 && refused.stderr.contains("outside the pack's folder"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.url.appendingPathComponent("escaped.txt").path))
    }

    @Test func aScoreRunVerifiesAndTheLedgerRecountsToTheResults() throws {
        let score = try tally([
            "score", "--form", "leadership-evaluation", "Samples/leadership/excel-by-hand-gb18030.csv", "--unit", "县公安局", "--out", "scored", "--quiet",
        ])
        #expect(score.status == 0, "\(score.stderr)")
        let ledger = try String(contentsOf: work.appendingPathComponent("scored/县公安局/ballots.csv"), encoding: .utf8)
        let lines = ledger.split(separator: "\r\n")
        // The header, then one line per row read (40 rows), each with the file and its row.
        #expect(lines.count == 41)
        #expect(lines[1].hasPrefix("Samples/leadership/excel-by-hand-gb18030.csv,,2,有效,"))
        let packed = try tally(["evidence", "pack", "scored", "--to", "scored.zip"])
        #expect(packed.status == 0)
        let verified = try tally(["verify", "scored.zip"])
        #expect(verified.status == 0 && verified.stdout.hasPrefix("一致"), "\(verified.stderr)")

        // The independent recount (Python, from the ledger and the form's YAML) agrees.
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = ["python3", PackagePaths.root.appendingPathComponent("scripts/recount-ledger.py").path, "scored",
                            "--forms", PackagePaths.root.appendingPathComponent("Forms").path]
        python.currentDirectoryURL = work
        let output = Pipe()
        python.standardOutput = output
        python.standardError = output
        try python.run()
        let said = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        python.waitUntilExit()
        #expect(python.terminationStatus == 0 && said.contains("0 differences"), "\(said)")
    }

    @Test func anAbsolutePathIsCheckedButCannotBeRepeated() throws {
        let file = work.appendingPathComponent("Samples/leadership/wjx-text-utf8.csv").path
        #expect(try tally(["score", "--form", "leadership-evaluation", file, "--unit", "县司法局", "--out", "abs", "--quiet"]).status == 0)
        #expect(try tally(["evidence", "pack", "abs", "--to", "abs.zip"]).status == 0)
        let run = try tally(["verify", "abs.zip"])
        #expect(run.status == 1 && run.stderr.contains("cannot be repeated with the same file names"), "\(run.stderr)")
    }
}

import Foundation
import Testing
@testable import TallyCore
import TallyRender
import TallyTestSupport

/// The ballot ledger of a file read in parts on several threads (each part writes its own
/// pieces, the later parts' rows renumbered when the pieces are joined) against the same file
/// read whole on one thread, plainly: every ballots.csv byte for byte, with the same hashes.
@Suite("Ledger read in parts")
struct LedgerPartsTests {
    /// Each unit's ballots.csv (by its path in the folder) and the hashes the join reported.
    static func ledger(form: Form, files: [String], threads: Int, reading: ImportOptions.Reading) throws -> (files: [String: Data], outputs: [Evidence.Output], parts: [Int]) {
        var options = ImportOptions()
        options.reading = reading
        options.threads = threads
        options.minimumPartSize = 1
        options.skipBadRows = true
        let session = try LedgerOutput.Session(options: &options)
        defer { session.cleanUp() }
        let document = try Tally.score(form: form, files: files, options: options)
        let folder = try TemporaryFolder()
        let outputs = try LedgerOutput.write(document, into: folder.url.path)
        var written: [String: Data] = [:]
        for output in outputs {
            let path = folder.url.appendingPathComponent(output.path).path
            written[output.path] = try Data(contentsOf: URL(fileURLWithPath: path))
            // Respondents' answers: readable by the owner only (docs/results.md, privacy).
            #expect(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int == 0o600, "\(output.path)")
        }
        return (written, outputs, document.inputs.map(\.parts))
    }

    /// 3,000 rows recombined from a sample, LF and CRLF, UTF-8 and GB18030, read in three parts.
    @Test(arguments: ["leadership/wjx-text-utf8.csv", "public/satisfaction-wjx.csv", "leader-scoring/wjx-text.csv"])
    func threePartsWriteTheLedgerOfOne(_ name: String) throws {
        let folder = try TemporaryFolder()
        let samples = PackagePaths.samples.appendingPathComponent(name).path
        let folderName = String(name.split(separator: "/")[0])
        let formID = ["leadership": "leadership-evaluation", "public": "public-satisfaction", "leader-scoring": "leader-scoring"][folderName]!
        let form = try FormLoader.load(formID)
        let text = try RecombinedSurvey.make(from: samples, rows: 3000, seed: 21)
        let crlf = try RecombinedSurvey.make(from: samples, rows: 3000, seed: 22, crlf: true)
        let files = [
            try folder.write("lf.csv", bytes: Array(text.utf8)),
            try folder.write("crlf.csv", bytes: Array(crlf.utf8)),
            try folder.write("gb.csv", bytes: gb18030Bytes(text)),
        ]
        for run in files.map({ [$0] }) + [Array(files.prefix(2))] {
            let whole = try Self.ledger(form: form, files: run, threads: 1, reading: .plain)
            let parts = try Self.ledger(form: form, files: run, threads: 3, reading: .fast)
            #expect(parts.parts.allSatisfy { $0 == 3 }, "read in \(parts.parts) parts: \(run)")
            #expect(!whole.files.isEmpty)
            #expect(parts.files.keys.sorted() == whole.files.keys.sorted())
            for (path, bytes) in whole.files {
                #expect(parts.files[path] == bytes, "\(path) differs when read in parts: \(run)")
            }
            #expect(parts.outputs.map(\.sha256) == whole.outputs.map(\.sha256))
            #expect(parts.outputs.map(\.bytes) == whole.outputs.map { whole.files[$0.path]!.count })
            // Every row read is a line, numbered as the file numbers it, none twice.
            let lines = whole.files.values.flatMap { String(decoding: $0, as: UTF8.self).split(separator: "\r\n").dropFirst() }
            #expect(lines.count == 3000 * run.count, "\(run)")
        }
    }
}

import Foundation
import Testing
import TallyTestSupport

/// Every output of every sample, the sample campaign and the 20,000-row seed-7 survey, compared
/// byte for byte (by SHA-256) with the digests in `Fixtures/golden-outputs.sha256`. A change
/// that moves a byte of any results.json, findings.md/html/docx, summary or rejected.csv fails
/// here; `scripts/golden-outputs.sh` says how to take the digests again after a reviewed change.
@Suite("Golden outputs")
struct GoldenOutputTests {
    static var surveyGenerator: Bool {
        FileManager.default.fileExists(atPath: PackagePaths.shared.appendingPathComponent("bench/gen_survey.py").path)
    }

    @Test func everyOutputIsByteIdenticalToTheDigestsTaken() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        var arguments = [ExecuteTally.binary.path, folder.path("golden")]
        if !Self.surveyGenerator { arguments.append("--no-survey") }
        let process = Process()
        process.executableURL = PackagePaths.root.appendingPathComponent("scripts/golden-outputs.sh")
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)

        let lines = { (text: String) in text.split(separator: "\n").map(String.init) }
        let produced = lines(String(decoding: data, as: UTF8.self))
        var expected = lines(try String(contentsOf: PackagePaths.fixture("golden-outputs.sha256", target: "TallyCLITests"), encoding: .utf8))
        if !Self.surveyGenerator { expected.removeAll { $0.contains("  survey/") } }
        #expect(produced.count == expected.count, "a file was added or is missing")
        let changed = zip(produced, expected).filter { $0 != $1 }.map(\.0)
        #expect(changed.isEmpty, "outputs changed: \(changed.prefix(10).map { $0.split(separator: " ").last ?? "" })")
        #expect(produced.count > 150)
    }
}

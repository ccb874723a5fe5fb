import Foundation
import Testing
import TallyTestSupport

/// `tally run` with unit names that would share a folder (issue 26, point 9), end to end.
@Suite("Output folders of a run", .serialized)
struct OutputFolderCommandTests {
    let folder: TemporaryFolder
    init() throws { folder = try TemporaryFolder() }

    @Test func unitsWhoseNamesWouldCollideWriteTwoFolders() throws {
        let sample = try String(contentsOf: PackagePaths.samples.appendingPathComponent("leadership/wjx-text-utf8.csv"), encoding: .utf8)
        let lines = sample.split(separator: "\n", omittingEmptySubsequences: false)
        try folder.write("c/one.csv", text: lines.prefix(11).joined(separator: "\n") + "\n")
        try folder.write("c/two.csv", text: ([lines[0]] + lines.dropFirst(11).prefix(20)).joined(separator: "\n") + "\n")
        let campaign = try folder.write("c/campaign.yaml", text: """
            form: leadership-evaluation
            units:
              - { name: 县司法局/城关所, responses: [one.csv] }
              - { name: 县司法局_城关所, responses: [two.csv] }

            """)
        let out = folder.path("out")
        let run = try ExecuteTally.run(["run", campaign, "--out", out])
        #expect(run.status == 0, "\(run.stderr)")
        let folders = try FileManager.default.contentsOfDirectory(atPath: out).filter { $0.hasPrefix("县司法局") }.sorted()
        #expect(folders.count == 2 && folders.contains("县司法局_城关所"), "\(folders)")
        // Each folder holds its own unit's findings, neither replaced by the other's (Markdown escapes _).
        for (name, unit) in [("县司法局_城关所", "县司法局\\_城关所"), (folders.first { $0 != "县司法局_城关所" } ?? "", "县司法局/城关所")] {
            let findings = try String(contentsOfFile: "\(out)/\(name)/findings.md", encoding: .utf8)
            #expect(findings.hasPrefix("## \(unit)民主测评情况"), "\(name)")
        }
        // A control character in a unit name is refused at its line, before anything is read.
        let bad = try folder.write("c/bad.yaml", text: "form: leadership-evaluation\nunits:\n  - { name: \"县司法局\\u0001\", responses: [one.csv] }\n")
        let refused = try ExecuteTally.run(["run", bad, "--out", folder.path("bad")])
        #expect(refused.status != 0 && refused.stderr.contains("bad.yaml:3:") && refused.stderr.contains("control character (U+0001)"), "\(refused.stderr)")
    }
}

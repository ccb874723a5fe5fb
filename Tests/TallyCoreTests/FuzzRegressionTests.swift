import Foundation
import Testing
@testable import TallyCore
import TallyTestSupport

/// Inputs that crashed a fuzzer (`make fuzz`), replayed the way the fuzz target runs them.
@Suite("Fuzzing regressions")
struct FuzzRegressionTests {
    static let folder = PackagePaths.fixture("fuzz", target: "TallyCoreTests")

    static var answerMatcherInputs: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasPrefix("answer-matcher-") }.sorted()
    }

    @Test func thereAreRegressionInputs() {
        #expect(!Self.answerMatcherInputs.isEmpty)
    }

    /// As `Fuzz/Sources/FuzzAnswerMatcher`: an odd first byte means the rest is the whole file.
    @Test(arguments: answerMatcherInputs)
    func answerMatcher(_ name: String) throws {
        let input = try Data(contentsOf: Self.folder.appendingPathComponent(name))
        let scratch = try TemporaryFolder()
        defer { scratch.cleanUp() }
        let header = "1、您的身份,2、对领导班子的总体评价\n"
        let contents = (input.first ?? 0) & 1 == 0 ? Array(header.utf8) + Array(input.dropFirst()) : Array(input.dropFirst())
        let path = try scratch.write("r.csv", bytes: contents)
        var options = ImportOptions()
        options.allowMissingColumns = true
        options.skipBadRows = true
        if let document = try? Tally.score(form: try FormLoader.load("leadership-evaluation"), files: [path], unit: "u", options: options) {
            for unit in document.units { #expect(unit.ballots.rows == unit.ballots.valid + unit.ballots.invalid) }
        }
    }

    @Test func longDigitRunsAreNotQuestionNumbers() {
        let header = String(repeating: "0", count: 40) + "1、题干"
        #expect(HeaderText.dropLeadingNumber(header).number == nil)
        #expect(HeaderText.normalise(header) == header)
        #expect(HeaderText.dropLeadingNumber("123456789、题干").number == 123_456_789)
        #expect(HeaderText.dropLeadingNumber("1234567890、题干").number == nil)
    }
}

import Foundation
import Testing
@testable import TallyCore
import TallyTestSupport

/// One questionnaire answered identically, exported by eight platforms
/// (`Fixtures/platforms/make_platforms.py`): every shape must give the same tallies.
@Suite("Platform export shapes")
struct PlatformShapeTests {
    static let folder = PackagePaths.fixture("platforms", target: "TallyCoreTests")
    static var form: Form { get throws { try FormLoader.load(folder.appendingPathComponent("form.yaml").path) } }

    struct Case: Sendable, CustomTestStringConvertible {
        var file: String
        var shape: ExportShape
        var encoding: String
        /// Invalid ballots by reason: the extra rows of files that carry durations or completion.
        var invalid: [String: Int]
        var testDescription: String { file }
    }

    static let cases = [
        Case(file: "wjx-text.csv", shape: .wjxText, encoding: "utf-8", invalid: ["too_fast": 1]),
        Case(file: "wjx-text-gb18030.csv", shape: .wjxText, encoding: "gb18030", invalid: ["too_fast": 1]),
        Case(file: "wjx-numbered.csv", shape: .wjxNumbered, encoding: "utf-8", invalid: ["too_fast": 1]),
        Case(file: "wjx-numbered-gb18030.csv", shape: .wjxNumbered, encoding: "gb18030", invalid: ["too_fast": 1]),
        Case(file: "tencent.csv", shape: .tencent, encoding: "utf-8-bom", invalid: ["too_fast": 1]),
        Case(file: "jinshuju.csv", shape: .jinshuju, encoding: "utf-8", invalid: ["too_fast": 1]),
        Case(file: "limesurvey.csv", shape: .limeSurvey, encoding: "utf-8-bom", invalid: ["incomplete": 1, "too_fast": 1]),
        Case(file: "kobo.csv", shape: .kobo, encoding: "utf-8", invalid: ["too_fast": 1]),
        Case(file: "google.csv", shape: .googleForms, encoding: "utf-8", invalid: [:]),
        Case(file: "excel-gb18030.csv", shape: .generic, encoding: "gb18030", invalid: [:]),
    ]

    /// The form's `min_seconds` and `incomplete` apply where a platform writes durations and
    /// completion; elsewhere they are skipped, as a user would with `--skip-rule`.
    static func score(_ file: String) throws -> ResultsDocument {
        var options = ImportOptions()
        options.skipRules = ["min_seconds", "incomplete"]
        return try Tally.score(form: form, files: [folder.appendingPathComponent(file).path], unit: "某单位", options: options)
    }

    /// The figures that must not depend on the platform: respondents and every question.
    static func figures(_ unit: UnitResult) -> String {
        let json = ResultsDocument.unit(unit, wording: CodeWording())
        return [json["respondents"], json["questions"], json["index"]].map { $0!.serialized() }.joined()
    }

    static var reference: String { get throws { figures(try score("google.csv").units[0]) } }

    @Test(arguments: cases)
    func tallyIsTheSameInEveryShape(_ c: Case) throws {
        let document = try Self.score(c.file)
        let unit = document.units[0]
        #expect(document.inputs[0].shape == c.shape)
        #expect(document.inputs[0].format.encoding.rawValue == c.encoding)
        #expect(unit.ballots.valid == 24)
        #expect(unit.ballots.invalid == c.invalid.values.reduce(0, +))
        #expect(Dictionary(uniqueKeysWithValues: unit.invalidReasons.map { ($0.code, $0.count) }) == c.invalid)
        #expect(try Self.figures(unit) == Self.reference)
        // Only the rules the platform gives no data for are skipped, and the results say so.
        let skipped = unit.warnings.filter { $0.code == .ruleSkipped }.compactMap(\.items.first?.value)
        #expect(skipped.contains("min_seconds") == (c.file == "google.csv" || c.file == "excel-gb18030.csv"))
        #expect(skipped.contains("incomplete") == (c.file != "limesurvey.csv"))
    }

    @Test func referenceIsNotEmpty() throws {
        let unit = try Self.score("google.csv").units[0]
        #expect(unit.question("problems")!.whole!.overall.counts.map(\.count) == [11, 10, 7, 9])
        #expect(unit.question("cadres")!.rows.count == 3)
    }

    @Test func durationsAndTimestamps() {
        #expect(DurationSource.parse("95秒") == 95)
        #expect(DurationSource.parse("1分35秒") == 95)
        #expect(DurationSource.parse("1分钟35秒") == 95)
        #expect(DurationSource.parse("2分钟") == 120)
        #expect(DurationSource.parse("1小时2分3秒") == 3723)
        #expect(DurationSource.parse("00:01:35") == 95)
        #expect(DurationSource.parse("1:35") == 95)
        #expect(DurationSource.parse("95.5") == 95.5)
        #expect(DurationSource.parse("很久") == nil && DurationSource.parse("") == nil && DurationSource.parse("5分x") == nil)
        let kobo = DurationSource.startEnd(start: 0, end: 1)
        #expect(kobo.seconds { ["2021-05-12T09:00:00.000+08:00", "2021-05-12T09:00:12.500+08:00"][$0] } == 12.5)
        #expect(kobo.seconds { ["2021-05-12T09:00:00+08:00", "2021-05-12T10:00:00+09:00"][$0] } == 0)
    }

    @Test func unfinishedResponsesCanCountAsPartial() throws {
        var yaml = try String(contentsOf: Self.folder.appendingPathComponent("form.yaml"), encoding: .utf8)
        yaml = yaml.replacingOccurrences(of: "incomplete: invalid", with: "incomplete: partial")
        let form = try FormLoader.parse(yaml, file: "form.yaml")
        let unit = try Tally.score(form: form, files: [Self.folder.appendingPathComponent("limesurvey.csv").path], unit: "u").units[0]
        #expect(unit.ballots.valid == 25 && unit.invalidReasons.map(\.code) == ["too_fast"])
    }

    @Test func inspectNamesShapeAndColumns() throws {
        let report = try Tally.inspect(file: Self.folder.appendingPathComponent("kobo.csv").path, form: Self.form)
        #expect(report.shape == .kobo)
        #expect(report.format.delimiter == .semicolon)
        #expect(report.roles[0] == .duration && report.roles[1] == .duration)
        #expect(report.roles[5] == .matrixRow(question: "cadres", row: "张某某"))
        #expect(report.roles[8] == .superseded(question: "problems"))
        #expect(report.roles[9] == .option(question: "problems", option: "学习不够深入"))
        #expect(report.roles.filter { $0 == .ignored }.map { _ in 0 }.count == 4)  // problems_other, _id, _uuid, _submission_time
        let lime = try Tally.inspect(file: Self.folder.appendingPathComponent("limesurvey.csv").path, form: Self.form)
        #expect(lime.roles[1] == .completion)
        #expect(lime.unmatched.isEmpty)
    }
}

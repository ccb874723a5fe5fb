import Foundation
import Testing
@testable import TallyCore
import TallyTestSupport

/// Every finding rule of every built-in form fires on ballots that deserve it and stays
/// silent on ballots that do not. Ballots are synthesised from the form itself: all at the
/// best end of every scale, or all at the worst end, spread over the respondent groups.
@Suite("Built-in forms' finding rules")
struct BuiltinFormRuleTests {
    static var ids: [String] { BuiltinForms.yaml.keys.sorted() }

    /// A CSV of `count` ballots at the best or worst end of every question.
    static func ballots(_ form: Form, best: Bool, count: Int = 30) -> String {
        var header: [String] = []
        if let unit = form.unit { header.append(unit.columns[0]) }
        if let respondents = form.respondents, respondents.question == nil { header.append(respondents.columns[0]) }
        for question in form.questions {
            if question.type == .matrix {
                header += question.rows.map { "\(question.text)—\($0.label)" }
            } else {
                header.append(question.text)
            }
        }
        var lines = [header.map(quoted).joined(separator: ",")]
        for index in 0..<count {
            var cells: [String] = []
            if form.unit != nil { cells.append("某单位") }
            if let groups = form.respondents?.groups { cells.append(groups[index % groups.count].label) }
            for question in form.questions { cells += answer(question, best: best) }
            lines.append(cells.map(quoted).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func quoted(_ cell: String) -> String { "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

    static func answer(_ question: Question, best: Bool) -> [String] {
        let scored = question.options.filter { $0.counted && $0.score != nil }.sorted { $0.score! > $1.score! }
        let ordered = scored.isEmpty ? question.options : scored
        switch question.type {
        case .single:
            return [(best ? ordered.first : ordered.last)!.label]
        case .matrix where question.numericAnswers:
            let marks = best ? [98, 95, 92, 88, 86, 85] : [60, 55, 50, 45, 40, 65]
            return question.rows.indices.map { String(marks[$0 % marks.count]) }
        case .matrix:
            // Alternate the two ends' options, so quotas and straight-lining rules hold.
            let pair = best ? Array(ordered.prefix(2)) : Array(ordered.suffix(2).reversed())
            return question.rows.indices.map { pair[$0 % pair.count].label }
        case .multi:
            let none = question.options.first { $0.label.contains("没有") }
            let bad = question.options.filter { $0.label != none?.label && $0.code != "other" }
            if best { return [none?.label ?? ""] }
            return [bad.prefix(question.maxChoices ?? bad.count).map(\.label).joined(separator: "┋")]
        case .number:
            return [NumberText.plain(best ? question.maximum ?? 100 : question.minimum ?? 0)]
        case .text:
            return ["无"]
        }
    }

    static func fired(_ form: Form, best: Bool) throws -> Set<Int> {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let path = try folder.write("r.csv", text: ballots(form, best: best))
        // Every ballot returned (best) or half of them (worst), for 收回率 rules.
        let document = try Tally.score(form: form, files: [path], unit: "某单位", issued: best ? 30 : 60)
        let unit = try #require(document.units.first { $0.unit == "某单位" })
        #expect(unit.ballots.valid == 30, "\(form.id): synthesised ballots must all be valid")
        return Set(unit.findings.map(\.rule))
    }

    @Test(arguments: ids)
    func everyRuleFiresOnlyWhereItShould(_ id: String) throws {
        let form = try FormLoader.load(id)
        #expect(!form.findings.isEmpty)
        let best = try Self.fired(form, best: true)
        let worst = try Self.fired(form, best: false)
        for rule in form.findings {
            let good = rule.kind == .strength
            #expect((good ? best : worst).contains(rule.index), "\(id) rule \(rule.index) (\(rule.kind)) should fire")
            #expect(!(good ? worst : best).contains(rule.index), "\(id) rule \(rule.index) (\(rule.kind)) should not fire")
        }
    }

    @Test(arguments: ids)
    func rulesThatRestOnCommonPracticeSaySo(_ id: String) throws {
        // Every form says in its comments that its thresholds are common practice rather than
        // a regulation, and that they are the user's to keep, change or delete.
        let yaml = try #require(BuiltinForms.yaml[id])
        let comments = yaml.split(separator: "\n").filter { $0.trimmingCharacters(in: .whitespaces).hasPrefix("#") }
            .map { $0.trimmingCharacters(in: .whitespaces).dropFirst().trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
            .lowercased()
        let notRegulation = ["common practice", "common choice", "common scheme", "not a national rule", "not a national regulation",
            "not regulation figures", "not figures confirmed from a regulation"]
        #expect(notRegulation.contains(where: comments.contains), "\(id): the comments should say the thresholds are common practice")
        #expect(["keep", "change", "delete", "set them"].contains(where: comments.contains), "\(id): the comments should say how to adapt them")
    }
}

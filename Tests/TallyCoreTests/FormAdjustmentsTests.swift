import Foundation
import Testing
@testable import TallyCore

/// Choices written into a copy of a form: a question's column, a group's and an option's alias.
@Suite("Form adjustments")
struct FormAdjustmentsTests {
    static let yaml = BuiltinForms.yaml["leadership-evaluation"]!

    @Test func choicesBecomeColumnsAndAliasesOfTheCopy() throws {
        let adjustments = FormAdjustments(
            columns: [.init(question: "overall", header: "班子总体评价")],
            aliases: [.init(target: "respondents", meaning: "staff", value: "普通干部"), .init(target: "overall", meaning: "好", value: "很好")])
        let copy = try adjustments.apply(to: Self.yaml, file: "leadership-evaluation.yaml")
        let form = try FormLoader.parse(copy, file: "copy.yaml")
        let original = try FormLoader.parse(Self.yaml, file: "original.yaml")
        let overall = form.questions.first { $0.id == "overall" }!
        #expect(overall.columns.first == "班子总体评价")
        #expect(Array(overall.columns.dropFirst()) == original.questions.first { $0.id == "overall" }!.columns)
        #expect(form.respondents!.groups.first { $0.id == "staff" }!.aliases.contains("普通干部"))
        // An option of a named scale: the alias holds for every question on that scale.
        #expect(overall.options.first { $0.label == "好" }!.aliases.contains("很好"))
        #expect(form.questions.filter { $0.scaleName == overall.scaleName }.allSatisfy { $0.options.first { $0.label == "好" }!.aliases.contains("很好") })
        // Nothing else changed: the same questions, groups and weights.
        #expect(form.id == original.id && form.questions.map(\.id) == original.questions.map(\.id))
        #expect(form.respondents!.groups.map(\.weight) == original.respondents!.groups.map(\.weight))
        // Applied again to the copy, nothing doubles.
        let twice = try FormLoader.parse(try adjustments.apply(to: copy, file: "copy.yaml"), file: "twice.yaml")
        #expect(twice.questions.first { $0.id == "overall" }!.columns == overall.columns)
        #expect(twice.respondents!.groups.first { $0.id == "staff" }!.aliases == form.respondents!.groups.first { $0.id == "staff" }!.aliases)
    }

    @Test func aMatrixRowAndAPerOptionColumnTakeTheirOwnColumn() throws {
        let original = try FormLoader.parse(Self.yaml, file: "original.yaml")
        let matrix = original.questions.first { $0.type == .matrix }!
        let multi = original.questions.first { $0.type == .multi }!
        let adjustments = FormAdjustments(columns: [
            .init(question: matrix.id, row: matrix.rows[1].label, header: "副局长（分管）"),
            .init(question: multi.id, option: multi.options[0].label, header: "问题1"),
        ])
        let form = try FormLoader.parse(try adjustments.apply(to: Self.yaml, file: "f.yaml"), file: "copy.yaml")
        let rows = form.questions.first { $0.id == matrix.id }!.rows
        #expect(rows.map(\.label) == matrix.rows.map(\.label))
        #expect(rows[1].columns.first == "副局长（分管）" && rows[0].columns == matrix.rows[0].columns)
        #expect(form.questions.first { $0.id == multi.id }!.options[0].columns.first == "问题1")
        #expect(throws: FormError.self) { try FormAdjustments(columns: [.init(question: matrix.id, row: "无此人", header: "x")]).apply(to: Self.yaml, file: "f.yaml") }
    }

    @Test func aChoiceTheFormCannotTakeIsAnError() throws {
        #expect(throws: FormError.self) { try FormAdjustments(columns: [.init(question: "nope", header: "x")]).apply(to: Self.yaml, file: "f.yaml") }
        #expect(throws: FormError.self) { try FormAdjustments(aliases: [.init(target: "respondents", meaning: "nope", value: "x")]).apply(to: Self.yaml, file: "f.yaml") }
        #expect(throws: FormError.self) { try FormAdjustments(aliases: [.init(target: "overall", meaning: "极好", value: "x")]).apply(to: Self.yaml, file: "f.yaml") }
        #expect(try FormAdjustments().apply(to: Self.yaml, file: "f.yaml") == Self.yaml)
    }
}

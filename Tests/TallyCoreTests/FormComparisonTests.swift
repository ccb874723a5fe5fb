import Testing
@testable import TallyCore

/// `FormComparison`: what moving a campaign from one version of a form to the next changes.
@Suite("Form comparison")
struct FormComparisonTests {
    static let base = """
        id: s
        title: 测评
        scales:
          grade: { options: [{ label: 好, score: 100 }, { label: 较好, score: 80 }, { label: 差, score: 0 }] }
        questions:
          - { id: overall, text: 总体评价, scale: grade }
          - id: people
            text: 个人评价
            type: matrix
            rows: [张三, 李四]
            scale: grade
        rubric:
          rates:
            好评率: { options: [好, 较好] }
        """

    static func form(_ text: String) throws -> Form { try FormLoader.parse(text, file: "s.yaml") }

    @Test func theSameFormMovedDownALineChangesNothing() throws {
        let comparison = FormComparison(from: try Self.form(Self.base), to: try Self.form("\n\n" + Self.base))
        #expect(comparison.isEmpty && comparison.changes.isEmpty && !comparison.rulesChanged)
    }

    @Test func eachKindOfChangeIsFound() throws {
        let old = try Self.form(Self.base)
        // A score changed: the same labels, a different figure.
        let rescored = try Self.form(Self.base.replacingOccurrences(of: "较好, score: 80", with: "较好, score: 75"))
        #expect(FormComparison(from: old, to: rescored).changes.map(\.kind) == [.scores, .scores])
        // A row of the matrix (a leader) replaced.
        let rows = try Self.form(Self.base.replacingOccurrences(of: "[张三, 李四]", with: "[张三, 王五]"))
        #expect(FormComparison(from: old, to: rows).changes == [.init(question: "个人评价", kind: .rows(from: ["张三", "李四"], to: ["张三", "王五"]))])
        // A rate's options: the rules, not a question.
        let rate = try Self.form(Self.base.replacingOccurrences(of: "[好, 较好] }", with: "[好] }"))
        let comparison = FormComparison(from: old, to: rate)
        #expect(comparison.changes.isEmpty && comparison.rulesChanged && !comparison.isEmpty)
        // Reworded and required; a question gone.
        let reworded = try Self.form(
            Self.base.replacingOccurrences(of: "{ id: overall, text: 总体评价, scale: grade }", with: "{ id: overall, text: 班子总体评价, scale: grade, required: true }")
                .replacingOccurrences(of: "  - id: people\n    text: 个人评价\n    type: matrix\n    rows: [张三, 李四]\n    scale: grade\n", with: ""))
        #expect(FormComparison(from: old, to: reworded).changes == [
            .init(question: "班子总体评价", kind: .reworded(from: "总体评价")), .init(question: "班子总体评价", kind: .rules),
            .init(question: "个人评价", kind: .removed),
        ])
    }
}

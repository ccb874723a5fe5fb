import TallyCore

/// Results worded by their codes (`void 3>2`, `unknown_answer`), for tests of TallyCore that
/// compare results.json without TallyRender's phrase table.
package struct CodeWording: ResultsWording {
    package init() {}
    package func void(_ void: VoidEvaluation, language: Form.Language) -> String { "void \(void.returned)>\(void.issued)" }
    package func reason(_ reason: RejectionReason, language: Form.Language) -> String { reason.code }
    package func warning(_ warning: ResultsWarning) -> String { warning.code.rawValue }
}

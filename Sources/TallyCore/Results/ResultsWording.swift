/// The words that results.json and rejected.csv carry for people (why a unit is void, why a
/// ballot or an answer was rejected). TallyRender's phrase table supplies them; TallyCore
/// returns data only.
package protocol ResultsWording: Sendable {
    /// Why a unit's evaluation is void, in `language`.
    func void(_ void: VoidEvaluation, language: Form.Language) -> String
    /// Why a ballot or an answer was not counted, in `language`.
    func reason(_ reason: RejectionReason, language: Form.Language) -> String
    /// A warning, in its language: what happened, what it changes, and what to do.
    func warning(_ warning: ResultsWarning) -> String
}

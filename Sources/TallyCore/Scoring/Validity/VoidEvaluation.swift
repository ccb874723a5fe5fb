/// A unit whose evaluation is void: more ballots came back than were issued (收回多于发出),
/// so some ballots are not the ones handed out and no figure of the unit can be used.
public struct VoidEvaluation: Sendable, Equatable {
    /// Ballots returned (every record of the unit, valid or not).
    public var returned: Int
    public var issued: Int

    /// `nil` when the unit stands: no issued count, or no more returned than issued.
    static func judge(returned: Int, issued: Int?) -> VoidEvaluation? {
        guard let issued, returned > issued else { return nil }
        return VoidEvaluation(returned: returned, issued: issued)
    }
}

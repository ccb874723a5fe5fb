/// Which unit a row counts for (FORMS.md `unit`): with no unit column, the one unit of the
/// run; with one, the unit its cell names, when that is a unit being scored. A row of no unit
/// is not dropped: it is listed under `unassigned` with the reason.
struct UnitAssignment: Sendable {
    /// The file has a unit column.
    var hasUnitColumn: Bool
    /// The unit every row belongs to when there is no unit column.
    var defaultUnit: String
    /// With a unit column: the one unit to score (`--unit`).
    var only: String?
    /// With a unit column: the units to score (a campaign); `nil` scores every unit seen.
    var known: [String]?

    /// The unit of a row whose unit cell is `cell`, or the reason it has none.
    func unit(for cell: String?) -> (String?, RejectionReason?) {
        guard hasUnitColumn else { return (defaultUnit, nil) }
        guard let cell, !cell.isEmpty else { return (nil, .unitMissing) }
        if let only { return cell == only ? (cell, nil) : (nil, .unitUnknown) }
        if let known { return known.contains(cell) ? (cell, nil) : (nil, .unitUnknown) }
        return (cell, nil)
    }
}

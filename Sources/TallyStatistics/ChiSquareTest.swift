import RealModule

/// Pearson's chi-square test of independence on a contingency table.
public struct ChiSquareTest: Equatable, Sendable {
    /// Σ (O − E)² / E over the cells, with E = row total · column total / n.
    public var statistic: Double
    /// (r − 1)(c − 1), over the rows and columns kept.
    public var degreesOfFreedom: Int
    /// P(χ²(df) ≥ statistic).
    public var p: Double
    /// Cramér's V = √(χ² / (n · (min(r, c) − 1))), in [0, 1].
    public var cramersV: Double
    /// The smallest expected count; below 5 the chi-square approximation is doubtful.
    public var minimumExpected: Double
    /// How many cells have an expected count below 5.
    public var cellsExpectedBelow5: Int
    /// Number of observations in the table.
    public var n: Int

    /// Tests a table of counts (rows: groups; columns: options). Rows and columns whose total is
    /// zero are left out first.
    ///
    /// - Returns: `nil` when fewer than two rows or two columns have a non-zero total.
    public init?(table: [[Int]]) {
        guard let width = table.first?.count, table.allSatisfy({ $0.count == width }) else { return nil }
        let rows = table.filter { $0.reduce(0, +) > 0 }
        let columns = (0..<width).filter { column in rows.contains { $0[column] > 0 } }
        guard rows.count >= 2, columns.count >= 2 else { return nil }
        let rowTotals = rows.map { row in columns.reduce(0) { $0 + row[$1] } }
        let columnTotals = columns.map { column in rows.reduce(0) { $0 + $1[column] } }
        let total = rowTotals.reduce(0, +)
        var statistic = 0.0
        var minimum = Double.infinity
        var below5 = 0
        for (r, row) in rows.enumerated() {
            for (c, column) in columns.enumerated() {
                let expected = Double(rowTotals[r]) * Double(columnTotals[c]) / Double(total)
                let difference = Double(row[column]) - expected
                statistic += difference * difference / expected
                minimum = min(minimum, expected)
                if expected < 5 { below5 += 1 }
            }
        }
        let df = (rows.count - 1) * (columns.count - 1)
        self.statistic = statistic
        degreesOfFreedom = df
        p = chiSquareSurvival(statistic, degreesOfFreedom: df) ?? 1
        cramersV = (statistic / (Double(total) * Double(min(rows.count, columns.count) - 1))).squareRoot()
        minimumExpected = minimum
        cellsExpectedBelow5 = below5
        n = total
    }
}

/// The two-proportion z-test of k₁/n₁ against k₂/n₂ with the pooled standard error:
///
///     p̂ = (k₁ + k₂) / (n₁ + n₂),  z = (k₂/n₂ − k₁/n₁) / √(p̂(1 − p̂)(1/n₁ + 1/n₂))
///
/// `z` is positive when the second (newer) share is higher; `p` is two-sided.
///
/// - Returns: `nil` when a base is 0, or when both shares are 0 or both 1 (no variance).
public func twoProportionZTest(k1: Int, n1: Int, k2: Int, n2: Int) -> (z: Double, p: Double)? {
    guard n1 > 0, n2 > 0 else { return nil }
    let pooled = Double(k1 + k2) / Double(n1 + n2)
    let variance = pooled * (1 - pooled) * (1 / Double(n1) + 1 / Double(n2))
    guard variance > 0 else { return nil }
    let z = (Double(k2) / Double(n2) - Double(k1) / Double(n1)) / variance.squareRoot()
    return (z, twoSidedNormalP(z))
}

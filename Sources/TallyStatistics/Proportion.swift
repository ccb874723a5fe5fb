/// The two-sided 95% normal quantile, z = Φ⁻¹(0.975).
public let z95 = 1.959963984540054

/// A share `k / n` with its Wilson score interval.
public struct Proportion: Equatable, Sendable {
    /// Successes.
    public var k: Int
    /// Trials (the base).
    public var n: Int
    /// `k / n`, or `nil` when `n == 0`.
    public var value: Double? { n == 0 ? nil : Double(k) / Double(n) }
    /// Lower end of the 95% Wilson interval, `nil` when `n == 0`.
    public var low: Double? { wilsonInterval(k: k, n: n)?.low }
    /// Upper end of the 95% Wilson interval, `nil` when `n == 0`.
    public var high: Double? { wilsonInterval(k: k, n: n)?.high }

    public init(k: Int, n: Int) {
        precondition(k >= 0 && k <= n, "a proportion needs 0 <= k <= n")
        self.k = k
        self.n = n
    }
}

/// The Wilson score interval for a binomial proportion.
///
/// With p̂ = k/n:
///
///     centre = (p̂ + z²/2n) / (1 + z²/n)
///     half   = z / (1 + z²/n) · √(p̂(1−p̂)/n + z²/4n²)
///
/// and the interval is `centre ± half`. In exact arithmetic it is 0 at k = 0 and 1 at k = n;
/// those ends are set exactly, so rounding never puts the estimate outside its interval.
///
/// - Returns: `nil` when `n == 0` (no interval without a base).
public func wilsonInterval(k: Int, n: Int, z: Double = z95) -> (low: Double, high: Double)? {
    guard n > 0 else { return nil }
    let trials = Double(n)
    let p = Double(k) / trials
    let z2 = z * z
    let denominator = 1 + z2 / trials
    let centre = (p + z2 / (2 * trials)) / denominator
    let half = z / denominator * (p * (1 - p) / trials + z2 / (4 * trials * trials)).squareRoot()
    let low = k == 0 ? 0 : max(0, min(p, centre - half))
    let high = k == n ? 1 : min(1, max(p, centre + half))
    return (low, high)
}

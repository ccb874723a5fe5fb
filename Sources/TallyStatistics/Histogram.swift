/// An exact histogram of numeric answers: each distinct value with how often it occurs.
///
/// Survey answers take few distinct values (scores, 0–100 marks), so the histogram is
/// small, and every figure below — mean, variance, median, quartiles — is exact and
/// merges exactly across files (add the histograms).
public struct Histogram: Equatable, Sendable {
    /// Distinct values and their counts.
    public private(set) var counts: [Double: Int] = [:]
    /// Number of values.
    public private(set) var n = 0

    public init() {}

    public init<S: Sequence>(_ values: S) where S.Element == Double {
        for value in values { add(value) }
    }

    /// Adds one value (`times` times).
    public mutating func add(_ value: Double, times: Int = 1) {
        counts[value, default: 0] += times
        n += times
    }

    /// Adds every value of `other`.
    public mutating func merge(_ other: Histogram) {
        for (value, count) in other.counts { add(value, times: count) }
    }

    /// The distinct values, ascending, with their counts.
    public var sorted: [(value: Double, count: Int)] {
        counts.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// Σx, summed in ascending order of value (so the result does not depend on insertion order).
    public var sum: Double { sorted.reduce(0) { $0 + $1.value * Double($1.count) } }

    /// The arithmetic mean Σx / n; `nil` when empty.
    public var mean: Double? { n == 0 ? nil : sum / Double(n) }

    /// The sample variance Σ(x − x̄)² / (n − 1); `nil` when n < 2.
    public var variance: Double? {
        guard n >= 2, let mean else { return nil }
        let squares = sorted.reduce(0.0) { $0 + Double($1.count) * ($1.value - mean) * ($1.value - mean) }
        return squares / Double(n - 1)
    }

    /// The sample standard deviation √variance (n − 1 in the denominator); `nil` when n < 2.
    public var standardDeviation: Double? { variance?.squareRoot() }

    /// Smallest value; `nil` when empty.
    public var min: Double? { counts.keys.min() }
    /// Largest value; `nil` when empty.
    public var max: Double? { counts.keys.max() }

    /// The value of 0-based rank `index` in ascending order.
    private func value(atRank index: Int) -> Double {
        var seen = 0
        for (value, count) in sorted {
            seen += count
            if index < seen { return value }
        }
        preconditionFailure("rank beyond the histogram")
    }

    /// The `p`-quantile by linear interpolation between order statistics (Hyndman and Fan's
    /// type 7, the default of R's `quantile`, NumPy's `percentile` and Excel's `QUARTILE.INC`):
    /// with h = (n − 1)·p, `x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋])` on 0-based sorted values.
    ///
    /// - Returns: `nil` when empty.
    public func quantile(_ p: Double) -> Double? {
        precondition(p >= 0 && p <= 1)
        guard n > 0 else { return nil }
        let h = Double(n - 1) * p
        let lower = Int(h.rounded(.down))
        let fraction = h - Double(lower)
        let below = value(atRank: lower)
        guard fraction > 0, lower + 1 < n else { return below }
        return below + fraction * (value(atRank: lower + 1) - below)
    }

    /// The median (the 0.5-quantile: the middle value, or the mean of the two middle values).
    public var median: Double? { quantile(0.5) }
}

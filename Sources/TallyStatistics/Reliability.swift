/// Sums and cross-products of k item scores over complete responses: enough for every item
/// variance, the variance of the total, and so Cronbach's alpha. Accumulators of separate
/// files merge exactly (add them).
public struct ItemCovariance: Equatable, Sendable {
    /// Number of items.
    public let k: Int
    /// Complete responses added.
    public private(set) var n = 0
    /// Σ xᵢ per item.
    public private(set) var sums: [Double]
    /// Σ xᵢxⱼ for i ≤ j, row-major in a k × k array (the matrix is symmetric: the entries
    /// below the diagonal stay 0, and half the multiplications are saved).
    public private(set) var products: [Double]

    public init(items k: Int) {
        self.k = k
        sums = Array(repeating: 0, count: k)
        products = Array(repeating: 0, count: k * k)
    }

    /// Restores an accumulator from its parts (as saved by a caller); `nil` when the sizes do
    /// not fit k or n is negative.
    public init?(items k: Int, n: Int, sums: [Double], products: [Double]) {
        guard n >= 0, sums.count == k, products.count == k * k else { return nil }
        self.k = k
        self.n = n
        self.sums = sums
        self.products = products
    }

    /// Adds one complete response (one score per item).
    public mutating func add(_ scores: [Double]) {
        precondition(scores.count == k)
        n += 1
        for i in 0..<k {
            let x = scores[i]
            sums[i] += x
            for j in i..<k { products[i * k + j] += x * scores[j] }
        }
    }

    public mutating func merge(_ other: ItemCovariance) {
        precondition(other.k == k)
        n += other.n
        for i in 0..<k { sums[i] += other.sums[i] }
        for i in 0..<(k * k) { products[i] += other.products[i] }
    }

    /// The sample covariance of items i and j: (Σxᵢxⱼ − ΣxᵢΣxⱼ/n) / (n − 1); `nil` when n < 2.
    public func covariance(_ i: Int, _ j: Int) -> Double? {
        guard n >= 2 else { return nil }
        let count = Double(n)
        return (products[min(i, j) * k + max(i, j)] - sums[i] * sums[j] / count) / (count - 1)
    }

    /// Cronbach's alpha with sample variances:
    ///
    ///     α = k / (k − 1) · (1 − Σ sᵢ² / s_T²),   s_T² = Σᵢ Σⱼ cov(i, j) (the variance of the total)
    ///
    /// At most 1; negative when items vary against each other.
    ///
    /// - Returns: `nil` when k < 2, n < 2, or the total has no variance.
    public var alpha: Double? {
        guard k >= 2, n >= 2 else { return nil }
        var itemVariances = 0.0
        var totalVariance = 0.0
        for i in 0..<k {
            itemVariances += covariance(i, i)!
            for j in 0..<k { totalVariance += covariance(i, j)! }
        }
        guard totalVariance > 1e-12 * max(1, itemVariances) else { return nil }
        return Double(k) / Double(k - 1) * (1 - itemVariances / totalVariance)
    }
}

extension Histogram {
    /// The histogram without its `high` highest and `low` lowest values (去掉最高分和最低分).
    ///
    /// - Returns: an empty histogram when that removes every value.
    public func trimmed(dropHighest high: Int, dropLowest low: Int) -> Histogram {
        guard high + low < n else { return Histogram() }
        var result = Histogram()
        var skipLow = low
        var keep = n - high - low
        for (value, count) in sorted {
            var available = count
            let skipped = Swift.min(skipLow, available)
            skipLow -= skipped
            available -= skipped
            let taken = Swift.min(keep, available)
            if taken > 0 { result.add(value, times: taken) }
            keep -= taken
        }
        return result
    }
}

/// A mean weighted by positive weights, renormalised over the parts that have a value.
///
///     Σ wᵢ·mᵢ / Σ wᵢ   over the parts i whose mean mᵢ is not nil and whose weight wᵢ > 0
///
/// This is how a question's `weighted_mean` combines respondent groups (a group that did not
/// answer drops out and the other weights grow in proportion) and how the composite index
/// combines questions.
///
/// - Returns: `nil` when no part has both a value and a positive weight.
public func renormalisedWeightedMean(_ parts: [(mean: Double?, weight: Double)]) -> Double? {
    var total = 0.0
    var weights = 0.0
    for part in parts {
        guard let mean = part.mean, part.weight > 0 else { continue }
        total += part.weight * mean
        weights += part.weight
    }
    return weights > 0 ? total / weights : nil
}

/// Competition ranking ("1224"): the highest value ranks 1, equal values share a rank,
/// and the next value's rank skips the shared places.
///
///     competitionRanks([90, 85, 85, 70])   // [1, 2, 2, 4]
///
/// `nil` values are not ranked (`nil` in the result). Equality is exact.
public func competitionRanks(_ values: [Double?]) -> [Int?] {
    values.map { value in
        guard let value else { return nil }
        return values.reduce(1) { rank, other in
            if let other, other > value { rank + 1 } else { rank }
        }
    }
}

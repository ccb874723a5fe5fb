import RealModule

/// The regularised upper incomplete gamma function Q(a, x) = Γ(a, x) / Γ(a), for a > 0, x ≥ 0.
///
/// Computed as 1 − P(a, x) from the power series when x < a + 1, and from the continued
/// fraction (modified Lentz) otherwise (Numerical Recipes §6.2); both converge to full
/// double precision within a few hundred terms for the arguments a survey produces.
///
/// - Returns: `nil` for a ≤ 0, x < 0 or non-finite arguments. Q(a, 0) = 1.
public func regularizedGammaQ(_ a: Double, _ x: Double) -> Double? {
    guard a > 0, x >= 0, a.isFinite, x.isFinite else { return nil }
    if x == 0 { return 1 }
    let logPrefix = -x + a * Double.log(x) - Double.logGamma(a)
    if x < a + 1 {
        // P(a, x) = e^(−x) x^a / Γ(a) · Σ x^n / (a (a+1) … (a+n))
        var term = 1 / a
        var sum = term
        var denominator = a
        for _ in 0..<10_000 {
            denominator += 1
            term *= x / denominator
            sum += term
            if abs(term) < abs(sum) * 1e-16 { break }
        }
        return max(0, min(1, 1 - sum * Double.exp(logPrefix)))
    }
    // Q(a, x) = e^(−x) x^a / Γ(a) · 1 / (x + 1 − a − 1·(1−a) / (x + 3 − a − 2·(2−a) / (x + 5 − a − …)))
    let tiny = 1e-300
    var b = x + 1 - a
    var c = 1 / tiny
    var d = 1 / b
    var h = d
    for i in 1...10_000 {
        let an = -Double(i) * (Double(i) - a)
        b += 2
        d = an * d + b
        if abs(d) < tiny { d = tiny }
        c = b + an / c
        if abs(c) < tiny { c = tiny }
        d = 1 / d
        let delta = d * c
        h *= delta
        if abs(delta - 1) < 1e-16 { break }
    }
    return max(0, min(1, Double.exp(logPrefix) * h))
}

/// The survival function of the chi-square distribution, P(X ≥ x) = Q(df/2, x/2).
///
/// - Returns: `nil` when df < 1.
public func chiSquareSurvival(_ x: Double, degreesOfFreedom df: Int) -> Double? {
    guard df >= 1 else { return nil }
    return regularizedGammaQ(Double(df) / 2, max(0, x) / 2)
}

/// The two-sided p-value of a standard normal statistic, P(|Z| ≥ |z|) = erfc(|z| / √2).
public func twoSidedNormalP(_ z: Double) -> Double {
    Double.erfc(abs(z) / 2.0.squareRoot())
}

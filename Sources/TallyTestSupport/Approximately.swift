/// `a` and `b` within `tolerance` of each other, relative to `b` when `|b| > 1`; both `nil`
/// counts as equal. For values computed independently (SciPy, NumPy, by hand).
public func close(_ a: Double?, _ b: Double?, tolerance: Double = 1e-12) -> Bool {
    guard let a, let b else { return a == nil && b == nil }
    return abs(a - b) <= tolerance * max(1, abs(b))
}

/// `a` and `b` within an absolute `tolerance`; both `nil` counts as equal.
public func approx(_ a: Double?, _ b: Double?, _ tolerance: Double = 1e-9) -> Bool {
    guard let a, let b else { return a == nil && b == nil }
    return abs(a - b) <= tolerance
}

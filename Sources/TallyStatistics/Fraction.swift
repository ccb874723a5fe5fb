/// An exact threshold such as `2/3` or `0.85`, compared with shares `k/n` by cross-multiplication
/// so that 6 of 9 is exactly 2/3, never "below" it through rounding.
public struct Threshold: Hashable, Sendable, CustomStringConvertible {
    public var numerator: Int
    public var denominator: Int

    /// `numerator / denominator` with a positive denominator. (`Int.min` in either is moved
    /// to `Int.min + 1`, which no real threshold can tell apart from it, so that the sign can
    /// always be flipped.)
    public init(numerator: Int, denominator: Int) {
        precondition(denominator != 0)
        let top = numerator == .min ? .min + 1 : numerator
        let bottom = denominator == .min ? .min + 1 : denominator
        self.numerator = bottom < 0 ? -top : top
        self.denominator = abs(bottom)
    }

    /// Parses `2/3`, `0.85`, `85`, `-5`: a fraction, or a decimal taken exactly (up to 9 decimals).
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        if parts.count == 2 {
            guard let top = Int(parts[0].trimmingSpaces), let bottom = Int(parts[1].trimmingSpaces), bottom != 0
            else { return nil }
            self.init(numerator: top, denominator: bottom)
            return
        }
        let trimmed = text.trimmingSpaces
        let negative = trimmed.hasPrefix("-")
        let digits = negative ? trimmed.dropFirst() : Substring(trimmed)
        let pieces = digits.split(separator: ".", omittingEmptySubsequences: false)
        guard pieces.count <= 2, let whole = Int(pieces[0].isEmpty ? "0" : pieces[0]), whole >= 0 else { return nil }
        var numerator = whole
        var denominator = 1
        if pieces.count == 2 {
            let decimals = pieces[1]
            guard !decimals.isEmpty, decimals.count <= 9, decimals.allSatisfy(\.isASCII), let part = Int(decimals)
            else { return nil }
            for _ in 0..<decimals.count { denominator *= 10 }
            // A whole part too large to carry its decimals is no threshold (it would overflow).
            let (scaled, overflow) = whole.multipliedReportingOverflow(by: denominator)
            let (sum, overflowAgain) = scaled.addingReportingOverflow(part)
            guard !overflow, !overflowAgain else { return nil }
            numerator = sum
        }
        self.init(numerator: negative ? -numerator : numerator, denominator: denominator)
    }

    public var value: Double { Double(numerator) / Double(denominator) }

    public var description: String {
        denominator == 1 ? "\(numerator)" : "\(numerator)/\(denominator)"
    }

    /// -1, 0 or 1 as `k/n` is below, equal to or above the threshold (n > 0): `k·d` against
    /// `num·n` in 128 bits, so that no count or threshold can overflow.
    public func compare(k: Int, n: Int) -> Int {
        let left = k.multipliedFullWidth(by: denominator)
        let right = numerator.multipliedFullWidth(by: n)
        if left.high != right.high { return left.high < right.high ? -1 : 1 }
        if left.low != right.low { return left.low < right.low ? -1 : 1 }
        return 0
    }

    /// -1, 0 or 1 as `value` is below, equal to or above the threshold.
    public func compare(_ value: Double) -> Int {
        let scaled = value * Double(denominator)
        let target = Double(numerator)
        return scaled < target ? -1 : (scaled == target ? 0 : 1)
    }
}

extension StringProtocol {
    var trimmingSpaces: String {
        String(self.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}

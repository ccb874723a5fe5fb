/// An exact threshold such as `2/3` or `0.85`, compared with shares `k/n` by cross-multiplication
/// so that 6 of 9 is exactly 2/3, never "below" it through rounding.
public struct Threshold: Hashable, Sendable, CustomStringConvertible {
    public var numerator: Int
    public var denominator: Int

    /// `numerator / denominator` with a positive denominator.
    public init(numerator: Int, denominator: Int) {
        precondition(denominator != 0)
        self.numerator = denominator < 0 ? -numerator : numerator
        self.denominator = abs(denominator)
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
            numerator = whole * denominator + part
        }
        self.init(numerator: negative ? -numerator : numerator, denominator: denominator)
    }

    public var value: Double { Double(numerator) / Double(denominator) }

    public var description: String {
        denominator == 1 ? "\(numerator)" : "\(numerator)/\(denominator)"
    }

    /// -1, 0 or 1 as `k/n` is below, equal to or above the threshold (n > 0).
    public func compare(k: Int, n: Int) -> Int {
        let left = k * denominator
        let right = numerator * n
        return left < right ? -1 : (left == right ? 0 : 1)
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

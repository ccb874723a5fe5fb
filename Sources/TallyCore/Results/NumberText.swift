import Foundation

/// How figures are written for people, in findings, reports and error messages alike: one
/// decimal, rates as percentages, numbers from forms as written.
package enum NumberText {
    /// `0.8333` → `83.3%`; `nil` → `—`.
    package static func percent(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "—" }
        return withoutNegativeZero(String(format: "%.1f%%", value * 100))
    }

    /// `86.4047` → `86.4`; `nil` → `—`.
    package static func decimal(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "—" }
        return withoutNegativeZero(String(format: "%.1f", value))
    }

    /// `0.2134` → `0.21`.
    package static func twoDecimals(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "—" }
        return withoutNegativeZero(String(format: "%.2f", value))
    }

    /// `3.25` → `+3.2`, `-1.04` → `-1.0`: a change, with its sign; `-0.04` → `+0.0` (no change
    /// shown is no change, whichever side of zero it rounded from).
    package static func signedDecimal(_ value: Double) -> String {
        let text = String(format: "%+.1f", value)
        return text.hasPrefix("-") && isZero(text.dropFirst()) ? "+" + text.dropFirst() : text
    }

    /// `-0.00` → `0.00`: a value that rounds to zero is printed without a sign (`α=-0.00` read as
    /// a negative reliability).
    private static func withoutNegativeZero(_ text: String) -> String {
        text.hasPrefix("-") && isZero(text.dropFirst()) ? String(text.dropFirst()) : text
    }

    private static func isZero(_ digits: Substring) -> Bool { digits.allSatisfy { "0.%".contains($0) } }

    /// A p-value: three decimals, or `<0.001`.
    package static func pValue(_ p: Double) -> String {
        p < 0.001 ? "<0.001" : String(format: "%.3f", p)
    }

    /// `2.0` → `2`, `0.35` → `0.35` (weights and thresholds as written).
    package static func plain(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : "\(value)"
    }
}

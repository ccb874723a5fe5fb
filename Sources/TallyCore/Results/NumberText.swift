import Foundation

/// How figures are written for people, in findings, reports and error messages alike: one
/// decimal, rates as percentages, numbers from forms as written.
package enum NumberText {
    /// `0.8333` → `83.3%`; `nil` → `—`.
    package static func percent(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "—" }
        return String(format: "%.1f%%", value * 100)
    }

    /// `86.4047` → `86.4`; `nil` → `—`.
    package static func decimal(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "—" }
        return String(format: "%.1f", value)
    }

    /// `0.2134` → `0.21`.
    package static func twoDecimals(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "—" }
        return String(format: "%.2f", value)
    }

    /// `3.25` → `+3.2`, `-1.04` → `-1.0`: a change, with its sign.
    package static func signedDecimal(_ value: Double) -> String {
        String(format: "%+.1f", value)
    }

    /// A p-value: three decimals, or `<0.001`.
    package static func pValue(_ p: Double) -> String {
        p < 0.001 ? "<0.001" : String(format: "%.3f", p)
    }

    /// `2.0` → `2`, `0.35` → `0.35` (weights and thresholds as written).
    package static func plain(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : "\(value)"
    }
}

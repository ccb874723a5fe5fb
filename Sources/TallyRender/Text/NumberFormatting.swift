import Foundation

/// How figures are written for people: one decimal, rates as percentages.
public enum NumberText {
    /// `0.8333` → `83.3%`; `nil` → `—`.
    public static func percent(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "—" }
        return String(format: "%.1f%%", value * 100)
    }

    /// `86.4047` → `86.4`; `nil` → `—`.
    public static func decimal(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "—" }
        return String(format: "%.1f", value)
    }

    /// `0.2134` → `0.21`.
    public static func twoDecimals(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "—" }
        return String(format: "%.2f", value)
    }

    /// A p-value: three decimals, or `<0.001`.
    public static func pValue(_ p: Double) -> String {
        p < 0.001 ? "<0.001" : String(format: "%.3f", p)
    }

    /// `2.0` → `2`, `0.35` → `0.35` (weights and thresholds as written).
    public static func plain(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : "\(value)"
    }

    /// 1 → 一, 2 → 二, … 10 → 十, 11 → 十一, 20 → 二十, 21 → 二十一 (up to 99).
    public static func chineseNumeral(_ number: Int) -> String {
        let digits = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"]
        guard number > 0 && number < 100 else { return String(number) }
        if number < 10 { return digits[number] }
        let tens = number / 10
        let ones = number % 10
        return (tens == 1 ? "" : digits[tens]) + "十" + (ones == 0 ? "" : digits[ones])
    }
}

import Foundation

/// Where a response file says how long each respondent took.
package enum DurationSource: Sendable, Equatable {
    /// A column of durations: `95秒`, `1分35秒`, `00:01:35`, `95`.
    case column(Int)
    /// Start and end timestamps (KoboToolbox's `start` and `end`, ISO 8601).
    case startEnd(start: Int, end: Int)

    /// Seconds for a record, or `nil` when the cells hold no readable duration.
    func seconds(_ field: (Int) -> String) -> Double? {
        switch self {
        case .column(let index): return Self.parse(TextFolding.valueKey(field(index)))
        case .startEnd(let start, let end):
            guard let from = Self.timestamp(field(start)), let to = Self.timestamp(field(end)) else { return nil }
            return to.timeIntervalSince(from)
        }
    }

    /// Reads `95`, `95.5`, `95秒`, `1分35秒`, `1分钟35秒`, `2分钟`, `1小时2分3秒`, `1:35`, `00:01:35`.
    static func parse(_ text: String) -> Double? {
        if text.isEmpty { return nil }
        if let plain = Double(text) { return plain }
        if text.contains(":") {
            let parts = text.split(separator: ":").map { Double($0) }
            guard parts.count >= 2, parts.count <= 3, parts.allSatisfy({ $0 != nil }) else { return nil }
            return parts.reduce(0) { $0 * 60 + $1! }
        }
        var total = 0.0
        var number = ""
        var rest = Substring(text)
        var sawUnit = false
        while let character = rest.first {
            if character.isNumber || character == "." {
                number.append(character)
                rest = rest.dropFirst()
                continue
            }
            let units: [(String, Double)] = [("小时", 3600), ("时", 3600), ("分钟", 60), ("分", 60), ("秒钟", 1), ("秒", 1)]
            guard let unit = units.first(where: { rest.hasPrefix($0.0) }), let value = Double(number) else { return nil }
            total += value * unit.1
            number = ""
            sawUnit = true
            rest = rest.dropFirst(unit.0.count)
        }
        return sawUnit && number.isEmpty ? total : nil
    }

    static func timestamp(_ text: String) -> Date? {
        let value = TextFolding.trim(text)
        guard !value.isEmpty else { return nil }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: value) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: value)
    }
}

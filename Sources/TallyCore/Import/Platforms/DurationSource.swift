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

    /// A start or end time: ISO 8601, or a date and time as platforms and Excel write them
    /// (`2024-05-03 10:02:13`, `2024/5/3 10:02`, `2024年5月3日 10:02:13`, `5/3/2024 10:02:13 PM`).
    /// Both ends of a response are written alike, so a day-first or month-first date gives the
    /// same difference; `nil` for anything else.
    static func timestamp(_ text: String) -> Date? {
        let value = TextFolding.trim(text)
        guard !value.isEmpty else { return nil }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: value) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        if let date = formatter.date(from: value) { return date }
        return localTimestamp(value).map { Date(timeIntervalSince1970: $0) }
    }

    /// Seconds since 1970 of `Y-M-D h:m[:s]` (also `/` `.` `年月日` between the date's parts),
    /// or `M/D/Y h:m[:s] [AM|PM]`, read as UTC (only differences are used).
    static func localTimestamp(_ value: String) -> Double? {
        var text = value.replacingOccurrences(of: "年", with: "-").replacingOccurrences(of: "月", with: "-")
            .replacingOccurrences(of: "日", with: " ").replacingOccurrences(of: "T", with: " ")
        var meridiem: String?
        for mark in ["AM", "PM", "am", "pm", "上午", "下午"] where text.hasSuffix(mark) || text.hasPrefix(mark) {
            meridiem = mark.lowercased() == "pm" || mark == "下午" ? "pm" : "am"
            text = text.replacingOccurrences(of: mark, with: " ")
        }
        let parts = text.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 2 else { return nil }
        let date = parts[0].split(whereSeparator: { "-/.".contains($0) }).map { Int($0) }
        let time = parts[1].split(separator: ":").map { Double($0) }
        guard date.count == 3, date.allSatisfy({ $0 != nil }), (2...3).contains(time.count), time.allSatisfy({ $0 != nil }) else { return nil }
        var (year, month, day) = (date[0]!, date[1]!, date[2]!)
        if year < 100 && date[2]! >= 1000 { (year, month, day) = (date[2]!, date[0]!, date[1]!) }
        guard (1000...9999).contains(year), (1...12).contains(month) || (1...12).contains(day), (1...31).contains(day) || (1...31).contains(month)
        else { return nil }
        var hour = time[0]!
        if meridiem == "pm" && hour < 12 { hour += 12 }
        if meridiem == "am" && hour == 12 { hour = 0 }
        let seconds = time.count == 3 ? time[2]! : 0
        guard hour >= 0 && hour < 24, time[1]! >= 0 && time[1]! < 60, seconds >= 0 && seconds < 61 else { return nil }
        return Double(daysFromCivil(year: year, month: month, day: day)) * 86400 + hour * 3600 + time[1]! * 60 + seconds
    }

    /// Days from 1970-01-01 to a date of the proleptic Gregorian calendar (Howard Hinnant's
    /// `days_from_civil`); a month above 12 (a day-first date read month-first) is carried on.
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }
}

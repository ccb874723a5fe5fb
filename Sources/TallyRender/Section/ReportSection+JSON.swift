import Foundation
import TallyCore

/// A section in results.json (`units[].section`), so `tally attach` can put it into a report
/// later without the form or the response files.
extension ReportSection {
    public func json() -> JSONValue {
        .object([("language", .string(language)), ("blocks", .array(blocks.map(Self.block)))])
    }

    static func block(_ block: ReportBlock) -> JSONValue {
        switch block {
        case .heading(let level, let text):
            return .object([("type", .string("heading")), ("level", .int(level)), ("text", .string(text))])
        case .paragraph(let lead, let text):
            return .object([("type", .string("paragraph")), ("lead", lead.map(JSONValue.string) ?? .null), ("text", .string(text))])
        case .list(let items):
            return .object([("type", .string("list")), ("items", .array(items.map(JSONValue.string)))])
        case .table(let table):
            return .object([
                ("type", .string("table")), ("header", .array(table.header.map(JSONValue.string))),
                ("rows", .array(table.rows.map { .array($0.map(JSONValue.string)) })),
                ("numeric", .array(table.numeric.map(JSONValue.bool))),
            ])
        case .chart(let chart):
            switch chart {
            case .stackedShares(let title, let categories, let bars):
                return .object([
                    ("type", .string("stacked_shares")), ("title", .string(title)),
                    ("categories", .array(categories.map(JSONValue.string))),
                    ("bars", .array(bars.map { .object([("label", .string($0.label)), ("counts", .array($0.counts.map(JSONValue.int)))]) })),
                ])
            case .bars(let title, let items, let maximum, let unit):
                return .object([
                    ("type", .string("bars")), ("title", .string(title)), ("maximum", .double(maximum)), ("unit", .string(unit)),
                    ("items", .array(items.map { .object([("label", .string($0.label)), ("value", .number($0.value))]) })),
                ])
            }
        }
    }

    /// Reads a section back from parsed JSON (`JSONSerialization`); `nil` when it is not one.
    public init?(json: Any?) {
        guard let object = json as? [String: Any], let blocks = object["blocks"] as? [[String: Any]] else { return nil }
        var parsed: [ReportBlock] = []
        for block in blocks {
            let strings = { (key: String) in (block[key] as? [Any])?.compactMap { $0 as? String } ?? [] }
            switch block["type"] as? String {
            case "heading":
                parsed.append(.heading(level: block["level"] as? Int ?? 3, text: block["text"] as? String ?? ""))
            case "paragraph":
                parsed.append(.paragraph(lead: block["lead"] as? String, text: block["text"] as? String ?? ""))
            case "list":
                parsed.append(.list(strings("items")))
            case "table":
                let rows = (block["rows"] as? [[Any]])?.map { $0.compactMap { $0 as? String } } ?? []
                let numeric = (block["numeric"] as? [Any])?.compactMap { $0 as? Bool } ?? []
                parsed.append(.table(ReportTable(header: strings("header"), rows: rows, numeric: numeric)))
            case "stacked_shares":
                let bars = (block["bars"] as? [[String: Any]] ?? []).map {
                    ShareBar(label: $0["label"] as? String ?? "", counts: ($0["counts"] as? [Any])?.compactMap { $0 as? Int } ?? [])
                }
                parsed.append(.chart(.stackedShares(title: block["title"] as? String ?? "", categories: strings("categories"), bars: bars)))
            case "bars":
                let items = (block["items"] as? [[String: Any]] ?? []).map {
                    ValueBar(label: $0["label"] as? String ?? "", value: ($0["value"] as? NSNumber)?.doubleValue)
                }
                parsed.append(.chart(.bars(
                    title: block["title"] as? String ?? "", items: items, maximum: (block["maximum"] as? NSNumber)?.doubleValue ?? 100,
                    unit: block["unit"] as? String ?? "")))
            default:
                return nil
            }
        }
        self.init(language: object["language"] as? String ?? "zh", blocks: parsed)
    }
}


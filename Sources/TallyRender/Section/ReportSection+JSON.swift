import Foundation
import TallyCore

/// A section in results.json (`units[].section`), so `tally attach` can put it into a report
/// later without the form or the response files.
extension ReportSection {
    package func json() -> JSONValue {
        var pairs: [(String, JSONValue)] = [("language", .string(language)), ("blocks", .array(blocks.map(Self.block)))]
        if !pieces.isEmpty {
            pairs.append(("pieces", .object(Self.pieceNames.compactMap { name in pieces[name].map { (name, .array($0.map(JSONValue.int))) } })))
        }
        return .object(pairs)
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

    /// Reads a section back from results.json (`units[].section`); `nil` when it is not one.
    package init?(json: JSONValue) {
        guard let blocks = json["blocks"]?.array else { return nil }
        var parsed: [ReportBlock] = []
        for block in blocks {
            let strings = { (key: String) in block[key]?.array?.compactMap(\.string) ?? [] }
            let text = { (key: String) in block[key]?.string ?? "" }
            switch block["type"]?.string {
            case "heading":
                parsed.append(.heading(level: block["level"]?.int ?? 3, text: text("text")))
            case "paragraph":
                parsed.append(.paragraph(lead: block["lead"]?.string, text: text("text")))
            case "list":
                parsed.append(.list(strings("items")))
            case "table":
                let rows = block["rows"]?.array?.map { $0.array?.compactMap(\.string) ?? [] } ?? []
                let numeric = block["numeric"]?.array?.compactMap(\.bool) ?? []
                parsed.append(.table(ReportTable(header: strings("header"), rows: rows, numeric: numeric)))
            case "stacked_shares":
                let bars = (block["bars"]?.array ?? []).map {
                    ShareBar(label: $0["label"]?.string ?? "", counts: $0["counts"]?.array?.compactMap(\.int) ?? [])
                }
                parsed.append(.chart(.stackedShares(title: text("title"), categories: strings("categories"), bars: bars)))
            case "bars":
                let items = (block["items"]?.array ?? []).map { ValueBar(label: $0["label"]?.string ?? "", value: $0["value"]?.double) }
                parsed.append(.chart(.bars(title: text("title"), items: items, maximum: block["maximum"]?.double ?? 100, unit: text("unit"))))
            default:
                return nil
            }
        }
        var pieces: [String: [Int]] = [:]
        for name in Self.pieceNames {
            if let indexes = json["pieces"]?[name]?.array { pieces[name] = indexes.compactMap(\.int) }
        }
        self.init(language: json["language"]?.string ?? "zh", blocks: parsed, pieces: pieces)
    }
}

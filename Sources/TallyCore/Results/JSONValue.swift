/// A JSON value whose objects keep their key order, so results.json reads in a sensible
/// order (counts in scale order) and is byte-identical from run to run.
package indirect enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    package static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case (.bool(let a), .bool(let b)): a == b
        case (.int(let a), .int(let b)): a == b
        case (.double(let a), .double(let b)): a == b
        case (.string(let a), .string(let b)): a == b
        case (.array(let a), .array(let b)): a == b
        case (.object(let a), .object(let b)): a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: false
        }
    }

    /// A number, or `null` when there is none (never NaN).
    package static func number(_ value: Double?) -> JSONValue {
        guard let value, value.isFinite else { return .null }
        return .double(value)
    }

    /// The value at `key` of an object.
    package subscript(key: String) -> JSONValue? {
        guard case .object(let pairs) = self else { return nil }
        return pairs.first { $0.0 == key }?.1
    }

    /// Pretty-printed JSON with two-space indentation and a final newline.
    package func serialized() -> String {
        String(decoding: serializedBytes(), as: UTF8.self)
    }

    /// `serialized()` as UTF-8 bytes, without making a `String` of them.
    package func serializedBytes() -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(1 << 20)
        write(to: &output, indent: 0)
        output.append(10)
        return output
    }

    /// Written as UTF-8 bytes: a results.json holds every unit's counters, and appending
    /// to a `String` piece by piece costs ten times as much.
    private func write(to output: inout [UInt8], indent: Int) {
        func put(_ text: String) { output.append(contentsOf: text.utf8) }
        /// Decimal digits without a `String` (results.json holds a great many counts): written
        /// backwards, then turned round.
        func put(_ value: Int) {
            if value < 0 { output.append(UInt8(ascii: "-")) }
            let start = output.count
            var magnitude = value.magnitude
            repeat {
                output.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
                magnitude /= 10
            } while magnitude > 0
            output[start...].reverse()
        }
        func spaces(_ count: Int) { output.append(contentsOf: repeatElement(UInt8(32), count: count)) }
        switch self {
        case .null: put("null")
        case .bool(let value): put(value ? "true" : "false")
        case .int(let value): put(value)
        case .double(let value):
            if value.isFinite {
                if value == value.rounded(), abs(value) < 1e15 { put(Int(value)) } else { put("\(value)") }
            } else {
                put("null")
            }
        case .string(let value): Self.writeString(value, to: &output)
        case .array(let items):
            if items.isEmpty {
                put("[]")
                return
            }
            if items.allSatisfy(\.isScalar) {
                output.append(UInt8(ascii: "["))
                for (index, item) in items.enumerated() {
                    if index > 0 { put(", ") }
                    item.write(to: &output, indent: indent)
                }
                output.append(UInt8(ascii: "]"))
                return
            }
            put("[\n")
            // The units of a results.json (an array near the top, of large objects) are written
            // side by side, each into its own buffer, then joined in order.
            let parts: [[UInt8]]? =
                indent <= 2 && items.count > 1
                ? items.concurrentMap { item in
                    var part: [UInt8] = []
                    item.write(to: &part, indent: indent + 2)
                    return part
                } : nil
            for (index, item) in items.enumerated() {
                spaces(indent + 2)
                if let parts { output.append(contentsOf: parts[index]) } else { item.write(to: &output, indent: indent + 2) }
                put(index == items.count - 1 ? "\n" : ",\n")
            }
            spaces(indent)
            output.append(UInt8(ascii: "]"))
        case .object(let pairs):
            if pairs.isEmpty {
                put("{}")
                return
            }
            put("{\n")
            for (index, (key, value)) in pairs.enumerated() {
                spaces(indent + 2)
                Self.writeString(key, to: &output)
                put(": ")
                value.write(to: &output, indent: indent + 2)
                put(index == pairs.count - 1 ? "\n" : ",\n")
            }
            spaces(indent)
            output.append(UInt8(ascii: "}"))
        }
    }

    private var isScalar: Bool {
        switch self {
        case .array, .object: false
        default: true
        }
    }

    private static func writeString(_ value: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        // Most strings need no escape: copy their bytes at once.
        if !value.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 == 0xE2 }) {
            output.append(contentsOf: value.utf8)
            output.append(UInt8(ascii: "\""))
            return
        }
        var escaped = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            case "\t": escaped += "\\t"
            case "\u{2028}": escaped += "\\u2028"
            case "\u{2029}": escaped += "\\u2029"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    escaped += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    escaped.unicodeScalars.append(scalar)
                }
            }
        }
        output.append(contentsOf: escaped.utf8)
        output.append(UInt8(ascii: "\""))
    }
}

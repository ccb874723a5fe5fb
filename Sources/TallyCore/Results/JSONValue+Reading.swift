import Foundation

/// Reading JSON back: `JSONValue` from bytes, and typed look-ups that tolerate how numbers
/// were written (`7` or `7.0`).
extension JSONValue: Decodable {
    /// Parses JSON text. Objects come back with their keys sorted (a reader looks keys up;
    /// it does not depend on their order).
    package init(parsing bytes: some Collection<UInt8>) throws {
        self = try JSONDecoder().decode(JSONValue.self, from: Data(bytes))
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = .int(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            let object = try container.decode([String: JSONValue].self)
            self = .object(object.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
        }
    }

    /// A whole number (written `7` or `7.0`), else `nil`.
    package var int: Int? {
        switch self {
        case .int(let value): value
        case .double(let value): Int(exactly: value)
        default: nil
        }
    }

    /// Any number, else `nil`.
    package var double: Double? {
        switch self {
        case .int(let value): Double(value)
        case .double(let value): value
        default: nil
        }
    }

    package var string: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    package var bool: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    package var array: [JSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    /// The pairs of an object, in order.
    package var pairs: [(String, JSONValue)]? {
        if case .object(let value) = self { return value }
        return nil
    }

    /// A number or a string as the report writes it: strings as they are, numbers through `format`.
    package func text(numbers format: (Double) -> String) -> String? {
        string ?? double.map(format)
    }
}

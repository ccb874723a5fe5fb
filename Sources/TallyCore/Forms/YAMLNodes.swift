import Foundation
import Yams

/// Typed, position-aware access to a composed YAML document: every accessor that
/// finds the wrong shape throws a `FormError` at that node's line and column.
struct YAMLValue {
    let node: Node
    /// The key path to this node (`questions[2].scale`).
    let path: String
    let file: String

    var position: SourcePosition {
        SourcePosition(file: file, line: node.mark?.line ?? 0, column: node.mark?.column ?? 0)
    }

    func error(_ message: String) -> FormError { FormError(message, key: path, at: position) }

    var kindName: String {
        switch node {
        case .scalar: "a single value"
        case .mapping: "a mapping (key: value)"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }

    /// The scalar's text; lists and mappings are errors.
    func string() throws(FormError) -> String {
        guard case .scalar(let scalar) = node else { throw error("expected text, found \(kindName)") }
        return scalar.string
    }

    /// A non-empty scalar.
    func nonEmptyString() throws(FormError) -> String {
        let text = try string().trimmingCharacters(in: .whitespaces)
        if text.isEmpty { throw error("must not be empty") }
        return text
    }

    func number() throws(FormError) -> Double {
        let text = try string()
        guard let value = Double(text.trimmingCharacters(in: .whitespaces)), value.isFinite else {
            throw error("expected a number, found '\(text)'")
        }
        return value
    }

    func integer() throws(FormError) -> Int {
        let text = try string()
        guard let value = Int(text.trimmingCharacters(in: .whitespaces)) else {
            throw error("expected a whole number, found '\(text)'")
        }
        return value
    }

    func bool() throws(FormError) -> Bool {
        switch try string().lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        case let other: throw error("expected true or false, found '\(other)'")
        }
    }

    /// One of `allowed` (the raw values of an enum).
    func choice<T: RawRepresentable>(_ type: T.Type, _ allowed: [T]) throws(FormError) -> T where T.RawValue == String {
        let text = try string()
        guard let value = T(rawValue: text) else {
            throw error("'\(text)' is not one of: \(allowed.map(\.rawValue).joined(separator: ", "))")
        }
        return value
    }

    /// A list, or a single scalar taken as a list of one.
    func list() throws(FormError) -> [YAMLValue] {
        switch node {
        case .sequence(let sequence):
            return sequence.enumerated().map { YAMLValue(node: $1, path: "\(path)[\($0)]", file: file) }
        case .scalar:
            return [self]
        default:
            throw error("expected a list, found \(kindName)")
        }
    }

    /// A list, strictly (a single value is an error).
    func sequence() throws(FormError) -> [YAMLValue] {
        guard case .sequence = node else { throw error("expected a list, found \(kindName)") }
        return try list()
    }

    /// A list of texts (or one text).
    func strings() throws(FormError) -> [String] {
        var result: [String] = []
        for item in try list() { result.append(try item.nonEmptyString()) }
        return result
    }

    /// A `column:` value: a header, a list of headers, or a position (`{ index: N }`, 1-based).
    func columns() throws(FormError) -> [String] {
        guard case .mapping = node else { return try strings() }
        let map = try mapping()
        let indexValue = try map.required("index")
        let index = try indexValue.integer()
        if index < 1 { throw indexValue.error("a column's index counts from 1 (the first column is 1)") }
        try map.finish()
        return [ColumnPosition.reference(index)]
    }

    func mapping() throws(FormError) -> YAMLMapping {
        guard case .mapping(let mapping) = node else { throw error("expected a mapping (key: value), found \(kindName)") }
        return YAMLMapping(mapping: mapping, value: self)
    }
}

/// A YAML mapping whose keys are checked: reading a key marks it known, and `finish`
/// reports the first key nobody asked for (a typo such as `scael:`).
final class YAMLMapping {
    let mapping: Node.Mapping
    let value: YAMLValue
    private var known: Set<String> = []

    init(mapping: Node.Mapping, value: YAMLValue) {
        self.mapping = mapping
        self.value = value
    }

    private func child(_ key: String) -> String { value.path.isEmpty ? key : "\(value.path).\(key)" }

    /// The value at `key`, or `nil` when absent (or written as `~`/`null`).
    func optional(_ key: String) -> YAMLValue? {
        known.insert(key)
        guard let node = mapping[key] else { return nil }
        if case .scalar(let scalar) = node, scalar.style == .plain, ["~", "null", ""].contains(scalar.string) {
            return nil
        }
        return YAMLValue(node: node, path: child(key), file: value.file)
    }

    func required(_ key: String) throws(FormError) -> YAMLValue {
        guard let found = optional(key) else {
            throw FormError("missing key '\(key)'", key: value.path, at: value.position)
        }
        return found
    }

    var keys: [String] { mapping.keys.compactMap { $0.scalar?.string } }

    /// Throws at the first key not in `allowed`, before any other check reads the mapping.
    func allow(_ allowed: [String]) throws(FormError) {
        try finish(allowed)
    }

    /// Throws at the first key that was never read.
    func finish(_ allowed: [String] = []) throws(FormError) {
        known.formUnion(allowed)
        for (keyNode, _) in mapping {
            let key = keyNode.scalar?.string ?? ""
            guard !known.contains(key) else { continue }
            let hint = closest(to: key, in: known).map { "; did you mean '\($0)'?" } ?? ""
            let position = SourcePosition(
                file: value.file, line: keyNode.mark?.line ?? 0, column: keyNode.mark?.column ?? 0)
            throw FormError("unknown key '\(key)'\(hint)", key: value.path, at: position)
        }
    }
}

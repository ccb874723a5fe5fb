/// A mistake in a form, with the place it was found and the key it concerns.
///
/// Printed like a compiler: `Forms/x.yaml:12:14: error: questions[2].scale: unknown scale 'goodnes' (known: goodness)`.
public struct FormError: Error, Equatable, Sendable, CustomStringConvertible {
    public var position: SourcePosition
    /// The key path, such as `questions[2].scale` (empty for the whole file).
    public var key: String
    public var message: String

    package init(_ message: String, key: String, at position: SourcePosition) {
        self.message = message
        self.key = key
        self.position = position
    }

    public var description: String {
        "\(position): error: \(key.isEmpty ? "" : key + ": ")\(message)"
    }
}

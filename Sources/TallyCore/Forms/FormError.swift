/// A mistake in a form, with the place it was found and the key it concerns.
///
/// Printed like a compiler: `Forms/x.yaml:12:14: error: questions[2].scale: unknown scale 'goodnes' (known: goodness)`.
public struct FormError: Error, Equatable, Sendable, CustomStringConvertible {
    public var position: SourcePosition
    /// The key path, such as `questions[2].scale` (empty for the whole file).
    public var key: String
    public var message: String
    /// Further mistakes found in the same file, in order (`forms check` reports them all).
    package var others: [FormError] = []

    package init(_ message: String, key: String, at position: SourcePosition) {
        self.message = message
        self.key = key
        self.position = position
    }

    public var description: String {
        ([self.line] + others.map(\.line)).joined(separator: "\n")
    }

    /// This mistake alone, as one line.
    private var line: String { "\(position): error: \(key.isEmpty ? "" : key + ": ")\(message)" }

    /// Every mistake: this one, then the others.
    package var all: [FormError] {
        var first = self
        first.others = []
        return [first] + others
    }

    /// The first of `errors`, carrying the rest; `nil` for none.
    static func collected(_ errors: [FormError]) -> FormError? {
        guard var first = errors.first else { return nil }
        first.others = Array(errors.dropFirst())
        return first
    }
}

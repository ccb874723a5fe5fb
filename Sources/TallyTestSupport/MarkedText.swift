/// Text with a position marked by `1️⃣` inside it, for asserting where an error points.
///
/// ```swift
/// let marked = MarkedText("a: 1\nb: 1️⃣x\n")
/// marked.text      // "a: 1\nb: x\n"
/// marked.line      // 2
/// marked.column    // 4 (1-based, counted in Unicode scalars, as libyaml does)
/// ```
public struct MarkedText {
    public static let marker = "1️⃣"
    public let text: String
    public let line: Int
    public let column: Int

    public init(_ marked: String) {
        var line = 1
        var column = 1
        var found: (Int, Int)?
        var text = ""
        var rest = Substring(marked)
        while !rest.isEmpty {
            if rest.hasPrefix(Self.marker) {
                found = (line, column)
                rest = rest.dropFirst(Self.marker.count)
                continue
            }
            let character = rest.removeFirst()
            text.append(character)
            if character == "\n" {
                line += 1
                column = 1
            } else {
                column += character.unicodeScalars.count
            }
        }
        precondition(found != nil, "no 1️⃣ marker in the text")
        self.text = text
        self.line = found!.0
        self.column = found!.1
    }
}

/// Text normalisation shared by header and value matching.
enum TextFolding {
    /// Full-width ASCII (U+FF01–U+FF5E) to half-width, the ideographic space to a space.
    static func foldWidth(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0.value >= 0x3000 && ($0.value == 0x3000 || (0xFF01...0xFF5E).contains($0.value)) })
        else { return text }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0xFF01...0xFF5E: scalars.append(UnicodeScalar(scalar.value - 0xFEE0)!)
            case 0x3000: scalars.append(" ")
            default: scalars.append(scalar)
            }
        }
        return String(scalars)
    }

    static func isBlank(_ character: Character) -> Bool {
        character == " " || character == "\t" || character == "\n" || character == "\r" || character == "\u{3000}"
            || character == "\u{00A0}" || character == "\u{FEFF}"
    }

    /// Blanks (spaces, tabs, line breaks, U+3000, NBSP) removed from both ends.
    static func trim(_ text: String) -> String {
        guard let first = text.firstIndex(where: { !isBlank($0) }) else { return "" }
        let last = text.lastIndex(where: { !isBlank($0) })!
        return String(text[first...last])
    }

    /// The key a cell value is matched by: trimmed and width-folded.
    static func valueKey(_ text: String) -> String { trim(foldWidth(text)) }

    /// The key a code is matched by: also case-folded (`a` is `A`).
    static func codeKey(_ text: String) -> String { valueKey(text).lowercased() }
}

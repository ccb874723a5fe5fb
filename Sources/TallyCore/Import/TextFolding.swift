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

    /// Scalars, not `Character`s: comparing characters normalises Unicode on every cell.
    static func isBlank(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20, 0x09, 0x0A, 0x0D, 0x3000, 0xA0, 0xFEFF: true
        default: false
        }
    }

    /// Blanks (spaces, tabs, line breaks, U+3000, NBSP, BOM) removed from both ends.
    static func trim(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.first, let last = scalars.last else { return text }
        if !isBlank(first) && !isBlank(last) { return text }  // the common case: nothing to copy
        guard let start = scalars.firstIndex(where: { !isBlank($0) }) else { return "" }
        let end = scalars.lastIndex(where: { !isBlank($0) })!
        return String(scalars[start...end])
    }

    /// The key a cell value is matched by: trimmed and width-folded.
    static func valueKey(_ text: String) -> String { trim(foldWidth(text)) }

    /// The key a code is matched by: also case-folded (`a` is `A`).
    static func codeKey(_ text: String) -> String { valueKey(text).lowercased() }
}

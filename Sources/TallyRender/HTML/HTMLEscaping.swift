/// The one HTML escaper: the engine's HTML and SVG and the web app's pages all use it.
public enum HTMLEscaping {
    /// `&`, `<`, `>`, `"` and `'` as entities: safe in text and in quoted attributes.
    ///
    /// Works on Unicode scalars, not on Characters: `"` followed by a combining mark (U+0338)
    /// is one Character that is not `"`, and escaping by Character would leave the quote raw
    /// (a stored XSS found by attacking the web app, issue 26).
    public static func escape(_ text: String) -> String {
        var output = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": output.append(contentsOf: "&amp;".unicodeScalars)
            case "<": output.append(contentsOf: "&lt;".unicodeScalars)
            case ">": output.append(contentsOf: "&gt;".unicodeScalars)
            case "\"": output.append(contentsOf: "&quot;".unicodeScalars)
            case "'": output.append(contentsOf: "&#39;".unicodeScalars)
            default: output.append(scalar)
            }
        }
        return String(output)
    }
}

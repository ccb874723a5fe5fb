import Foundation

/// Strings written into YAML that Tally writes for people (a drafted form, a campaign file
/// the web app exports), read back as the same strings.
public enum YAMLText {
    /// Double-quoted: `"`, `\`, line breaks and tabs escaped; other control characters dropped.
    public static func quoted(_ text: String) -> String {
        var escaped = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            case "\t": escaped += "\\t"
            default: if scalar.value >= 0x20 { escaped.unicodeScalars.append(scalar) }
            }
        }
        return "\"\(escaped)\""
    }

    /// Plain where YAML reads it back as the same string (no indicator, not a number, a
    /// boolean or null, no surrounding blanks), else `quoted`.
    public static func scalar(_ text: String) -> String {
        let special = CharacterSet(charactersIn: ":#{}[],&*!|>'\"%@`\\")
        let plain = !text.isEmpty && text.rangeOfCharacter(from: special) == nil && text == text.trimmingCharacters(in: .whitespaces)
            && Double(text) == nil && !["true", "false", "yes", "no", "null", "~", "y", "n", "on", "off"].contains(text.lowercased())
            && !text.hasPrefix("-") && !text.hasPrefix("?") && !text.unicodeScalars.contains { $0.value < 0x20 }
        return plain ? text : quoted(text)
    }
}

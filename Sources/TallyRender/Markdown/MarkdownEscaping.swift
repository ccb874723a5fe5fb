/// Escaping for text that comes from forms or respondents and goes into Markdown.
package enum MarkdownEscaping {
    /// Text safe inside a table cell or a paragraph: Markdown punctuation, HTML and pipes
    /// are backslash-escaped or replaced, and line breaks become spaces.
    package static func inline(_ text: String) -> String {
        var output = ""
        for character in text {
            switch character {
            case "\\", "`", "*", "_", "[", "]", "#", "|", "<", ">", "!":
                output.append("\\")
                output.append(character)
            case "\n", "\r": output.append(" ")
            case "&": output += "&amp;"
            default: output.append(character)
            }
        }
        return output
    }
}

/// Where a line may break in a rendered report (DOCX and HTML; Markdown stays plain text for
/// pasting). A CJK line may break between any two characters, so “收回40⏎张” and “3.0个⏎百分点”
/// happen; and “75.7%（28/37）” is one unbreakable run, which leaves ragged lines.
package enum LineBreaks {
    /// U+2060 WORD JOINER: no break here (LibreOffice, Word and browsers honour it).
    static let joiner: Character = "\u{2060}"
    /// U+200B ZERO WIDTH SPACE: a break allowed here.
    static let breakOpportunity: Character = "\u{200B}"

    /// Measure words and units that stay on the line of the number before them, longest first.
    static let units = ["个百分点", "百分点", "张", "份", "人次", "人", "分", "名", "项", "题", "条", "个", "次", "岁"]

    /// The text with a word joiner between a number and the measure word or unit after it
    /// (and inside a unit of several characters), and a break opportunity before a full-width
    /// bracket that follows a number or %. Text without digits is returned as it is.
    package static func glued(_ text: String) -> String {
        guard text.contains(where: \.isASCIIDigit) else { return text }
        var output = ""
        var characters = Substring(text)
        var afterNumber = false
        while let character = characters.first {
            if afterNumber, let unit = units.first(where: { characters.hasPrefix($0) }) {
                output.append(joiner)
                output += unit.map(String.init).joined(separator: String(joiner))
                characters = characters.dropFirst(unit.count)
                afterNumber = false
                continue
            }
            if afterNumber, character == "（" { output.append(breakOpportunity) }
            output.append(character)
            afterNumber = character.isASCIIDigit || (afterNumber && character == "%")
            characters = characters.dropFirst()
        }
        return output
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}

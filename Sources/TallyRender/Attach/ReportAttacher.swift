import Foundation
import TallyCore

/// Puts a unit's findings section into its report: Markdown at a line `<!-- tally:findings -->`,
/// DOCX at a paragraph whose text is `{{tally:findings}}`, and single figures at
/// `{{tally:UNIT.…}}`. Without the section placeholder the section is appended at the end.
/// Everything else in the report is kept as it was: in a DOCX, every part but
/// `word/document.xml` byte for byte.
package enum ReportAttacher {
    package struct Outcome {
        package var bytes: [UInt8]
        /// `false` when the report had no placeholder and the section went at the end.
        package var placed: Bool
    }

    package static let markdownMarker = "<!-- tally:findings -->"
    package static let docxMarker = "{{tally:findings}}"

    package static func attach(report path: String, bytes: [UInt8], section: ReportSection, results: ResultsFile) throws -> Outcome {
        let figures = FigurePlaceholders(results: results)
        switch URL(fileURLWithPath: path).pathExtension.lowercased() {
        case "md", "markdown", "txt":
            return try markdown(String(decoding: bytes, as: UTF8.self), section: section, figures: figures)
        case "docx":
            return try docx(Data(bytes), file: path, section: section, figures: figures)
        default:
            throw AttachError.unsupportedReport(path)
        }
    }

    static func markdown(_ report: String, section: ReportSection, figures: FigurePlaceholders) throws -> Outcome {
        let rendered = MarkdownRenderer.render(section).trimmingCharacters(in: .newlines)
        var lines = report.components(separatedBy: "\n")
        var placed = false
        for index in lines.indices where lines[index].trimmingCharacters(in: .whitespacesAndNewlines) == markdownMarker {
            lines[index] = rendered
            placed = true
        }
        var text = try figures.fill(lines.joined(separator: "\n"))
        if !placed {
            if !text.hasSuffix("\n") { text += "\n" }
            text += "\n" + rendered + "\n"
        }
        return Outcome(bytes: Array(text.utf8), placed: placed)
    }

    static func docx(_ data: Data, file: String, section: ReportSection, figures: FigurePlaceholders) throws -> Outcome {
        guard let parts = try? DOCXPackage.parts(of: data), let main = parts.first(where: { $0.path == "word/document.xml" }) else {
            throw AttachError.notDOCX(file)
        }
        var xml = String(decoding: main.data, as: UTF8.self)
        let body = WordprocessingML.body(section)
        var placed = false
        // Paragraphs, innermost first; a paragraph whose text is the marker is replaced whole.
        var output = ""
        var rest = Substring(xml)
        while let start = paragraphStart(in: rest) {
            guard let end = rest[start...].range(of: "</w:p>") else { break }
            let paragraph = rest[start..<end.upperBound]
            output += rest[..<start]
            let text = paragraphText(paragraph)
            if text.trimmingCharacters(in: .whitespaces) == docxMarker {
                output += body
                placed = true
            } else if text.contains("{{tally:") {
                output += try fillParagraph(String(paragraph), text: text, figures: figures)
            } else {
                output += paragraph
            }
            rest = rest[end.upperBound...]
        }
        output += rest
        xml = output
        if !placed, let sectPr = xml.range(of: "<w:sectPr", options: .backwards) {
            xml.insert(contentsOf: body, at: sectPr.lowerBound)
        }
        let rebuilt = try DOCXPackage.zip(parts.map { part in
            part.path == "word/document.xml" ? (part.path, Data(xml.utf8)) : (part.path, part.data)
        })
        return Outcome(bytes: Array(rebuilt), placed: placed)
    }

    /// The start of the next `<w:p>` or `<w:p …>` (not `<w:pPr>`, `<w:proofErr>`…).
    static func paragraphStart(in text: Substring) -> Substring.Index? {
        var search = text[...]
        while let range = search.range(of: "<w:p") {
            let next = search[range.upperBound...].first
            if next == ">" || next == " " { return range.lowerBound }
            search = search[range.upperBound...]
        }
        return nil
    }

    /// A paragraph's text: its `w:t` elements joined, entities undone.
    static func paragraphText(_ paragraph: Substring) -> String {
        var text = ""
        var rest = paragraph
        while let open = rest.range(of: "<w:t") {
            guard let tagEnd = rest[open.upperBound...].firstIndex(of: ">") else { break }
            let tag = rest[open.lowerBound...tagEnd]
            let next = rest[open.upperBound...].first
            if tag.hasSuffix("/>") || !(next == ">" || next == " ") {
                rest = rest[rest.index(after: tagEnd)...]
                continue
            }
            guard let close = rest[tagEnd...].range(of: "</w:t>") else { break }
            text += unescape(String(rest[rest.index(after: tagEnd)..<close.lowerBound]))
            rest = rest[close.upperBound...]
        }
        return text
    }

    static func unescape(_ text: String) -> String {
        text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&apos;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    /// Fills figure placeholders in one paragraph. Word often splits `{{tally:…}}` over several
    /// runs; the paragraph then keeps its properties and its first run's formatting, with the
    /// filled text in that one run.
    static func fillParagraph(_ paragraph: String, text: String, figures: FigurePlaceholders) throws -> String {
        let filled = try figures.fill(text)
        let properties = paragraph.range(of: "<w:pPr").flatMap { open in
            paragraph.range(of: "</w:pPr>", range: open.upperBound..<paragraph.endIndex).map { String(paragraph[open.lowerBound..<$0.upperBound]) }
        } ?? ""
        let runProperties = paragraph.range(of: "<w:rPr>").flatMap { open in
            paragraph.range(of: "</w:rPr>", range: open.upperBound..<paragraph.endIndex).map { String(paragraph[open.lowerBound..<$0.upperBound]) }
        } ?? ""
        let openTag = String(paragraph[..<(paragraph.firstIndex(of: ">").map { paragraph.index(after: $0) } ?? paragraph.endIndex)])
        return openTag + properties + "<w:r>\(runProperties)<w:t xml:space=\"preserve\">\(WordprocessingML.escape(filled))</w:t></w:r></w:p>"
    }
}

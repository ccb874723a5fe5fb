import Foundation
import TallyCore

/// Puts a unit's findings into its report, piece by piece (CLI.md): a Markdown line
/// `{{tally:NAME}}` or `<!-- tally:NAME -->`, or a DOCX paragraph whose text is `{{tally:NAME}}`,
/// is replaced by that piece (methods, results, problems, strengths, appendix, or findings —
/// the four body pieces), with no title of its own; in Markdown its headings nest under the
/// heading it sits in. Single figures go at `{{tally:UNIT.…}}`. A report with no piece
/// placeholder gets the whole section at its end.
/// Everything else in the report is kept as it was: in a DOCX, every part but
/// `word/document.xml` byte for byte.
package enum ReportAttacher {
    package struct Outcome {
        package var bytes: [UInt8]
        /// The placeholders replaced, in order, as `{{tally:NAME}}` with their line (Markdown)
        /// or paragraph (DOCX); empty when the section went at the end.
        package var replaced: [String]
        /// `false` when the report had no piece placeholder and the section went at the end.
        package var placed: Bool { !replaced.isEmpty }
    }

    /// A piece placeholder alone on its line or paragraph: `{{tally:NAME}}` or `<!-- tally:NAME -->`
    /// with a name without a dot (figures are `UNIT.…`); `nil` for anything else.
    static func pieceName(_ line: String) -> String? {
        let text = line.trimmingCharacters(in: .whitespaces)
        for (open, close) in [("{{tally:", "}}"), ("<!-- tally:", " -->")] where text.hasPrefix(open) && text.hasSuffix(close) {
            let name = String(text.dropFirst(open.count).dropLast(close.count)).trimmingCharacters(in: .whitespaces)
            if !name.isEmpty, !name.contains("."), !name.contains("{"), !name.contains("<") { return name }
        }
        return nil
    }

    /// A piece's blocks, or the error naming what exists.
    static func piece(_ name: String, of section: ReportSection, at location: String, figures: FigurePlaceholders) throws(AttachError) -> [ReportBlock] {
        guard let blocks = section.piece(name) else {
            throw .unknownPlaceholder(name, at: location, pieces: ReportSection.placeholderNames, figures: figures.examples())
        }
        return blocks
    }

    /// Headings moved so that the piece's highest sits one level under `level` (at most `######`).
    static func nested(_ blocks: [ReportBlock], under level: Int) -> [ReportBlock] {
        let levels = blocks.compactMap { block -> Int? in if case .heading(let level, _) = block { level } else { nil } }
        guard let top = levels.min() else { return blocks }
        return blocks.map { block in
            guard case .heading(let old, let text) = block else { return block }
            return .heading(level: min(6, max(1, old - top + level + 1)), text: text)
        }
    }


    /// - Parameter unit: the report's unit, whose figures an error message suggests.
    package static func attach(report path: String, bytes: [UInt8], section: ReportSection, results: ResultsFile, unit: String? = nil) throws -> Outcome {
        let figures = FigurePlaceholders(results: results, unit: unit)
        switch URL(fileURLWithPath: path).pathExtension.lowercased() {
        case "md", "markdown", "txt":
            return try markdown(String(decoding: bytes, as: UTF8.self), file: path, section: section, figures: figures)
        case "docx":
            return try docx(Data(bytes), file: path, section: section, figures: figures)
        default:
            throw AttachError.unsupportedReport(path)
        }
    }

    static func markdown(_ report: String, file: String, section: ReportSection, figures: FigurePlaceholders) throws -> Outcome {
        var lines = report.components(separatedBy: "\n")
        var replaced: [String] = []
        var level = 0  // the heading the line sits under
        var fenced = false
        for index in lines.indices {
            let line = lines[index].trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("```") { fenced.toggle() }
            if fenced { continue }
            if line.hasPrefix("#") {
                let hashes = line.prefix { $0 == "#" }.count
                if hashes <= 6, line.dropFirst(hashes).first == " " { level = hashes }
                continue
            }
            guard let name = pieceName(line) else { continue }
            let blocks = nested(try piece(name, of: section, at: "\(file):\(index + 1)", figures: figures), under: level)
            lines[index] = MarkdownRenderer.render(ReportSection(language: section.language, blocks: blocks)).trimmingCharacters(in: .newlines)
            replaced.append("{{tally:\(name)}} (line \(index + 1)\(blocks.isEmpty ? "; empty, nothing to say" : ""))")
        }
        var text = try figures.fill(lines.joined(separator: "\n")) { "\(file):\($0)" }
        if replaced.isEmpty {
            if !text.hasSuffix("\n") { text += "\n" }
            text += "\n" + MarkdownRenderer.render(section).trimmingCharacters(in: .newlines) + "\n"
        }
        return Outcome(bytes: Array(text.utf8), replaced: replaced)
    }

    static func docx(_ data: Data, file: String, section: ReportSection, figures: FigurePlaceholders) throws -> Outcome {
        let parts: [(path: String, data: Data)]
        do {
            parts = try DOCXPackage.parts(of: data)
        } catch is DOCXPackage.InflationExceeded {
            throw AttachError.tooLarge(file, limit: DOCXPackage.inflationLimit(compressed: data.count))
        } catch {
            throw AttachError.notDOCX(file)
        }
        guard let main = parts.first(where: { $0.path == "word/document.xml" }) else { throw AttachError.notDOCX(file) }
        var xml = String(decoding: main.data, as: UTF8.self)
        var replaced: [String] = []
        var number = 0  // paragraphs so far, for messages
        let styles = parts.first { $0.path == "word/styles.xml" }.map { HostStyles(String(decoding: $0.data, as: UTF8.self)) } ?? HostStyles("")
        var headings = HeadingTracker(styles: styles)
        // Paragraphs, innermost first; a paragraph whose text is the marker is replaced whole.
        var output = ""
        var rest = Substring(xml)
        while let start = paragraphStart(in: rest) {
            guard let end = rest[start...].range(of: "</w:p>") else { break }
            let paragraph = rest[start..<end.upperBound]
            output += rest[..<start]
            let text = paragraphText(paragraph)
            number += 1
            if let name = pieceName(text) {
                // The piece's headings nest one level under the heading it sits in.
                let blocks = try piece(name, of: section, at: "\(file), paragraph \(number)", figures: figures)
                var host = headings.current
                host.body = HostBody(paragraph: paragraph, styles: styles)
                output += WordprocessingML.body(ReportSection(language: section.language, blocks: blocks), host: host)
                replaced.append("{{tally:\(name)}} (paragraph \(number)\(blocks.isEmpty ? "; empty, nothing to say" : ""))")
            } else if text.contains("{{tally:") {
                output += try fillParagraph(String(paragraph), text: text, figures: figures, at: "\(file), paragraph \(number)")
            } else {
                output += paragraph
            }
            headings.see(paragraph, text: text)
            rest = rest[end.upperBound...]
        }
        output += rest
        xml = output
        if replaced.isEmpty, let sectPr = xml.range(of: "<w:sectPr", options: .backwards) {
            xml.insert(contentsOf: WordprocessingML.body(section), at: sectPr.lowerBound)
        }
        let rebuilt = try DOCXPackage.zip(parts.map { part in
            part.path == "word/document.xml" ? (part.path, Data(xml.utf8)) : (part.path, part.data)
        })
        return Outcome(bytes: Array(rebuilt), replaced: replaced)
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
    static func fillParagraph(_ paragraph: String, text: String, figures: FigurePlaceholders, at location: String) throws -> String {
        let filled = try figures.fill(text) { _ in location }
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

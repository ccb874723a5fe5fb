import Foundation

/// What a file is, from its first bytes (and for a zip, its parts' names): so that a Word
/// document, a PDF or a photo given as responses is called what it is, not a damaged CSV.
public enum FileKind: Equatable, Sendable {
    case empty
    /// Anything not recognised below: read as CSV text (the CSV reader says what is wrong).
    case text
    /// An Excel workbook (.xlsx, .xlsm): a zip with `xl/` parts.
    case workbook
    /// A Word document (.docx): a zip with `word/` parts.
    case wordDocument
    /// A PowerPoint file (.pptx).
    case slides
    /// Another zip (a campaign folder, say).
    case zip
    case pdf
    /// PNG, JPEG, GIF, TIFF or WebP.
    case image
    /// The old binary Office formats (.xls, .doc, .ppt): an OLE compound file.
    case oldOffice

    /// The kind of the file at `path`; `.text` when it cannot be read (reading says why).
    public static func of(path: String) -> FileKind {
        guard let handle = FileHandle(forReadingAtPath: path) else { return .text }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 16)).map(Array.init) ?? []
        return of(head: head) { ZipIndex(path: path).map { Array($0.parts.keys) } ?? [] }
    }

    /// The kind of a file from its first bytes (16 are enough) and, for a zip, its parts' names
    /// (asked only for a zip; none, for a damaged one, gives `.text`).
    public static func of(head: [UInt8], zipParts: () -> [String]) -> FileKind {
        if head.isEmpty { return .empty }
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            let parts = zipParts()
            // A zip whose directory cannot be read: no kind claimed (the reader says what is wrong).
            if parts.isEmpty { return .text }
            if parts.contains(where: { $0.hasPrefix("xl/") }) { return .workbook }
            if parts.contains(where: { $0.hasPrefix("word/") }) { return .wordDocument }
            if parts.contains(where: { $0.hasPrefix("ppt/") }) { return .slides }
            return .zip
        }
        if head.starts(with: Array("%PDF".utf8)) { return .pdf }
        if head.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) { return .oldOffice }
        let images: [[UInt8]] = [
            [0x89, 0x50, 0x4E, 0x47], [0xFF, 0xD8, 0xFF], Array("GIF8".utf8), [0x49, 0x49, 0x2A, 0x00], [0x4D, 0x4D, 0x00, 0x2A],
        ]
        if images.contains(where: { head.starts(with: $0) }) { return .image }
        if head.count >= 12, head.starts(with: Array("RIFF".utf8)), Array(head[8..<12]) == Array("WEBP".utf8) { return .image }
        return .text
    }
}

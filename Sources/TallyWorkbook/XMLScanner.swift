import Foundation

/// A small streaming scanner for the XML of a spreadsheet's parts: bytes in, as they inflate,
/// in chunks of any size; elements and text out, to a handler. It knows what SpreadsheetML
/// needs and no more: elements with attributes, character data with the five entities and
/// numeric character references, CDATA, comments and processing instructions skipped. A tag
/// split across two chunks is kept until its end arrives.
struct XMLScanner {
    /// What the scanner reports.
    protocol Handler {
        /// An element starts (`selfClosing`: `<c r="A1"/>`). `attribute` reads its attributes.
        mutating func start(_ name: ArraySlice<UInt8>, attributes: XMLAttributes, selfClosing: Bool) throws
        /// An element ends.
        mutating func end(_ name: ArraySlice<UInt8>) throws
        /// Character data between tags, entities not yet decoded (see `XMLText.decode`).
        mutating func text(_ bytes: ArraySlice<UInt8>) throws
    }

    private var pending: [UInt8] = []

    /// The longest markup (a tag, comment or CDATA section) kept while waiting for its end: a
    /// cell holds at most 32,767 characters, so nothing a spreadsheet writes comes near it.
    static let markupLimit = 1 << 20

    /// Scans `chunk`, keeping an incomplete tag at its end for the next one. Text is reported
    /// as it arrives, in pieces when it spans chunks (handlers append the pieces and decode
    /// entities once the element ends), so that text with no tag in it is never kept or
    /// scanned twice: a part of a gigabyte of spaces costs one pass.
    mutating func feed<H: Handler>(_ chunk: some Collection<UInt8>, to handler: inout H) throws {
        pending.append(contentsOf: chunk)
        var index = pending.startIndex
        let end = pending.endIndex
        var textStart = index
        while index < end {
            guard let open = nextOpen(from: index) else {
                index = end
                break
            }
            index = open
            // The markup from `<` to its `>`; not complete yet: wait for more bytes.
            guard let close = markupEnd(from: index) else {
                if end - index > Self.markupLimit {
                    throw WorkbookError.Kind.malformed("a tag runs on for more than \(Self.markupLimit >> 20) MiB")
                }
                break
            }
            if textStart < index { try handler.text(pending[textStart..<index]) }
            try markup(pending[index..<close], to: &handler)
            index = close
            textStart = index
        }
        // Text before an incomplete tag, or up to the chunk's end, goes now; the tag waits.
        let keep = index < end ? index : end
        if textStart < keep { try handler.text(pending[textStart..<keep]) }
        pending.removeSubrange(pending.startIndex..<keep)
    }

    /// The position of the next `<` at or after `start`, found with `memchr`: the one raw pointer
    /// of this module, confined here. `firstIndex(of:)` is the same in a release build, but a
    /// debug build runs it unspecialized: 149 s over the 250 MB a workbook part may inflate to,
    /// against a fraction of a second (the web bench's whitespace bomb runs in a debug build).
    private func nextOpen(from start: Int) -> Int? {
        pending.withUnsafeBufferPointer { buffer in
            guard start < buffer.count, let base = buffer.baseAddress,
                let found = memchr(base + start, Int32(UInt8(ascii: "<")), buffer.count - start)
            else { return nil }
            return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
        }
    }

    /// Where the markup starting at `start` (a `<`) ends, one past its `>`; `nil` when the
    /// bytes so far do not hold its end.
    private func markupEnd(from start: Int) -> Int? {
        let end = pending.endIndex
        if starts(with: "<!--", at: start) { return find("-->", from: start + 4).map { $0 + 3 } }
        if starts(with: "<![CDATA[", at: start) { return find("]]>", from: start + 9).map { $0 + 3 } }
        var index = start + 1
        var quote: UInt8 = 0
        while index < end {
            let byte = pending[index]
            if quote != 0 {
                if byte == quote { quote = 0 }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if byte == UInt8(ascii: ">") {
                return index + 1
            }
            index += 1
        }
        return nil
    }

    private func starts(with literal: StaticString, at index: Int) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard index + count <= pending.endIndex else { return false }
        return literal.withUTF8Buffer { buffer in
            for offset in 0..<count where pending[index + offset] != buffer[offset] { return false }
            return true
        }
    }

    private func find(_ literal: StaticString, from index: Int) -> Int? {
        let count = literal.utf8CodeUnitCount
        var position = index
        while position + count <= pending.endIndex {
            if starts(with: literal, at: position) { return position }
            position += 1
        }
        return nil
    }

    private func markup<H: Handler>(_ tag: ArraySlice<UInt8>, to handler: inout H) throws {
        let first = tag.startIndex + 1
        guard first < tag.endIndex else { return }
        switch tag[first] {
        case UInt8(ascii: "?"), UInt8(ascii: "!"):
            // A processing instruction, a comment or a declaration; CDATA is text.
            if tag.count >= 12, tag[first + 1] == UInt8(ascii: "[") {
                try handler.text(tag[(tag.startIndex + 9)..<(tag.endIndex - 3)])
            }
        case UInt8(ascii: "/"):
            var nameEnd = first + 1
            while nameEnd < tag.endIndex, !Self.isNameEnd(tag[nameEnd]) { nameEnd += 1 }
            try handler.end(tag[(first + 1)..<nameEnd])
        default:
            var nameEnd = first
            while nameEnd < tag.endIndex, !Self.isNameEnd(tag[nameEnd]) { nameEnd += 1 }
            let selfClosing = tag.count >= 2 && tag[tag.endIndex - 2] == UInt8(ascii: "/")
            let attributes = XMLAttributes(bytes: tag[nameEnd..<(tag.endIndex - (selfClosing ? 2 : 1))])
            try handler.start(tag[first..<nameEnd], attributes: attributes, selfClosing: selfClosing)
            if selfClosing { try handler.end(tag[first..<nameEnd]) }
        }
    }

    static func isNameEnd(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "/")
    }
}

/// The attributes of a start tag, read on demand.
struct XMLAttributes {
    let bytes: ArraySlice<UInt8>

    /// The raw value of attribute `name` (entities not decoded), or `nil`. A prefixed attribute
    /// (`r:id`) is found by its full name.
    func value(_ name: StaticString) -> ArraySlice<UInt8>? {
        var index = bytes.startIndex
        let end = bytes.endIndex
        while index < end {
            while index < end, XMLScanner.isNameEnd(bytes[index]) || bytes[index] == UInt8(ascii: "/") { index += 1 }
            let nameStart = index
            while index < end, bytes[index] != UInt8(ascii: "="), !XMLScanner.isNameEnd(bytes[index]) { index += 1 }
            let attributeName = bytes[nameStart..<index]
            while index < end, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "'") { index += 1 }
            guard index < end else { return nil }
            let quote = bytes[index]
            index += 1
            let valueStart = index
            while index < end, bytes[index] != quote { index += 1 }
            let value = bytes[valueStart..<min(index, end)]
            index += 1
            if Self.equal(attributeName, name) { return value }
        }
        return nil
    }

    /// The value of `name` as a decoded string.
    func string(_ name: StaticString) -> String? { value(name).map(XMLText.decode) }

    static func equal(_ bytes: ArraySlice<UInt8>, _ literal: StaticString) -> Bool {
        guard bytes.count == literal.utf8CodeUnitCount else { return false }
        return literal.withUTF8Buffer { buffer in zip(bytes, buffer).allSatisfy { $0 == $1 } }
    }
}

/// Character data and attribute values: entities decoded.
enum XMLText {
    /// The text of `bytes` with `&lt; &gt; &amp; &quot; &apos; &#N; &#xN;` decoded; an unknown
    /// entity is kept as written.
    static func decode(_ bytes: ArraySlice<UInt8>) -> String {
        guard bytes.contains(UInt8(ascii: "&")) else { return String(decoding: bytes, as: UTF8.self) }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "&"), let semicolon = bytes[index...].prefix(12).firstIndex(of: UInt8(ascii: ";")) else {
                output.append(byte)
                index += 1
                continue
            }
            let entity = bytes[(index + 1)..<semicolon]
            if let scalar = scalar(entity) {
                output.append(contentsOf: String(Character(scalar)).utf8)
                index = semicolon + 1
            } else {
                output.append(byte)
                index += 1
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static func scalar(_ entity: ArraySlice<UInt8>) -> Unicode.Scalar? {
        let name = String(decoding: entity, as: UTF8.self)
        switch name {
        case "lt": return "<"
        case "gt": return ">"
        case "amp": return "&"
        case "quot": return "\""
        case "apos": return "'"
        default:
            guard name.hasPrefix("#") else { return nil }
            let digits = name.dropFirst()
            let value = digits.hasPrefix("x") || digits.hasPrefix("X") ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
            return value.flatMap(Unicode.Scalar.init)
        }
    }
}

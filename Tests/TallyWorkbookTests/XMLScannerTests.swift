import Testing
@testable import TallyWorkbook

/// Records what the scanner reports, as text.
struct EventLog: XMLScanner.Handler {
    var events: [String] = []
    /// Text comes in pieces wherever the chunks end; joined here and decoded at the next tag,
    /// as the sheet's handlers do, so that chunking does not show.
    private var text: [UInt8] = []

    mutating func start(_ name: ArraySlice<UInt8>, attributes: XMLAttributes, selfClosing: Bool) throws {
        flush()
        let r = attributes.string("r").map { " r=\($0)" } ?? ""
        events.append("<\(String(decoding: name, as: UTF8.self))\(r)\(selfClosing ? "/" : "")>")
    }

    mutating func end(_ name: ArraySlice<UInt8>) throws {
        flush()
        events.append("</\(String(decoding: name, as: UTF8.self))>")
    }

    mutating func text(_ bytes: ArraySlice<UInt8>) throws { text += bytes }

    /// Reports the text since the last tag, if any.
    mutating func flush() {
        if !text.isEmpty { events.append("text:" + XMLText.decode(text[...])) }
        text.removeAll()
    }
}

@Suite("XML scanner")
struct XMLScannerTests {
    static let document = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <!-- a comment with <c> inside -->
        <sheetData><row r="1"><c r="A1" t="inlineStr"><is><t xml:space="preserve"> a &amp; b &lt;c&gt; &#20320;&#x597D; </t></is></c>\
        <c r='B1' s="3"/><c r="C1"><v>7.0</v></c></row><x a="x>y"/><t><![CDATA[<raw> & text]]></t></sheetData>
        """

    static func scan(chunk size: Int) throws -> [String] {
        var scanner = XMLScanner()
        var log = EventLog()
        let bytes = Array(document.utf8)
        var start = 0
        while start < bytes.count {
            try scanner.feed(bytes[start..<min(start + size, bytes.count)], to: &log)
            start += size
        }
        log.flush()
        return log.events.filter { !($0.hasPrefix("text:") && $0.dropFirst(5).allSatisfy(\.isWhitespace)) }
    }

    @Test func elementsAttributesTextAndEntities() throws {
        let events = try Self.scan(chunk: 1 << 20)
        #expect(events == [
            "<sheetData>", "<row r=1>", "<c r=A1>", "<is>", "<t>", "text: a & b <c> 你好 ", "</t>", "</is>", "</c>",
            "<c r=B1/>", "</c>", "<c r=C1>", "<v>", "text:7.0", "</v>", "</c>", "</row>", "<x/>", "</x>",
            "<t>", "text:<raw> & text", "</t>", "</sheetData>",
        ])
    }

    @Test(arguments: [1, 2, 3, 5, 7, 16, 64])
    func theSameEventsWhateverTheChunks(_ size: Int) throws {
        #expect(try Self.scan(chunk: size) == Self.scan(chunk: 1 << 20))
    }

    @Test func textWithNoTagIsPassedOnAtOnceNeverKept() throws {
        var scanner = XMLScanner()
        var log = EventLog()
        try scanner.feed(Array("<t>a &am".utf8), to: &log)
        // A megabyte of spaces: reported as it comes (so nothing of it waits in the scanner).
        try scanner.feed(Array(repeating: UInt8(ascii: " "), count: 1 << 20), to: &log)
        log.flush()
        #expect(log.events.count == 2 && log.events[1] == "text:a &am" + String(repeating: " ", count: 1 << 20))
        // Pieces are joined by the handler, which decodes entities once the element ends.
        var strings = SharedStringsHandler()
        var shared = XMLScanner()
        for piece in ["<sst><si><t>a &am", "p; b</t></si><si><t>", "c</t></si></sst>"] { try shared.feed(Array(piece.utf8), to: &strings) }
        #expect(strings.strings == ["a & b", "c"])
    }

    @Test func aTagOrATextThatRunsOnIsRefusedAsItGrows() throws {
        var scanner = XMLScanner()
        var log = EventLog()
        try scanner.feed(Array("<row r=\"1\"".utf8), to: &log)
        #expect(throws: WorkbookError.Kind.malformed("a tag runs on for more than 1 MiB")) {
            try scanner.feed(Array(repeating: UInt8(ascii: " "), count: XMLScanner.markupLimit), to: &log)
        }
        var strings = SharedStringsHandler()
        var shared = XMLScanner()
        try shared.feed(Array("<sst><si><t>ok</t></si><si><t>".utf8), to: &strings)
        #expect(throws: WorkbookError.Kind.sharedStringTooLong(index: 1)) {
            for _ in 0..<8 { try shared.feed(Array(repeating: UInt8(ascii: " "), count: WorkbookLimits.cellBytes / 4), to: &strings) }
        }
    }

    @Test func cellReferencesAndNumbers() {
        #expect(SheetHandler.column(ofReference: Array("A1".utf8)[...]) == 0)
        #expect(SheetHandler.column(ofReference: Array("Z9".utf8)[...]) == 25)
        #expect(SheetHandler.column(ofReference: Array("AA10".utf8)[...]) == 26)
        #expect(SheetHandler.column(ofReference: Array("XFD1048576".utf8)[...]) == 16_383)
        #expect(SheetHandler.column(ofReference: Array("12".utf8)[...]) == nil)
        #expect(SheetHandler.shortest(7) == "7" && SheetHandler.shortest(7.5) == "7.5")
        #expect(SheetHandler.shortest(0.10000000000000001) == "0.1" && SheetHandler.shortest(-3) == "-3")
    }

    @Test func excelDates() {
        // Checked against Excel's own display of these serials.
        #expect(ExcelDate.text(serial: 1, date1904: false) == "1900-01-01")
        #expect(ExcelDate.text(serial: 59, date1904: false) == "1900-02-28")
        #expect(ExcelDate.text(serial: 61, date1904: false) == "1900-03-01")
        #expect(ExcelDate.text(serial: 44328, date1904: false) == "2021-05-12")
        #expect(ExcelDate.text(serial: 44328.375127314815, date1904: false) == "2021-05-12 09:00:11")
        #expect(ExcelDate.text(serial: 0, date1904: true) == "1904-01-01")
        #expect(ExcelDate.text(serial: 45658.5, date1904: false) == "2025-01-01 12:00:00")
    }

    @Test func dateFormats() {
        for code in ["yyyy/m/d", "yyyy\"年\"m\"月\"d\"日\"", "[h]:mm:ss", "mm-dd-yy", "[$-804]yyyy-mm-dd"] {
            #expect(StylesHandler.isDateFormat(code), "\(code)")
        }
        for code in ["0.00", "[Red]0.00", "\"m\"0", "0.00E+00", "#,##0", "@", "\\d0"] {
            #expect(!StylesHandler.isDateFormat(code), "\(code)")
        }
    }
}

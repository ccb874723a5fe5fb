/// The workbook reader's parsing, reachable by the libFuzzer target (`Fuzz/`, a package of its
/// own) without a zip around it: arbitrary bytes as a sheet's XML and as its shared strings.
@_spi(Fuzzing) public enum WorkbookFuzzing {
    /// Scans `sheet` (fed in chunks of `chunk` bytes) against the shared strings in `shared`,
    /// and returns the rows read. Throws what the reader throws on bad input; never traps.
    public static func readSheet(_ sheet: [UInt8], shared: [UInt8], chunk: Int) throws -> Int {
        var strings = SharedStringsHandler()
        var scanner = XMLScanner()
        try scanner.feed(shared, to: &strings)
        let counter = RowCounter()
        var handler = SheetHandler(shared: strings.strings, dateStyles: [false, true], date1904: false, sink: counter)
        var sheetScanner = XMLScanner()
        var start = 0
        let size = max(1, chunk)
        while start < sheet.count {
            try sheetScanner.feed(sheet[start..<min(start + size, sheet.count)], to: &handler)
            start += size
        }
        return counter.rows
    }

    private final class RowCounter: RowSink {
        var rows = 0
        func row(_ number: Int, _ cells: [(column: Int, text: String)], formula: Bool) throws { rows += 1 }
    }
}

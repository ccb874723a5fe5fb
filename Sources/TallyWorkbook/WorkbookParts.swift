/// The parts of a workbook other than its sheets: shared strings, number formats, the sheets'
/// names and where they are.

/// `xl/sharedStrings.xml`: the text of every `t="s"` cell, by index. Rich text is the
/// concatenation of its runs; phonetic runs (`rPh`) are not text of the cell.
struct SharedStringsHandler: XMLScanner.Handler {
    var strings: [String] = []
    private var current: [UInt8] = []
    private var inItem = false
    private var inText = false
    private var inPhonetic = false

    mutating func start(_ name: ArraySlice<UInt8>, attributes: XMLAttributes, selfClosing: Bool) throws {
        if XMLAttributes.equal(name, "si") {
            inItem = true
            current.removeAll(keepingCapacity: true)
        } else if XMLAttributes.equal(name, "rPh") {
            inPhonetic = true
        } else if XMLAttributes.equal(name, "t"), inItem, !inPhonetic {
            inText = !selfClosing
        }
    }

    mutating func end(_ name: ArraySlice<UInt8>) throws {
        if XMLAttributes.equal(name, "si") {
            strings.append(XMLText.decode(current[...]))
            inItem = false
        } else if XMLAttributes.equal(name, "rPh") {
            inPhonetic = false
        } else if XMLAttributes.equal(name, "t") {
            inText = false
        }
    }

    mutating func text(_ bytes: ArraySlice<UInt8>) throws {
        guard inText else { return }
        current.append(contentsOf: bytes)
        if current.count > WorkbookLimits.cellBytes { throw WorkbookError.Kind.sharedStringTooLong(index: strings.count) }
    }
}

/// `xl/styles.xml`: for each cell style (`cellXfs`, the index a cell's `s` names), whether its
/// number format shows a date or a time.
struct StylesHandler: XMLScanner.Handler {
    /// Per cell style: its number format id.
    var formatOfStyle: [Int] = []
    /// Custom number formats: id → format code.
    var customFormats: [Int: String] = [:]
    private var inCellXfs = false

    mutating func start(_ name: ArraySlice<UInt8>, attributes: XMLAttributes, selfClosing: Bool) throws {
        if XMLAttributes.equal(name, "cellXfs") {
            inCellXfs = !selfClosing
        } else if XMLAttributes.equal(name, "xf"), inCellXfs {
            formatOfStyle.append(attributes.string("numFmtId").flatMap { Int($0) } ?? 0)
        } else if XMLAttributes.equal(name, "numFmt"), let id = attributes.string("numFmtId").flatMap({ Int($0) }) {
            customFormats[id] = attributes.string("formatCode") ?? ""
        }
    }

    mutating func end(_ name: ArraySlice<UInt8>) throws {
        if XMLAttributes.equal(name, "cellXfs") { inCellXfs = false }
    }

    mutating func text(_ bytes: ArraySlice<UInt8>) throws {}

    /// Per cell style: does its format show a date (with or without a time)?
    func dateStyles() -> [Bool] {
        formatOfStyle.map { id in
            if (14...22).contains(id) || (45...47).contains(id) { return true }
            guard let code = customFormats[id] else { return false }
            return Self.isDateFormat(code)
        }
    }

    /// A format code shows a date or time when, outside quoted text, brackets (colours,
    /// conditions, locales) and escaped characters, it has y, m, d, h or s.
    static func isDateFormat(_ code: String) -> Bool {
        var inQuote = false
        var inBracket = false
        var escaped = false
        for character in code.lowercased() {
            if escaped {
                escaped = false
                continue
            }
            switch character {
            case "\\": escaped = true
            case "\"": inQuote.toggle()
            case "[": if !inQuote { inBracket = true }
            case "]": if !inQuote { inBracket = false }
            case "y", "m", "d", "h", "s": if !inQuote && !inBracket { return true }
            case "e" where !inQuote && !inBracket:
                // `e` is a year in some East Asian formats, but `0.00E+00` is scientific.
                continue
            default: continue
            }
        }
        return false
    }
}

/// `xl/workbook.xml`: the sheets in order, by name and relationship id, and the date system.
struct WorkbookHandler: XMLScanner.Handler {
    var sheets: [(name: String, relationship: String)] = []
    var date1904 = false

    mutating func start(_ name: ArraySlice<UInt8>, attributes: XMLAttributes, selfClosing: Bool) throws {
        if XMLAttributes.equal(name, "sheet") {
            sheets.append((attributes.string("name") ?? "", attributes.string("r:id") ?? ""))
        } else if XMLAttributes.equal(name, "workbookPr") {
            let value = attributes.string("date1904")?.lowercased()
            date1904 = value == "1" || value == "true"
        }
    }

    mutating func end(_ name: ArraySlice<UInt8>) throws {}
    mutating func text(_ bytes: ArraySlice<UInt8>) throws {}
}

/// `xl/_rels/workbook.xml.rels`: relationship id → part.
struct RelationshipsHandler: XMLScanner.Handler {
    var targets: [String: String] = [:]

    mutating func start(_ name: ArraySlice<UInt8>, attributes: XMLAttributes, selfClosing: Bool) throws {
        guard XMLAttributes.equal(name, "Relationship"), let id = attributes.string("Id"), let target = attributes.string("Target")
        else { return }
        targets[id] = target
    }

    mutating func end(_ name: ArraySlice<UInt8>) throws {}
    mutating func text(_ bytes: ArraySlice<UInt8>) throws {}
}

/// Reads a worksheet's `sheetData` into rows of cell texts as the sheet shows them, and hands
/// each row to a sink as it ends: nothing of the sheet is kept but the current row.
struct SheetHandler: XMLScanner.Handler {
    /// The text of each `t="s"` cell, by index.
    let shared: [String]
    /// Per cell style: does it show a date?
    let dateStyles: [Bool]
    let date1904: Bool
    let sink: RowSink

    private var rowNumber = 0
    private var cells: [(column: Int, text: String)] = []
    private var column = -1
    private var type: CellType = .number
    private var style = 0
    private var inValue = false
    private var inInline = false
    private var inInlineText = false
    private var inPhonetic = false
    private var value: [UInt8] = []
    /// Some cell of the current row holds a formula (`<f>`).
    private var rowHasFormula = false

    enum CellType { case number, shared, inline, string, boolean, error, date }

    init(shared: [String], dateStyles: [Bool], date1904: Bool, sink: RowSink) {
        self.shared = shared
        self.dateStyles = dateStyles
        self.date1904 = date1904
        self.sink = sink
    }

    mutating func start(_ name: ArraySlice<UInt8>, attributes: XMLAttributes, selfClosing: Bool) throws {
        switch name.count {
        case 1 where name.first == UInt8(ascii: "c"):
            column = attributes.value("r").flatMap(Self.column(ofReference:)) ?? column + 1
            if column >= WorkbookLimits.columns {
                throw WorkbookError.Kind.tooManyColumns(row: rowNumber, columns: column + 1)
            }
            type = attributes.value("t").map(Self.cellType) ?? .number
            style = attributes.string("s").flatMap { Int($0) } ?? 0
            value.removeAll(keepingCapacity: true)
        case 1 where name.first == UInt8(ascii: "v"):
            inValue = !selfClosing
        case 1 where name.first == UInt8(ascii: "f"):
            rowHasFormula = true
        case 1 where name.first == UInt8(ascii: "t"):
            inInlineText = inInline && !inPhonetic && !selfClosing
        case 2 where XMLAttributes.equal(name, "is"):
            inInline = true
        case 3 where XMLAttributes.equal(name, "row"):
            let number = attributes.string("r").flatMap { Int($0) } ?? rowNumber + 1
            guard number > rowNumber, number <= WorkbookLimits.rows else {
                throw WorkbookError.Kind.malformed("row \(number) comes after row \(rowNumber) or past the sheet's last row")
            }
            rowNumber = number
            column = -1
            rowHasFormula = false
            cells.removeAll(keepingCapacity: true)
        case 3 where XMLAttributes.equal(name, "rPh"):
            inPhonetic = true
        default:
            break
        }
    }

    mutating func end(_ name: ArraySlice<UInt8>) throws {
        switch name.count {
        case 1 where name.first == UInt8(ascii: "c"):
            if let text = cellText(), !text.isEmpty {
                if text.utf8.count > WorkbookLimits.cellCharacters, text.count > WorkbookLimits.cellCharacters {
                    throw WorkbookError.Kind.cellTooLong(row: rowNumber)
                }
                cells.append((column, text))
            }
        case 1 where name.first == UInt8(ascii: "v"):
            inValue = false
        case 1 where name.first == UInt8(ascii: "t"):
            inInlineText = false
        case 2 where XMLAttributes.equal(name, "is"):
            inInline = false
        case 3 where XMLAttributes.equal(name, "row"):
            try sink.row(rowNumber, cells, formula: rowHasFormula)
        case 3 where XMLAttributes.equal(name, "rPh"):
            inPhonetic = false
        default:
            break
        }
    }

    mutating func text(_ bytes: ArraySlice<UInt8>) throws {
        guard inValue || inInlineText else { return }
        value.append(contentsOf: bytes)
        // Refused as it grows, not once it ends: a cell of a gigabyte of spaces is never held.
        if value.count > WorkbookLimits.cellBytes { throw WorkbookError.Kind.cellTooLong(row: rowNumber) }
    }

    /// The cell as the sheet shows it: shared and inline strings, numbers in their shortest
    /// form, dates as `YYYY-MM-DD[ HH:MM:SS]`, booleans as TRUE/FALSE, errors as written.
    private func cellText() -> String? {
        let raw = XMLText.decode(value[...])
        switch type {
        case .shared:
            guard let index = Int(raw), shared.indices.contains(index) else { return nil }
            return shared[index]
        case .inline, .string, .error, .date:
            return raw
        case .boolean:
            return raw == "1" ? "TRUE" : raw == "0" ? "FALSE" : raw
        case .number:
            guard let number = Double(raw), number.isFinite else { return raw }
            if style < dateStyles.count, dateStyles[style], let date = ExcelDate.text(serial: number, date1904: date1904) {
                return date
            }
            return Self.shortest(number)
        }
    }

    /// `7.0` → `7`, `7.5` → `7.5`, `0.1` (stored `0.10000000000000001`) → `0.1`.
    static func shortest(_ number: Double) -> String {
        if number == number.rounded(), abs(number) < 1e15 { return String(Int(number)) }
        return "\(number)"
    }

    static func cellType(_ bytes: ArraySlice<UInt8>) -> CellType {
        switch String(decoding: bytes, as: UTF8.self) {
        case "s": .shared
        case "inlineStr": .inline
        case "str": .string
        case "b": .boolean
        case "e": .error
        case "d": .date
        default: .number
        }
    }

    /// The 0-based column of a reference such as `AB12`; `nil` when it has no letters.
    static func column(ofReference reference: ArraySlice<UInt8>) -> Int? {
        var column = 0
        var letters = 0
        for byte in reference {
            let upper = byte & 0xDF
            guard upper >= UInt8(ascii: "A"), upper <= UInt8(ascii: "Z") else { break }
            column = column * 26 + Int(upper - UInt8(ascii: "A") + 1)
            letters += 1
            if letters > 3 { return WorkbookLimits.columns }
        }
        return letters == 0 ? nil : column - 1
    }
}

/// Where rows go as they are read.
protocol RowSink: AnyObject {
    /// Row `number` (1-based, as the sheet numbers it) ended with these cells (non-empty, in
    /// column order).
    /// `formula`: some cell of the row holds a formula (its cached value is in `cells`).
    func row(_ number: Int, _ cells: [(column: Int, text: String)], formula: Bool) throws
}

/// Excel's serial dates: days since 1899-12-30 (or 1904-01-01), the fraction the time of day.
enum ExcelDate {
    /// `YYYY-MM-DD`, or `YYYY-MM-DD HH:MM:SS` when the serial has a time; `nil` out of range.
    static func text(serial: Double, date1904: Bool) -> String? {
        guard serial >= 0, serial < 2_958_466 else { return nil }
        var seconds = Int((serial * 86_400).rounded())
        var days = seconds / 86_400
        seconds -= days * 86_400
        // The 1900 system counts a 29 February 1900 that never was: serials below 60 are a day later.
        if !date1904 && serial < 60 { days += 1 }
        // Days since 1970-01-01: the 1900 system counts from 1899-12-30, the 1904 one from 1904-01-01.
        let (year, month, day) = civil(fromDays: days - (date1904 ? 24_107 : 25_569) + 719_468)
        var text = String(format: "%04d-%02d-%02d", year, month, day)
        if seconds > 0 {
            text += String(format: " %02d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
        }
        return text
    }

    /// The proleptic Gregorian date of a day count from 0000-03-01 (Howard Hinnant's algorithm).
    static func civil(fromDays z: Int) -> (Int, Int, Int) {
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

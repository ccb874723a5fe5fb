import Crypto
import Foundation
import TallyCore
import TallyPaper
import TallyQR

/// A form laid out as a ballot a scanner can be read back from: the same content as the printed
/// ballot (title, unit, 填写说明 with the quotas, category boxes, questions, the leader matrix,
/// lines for opinions, 请勿填写姓名) plus four corner marks and a QR code on every page, every
/// box at a position kept in `layout`. A question never parts from its first rows; a page break
/// falls between questions, or between a matrix's rows with its header repeated, never inside a
/// row. Texts are measured by pango (`PDFCanvas`) so that positions are exact.
public struct ScannableBallot: Sendable {
    /// What is drawn, page by page.
    enum Drawing: Sendable {
        case text(String, x: Double, y: Double, width: Double, size: Double, bold: Bool, centered: Bool)
        case rectangle(x: Double, y: Double, width: Double, height: Double, line: Double?, filled: Bool)
        case line(x1: Double, y1: Double, x2: Double, y2: Double, width: Double)
        case qr(QRCode, x: Double, y: Double, side: Double)
    }

    public let layout: BallotLayout
    let drawings: [[Drawing]]

    // The page's geometry (mm).
    static let pageWidth = 210.0, pageHeight = 297.0
    // Marks and code well inside the page: a printer leaves 4 mm unprinted, a scanner may crop
    // a few more, and a turned or shifted sheet moves its corners by several millimetres.
    static let markSide = 6.0, markInset = 15.0
    static let left = 20.0, right = 190.0, top = 38.0, bottom = 271.0
    static let qrX = 147.0, qrY = 10.0, qrSide = 26.0
    static let boxSide = 5.0
    static let boxLine = 0.3, gridLine = 0.2
    static let bodySize = 10.5, tableSize = 10.0, smallSize = 8.5, titleSize = 15.0

    /// The marking rule printed first in 填写说明, and followed by the reader (docs/scanning.md).
    public static let marking =
        "请用黑色或蓝色钢笔、签字笔在所选方框内划“√”或“×”，除注明可多选的题目外每题只选一项；如需更改，将原选方框全部涂黑（■），再在新选方框内划“√”。涂黑的方框视为未选。请勿在四角黑块和二维码处书写。"

    /// Lays out `form` for `unit`, its texts measured in the fonts it is drawn in.
    public init(form: Form, unit: String) throws {
        try self.init(form: form, unit: unit, measure: PDFCanvas(title: form.title))
    }

    init(form: Form, unit: String, measure canvas: PDFCanvas) throws {
        var builder = Builder(form: form, unit: unit, canvas: canvas)
        try builder.build()
        layout = builder.layout
        drawings = builder.pages
    }

    /// The QR code's text on page `page` of `pages`: `TALLY1;<form id>;<unit>;<layout>;<page>/<pages>`,
    /// the unit and the layout as the first 8 hex digits of their SHA-256 (ASCII only, which every
    /// decoder reads alike).
    public static func qrText(form: String, unit: String, layoutPrint: String, page: Int, pages: Int) -> String {
        let id = form.addingPercentEncoding(withAllowedCharacters: CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyz0123456789-_")) ?? form
        return "TALLY1;\(id);\(fingerprint(Data(unit.utf8)));\(layoutPrint);\(page)/\(pages)"
    }

    /// The first 8 hex digits of the SHA-256 of `data`.
    public static func fingerprint(_ data: Data) -> String {
        SHA256.hash(data: data).prefix(4).map { String(format: "%02x", $0) }.joined()
    }

    /// The layout's fingerprint, printed in every page's QR code: the first 8 hex digits of the
    /// SHA-256 of `layout.json` (which holds no QR text).
    public var layoutPrint: String { Self.fingerprint(layout.json()) }

    /// Draws the ballot as an A4 PDF.
    public func pdf(title: String) throws -> [UInt8] {
        let canvas = PDFCanvas(widthMM: Self.pageWidth, heightMM: Self.pageHeight, title: title)
        for (index, page) in drawings.enumerated() {
            if index > 0 { canvas.newPage() }
            let qr = try QRCode(Self.qrText(form: layout.form, unit: layout.unit, layoutPrint: layoutPrint, page: index + 1, pages: drawings.count), correction: .medium)
            for drawing in page + [.qr(qr, x: Self.qrX, y: Self.qrY, side: Self.qrSide)] {
                switch drawing {
                case .text(let text, let x, let y, let width, let size, let bold, let centered):
                    canvas.text(text, x: x, y: y, width: width, size: size, bold: bold, alignment: centered ? .center : .left)
                case .rectangle(let x, let y, let width, let height, let line, let filled):
                    canvas.rectangle(x: x, y: y, width: width, height: height, line: line, filled: filled)
                case .line(let x1, let y1, let x2, let y2, let width):
                    canvas.line(from: (x1, y1), to: (x2, y2), width: width)
                case .qr(let code, let x, let y, let side):
                    let total = code.width + 2 * QRCode.quietZone
                    let module = side / Double(total)
                    for row in 0..<code.width {
                        for column in 0..<code.width where code.isDark(row: row, column: column) {
                            let mx = x + Double(column + QRCode.quietZone) * module
                            let my = y + Double(row + QRCode.quietZone) * module
                            // A hair wider than the module, so that neighbours join without seams.
                            canvas.rectangle(x: mx, y: my, width: module + 0.01, height: module + 0.01, line: nil, filled: true)
                        }
                    }
                }
            }
        }
        return try canvas.finish()
    }
}

/// Why a form has no scannable ballot.
public enum ScannableBallotError: Error, Sendable, Equatable {
    /// One table row is taller than a page (a very long question text).
    case rowTooTall(question: String)
}

extension ScannableBallot {
    /// Lays out pages top to bottom.
    struct Builder {
        let form: Form
        let unit: String
        let canvas: PDFCanvas
        var pages: [[Drawing]] = []
        var layout: BallotLayout
        var y = 0.0
        var number = 0
        let survey: Bool

        init(form: Form, unit: String, canvas: PDFCanvas) {
            self.form = form
            self.unit = unit
            self.canvas = canvas
            survey = form.kind == .survey
            layout = BallotLayout(form: form.id, unit: unit, pages: [])
        }

        var width: Double { ScannableBallot.right - ScannableBallot.left }

        mutating func startPage() {
            let n = pages.count + 1
            let s = ScannableBallot.self
            let inset = s.markInset, side = s.markSide
            let centres = [(inset, inset), (s.pageWidth - inset, inset), (s.pageWidth - inset, s.pageHeight - inset), (inset, s.pageHeight - inset)]
            var drawings: [Drawing] = centres.map { .rectangle(x: $0.0 - side / 2, y: $0.1 - side / 2, width: side, height: side, line: nil, filled: true) }
            let title = n == 1 ? form.title : "\(form.title)（续）"
            let titleWidth = s.qrX - 4 - s.left
            let titleHeight = canvas.measure(title, width: titleWidth, size: s.titleSize, bold: true)
            drawings.append(.text(title, x: s.left, y: max(10, 23 - titleHeight / 2), width: titleWidth, size: s.titleSize, bold: true, centered: true))
            pages.append(drawings)
            layout.pages.append(BallotLayout.Page(
                page: n, width_mm: s.pageWidth, height_mm: s.pageHeight,
                marks: centres.map { BallotLayout.Mark(x_mm: $0.0, y_mm: $0.1, side_mm: side) },
                qr: BallotLayout.Mark(x_mm: s.qrX, y_mm: s.qrY, side_mm: s.qrSide), boxes: [], fields: []))
            y = s.top
        }

        mutating func draw(_ drawing: Drawing) { pages[pages.count - 1].append(drawing) }

        /// Starts a new page unless `height` fits below the cursor.
        mutating func room(for height: Double) {
            if y + height > ScannableBallot.bottom { startPage() }
        }

        mutating func paragraph(_ text: String, size: Double = ScannableBallot.bodySize, bold: Bool = false, indent: Double = 0, after: Double = 1.5) {
            let height = canvas.measure(text, width: width - indent, size: size, bold: bold)
            room(for: height)
            draw(.text(text, x: ScannableBallot.left + indent, y: y, width: width - indent, size: size, bold: bold, centered: false))
            y += height + after
        }

        mutating func box(x: Double, y top: Double, question: String, row: String?, option: String) {
            let side = ScannableBallot.boxSide
            draw(.rectangle(x: x, y: top, width: side, height: side, line: ScannableBallot.boxLine, filled: false))
            layout.pages[pages.count - 1].boxes.append(BallotLayout.Box(question: question, row: row, option: option, x_mm: x, y_mm: top, w_mm: side, h_mm: side))
        }

        mutating func field(x: Double, y top: Double, width w: Double, height h: Double, question: String, row: String?, kind: String, outline: Bool) {
            if outline { draw(.rectangle(x: x, y: top, width: w, height: h, line: ScannableBallot.gridLine, filled: false)) }
            layout.pages[pages.count - 1].fields.append(BallotLayout.Field(question: question, row: row, kind: kind, x_mm: x, y_mm: top, w_mm: w, h_mm: h))
        }

        mutating func build() throws {
            let s = ScannableBallot.self
            startPage()
            paragraph((survey ? "被调查单位：" : "被测评单位：") + unit, bold: true, after: 2)
            paragraph("填写说明：", size: s.smallSize + 0.5, bold: true, after: 0.5)
            for (index, rule) in BallotInstructions.rules(form, marking: s.marking).enumerated() {
                paragraph("\(index + 1). \(rule)", size: s.smallSize + 0.5, indent: 3, after: 0.3)
            }
            y += 2
            if let respondents = form.respondents {
                categories(lead: survey ? "您的身份（选一项）：" : "测评人身份（选一项）：", labels: respondents.groups.map(\.label))
            }
            var pending: [Question] = []
            for question in form.questions {
                if question.id == form.respondents?.question { continue }
                if question.type == .single {
                    if let first = pending.first, first.options.map(\.label) != question.options.map(\.label) { try flush(&pending) }
                    pending.append(question)
                    continue
                }
                try flush(&pending)
                number += 1
                switch question.type {
                case .matrix: try matrix(question)
                case .multi: multi(question)
                case .number: numberQuestion(question)
                case .text: textQuestion(question)
                case .single: break
                }
            }
            try flush(&pending)
            y += 2
            paragraph("（请勿填写姓名）", size: s.bodySize, after: 0)
            // Page numbers, once the count is known.
            for index in pages.indices {
                pages[index].append(.text(
                    "第\(index + 1)页 共\(pages.count)页　请勿折叠，请勿在四角黑块和二维码处书写", x: 30, y: s.pageHeight - 24, width: 150,
                    size: s.smallSize, bold: false, centered: true))
            }
        }

        /// The respondent's category: a box and its label, flowing on as many lines as needed.
        mutating func categories(lead: String, labels: [String]) {
            let s = ScannableBallot.self
            let leadWidth = canvas.width(of: lead, size: s.bodySize, bold: true)
            let lineHeight = 8.0
            room(for: lineHeight)
            draw(.text(lead, x: s.left, y: y + 1, width: leadWidth + 1, size: s.bodySize, bold: true, centered: false))
            var x = s.left + leadWidth + 2
            for label in labels {
                let labelWidth = canvas.width(of: label, size: s.bodySize)
                if x + s.boxSide + 1.5 + labelWidth > s.right {
                    y += lineHeight
                    room(for: lineHeight)
                    x = s.left + leadWidth + 2
                }
                box(x: x, y: y + 0.8, question: "respondents", row: nil, option: label)
                draw(.text(label, x: x + s.boxSide + 1.5, y: y + 1, width: labelWidth + 1, size: s.bodySize, bold: false, centered: false))
                x += s.boxSide + 1.5 + labelWidth + 6
            }
            y += lineHeight + 3
        }

        /// A table: a header row, then rows; each body row a first cell of text and then a box (or
        /// a field) under each column. The heading, when given, stays with the header and first row.
        mutating func table(heading: String?, header: [String], rows: [(text: String, question: String, row: String?)], options: [String], numeric: Bool) throws {
            let s = ScannableBallot.self
            let optionWidth = numeric ? 40.0 : max(15, (options.map { canvas.width(of: $0, size: s.tableSize) }.max() ?? 0) + 4)
            let firstWidth = width - optionWidth * Double(header.count - 1)
            let headerHeight = max(8, (header.map { canvas.measure($0, width: ($0 == header[0] ? firstWidth : optionWidth) - 2, size: s.tableSize, bold: true) }.max() ?? 0) + 3)
            let heights = rows.map { max(8, canvas.measure($0.text, width: firstWidth - 3, size: s.tableSize) + 3) }
            if let tallest = heights.max(), tallest + headerHeight > s.bottom - s.top { throw ScannableBallotError.rowTooTall(question: rows[heights.firstIndex(of: tallest)!].text) }
            let headingHeight = heading.map { canvas.measure($0, width: width, size: s.bodySize) + 1.5 } ?? 0
            room(for: headingHeight + headerHeight + (heights.first ?? 0))
            if let heading { paragraph(heading, after: 1.5) }
            var index = 0
            while index < rows.count {
                room(for: headerHeight + heights[index])
                // The header, then as many rows as fit.
                var top = y
                drawRow(cells: header, top: top, height: headerHeight, firstWidth: firstWidth, optionWidth: optionWidth, bold: true)
                top += headerHeight
                while index < rows.count, top + heights[index] <= s.bottom {
                    let row = rows[index]
                    drawRow(cells: [row.text] + Array(repeating: "", count: header.count - 1), top: top, height: heights[index], firstWidth: firstWidth, optionWidth: optionWidth, bold: false)
                    for (column, option) in options.enumerated() {
                        let cellX = s.left + firstWidth + optionWidth * Double(column)
                        if numeric {
                            field(x: cellX + 4, y: top + 1.2, width: optionWidth - 8, height: heights[index] - 2.4, question: row.question, row: row.row, kind: "number", outline: false)
                        } else {
                            box(x: cellX + (optionWidth - s.boxSide) / 2, y: top + (heights[index] - s.boxSide) / 2, question: row.question, row: row.row, option: option)
                        }
                    }
                    top += heights[index]
                    index += 1
                }
                y = top + 3
                if index < rows.count { startPage() }
            }
        }

        /// A row of cells with their grid; text in the first cell at left, others centred.
        mutating func drawRow(cells: [String], top: Double, height: Double, firstWidth: Double, optionWidth: Double, bold: Bool) {
            let s = ScannableBallot.self
            var x = s.left
            for (index, cell) in cells.enumerated() {
                let w = index == 0 ? firstWidth : optionWidth
                draw(.rectangle(x: x, y: top, width: w, height: height, line: s.gridLine, filled: false))
                if !cell.isEmpty {
                    let textHeight = canvas.measure(cell, width: w - 3, size: s.tableSize, bold: bold)
                    draw(.text(cell, x: x + 1.5, y: top + (height - textHeight) / 2, width: w - 3, size: s.tableSize, bold: bold, centered: index > 0))
                }
                x += w
            }
        }

        mutating func flush(_ pending: inout [Question]) throws {
            guard let first = pending.first else { return }
            let options = first.options.map(\.label)
            var rows: [(text: String, question: String, row: String?)] = []
            for question in pending {
                number += 1
                rows.append((text: "\(number). \(question.text)", question: question.id, row: nil))
            }
            try table(heading: nil, header: [survey ? "题目" : "测评项目"] + options, rows: rows, options: options, numeric: false)
            pending = []
        }

        mutating func matrix(_ question: Question) throws {
            let rows = question.rows.map { (text: $0.label, question: question.id, row: Optional($0.label)) }
            if question.numericAnswers {
                let range = question.minimum.flatMap { low in question.maximum.map { "（\(NumberText.plain(low))～\(NumberText.plain($0))分）" } } ?? ""
                try table(heading: "\(number). \(question.text)", header: [survey ? "题目" : "测评对象", "评分\(range)"], rows: rows, options: ["评分"], numeric: true)
            } else {
                let options = question.options.map(\.label)
                try table(heading: "\(number). \(question.text)", header: [survey ? "题目" : "测评对象"] + options, rows: rows, options: options, numeric: false)
            }
        }

        /// A multi-select: its options two to a line, a box before each.
        mutating func multi(_ question: Question) {
            let s = ScannableBallot.self
            let saysMulti = question.text.contains("多选")
            let hint = question.maxChoices.map { saysMulti ? "（最多选\($0)项）" : "（可多选，最多选\($0)项）" } ?? (saysMulti ? "" : "（可多选）")
            let heading = "\(number). \(question.text)\(hint)"
            let columnWidth = width / 2
            let labelWidth = columnWidth - s.boxSide - 4
            let heights = question.options.map { max(7, canvas.measure($0.label, width: labelWidth, size: s.tableSize) + 2) }
            room(for: canvas.measure(heading, width: width, size: s.bodySize) + 1.5 + (heights.first ?? 0))
            paragraph(heading, after: 1.5)
            var index = 0
            while index < question.options.count {
                let lineHeight = heights[index..<min(index + 2, heights.count)].max() ?? 7
                room(for: lineHeight)
                for column in 0..<2 where index + column < question.options.count {
                    let option = question.options[index + column].label
                    let x = s.left + 3 + Double(column) * columnWidth
                    box(x: x, y: y + 0.6, question: question.id, row: nil, option: option)
                    draw(.text(option, x: x + s.boxSide + 2, y: y + 0.7, width: labelWidth, size: s.tableSize, bold: false, centered: false))
                }
                y += lineHeight
                index += 2
            }
            y += 2
        }

        mutating func numberQuestion(_ question: Question) {
            let s = ScannableBallot.self
            let heading = "\(number). \(question.text)"
            room(for: canvas.measure(heading, width: width, size: s.bodySize) + 12)
            paragraph(heading, after: 1.5)
            field(x: s.left + 3, y: y, width: 30, height: 8, question: question.id, row: nil, kind: "number", outline: true)
            y += 11
        }

        /// An opinion: three ruled lines, read by a person from the page.
        mutating func textQuestion(_ question: Question) {
            let s = ScannableBallot.self
            let heading = "\(number). \(question.text)"
            room(for: canvas.measure(heading, width: width, size: s.bodySize) + 1.5 + 24)
            paragraph(heading, after: 1.5)
            for line in 1...3 { draw(.line(x1: s.left + 3, y1: y + Double(line) * 7.5, x2: s.right, y2: y + Double(line) * 7.5, width: s.gridLine)) }
            field(x: s.left, y: y, width: width, height: 24, question: question.id, row: nil, kind: "text", outline: false)
            y += 26
        }
    }
}

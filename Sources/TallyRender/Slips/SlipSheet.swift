import Foundation
import TallyCore
import TallyQR

/// The printable sheet of 测评码 slips for one unit (`GET …/units/{name}/slips`): A4 pages of
/// eight slips (two across, four down) with dashed lines to cut along, each slip the unit, the
/// form's title, the category the code carries, a QR code of the ballot's address, the code in
/// large type and one line of instructions. As a print page (HTML, the QR codes as inline SVG,
/// no external asset) and as a .docx (the QR codes as PNG pictures).
///
/// Order: by category in the form's order, then by code. Codes are random, so their order is a
/// shuffle that says nothing about when each was issued or who will get it, and printing again
/// gives the same sheet.
public enum SlipSheet {
    public struct Slip: Sendable, Equatable {
        public var code: String
        /// The code as printed (`7KQ2 MX9R TA4`).
        public var spaced: String
        /// The category's label, `nil` for a form without categories.
        public var group: String?
        /// The ballot's address, which the QR code holds.
        public var url: String

        public init(code: String, spaced: String, group: String?, url: String) {
            self.code = code
            self.spaced = spaced
            self.group = group
            self.url = url
        }
    }

    public static let perPage = 8

    /// The instructions on every slip; `typeAt` is where a phone that cannot scan types the code.
    static func instructions(typeAt: String) -> String {
        "手机扫码填写，每码限用一次，不记名。无法扫码时，用浏览器打开 \(typeAt) 输入测评码。"
    }

    /// The slips in print order: by category in `groups`' order (slips of no category last), then by code.
    public static func ordered(_ slips: [Slip], groups: [String]) -> [Slip] {
        slips.sorted { a, b in
            let x = a.group.flatMap { groups.firstIndex(of: $0) } ?? groups.count
            let y = b.group.flatMap { groups.firstIndex(of: $0) } ?? groups.count
            return x != y ? x < y : a.code < b.code
        }
    }

    /// The print page.
    public static func html(unit: String, title: String, slips: [Slip], typeAt: String) throws -> String {
        let e = HTMLEscaping.escape
        var html = """
            <!DOCTYPE html>
            <html lang="zh-CN"><head><meta charset="utf-8"><title>\(e(unit)) 测评码（\(slips.count)张）</title><style>
            @page{size:A4;margin:10mm} *{box-sizing:border-box} body{margin:0;font-family:"Noto Sans CJK SC","Microsoft YaHei","SimHei",sans-serif;color:#000}
            .note{margin:8px;padding:8px;border:1px solid #999;font-size:14px} .page{display:grid;grid-template-columns:1fr 1fr;grid-auto-rows:69mm;width:190mm;break-after:page}
            .slip{border:1px dashed #555;padding:4mm 5mm;display:grid;grid-template-columns:34mm 1fr;grid-template-rows:auto 1fr auto;column-gap:4mm;overflow:hidden}
            .head{grid-column:1/3;font-size:12pt;font-weight:bold;line-height:1.3} .head span{font-weight:normal}
            .qr svg{width:34mm;height:34mm;display:block} .code{font-family:"DejaVu Sans Mono","Consolas",monospace;font-size:16pt;white-space:nowrap;font-weight:bold;letter-spacing:1px;align-self:center;word-break:break-all}
            .group{font-size:11pt;border:1px solid #000;display:inline-block;padding:0 3px;margin-bottom:2mm} .how{grid-column:1/3;font-size:9pt;line-height:1.35}
            @media print{.note{display:none}}
            </style></head><body>
            <p class="note">\(e(unit))：测评码\(slips.count)张，每页\(perPage)张。请按 Ctrl+P 打印（A4，不缩放），沿虚线裁开后按类别发放；发放时不要记录谁拿到哪一张。</p>

            """
        for start in stride(from: 0, to: slips.count, by: perPage) {
            html += "<div class=\"page\">"
            for slip in slips[start..<min(start + perPage, slips.count)] {
                let qr = try QRCode(slip.url).svg(size: 128)
                html += "<div class=\"slip\"><div class=\"head\">\(e(unit))<br><span>\(e(title))</span></div>"
                html += "<div class=\"qr\">\(qr)</div><div>"
                if let group = slip.group { html += "<div class=\"group\">\(e(group))</div>" }
                html += "<div class=\"code\">\(e(slip.spaced))</div></div>"
                html += "<div class=\"how\">\(e(instructions(typeAt: typeAt)))</div></div>"
            }
            html += "</div>\n"
        }
        return html + "</body></html>\n"
    }

    /// The .docx: a table of two columns a page, a slip a cell, the QR code a picture 2.8 cm square.
    public static func docx(unit: String, title: String, slips: [Slip], typeAt: String) throws -> Data {
        let w = WordprocessingML.self
        let side = 1_008_000  // 2.8 cm in EMU
        var media: [(String, Data)] = []
        var relationships = ""
        func cell(_ slip: Slip?, index: Int) throws -> String {
            var xml = "<w:tc><w:tcPr><w:tcW w:w=\"5102\" w:type=\"dxa\"/></w:tcPr>"
            guard let slip else { return xml + w.paragraph("", exactLine: false) + "</w:tc>" }
            let id = "rIdQR\(index)"
            media.append(("word/media/qr\(index).png", Data(try QRCode(slip.url).png(scale: 8))))
            relationships += "<Relationship Id=\"\(id)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/image\" Target=\"media/qr\(index).png\"/>"
            let small = WordprocessingML.Font(eastAsia: "黑体", size: 22)
            xml += w.paragraph(w.run(unit, WordprocessingML.Font(eastAsia: "黑体", size: 24, bold: true)), exactLine: false)
            xml += w.paragraph(w.run(title, small), exactLine: false)
            if let group = slip.group { xml += w.paragraph(w.run("类别：\(group)", small), exactLine: false) }
            xml += w.paragraph(picture(id: id, number: index + 1, side: side), align: "center", exactLine: false)
            xml += w.paragraph(
                "<w:r><w:rPr><w:rFonts w:ascii=\"Courier New\" w:hAnsi=\"Courier New\"/><w:b/><w:sz w:val=\"36\"/></w:rPr><w:t xml:space=\"preserve\">\(w.escape(slip.spaced))</w:t></w:r>",
                align: "center", exactLine: false)
            xml += w.paragraph(w.run(instructions(typeAt: typeAt), WordprocessingML.Font(eastAsia: "仿宋_GB2312", size: 18)), exactLine: false)
            return xml + "</w:tc>"
        }
        var body = w.paragraph(w.run("\(unit) 测评码（\(slips.count)张）：沿虚线裁开后按类别发放，发放时不要记录谁拿到哪一张。", WordprocessingML.Font(eastAsia: "黑体", size: 21)), exactLine: false)
        let dashed = "w:val=\"dashed\" w:sz=\"4\" w:space=\"0\" w:color=\"555555\""
        body += "<w:tbl><w:tblPr><w:tblW w:w=\"10204\" w:type=\"dxa\"/><w:tblLayout w:type=\"fixed\"/><w:tblBorders>"
        for edge in ["top", "left", "bottom", "right", "insideH", "insideV"] { body += "<w:\(edge) \(dashed)/>" }
        body += "</w:tblBorders><w:tblCellMar><w:top w:w=\"113\" w:type=\"dxa\"/><w:left w:w=\"170\" w:type=\"dxa\"/><w:right w:w=\"170\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr>"
        body += "<w:tblGrid><w:gridCol w:w=\"5102\"/><w:gridCol w:w=\"5102\"/></w:tblGrid>"
        for row in stride(from: 0, to: slips.count, by: 2) {
            // A slip never splits across pages; four rows fill an A4 page.
            body += "<w:tr><w:trPr><w:cantSplit/><w:trHeight w:val=\"3742\" w:hRule=\"exact\"/></w:trPr>"
            body += try cell(slips[row], index: row)
            body += try cell(row + 1 < slips.count ? slips[row + 1] : nil, index: row + 1)
            body += "</w:tr>"
        }
        body += "</w:tbl>" + w.paragraph("", exactLine: false)
        var document = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        document += "<w:document xmlns:w=\"\(w.mainNamespace)\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""
        document += " xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\" xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\""
        document += " xmlns:pic=\"http://schemas.openxmlformats.org/drawingml/2006/picture\"><w:body>\(body)"
        // A4 with 10 mm margins on the sides, 12 mm top and bottom: four 66 mm rows a page.
        document += "<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"680\" w:right=\"851\" w:bottom=\"567\" w:left=\"851\" w:header=\"0\" w:footer=\"0\" w:gutter=\"0\"/></w:sectPr>"
        document += "</w:body></w:document>\n"
        let types = DOCXPackage.contentTypes.replacingOccurrences(
            of: "<Default Extension=\"xml\"", with: "<Default Extension=\"png\" ContentType=\"image/png\"/><Default Extension=\"xml\"")
        let rels = DOCXPackage.documentRelationships.replacingOccurrences(of: "</Relationships>", with: relationships + "</Relationships>")
        return try DOCXPackage.zip([
            ("[Content_Types].xml", Data(types.utf8)),
            ("_rels/.rels", Data(DOCXPackage.rootRelationships.utf8)),
            ("docProps/core.xml", Data(DOCXPackage.core(title: "\(unit) 测评码").utf8)),
            ("word/_rels/document.xml.rels", Data(rels.utf8)),
            ("word/styles.xml", Data(DOCXPackage.styles.utf8)),
            ("word/document.xml", Data(document.utf8)),
        ] + media)
    }

    /// An inline picture (DrawingML) of the image related as `id`, `side` EMU square.
    static func picture(id: String, number: Int, side: Int) -> String {
        "<w:r><w:drawing><wp:inline distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\"><wp:extent cx=\"\(side)\" cy=\"\(side)\"/>"
            + "<wp:docPr id=\"\(number)\" name=\"二维码\(number)\"/><a:graphic><a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/picture\">"
            + "<pic:pic><pic:nvPicPr><pic:cNvPr id=\"\(number)\" name=\"qr\(number).png\"/><pic:cNvPicPr/></pic:nvPicPr>"
            + "<pic:blipFill><a:blip r:embed=\"\(id)\"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>"
            + "<pic:spPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"\(side)\" cy=\"\(side)\"/></a:xfrm><a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></pic:spPr>"
            + "</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"
    }
}

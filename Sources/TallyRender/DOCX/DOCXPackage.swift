import Foundation
import ZIPFoundation

/// A .docx file: the Open Packaging parts around `word/document.xml`, zipped with ZIPFoundation.
public enum DOCXPackage {
    /// Fixed modification date for every part, so the same inputs give the same bytes.
    static let stamp = Date(timeIntervalSince1970: 946_684_800)  // 2000-01-01

    static let contentTypes = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>
        """

    static let rootRelationships = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>
        """

    static let documentRelationships = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>
        """

    /// Document defaults (仿宋_GB2312 三号) and the table style the tables name.
    static let styles = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="仿宋_GB2312" w:cs="Times New Roman"/><w:sz w:val="32"/><w:szCs w:val="32"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault><w:pPrDefault/></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style><w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:left w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:right w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="000000"/></w:tblBorders></w:tblPr></w:style></w:styles>
        """

    static func core(title: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>\(WordprocessingML.escape(title))</dc:title><dc:creator>tally</dc:creator></cp:coreProperties>
        """
    }

    /// A complete .docx of the sections.
    public static func make(title: String, sections: [ReportSection]) throws -> Data {
        try zip([
            ("[Content_Types].xml", Data(contentTypes.utf8)),
            ("_rels/.rels", Data(rootRelationships.utf8)),
            ("docProps/core.xml", Data(core(title: title).utf8)),
            ("word/_rels/document.xml.rels", Data(documentRelationships.utf8)),
            ("word/styles.xml", Data(styles.utf8)),
            ("word/document.xml", Data(WordprocessingML.document(sections).utf8)),
        ])
    }

    /// Zips parts in the order given, deflated, with fixed dates and permissions.
    static func zip(_ parts: [(String, Data)]) throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        for (path, data) in parts {
            try archive.addEntry(
                with: path, type: .file, uncompressedSize: Int64(data.count), modificationDate: stamp, permissions: 0o644,
                compressionMethod: .deflate
            ) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        guard let bytes = archive.data else { throw CocoaError(.fileWriteUnknown) }
        return bytes
    }

    /// A document that inflates past `DOCXPackage.inflationLimit`: a zip bomb, or no report.
    public struct InflationExceeded: Error, Equatable {
        /// Bytes inflated when reading stopped.
        public var inflated: Int
    }

    /// How far a document may inflate: 64 MiB whatever its size; beyond that, up to 20 times
    /// its compressed size (text compresses about tenfold, images not at all); never past 1 GiB.
    /// A 2.4 MB document inflating to 1 GB stops at 64 MiB instead of filling memory.
    public static func inflationLimit(compressed: Int) -> Int {
        min(1 << 30, max(64 << 20, compressed * 20))
    }

    /// Every part of a .docx (or any zip), in archive order, uncompressed.
    ///
    /// - Throws: when the data is not a zip (checked by its signature first: ZIPFoundation 0.9.20
    ///   leaks its in-memory file when it fails to open one); `InflationExceeded` as soon as the
    ///   parts inflate past `inflationLimit` (declared sizes are checked first, then the bytes
    ///   actually inflated, since a zip's declared sizes can lie).
    public static func parts(of data: Data) throws -> [(path: String, data: Data)] {
        guard data.starts(with: [0x50, 0x4B, 0x03, 0x04]) else { throw CocoaError(.fileReadCorruptFile) }
        let archive = try Archive(data: data, accessMode: .read, pathEncoding: nil)
        let limit = inflationLimit(compressed: data.count)
        let declared = archive.reduce(0) { $0 &+ Int(clamping: $1.uncompressedSize) }
        if declared > limit { throw InflationExceeded(inflated: 0) }
        var parts: [(String, Data)] = []
        var inflated = 0
        for entry in archive where entry.type == .file {
            var content = Data()
            _ = try archive.extract(entry, skipCRC32: false) { chunk in
                inflated += chunk.count
                if inflated > limit { throw InflationExceeded(inflated: inflated) }
                content.append(chunk)
            }
            parts.append((entry.path, content))
        }
        return parts
    }
}

import Foundation
import Testing
import TallyTestSupport
import TallyWorkbook
import ZIPFoundation

/// Files given as responses are told apart by their bytes, whatever their names.
@Suite("File kinds")
struct FileKindTests {
    let folder: TemporaryFolder
    init() throws { folder = try TemporaryFolder() }

    /// A zip at `name` holding empty parts with these paths.
    func zip(_ name: String, parts: [String]) throws -> String {
        let url = URL(fileURLWithPath: folder.path(name))
        let archive = try Archive(url: url, accessMode: .create, pathEncoding: nil)
        for part in parts {
            let data = Data("<x/>".utf8)
            try archive.addEntry(with: part, type: .file, uncompressedSize: Int64(data.count)) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return url.path
    }

    @Test func officeFilesAreToldApartByTheirParts() throws {
        #expect(FileKind.of(path: try zip("a.csv", parts: ["[Content_Types].xml", "xl/workbook.xml"])) == .workbook)
        #expect(FileKind.of(path: try zip("b.xlsx", parts: ["[Content_Types].xml", "word/document.xml"])) == .wordDocument)
        #expect(FileKind.of(path: try zip("c.csv", parts: ["ppt/presentation.xml"])) == .slides)
        #expect(FileKind.of(path: try zip("d.csv", parts: ["campaign.yaml", "a.csv"])) == .zip)
    }

    @Test func otherKindsByTheirFirstBytes() throws {
        let cases: [([UInt8], FileKind)] = [
            ([], .empty),
            (Array("%PDF-1.7\n".utf8), .pdf),
            ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], .image),
            ([0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10], .image),
            (Array("GIF89a".utf8), .image),
            ([0x49, 0x49, 0x2A, 0x00, 8, 0, 0, 0], .image),
            (Array("RIFF".utf8) + [0, 0, 0, 0] + Array("WEBP".utf8), .image),
            ([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1], .oldOffice),
            (Array("序号,您的身份\n1,一般干部\n".utf8), .text),
            // A header that merely starts with letters an image format also starts with.
            (Array("BMI,GIF\n".utf8), .text),
            // PK and garbage: no zip directory to read, so no kind is claimed.
            (Array("PK\u{3}\u{4}".utf8) + [1, 2, 3, 4, 5], .text),
        ]
        for (index, (bytes, kind)) in cases.enumerated() {
            let path = try folder.write("f\(index)", bytes: bytes)
            #expect(FileKind.of(path: path) == kind, "case \(index)")
        }
        #expect(FileKind.of(path: folder.path("missing")) == .text)
    }
}

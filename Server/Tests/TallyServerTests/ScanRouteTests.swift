import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import TallyCore
import TallyPaper
import TallyScan
import TallyScanCorpus
import TallyTestSupport
@testable import TallyServerCore

/// Scanned paper ballots in the web app (docs/scanning.md): the scannable ballot downloaded, a
/// scan uploaded, its one doubtful box decided on the review page, the ballots joining the
/// unit's uploads only then, and the same scan uploaded again counted once.
@Suite("Scan routes")
struct ScanRouteTests {
    static let unit = "%E5%8E%BF%E5%8F%B8%E6%B3%95%E5%B1%80"  // 县司法局

    /// Two marked sheets (the second with a stray stroke in 差) and a page of noise, as a PDF of images.
    static func scan(ballot: [UInt8], layout: BallotLayout) throws -> [UInt8] {
        let dpi = 150.0
        let blank = try ScanCorpus.render(pdf: ballot, dpi: dpi)[0]
        var random = ScanCorpus.Random(seed: 5)
        let sheets: [[String: ScanCorpus.Mark]] = [
            ["respondents||班子成员": .tick, "overall||好": .tick, "politics||较好": .cross],
            ["respondents||一般干部": .tick, "overall||一般": .tick, "discipline||差": .stray],
        ]
        var pages: [GreyImage] = sheets.map { marks in
            var image = blank
            for box in layout.pages[0].boxes {
                if let mark = marks["\(box.question)|\(box.row ?? "")|\(box.option)"] { ScanCorpus.mark(&image, box: box, mark, perMM: dpi / 25.4, random: &random) }
            }
            return image
        }
        var noise = GreyImage(width: blank.width, height: blank.height)
        for index in noise.pixels.indices { noise.pixels[index] = UInt8(random.uniform(0...255)) }
        pages.append(noise)
        return try ScanCorpus.scanPDF(pages)
    }

    @Test func uploadDecideJoinAndNoSecondCount() async throws {
        let server = try RouteTests.server()
        try await Application(router: server.router()).test(.router) { client in
            try await client.execute(uri: "/api/v1/campaigns", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: RouteTests.campaignJSON)) {
                #expect($0.status == .created)
            }
            // The unit's scannable ballot is the CLI's, byte for byte.
            let form = try FormLoader.load("leadership-evaluation")
            let expected = try ScannableBallot(form: form, unit: "县司法局")
            let ballot = try await client.execute(uri: "/campaigns/1/scans/ballot?unit=\(Self.unit)", method: .get) { response in
                #expect(response.status == .ok && response.headers[.contentType] == "application/pdf")
                return Array(buffer: response.body)
            }
            #expect(ballot == (try expected.pdf(title: form.title)))

            let scan = try Self.scan(ballot: ballot, layout: expected.layout)
            func upload() async throws -> String {
                let part = RouteTests.multipart(fields: ["unit": "县司法局"], files: [("file", "扫描.pdf", scan)])
                return try await client.execute(uri: "/campaigns/1/scans", method: .post, headers: part.0, body: part.1) { response in
                    #expect(response.status == .seeOther || response.status == .found, "\(String(buffer: response.body))")
                    return response.headers[.location] ?? ""
                }
            }
            let first = try await upload()
            #expect(first == "/campaigns/1/scans/1")
            let review = try await client.execute(uri: first, method: .get) { String(buffer: $0.body) }
            #expect(review.contains("勾选存疑") && review.contains("纪律作风") && review.contains("“差”"), "\(review)")
            #expect(review.contains("共3页，读出2页、2张测评票") && review.contains("无法识别") && review.contains("整页图"))
            let action = try #require(review.range(of: #"/campaigns/1/scans/1/items/[0-9a-f]{8}-b[0-9]+"#, options: .regularExpression).map { String(review[$0]) })
            // The crop and the unplaced page are PNGs.
            for image in [action + ".png", "/campaigns/1/scans/1/pages/3.png"] {
                try await client.execute(uri: image, method: .get) { response in
                    #expect(response.status == .ok && Array(buffer: response.body).starts(with: [0x89, 0x50, 0x4E, 0x47]), "\(image)")
                }
            }
            // Nothing joins the unit's answers while an item waits.
            let uploads = { () async throws -> [[String: Any]] in
                try await client.execute(uri: "/api/v1/campaigns/1", method: .get) { RouteTests.json($0.body)["uploads"] as? [[String: Any]] ?? [] }
            }
            #expect(try await uploads().isEmpty)

            let decided = try await client.execute(uri: action, method: .post, headers: [.contentType: "application/x-www-form-urlencoded"], body: ByteBuffer(string: "decision=%E4%B8%8D%E9%80%89")) {
                String(buffer: $0.body)
            }
            #expect(decided.contains("判定完毕：2张测评票已计入本单位答卷"), "\(decided)")
            let joined = try await uploads()
            #expect(joined.count == 1)
            #expect((joined.first?["filename"] as? String) == "扫描票-县司法局-扫描.csv")
            #expect((joined.first?["unit"] as? String) == "县司法局")

            // The same scan again: its pages are repeats, nothing is added.
            let second = try await upload()
            let again = try await client.execute(uri: second, method: .get) { String(buffer: $0.body) }
            #expect(again.contains("重复") && again.contains("读出0页、0张测评票") && again.contains("没有可计入的测评票"), "\(again)")
            #expect(try await uploads().count == 1)

            // Something that is not a scan is refused with words.
            let part = RouteTests.multipart(fields: ["unit": "县司法局"], files: [("file", "名单.xlsx", Array("PK\u{3}\u{4}".utf8))])
            try await client.execute(uri: "/campaigns/1/scans", method: .post, headers: part.0, body: part.1) { response in
                #expect(String(buffer: response.body).contains("不是扫描件"))
            }
        }
    }
}

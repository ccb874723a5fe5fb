import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import TallyRender
import Testing
@testable import TallyServerCore

/// Every fixed endpoint of HTTP.md, its success and each error code, through HummingbirdTesting.
@Suite("Routes")
struct RouteTests {
    /// The engine's checkout (the Samples folder), found from this file.
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static func sample(_ path: String) throws -> [UInt8] { Array(try Data(contentsOf: repository.appendingPathComponent(path))) }

    /// A server on a fresh workspace. HummingbirdTesting's client sends `Host: localhost` (no
    /// port), so that name is a public host here.
    /// The CSRF token of a page's forms (their hidden `csrf` field).
    static func csrfToken(in page: String) -> String? {
        guard let field = page.range(of: "name=\"csrf\" value=\"") else { return nil }
        let token = String(page[field.upperBound...].prefix { $0 != "\"" })
        return token.count == 64 ? token : nil
    }

    static func server(password: String? = nil, host: String = "127.0.0.1", maxUploadMB: Int = 200) throws -> TallyServer {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tally-server-test-\(UUID().uuidString)")
        return try TallyServer(configuration: ServerConfiguration(
            workspace: folder, host: host, password: password, maxUploadMB: maxUploadMB, publicHosts: ["localhost"]))
    }

    @Test func aForeignHostIsRefusedAndEveryResponseCarriesTheSecurityHeaders() async throws {
        // DNS rebinding (a page on evil.example whose name now resolves to 127.0.0.1) is tried
        // over a real socket in scripts/web_bench.py: HummingbirdTesting always sends Host: localhost.
        // (A body said by its Content-Length to be larger than the upload limit is refused before
        // it comes: tried over a real socket in web_bench.py, since the test client sets the length.)
        // On loopback, the loopback names with the port are served; off it, any name unless
        // --public-host is given. The headers are on every response.
        let allowed = HostAndHeadersMiddleware<TallyRequestContext>.allowedHosts(loopback: true, port: 8080, publicHosts: [])
        #expect(allowed == ["127.0.0.1:8080", "localhost:8080", "[::1]:8080"])
        #expect(HostAndHeadersMiddleware<TallyRequestContext>.allowedHosts(loopback: false, port: 8080, publicHosts: []) == nil)
        let served = try Self.server()
        try await Application(router: served.router()).test(.router) { client in
            for uri in ["/", "/api/v1/forms", "/nope"] {
                try await client.execute(uri: uri, method: .get) { response in
                    let policy = response.headers[.contentSecurityPolicy] ?? ""
                    #expect(policy.contains("default-src 'none'") && policy.contains("frame-ancestors 'none'") && policy.contains("script-src 'sha256-"))
                    #expect(response.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
                    #expect(response.headers[HTTPField.Name("Referrer-Policy")!] == "same-origin")
                }
            }
        }
    }

    /// A multipart/form-data body: fields, then files.
    static func multipart(fields: [String: String] = [:], files: [(name: String, filename: String, bytes: [UInt8])]) -> (HTTPFields, ByteBuffer) {
        let boundary = "----tally-test-boundary"
        var body: [UInt8] = []
        for (name, value) in fields.sorted(by: { $0.key < $1.key }) {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        }
        for file in files {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.name)\"; filename=\"\(file.filename)\"\r\nContent-Type: application/octet-stream\r\n\r\n".utf8)
            body += file.bytes + Array("\r\n".utf8)
        }
        body += Array("--\(boundary)--\r\n".utf8)
        return ([.contentType: "multipart/form-data; boundary=\(boundary)"], ByteBuffer(bytes: body))
    }

    static func json(_ buffer: ByteBuffer) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(buffer: buffer))) as? [String: Any] ?? [:]
    }

    static let campaignJSON = #"{"title":"县政法系统测评","team":"县委第二巡察组","form":"leadership-evaluation","units":[{"name":"县司法局","issued":60},{"name":"县公安局","issued":45}]}"#

    @Test func formsAreListedAndUploadedFormsChecked() async throws {
        let server = try Self.server()
        try await Application(router: server.router()).test(.router) { client in
            try await client.execute(uri: "/api/v1/forms", method: .get) { response in
                #expect(response.status == .ok)
                let forms = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [[String: Any]]
                #expect(forms?.contains { $0["id"] as? String == "leadership-evaluation" && $0["builtin"] as? Bool == true } == true)
            }
            let good = "id: my-survey\ntitle: 我的问卷\nquestions:\n  - { id: q, text: 满意吗, options: [满意, 不满意] }\n"
            let (headers, body) = Self.multipart(files: [("file", "my.yaml", Array(good.utf8))])
            try await client.execute(uri: "/api/v1/forms", method: .post, headers: headers, body: body) { response in
                #expect(response.status == .created && Self.json(response.body)["id"] as? String == "my-survey")
            }
            // A form with a mistake: 422 with the message `forms check` prints.
            let bad = Self.multipart(files: [("file", "bad.yaml", Array("id: x\nquestions:\n  - { id: q, scale: nope }\n".utf8))])
            try await client.execute(uri: "/api/v1/forms", method: .post, headers: bad.0, body: bad.1) { response in
                #expect(response.status == .unprocessableContent)
                let error = Self.json(response.body)["error"] as? [String: Any]
                #expect(error?["code"] as? String == "rejected" && (error?["message"] as? String).map { $0.contains("“bad.yaml”第3行") } == true)
            }
            try await client.execute(uri: "/api/v1/forms", method: .post, headers: [.contentType: "text/plain"], body: ByteBuffer(string: "x")) { response in
                #expect(response.status == .badRequest)
            }
            // Listed now, not built in.
            try await client.execute(uri: "/api/v1/forms", method: .get) { response in
                let forms = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [[String: Any]]
                #expect(forms?.contains { $0["id"] as? String == "my-survey" && $0["builtin"] as? Bool == false } == true)
            }
        }
    }

    @Test func aCampaignFromUploadToRunToFilesAttachAndExport() async throws {
        let server = try Self.server()
        try await Application(router: server.router()).test(.router) { client in
            let id = try await client.execute(uri: "/api/v1/campaigns", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: Self.campaignJSON)) { response in
                #expect(response.status == .created)
                return Self.json(response.body)["id"] as? Int ?? 0
            }
            try await client.execute(uri: "/api/v1/campaigns", method: .post, body: ByteBuffer(string: "{not json")) { response in
                #expect(response.status == .badRequest)
            }
            try await client.execute(uri: "/api/v1/campaigns", method: .post, body: ByteBuffer(string: #"{"title":"x","form":"nope","units":[{"name":"甲"}]}"#)) { response in
                #expect(response.status == .unprocessableContent)
            }
            // Uploads: a 问卷星 CSV for one unit, a GB18030 sheet keyed by hand for the other.
            let wjx = Self.multipart(fields: ["unit": "县司法局"], files: [("file", "县司法局.csv", try Self.sample("Samples/leadership/wjx-text-utf8.csv"))])
            try await client.execute(uri: "/api/v1/campaigns/\(id)/uploads", method: .post, headers: wjx.0, body: wjx.1) { response in
                #expect(response.status == .created)
                let upload = Self.json(response.body)
                #expect((upload["sha256"] as? String)?.count == 64)
                let inspect = upload["inspect"] as? [String: Any]
                #expect(inspect?["rows"] as? Int == 56 && inspect?["encoding"] as? String == "UTF-8 编码")
            }
            let excel = Self.multipart(fields: ["unit": "县公安局"], files: [("file", "县公安局.csv", try Self.sample("Samples/leadership/excel-by-hand-gb18030.csv"))])
            try await client.execute(uri: "/api/v1/campaigns/\(id)/uploads", method: .post, headers: excel.0, body: excel.1) { response in
                #expect(response.status == .created)
            }
            // Neither CSV nor a workbook: 415. A unit the campaign lacks: 400. No campaign: 404.
            let binary = Self.multipart(files: [("file", "x.csv", [0, 1, 2, 0, 255, 0])])
            try await client.execute(uri: "/api/v1/campaigns/\(id)/uploads", method: .post, headers: binary.0, body: binary.1) { response in
                #expect(response.status == .unsupportedMediaType)
            }
            let strange = Self.multipart(fields: ["unit": "县法院"], files: [("file", "a.csv", Array("a,b\n1,2\n".utf8))])
            try await client.execute(uri: "/api/v1/campaigns/\(id)/uploads", method: .post, headers: strange.0, body: strange.1) { response in
                #expect(response.status == .badRequest)
            }
            try await client.execute(uri: "/api/v1/campaigns/999/uploads", method: .post, headers: wjx.0, body: wjx.1) { response in
                #expect(response.status == .notFound)
            }
            // The run, its files, each with its content type.
            let run = try await client.execute(uri: "/api/v1/campaigns/\(id)/runs", method: .post, body: ByteBuffer(string: "{}")) { response in
                #expect(response.status == .created)
                let run = Self.json(response.body)
                #expect(run["status"] as? String == "done")
                return run["id"] as? Int ?? 0
            }
            try await client.execute(uri: "/api/v1/runs/\(run)", method: .get) { response in
                let files = Self.json(response.body)["files"] as? [String] ?? []
                #expect(files.contains("results.json") && files.contains("县公安局/findings.docx") && files.contains("县司法局/rejected.csv"))
            }
            try await client.execute(uri: "/api/v1/runs/\(run)/files/%E5%8E%BF%E5%85%AC%E5%AE%89%E5%B1%80/findings.docx", method: .get) { response in
                #expect(response.status == .ok && response.headers[.contentType]?.contains("wordprocessingml") == true)
                #expect(Array(Data(buffer: response.body).prefix(2)) == Array("PK".utf8))
            }
            try await client.execute(uri: "/api/v1/runs/\(run)/files/..%2F..%2Ftally.sqlite", method: .get) { response in
                #expect(response.status == .notFound)
            }
            try await client.execute(uri: "/api/v1/runs/999", method: .get) { response in #expect(response.status == .notFound) }
            // The ballot ledger is among the files, and the evidence pack proves the run: every
            // input and output it holds has the SHA-256 its evidence.json recorded.
            try await client.execute(uri: "/api/v1/runs/\(run)", method: .get) { response in
                let files = Self.json(response.body)["files"] as? [String] ?? []
                #expect(files.contains("县司法局/ballots.csv") && files.contains("evidence.json"))
            }
            let pack = try await client.execute(uri: "/api/v1/runs/\(run)/evidence", method: .get) { response in
                #expect(response.status == .ok && response.headers[.contentType] == "application/zip")
                #expect(response.headers[.contentDisposition]?.hasPrefix("attachment") == true)
                return Data(buffer: response.body)
            }
            let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("evidence-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: scratch) }
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
            try pack.write(to: scratch.appendingPathComponent("pack.zip"))
            try EvidencePack.extract(scratch.appendingPathComponent("pack.zip").path, into: scratch.appendingPathComponent("x").path)
            let plan = try EvidenceVerification.plan(pack: scratch.appendingPathComponent("x").path, rerun: scratch.appendingPathComponent("r").path)
            #expect(plan.inputsChecked == 3 && plan.evidence.outputs.contains { $0.path == "县公安局/ballots.csv" })
            #expect(plan.arguments.first == "run")
            try await client.execute(uri: "/api/v1/runs/999/evidence", method: .get) { response in #expect(response.status == .notFound) }
            // A report with the findings attached.
            let report = Self.multipart(fields: ["unit": "县司法局"], files: [("report", "县司法局.md", try Self.sample("Samples/reports/县司法局.md"))])
            try await client.execute(uri: "/api/v1/runs/\(run)/attach", method: .post, headers: report.0, body: report.1) { response in
                #expect(response.status == .ok)
                let text = String(buffer: response.body)
                #expect(text.contains("本次民主测评有效票55张") && !text.contains("{{tally:"))
            }
            let pdf = Self.multipart(fields: ["unit": "县司法局"], files: [("report", "报告.pdf", Array("%PDF".utf8))])
            try await client.execute(uri: "/api/v1/runs/\(run)/attach", method: .post, headers: pdf.0, body: pdf.1) { response in
                #expect(response.status == .unsupportedMediaType)
            }
            // A report the engine cannot take is said in a clerk's words, by the name uploaded.
            let notDocx = Self.multipart(fields: ["unit": "县司法局"], files: [("report", "县司法局报告.docx", Array("not a zip".utf8))])
            try await client.execute(uri: "/api/v1/runs/\(run)/attach", method: .post, headers: notDocx.0, body: notDocx.1) { response in
                let message = (Self.json(response.body)["error"] as? [String: Any])?["message"] as? String ?? ""
                #expect(response.status == .unprocessableContent && message.contains("“县司法局报告.docx”") && !message.contains("error:"), "\(message)")
            }
            // The campaign folder, zipped; imported again, it runs to the same bytes.
            let zip = try await client.execute(uri: "/api/v1/campaigns/\(id)/export", method: .get) { response in
                #expect(response.status == .ok && response.headers[.contentType] == "application/zip")
                #expect(Array(Data(buffer: response.body).prefix(2)) == Array("PK".utf8))
                return Array(Data(buffer: response.body))
            }
            let again = Self.multipart(files: [("file", "campaign.zip", zip)])
            let copy = try await client.execute(uri: "/api/v1/campaigns/import", method: .post, headers: again.0, body: again.1) { response in
                #expect(response.status == .created)
                return Self.json(response.body)["id"] as? Int ?? 0
            }
            let rerun = try await client.execute(uri: "/api/v1/campaigns/\(copy)/runs", method: .post) { response in
                #expect(Self.json(response.body)["status"] as? String == "done")
                return Self.json(response.body)["id"] as? Int ?? 0
            }
            func output(_ run: Int, _ path: String) throws -> Data {
                try Data(contentsOf: server.workspace.run(Int64(run)).appendingPathComponent("out/\(path)"))
            }
            for path in ["县公安局/findings.docx", "县司法局/findings.md", "县司法局/appendix.md", "summary.md"] {
                #expect(try output(run, path) == output(rerun, path), "\(path)")
            }
            // The same rejected ballots; the response files carry their new upload's number.
            func rows(_ run: Int) throws -> [String] {
                String(decoding: try output(run, "县司法局/rejected.csv"), as: UTF8.self).split(separator: "\r\n").map { line in
                    String(line.drop { $0 != "," })
                }
            }
            #expect(try rows(run) == rows(rerun) && (try rows(run)).count == 5)
            let notZip = Self.multipart(files: [("file", "x.zip", Array("not a zip".utf8))])
            try await client.execute(uri: "/api/v1/campaigns/import", method: .post, headers: notZip.0, body: notZip.1) { response in
                #expect(response.status == .unsupportedMediaType)
            }
            try await client.execute(uri: "/api/v1/campaigns/\(id)", method: .get) { response in
                let campaign = Self.json(response.body)
                #expect((campaign["units"] as? [Any])?.count == 2 && (campaign["uploads"] as? [Any])?.count == 2 && (campaign["runs"] as? [Any])?.count == 1)
            }
            try await client.execute(uri: "/api/v1/campaigns/999", method: .get) { response in #expect(response.status == .notFound) }
        }
    }

    @Test func aCampaignComparedWithAnEarlierRun() async throws {
        let server = try Self.server()
        try await Application(router: server.router()).test(.router) { client in
            let one = #"{"title":"上一轮","form":"leadership-evaluation","units":[{"name":"县司法局"}]}"#
            try await client.execute(uri: "/api/v1/campaigns", method: .post, body: ByteBuffer(string: one)) { _ in }
            let wjx = Self.multipart(fields: ["unit": "县司法局"], files: [("file", "a.csv", try Self.sample("Samples/leadership/wjx-text-utf8.csv"))])
            try await client.execute(uri: "/api/v1/campaigns/1/uploads", method: .post, headers: wjx.0, body: wjx.1) { _ in }
            try await client.execute(uri: "/api/v1/campaigns/1/runs", method: .post) { _ in }
            // A campaign compared with a run that does not exist: 422, said of the field.
            try await client.execute(uri: "/api/v1/campaigns", method: .post, body: ByteBuffer(string: #"{"title":"本轮","form":"leadership-evaluation","units":[{"name":"县司法局"}],"baseline":9}"#)) { response in
                #expect(response.status == .unprocessableContent)
            }
            try await client.execute(uri: "/api/v1/campaigns", method: .post, body: ByteBuffer(string: #"{"title":"本轮","form":"leadership-evaluation","units":[{"name":"县司法局"}],"baseline":1}"#)) { response in
                #expect(response.status == .created)
            }
            let other = Self.multipart(fields: ["unit": "县司法局"], files: [("file", "b.csv", try Self.sample("Samples/leadership/wjx-text-gb18030.csv"))])
            try await client.execute(uri: "/api/v1/campaigns/2/uploads", method: .post, headers: other.0, body: other.1) { _ in }
            try await client.execute(uri: "/api/v1/campaigns/2/runs", method: .post) { response in #expect(Self.json(response.body)["status"] as? String == "done") }
            try await client.execute(uri: "/api/v1/runs/2/files/%E5%8E%BF%E5%8F%B8%E6%B3%95%E5%B1%80/appendix.md", method: .get) { response in
                // The same ballots as last round: every rate unchanged, and said so.
                #expect(String(buffer: response.body).contains("较上轮"))
            }
        }
    }

    @Test func anUploadOverTheLimitIs413AndLeavesNothing() async throws {
        let server = try Self.server(maxUploadMB: 1)
        try await Application(router: server.router()).test(.router) { client in
            try await client.execute(uri: "/api/v1/campaigns", method: .post, body: ByteBuffer(string: Self.campaignJSON)) { _ in }
            let big = Self.multipart(files: [("file", "big.csv", Array(repeating: UInt8(ascii: "a"), count: 2 * 1024 * 1024))])
            try await client.execute(uri: "/api/v1/campaigns/1/uploads", method: .post, headers: big.0, body: big.1) { response in
                #expect(response.status == .contentTooLarge)
            }
            let stored = try FileManager.default.contentsOfDirectory(atPath: server.workspace.root.appendingPathComponent("files").path)
            #expect(stored.isEmpty)
            #expect(try server.store.uploads(of: 1).isEmpty)
        }
    }

    @Test func aPathInAFileNameIsStoredSafely() async throws {
        let server = try Self.server()
        try await Application(router: server.router()).test(.router) { client in
            let one = #"{"title":"t","form":"leadership-evaluation","units":[{"name":"县司法局"},{"name":"县公安局"}]}"#
            try await client.execute(uri: "/api/v1/campaigns", method: .post, body: ByteBuffer(string: one)) { _ in }
            // A unit with nothing uploaded: the run says which, in words.
            try await client.execute(uri: "/api/v1/campaigns/1/runs", method: .post) { response in
                let run = Self.json(response.body)
                #expect(run["status"] as? String == "failed" && (run["errors"] as? [String])?.first?.contains("单位“县司法局”还没有上传答卷") == true)
            }
            let evil = Self.multipart(fields: ["unit": "县司法局"], files: [("file", "../../../../tmp/evil.csv", try Self.sample("Samples/leadership/wjx-text-utf8.csv"))])
            try await client.execute(uri: "/api/v1/campaigns/1/uploads", method: .post, headers: evil.0, body: evil.1) { response in
                #expect(response.status == .created && Self.json(response.body)["filename"] as? String == "evil.csv")
            }
            // Kept under its digest only; the run's folder names it by upload id and base name.
            let stored = try FileManager.default.contentsOfDirectory(atPath: server.workspace.root.appendingPathComponent("files").path)
            #expect(stored.count == 1 && stored[0].count == 64 && stored[0].allSatisfy(\.isHexDigit))
            let other = Self.multipart(fields: ["unit": "县公安局"], files: [("file", "C:\\Users\\x\\..\\公安.csv", try Self.sample("Samples/leadership/excel-by-hand-gb18030.csv"))])
            try await client.execute(uri: "/api/v1/campaigns/1/uploads", method: .post, headers: other.0, body: other.1) { response in
                #expect(Self.json(response.body)["filename"] as? String == "公安.csv")
            }
            try await client.execute(uri: "/api/v1/campaigns/1/runs", method: .post) { response in
                #expect(Self.json(response.body)["status"] as? String == "done")
            }
            #expect(FileManager.default.fileExists(atPath: server.workspace.run(2).appendingPathComponent("campaign/responses/1-evil.csv").path))
            #expect(!FileManager.default.fileExists(atPath: "/tmp/evil.csv"))
        }
    }

    @Test func aScriptInAUnitNameIsShownAsText() async throws {
        let server = try Self.server()
        try await Application(router: server.router()).test(.router) { client in
            let hostile = #"{"title":"<img src=x onerror=alert(1)>","form":"leadership-evaluation","units":[{"name":"<script>alert(1)</script>"}]}"#
            try await client.execute(uri: "/api/v1/campaigns", method: .post, body: ByteBuffer(string: hostile)) { response in #expect(response.status == .created) }
            try await client.execute(uri: "/campaigns/1", method: .get) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !page.contains("<script>alert(1)"))
                #expect(page.contains("&lt;img src=x onerror=alert(1)&gt;") && !page.contains("<img src=x"))
            }
        }
    }

    @Test func loginsAreThrottledSessionsBoundedAndLogoutWorks() async throws {
        // A short or blank password does not start the server.
        for weak in ["口令1", "1234567", "        "] {
            #expect(throws: ServerError.self, "\(weak)") { try Self.server(password: weak, host: "0.0.0.0") }
        }
        let server = try Self.server(password: "口令12345678", host: "0.0.0.0")
        let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        let right = "password=" + "口令12345678".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        try await Application(router: server.router()).test(.router) { client in
            // Six wrong passwords are answered 401 (the sixth starts a wait); then even the right
            // password is refused until the wait is over.
            for attempt in 1...6 {
                try await client.execute(uri: "/login", method: .post, headers: form, body: ByteBuffer(string: "password=wrong\(attempt)")) { response in
                    #expect(response.status == .unauthorized, "attempt \(attempt)")
                }
            }
            // The sixth's wait is 1 s, which a loaded machine may pass before the next request:
            // three more failures from the same address (the test client has none, so "unknown")
            // make it 8 s, long enough to see.
            for _ in 1...3 { server.gatekeeper.recordLogin(success: false, from: "unknown") }
            try await client.execute(uri: "/login", method: .post, headers: form, body: ByteBuffer(string: right)) { response in
                #expect(response.status == .tooManyRequests && response.headers[.retryAfter] != nil)
                #expect(String(buffer: response.body).contains("密码输错次数过多"))
            }
        }
        // The wait doubles, up to 15 minutes; a success clears it.
        let gatekeeper = server.gatekeeper
        let now = ContinuousClock.now
        for _ in 1...5 { gatekeeper.recordLogin(success: false, from: "10.0.0.9", at: now) }
        #expect(gatekeeper.loginWait(for: "10.0.0.9", at: now) == nil)
        gatekeeper.recordLogin(success: false, from: "10.0.0.9", at: now)
        #expect(gatekeeper.loginWait(for: "10.0.0.9", at: now) == .seconds(1))
        gatekeeper.recordLogin(success: false, from: "10.0.0.9", at: now)
        #expect(gatekeeper.loginWait(for: "10.0.0.9", at: now) == .seconds(2))
        for _ in 1...30 { gatekeeper.recordLogin(success: false, from: "10.0.0.9", at: now) }
        #expect(gatekeeper.loginWait(for: "10.0.0.9", at: now) == Gatekeeper.longestWait)
        #expect(gatekeeper.loginWait(for: "10.0.0.10", at: now) == nil, "another address is not held up")
        gatekeeper.recordLogin(success: true, from: "10.0.0.9", at: now + .seconds(901))
        #expect(gatekeeper.loginWait(for: "10.0.0.9", at: now + .seconds(901)) == nil)
        // Sessions: closed when idle for 8 hours or 24 hours after login; the table is bounded.
        let session = gatekeeper.openSession()
        #expect(gatekeeper.csrf(for: session.id) == session.csrf)
        #expect(gatekeeper.csrf(for: session.id, at: .now + .seconds(8 * 3600 + 1)) == nil)
        #expect(gatekeeper.csrf(for: session.id) == nil, "an expired session is gone")
        for _ in 0..<(Gatekeeper.maximumSessions + 500) { _ = gatekeeper.openSession() }
        #expect(gatekeeper.sessionCount <= Gatekeeper.maximumSessions)
        // Logout closes the session: its cookie no longer opens a page.
        let fresh = try Self.server(password: "口令12345678", host: "0.0.0.0")
        try await Application(router: fresh.router()).test(.router) { client in
            let cookie = try await client.execute(uri: "/login", method: .post, headers: form, body: ByteBuffer(string: right)) { response in
                String((response.headers[.setCookie] ?? "").split(separator: ";")[0])
            }
            let page = try await client.execute(uri: "/", method: .get, headers: [.cookie: cookie]) { response in
                #expect(response.status == .ok)
                return String(buffer: response.body)
            }
            #expect(page.contains("退出登录"))
            let token = try #require(Self.csrfToken(in: page))
            try await client.execute(
                uri: "/logout", method: .post, headers: [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"], body: ByteBuffer(string: "csrf=\(token)")
            ) { response in
                #expect(response.status == .seeOther && response.headers[.location] == "/login")
            }
            try await client.execute(uri: "/", method: .get, headers: [.cookie: cookie]) { response in
                #expect(response.status == .unauthorized)
            }
        }
    }

    @Test func aWorkspaceServesOneServerAndCookiesAreSecureBehindTLS() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tally-server-test-\(UUID().uuidString)")
        let first = try TallyServer(configuration: ServerConfiguration(workspace: folder))
        #expect(throws: ServerError.self) { try TallyServer(configuration: ServerConfiguration(workspace: folder)) }
        _ = first
        var configuration = ServerConfiguration(
            workspace: FileManager.default.temporaryDirectory.appendingPathComponent("tally-server-test-\(UUID().uuidString)"),
            password: "口令12345678", publicHosts: ["localhost"])
        configuration.behindTLS = true
        let server = try TallyServer(configuration: configuration)
        try await Application(router: server.router()).test(.router) { client in
            let body = ByteBuffer(string: "password=" + "口令12345678".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)
            try await client.execute(uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"], body: body) { response in
                #expect(response.headers[.setCookie]?.contains("Secure") == true)
            }
        }
    }

    @Test func aTakenFormIdBecomesANewVersionNeverAnOverwrite() async throws {
        let server = try Self.server()
        let first = "id: my-survey\ntitle: 我的问卷\nquestions:\n  - { id: q, text: 满意吗, options: [满意, 不满意] }\n"
        let changed = "id: my-survey\ntitle: 我的问卷\nquestions:\n  - { id: q, text: 您满意吗, options: [满意, 基本满意, 不满意] }\n"
        try await Application(router: server.router()).test(.router) { client in
            func upload(_ yaml: String) async throws -> String {
                let (headers, body) = Self.multipart(files: [("file", "my.yaml", Array(yaml.utf8))])
                return try await client.execute(uri: "/api/v1/forms", method: .post, headers: headers, body: body) { response in
                    #expect(response.status == .created)
                    return Self.json(response.body)["id"] as? String ?? ""
                }
            }
            let ids = [try await upload(first), try await upload(first), try await upload(changed), try await upload(changed)]
            // The same text again is the same form; a new text under the id, a second version.
            #expect(ids == ["my-survey", "my-survey", "my-survey-v2", "my-survey-v2"])
        }
        // The first version is kept as it was: a campaign made with it scores as before.
        #expect(try server.engine.loadForm("my-survey").questions[0].text == "满意吗")
        #expect(try server.engine.loadForm("my-survey-v2").questions[0].text == "您满意吗")
        #expect(try server.store.form("my-survey-v2")?.title == "我的问卷（第2版）")
    }

    @Test func aCampaignIsMovedToANewerVersionOfItsFormOnlyWhenTheClerkAsks() async throws {
        let server = try Self.server()
        let first = "id: my-survey\ntitle: 我的问卷\nquestions:\n  - { id: q, text: 满意吗, options: [满意, 不满意] }\n  - { id: r, text: 建议 , type: text }\n"
        let second = "id: my-survey\ntitle: 我的问卷\nquestions:\n  - { id: q, text: 您满意吗, options: [满意, 基本满意, 不满意] }\n  - { id: s, text: 您的身份, options: [干部, 群众] }\n"
        #expect(TallyServer.version(of: "my-survey-v12") == ("my-survey", 12) && TallyServer.version(of: "my-survey") == ("my-survey", 1))
        #expect(TallyServer.version(of: "survey-v1") == ("survey-v1", 1) && TallyServer.version(of: "survey-vx") == ("survey-vx", 1))
        try await Application(router: server.router()).test(.router) { client in
            func upload(_ yaml: String) async throws {
                let (headers, body) = Self.multipart(files: [("file", "my.yaml", Array(yaml.utf8))])
                try await client.execute(uri: "/api/v1/forms", method: .post, headers: headers, body: body) { #expect($0.status == .created) }
            }
            try await upload(first)
            let made = #"{"title":"问卷","form":"my-survey","units":[{"name":"甲"}]}"#
            let id = try await client.execute(uri: "/api/v1/campaigns", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: made)) {
                Self.json($0.body)["id"] as? Int ?? 0
            }
            func page() async throws -> (text: String, cookie: String) {
                try await client.execute(uri: "/campaigns/\(id)", method: .get) { response in
                    (String(buffer: response.body), String((response.headers[.setCookie] ?? "").split(separator: ";").first ?? ""))
                }
            }
            #expect(try await !page().text.contains("改用新版"))
            try await upload(second)
            // Uploading the new version changes nothing by itself: the campaign is offered it.
            let (offered, cookie) = try await page()
            #expect(offered.contains("测评表有了新版本“我的问卷（第2版）”") && offered.contains("改用新版"))
            for change in ["题目“满意吗”改为“您满意吗”", "题目“您满意吗”的选项由“满意”“不满意”改为“满意”“基本满意”“不满意”", "新增题目“您的身份”",
                           "删去题目“建议”"] {
                #expect(offered.contains(change), "\(change)")
            }
            #expect(try server.store.campaign(Int64(id))?.form == "my-survey")
            let token = try #require(Self.csrfToken(in: offered))
            let post: HTTPFields = [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"]
            try await client.execute(uri: "/campaigns/\(id)/form-version", method: .post, headers: post, body: ByteBuffer(string: "csrf=\(token)&form=my-survey-v2")) { response in
                #expect(response.status == .ok)
                let text = String(buffer: response.body)
                #expect(text.contains("测评表已由“我的问卷”改为“我的问卷（第2版）”") && text.contains("新增题目“您的身份”"))
                #expect(!text.contains("改用新版"))
            }
            #expect(try server.store.campaign(Int64(id))?.form == "my-survey-v2")
            // Asked again (a page left open): said plainly, nothing changed.
            try await client.execute(uri: "/campaigns/\(id)/form-version", method: .post, headers: post, body: ByteBuffer(string: "csrf=\(token)&form=my-survey-v2")) { response in
                #expect(response.status == .conflict && String(buffer: response.body).contains("最新版本"))
            }
        }
    }

    @Test func offLoopbackALoginIsRequired() async throws {
        #expect(throws: ServerError.self) { try Self.server(host: "0.0.0.0") }
        let server = try Self.server(password: "口令12345678", host: "0.0.0.0")
        try await Application(router: server.router()).test(.router) { client in
            try await client.execute(uri: "/", method: .get) { response in #expect(response.status == .unauthorized) }
            try await client.execute(uri: "/api/v1/forms", method: .get) { response in
                #expect(response.status == .unauthorized && (Self.json(response.body)["error"] as? [String: Any])?["code"] as? String == "unauthorized")
            }
            try await client.execute(uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"], body: ByteBuffer(string: "password=wrong")) { response in
                #expect(response.status == .unauthorized)
            }
            let cookie = try await client.execute(
                uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "password=" + "口令12345678".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)
            ) { response in
                #expect(response.status == .seeOther)
                let setCookie = response.headers[.setCookie] ?? ""
                #expect(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict"))
                return String(setCookie.split(separator: ";")[0])
            }
            // Logged in: pages answer; a state change needs the page's CSRF token.
            let page = try await client.execute(uri: "/campaigns/new", method: .get, headers: [.cookie: cookie]) { response in
                #expect(response.status == .ok)
                return String(buffer: response.body)
            }
            let token = try #require(Self.csrfToken(in: page))
            // The token is a hidden field, never in a URL (logs and Referer headers would carry it).
            #expect(!page.contains("csrf=") && !page.contains("?csrf"))
            let body = "title=%E6%B5%8B%E8%AF%84&form=leadership-evaluation&units=%E7%94%B2%2C10"
            let urlencoded: HTTPFields = [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"]
            try await client.execute(uri: "/campaigns/new", method: .post, headers: urlencoded, body: ByteBuffer(string: body)) { response in
                #expect(response.status == .forbidden)
            }
            // A token in the URL no longer counts.
            try await client.execute(uri: "/campaigns/new?csrf=\(token)", method: .post, headers: urlencoded, body: ByteBuffer(string: body)) { response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(uri: "/campaigns/new", method: .post, headers: urlencoded, body: ByteBuffer(string: "csrf=x\(token.dropFirst())&" + body)) { response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(uri: "/campaigns/new", method: .post, headers: urlencoded, body: ByteBuffer(string: "csrf=\(token)&" + body)) { response in
                #expect(response.status == .seeOther && response.headers[.location] == "/campaigns/1")
            }
            // Another site's page cannot post here, even with the token.
            try await client.execute(uri: "/campaigns/new", method: .post, headers: [.cookie: cookie, .origin: "http://evil.example", .contentType: "application/x-www-form-urlencoded"], body: ByteBuffer(string: "csrf=\(token)&" + body)) { response in
                #expect(response.status == .forbidden)
            }
            // A multipart upload carries it as its first part; the file after it is read as before.
            let boundary = "----tally-test"
            let csv = "1、您的身份,2、对领导班子的总体评价\r\n一般干部,好\r\n"
            func multipart(_ first: String) -> ByteBuffer {
                ByteBuffer(string: "--\(boundary)\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n\(first)\r\n"
                    + "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\nContent-Type: text/csv\r\n\r\n\(csv)\r\n"
                    + "--\(boundary)--\r\n")
            }
            let upload: HTTPFields = [.cookie: cookie, .contentType: "multipart/form-data; boundary=\(boundary)"]
            try await client.execute(uri: "/campaigns/1/uploads", method: .post, headers: upload, body: multipart("wrong")) { response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(uri: "/campaigns/1/uploads", method: .post, headers: upload, body: multipart(token)) { response in
                // Past the gate, and the file part found after the token (400 would say no file).
                #expect(response.status != .forbidden && response.status != .badRequest, "\(response.status)")
            }
            #expect(try server.store.uploads(of: 1).count == 1)
            // API clients: the bearer token, no CSRF token; a wrong one is 401.
            try await client.execute(uri: "/api/v1/campaigns", method: .post, headers: [.authorization: "Bearer \(server.gatekeeper.apiToken)"], body: ByteBuffer(string: Self.campaignJSON)) { response in
                #expect(response.status == .created)
            }
            try await client.execute(uri: "/api/v1/forms", method: .get, headers: [.authorization: "Bearer nope"]) { response in
                #expect(response.status == .unauthorized)
            }
        }
    }

    @Test func onLoopbackACrossSiteRequestIsRefusedToo() async throws {
        let server = try Self.server()
        try await Application(router: server.router()).test(.router) { client in
            try await client.execute(uri: "/api/v1/campaigns", method: .post, headers: [.origin: "http://evil.example"], body: ByteBuffer(string: Self.campaignJSON)) { response in
                #expect(response.status == .forbidden)
            }
            // A browser's first page gives it a session whose forms carry a token.
            try await client.execute(uri: "/campaigns/new", method: .get) { response in
                #expect(response.headers[.setCookie]?.contains("tally_session=") == true && Self.csrfToken(in: String(buffer: response.body)) != nil)
            }
        }
    }

    @Test func aUnitMayUseAnotherFormOnThePage() async throws {
        let server = try Self.server()
        try await Application(router: server.router()).test(.router) { client in
            let units = "县司法局,60\n县人民法院,80,public-satisfaction".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            try await client.execute(uri: "/campaigns/new", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"], body: ByteBuffer(string: "title=t&form=leadership-evaluation&units=\(units)")) { response in
                #expect(response.status == .seeOther)
            }
            #expect(try server.store.units(of: 1).map(\.form) == [nil, "public-satisfaction"])
            let wrong = "县人民法院,80,no-such-form".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            try await client.execute(uri: "/campaigns/new", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"], body: ByteBuffer(string: "title=t&form=leadership-evaluation&units=\(wrong)")) { response in
                #expect(response.status == .unprocessableContent && String(buffer: response.body).contains("没有这张测评表：no-such-form"))
            }
        }
    }

    @Test func fieldMistakesAreShownBesideTheirFields() async throws {
        let server = try Self.server()
        try await Application(router: server.router()).test(.router) { client in
            try await client.execute(uri: "/campaigns/new", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"], body: ByteBuffer(string: "title=&form=leadership-evaluation&units=%E7%94%B2%2Cabc")) { response in
                #expect(response.status == .unprocessableContent)
                let page = String(buffer: response.body)
                #expect(page.contains("id=\"title-error\"") && page.contains("请填写测评名称"))
                #expect(page.contains("id=\"units-error\"") && page.contains("发出票数应为整数"))
            }
        }
    }

    @Test func aRunInterruptedByACrashIsMarkedFailedOnRestart() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tally-server-crash-\(UUID().uuidString)")
        let configuration = ServerConfiguration(workspace: folder)
        // The first server, gone (as if killed) when this block ends: its workspace lock goes with it.
        let run = try {
            let first = try TallyServer(configuration: configuration)
            let campaign = try first.store.createCampaign(CampaignRecord(id: nil, title: "t", team: nil, form: "leadership-evaluation", createdAt: Date()), units: [])
            let run = try first.store.insert(RunRecord(id: nil, campaignId: campaign, status: "running", errors: "[]", warnings: "[]", createdAt: Date(), finishedAt: nil))
            try FileManager.default.createDirectory(at: first.workspace.partialRun(run.id!), withIntermediateDirectories: true)
            return run
        }()
        // A new server over the same workspace.
        let second = try TallyServer(configuration: configuration)
        let after = try #require(try second.store.run(run.id!))
        #expect(after.status == "failed" && after.errors.contains("统计进行中服务器停止了"))
        #expect(!FileManager.default.fileExists(atPath: second.workspace.partialRun(run.id!).path))
    }
}

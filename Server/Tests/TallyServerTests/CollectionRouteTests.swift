import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import ZIPFoundation
import TallyTestSupport
@testable import TallyServerCore

/// 扫码测评 (docs/collection.md): codes, slips, the phone ballot, progress, close and reopen,
/// and the ballot box read from the SQLite file to show that nothing in it leads to a code.
@Suite("Collection routes")
struct CollectionRouteTests {
    static let unit = "%E5%8E%BF%E5%8F%B8%E6%B3%95%E5%B1%80"  // 县司法局
    static let json: HTTPFields = [.contentType: "application/json"]

    /// A server with a password (the team's routes need the token; the ballot's need nothing)
    /// and a campaign of one unit with 4 paper ballots issued.
    static func campaign() async throws -> (TallyServer, HTTPFields) {
        let server = try RouteTests.server(password: "correct horse battery")
        let team: HTTPFields = [.authorization: "Bearer \(server.gatekeeper.apiToken)", .contentType: "application/json"]
        return (server, team)
    }

    static func codes(_ client: some TestClientProtocol, _ team: HTTPFields, _ body: String) async throws -> [[String: Any]] {
        try await client.execute(uri: "/api/v1/campaigns/1/units/\(unit)/codes", method: .post, headers: team, body: ByteBuffer(string: body)) { response in
            #expect(response.status == .created, "\(String(buffer: response.body))")
            return RouteTests.json(response.body)["codes"] as? [[String: Any]] ?? []
        }
    }

    static func ballot(_ client: some TestClientProtocol, _ code: String, _ answers: String) async throws -> (HTTPResponse.Status, String) {
        try await client.execute(uri: "/api/v1/ballots", method: .post, headers: json, body: ByteBuffer(string: #"{"code":"\#(code)","answers":\#(answers)}"#)) { response in
            (response.status, ((RouteTests.json(response.body)["error"] as? [String: Any])?["message"] as? String) ?? String(buffer: response.body))
        }
    }

    @Test func codesSlipsBallotsCloseAndCount() async throws {
        let (server, team) = try await Self.campaign()
        try await Application(router: server.router()).test(.router) { client in
            try await client.execute(uri: "/api/v1/campaigns", method: .post, headers: team, body: ByteBuffer(string: #"{"title":"巡察","form":"leadership-evaluation","units":[{"name":"县司法局","issued":4}]}"#)) { #expect($0.status == .created) }
            // Codes per category; a category the form lacks, or a plain count, is refused.
            let codes = try await Self.codes(client, team, #"{"groups":{"班子成员":2,"中层干部":3,"一般干部":5}}"#)
            #expect(codes.count == 10)
            #expect(Dictionary(grouping: codes, by: { $0["group"] as? String ?? "" }).mapValues(\.count) == ["班子成员": 2, "中层干部": 3, "一般干部": 5])
            let all = codes.compactMap { $0["code"] as? String }
            #expect(Set(all).count == 10 && all.allSatisfy { $0.count == 11 && BallotCode.normalised($0) == $0 })
            #expect((codes[0]["url"] as? String)?.hasSuffix("/b/\(all[0])") == true)
            for refused in [#"{"groups":{"群众":2}}"#, #"{"count":3}"#, #"{"groups":{"班子成员":-1}}"#, #"{"groups":{}}"#] {
                try await client.execute(uri: "/api/v1/campaigns/1/units/\(Self.unit)/codes", method: .post, headers: team, body: ByteBuffer(string: refused)) { response in
                    #expect(response.status == .unprocessableContent, "\(refused)")
                }
            }
            // The team's page, opened as localhost: its slips would carry an address no phone reaches.
            try await client.execute(uri: "/campaigns/1/collect", method: .get, headers: team) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("0 / 2") && page.contains("0 / 5") && page.contains("手机无法访问"))
            }
            #expect(TallyServer.isLoopbackBase("http://127.0.0.1:8080") && !TallyServer.isLoopbackBase("http://192.168.1.20:8080"))
            // Without the token, the team's routes are closed, also through the ballot's path.
            try await client.execute(uri: "/api/v1/campaigns/1/progress", method: .get) { #expect($0.status == .unauthorized) }
            for sideways in ["/b/../api/v1/campaigns/1/progress", "/b/%2e%2e/api/v1/campaigns/1", "/b/x/../../api/v1/forms"] {
                try await client.execute(uri: sideways, method: .get) { response in
                    #expect(response.status == .notFound && !String(buffer: response.body).contains("issued"), "\(sideways)")
                }
            }

            // The slips: a .docx whose QR codes zbar reads back as the codes' addresses.
            try await client.execute(uri: "/api/v1/campaigns/1/units/\(Self.unit)/slips", method: .get, headers: team) { response in
                #expect(response.status == .ok && response.headers[.contentType]?.contains("wordprocessingml") == true)
                let archive = try Archive(data: Data(buffer: response.body), accessMode: .read)
                var read: [String] = []
                for entry in archive where entry.path.hasPrefix("word/media/") {
                    var png = Data()
                    _ = try archive.extract(entry) { png.append($0) }
                    read.append(try await ZBar.decoded(png: Array(png)) ?? "")
                }
                #expect(Set(read) == Set(codes.compactMap { $0["url"] as? String }))
            }
            try await client.execute(uri: "/api/v1/campaigns/1/units/\(Self.unit)/slips?format=html", method: .get, headers: team) { response in
                let page = String(buffer: response.body)
                #expect(page.components(separatedBy: "<svg").count - 1 == 10)
                // By category in the form's order, then by code: never the order of issue.
                let order = all.sorted { page.range(of: BallotCode.spaced($0))!.lowerBound < page.range(of: BallotCode.spaced($1))!.lowerBound }
                let expected = codes.sorted { a, b in
                    let rank = ["班子成员": 0, "中层干部": 1, "一般干部": 2]
                    let (x, y) = (rank[a["group"] as! String]!, rank[b["group"] as! String]!)
                    return x != y ? x < y : (a["code"] as! String) < (b["code"] as! String)
                }.map { $0["code"] as! String }
                #expect(order == expected)
            }

            // The phone ballot: no login, the unit and the code's category shown.
            try await client.execute(uri: "/b/\(all[0])", method: .get) { response in
                let page = String(buffer: response.body)
                #expect(response.status == .ok && page.contains("县司法局") && page.contains("评为“优秀”的不超过2人"))
                #expect(response.headers[.setCookie] == nil)
            }
            // A rule broken, a label not on the form, then stored; again: used; unknown: 404.
            let (broken, why) = try await Self.ballot(client, all[0], #"{"cadres":{"主要负责同志":"优秀","分管副职甲":"优秀","分管副职乙":"优秀"}}"#)
            #expect(broken == .unprocessableContent && why.contains("评为“优秀”的不能超过2人（现为3人）"))
            #expect(try await Self.ballot(client, all[0], #"{"overall":"很好"}"#).0 == .unprocessableContent)
            #expect(try await Self.ballot(client, all[0], #"{"overall":"好","cadres":{"主要负责同志":"优秀"},"problems":["其他"]}"#).0 == .created)
            #expect(try await Self.ballot(client, all[0], #"{"overall":"差"}"#).0 == .conflict)
            #expect(try await Self.ballot(client, all[0].lowercased(), #"{"overall":"差"}"#).0 == .conflict)
            #expect(try await Self.ballot(client, "23456789ABC", #"{"overall":"差"}"#).0 == .notFound)
            try await client.execute(uri: "/b/\(all[0])", method: .get) { response in
                #expect(response.status == .conflict && String(buffer: response.body).contains("已经提交过"))
            }
            for code in all[1...3] { #expect(try await Self.ballot(client, code, #"{"overall":"较好"}"#).0 == .created) }

            // Progress: counts and nothing else.
            try await client.execute(uri: "/api/v1/campaigns/1/progress", method: .get, headers: team) { response in
                let lines = try JSONDecoder().decode([ProgressLine].self, from: Data(buffer: response.body))
                let returned = Dictionary(uniqueKeysWithValues: lines.map { ($0.group ?? "", $0.returned) })
                let byCode = Dictionary(grouping: all[0...3], by: { code in codes.first { $0["code"] as? String == code }!["group"] as! String }).mapValues(\.count)
                #expect(lines.map(\.issued).reduce(0, +) == 10)
                #expect(returned.filter { $0.value > 0 } == byCode)
            }
            // No results while ballots are still being taken.
            try await client.execute(uri: "/api/v1/campaigns/1/runs", method: .post, headers: team, body: ByteBuffer(string: "{}")) { response in
                let run = RouteTests.json(response.body)
                #expect(run["status"] as? String == "failed" && "\(run["errors"] ?? "")".contains("还在收票"))
            }
            // Closed: its ballots are the unit's response file; a ballot now is 410, codes 409.
            try await client.execute(uri: "/api/v1/campaigns/1/units/\(Self.unit)/close", method: .post, headers: team) { response in
                #expect(response.status == .ok && RouteTests.json(response.body)["ballots"] as? Int == 4)
            }
            #expect(try await Self.ballot(client, all[4], #"{"overall":"好"}"#).0 == .gone)
            try await client.execute(uri: "/api/v1/campaigns/1/units/\(Self.unit)/codes", method: .post, headers: team, body: ByteBuffer(string: #"{"groups":{"班子成员":1}}"#)) {
                #expect($0.status == .conflict)
            }
            // Its file is removed only by reopening; reopened, a ballot is taken again.
            let upload = try server.store.uploads(of: 1).first!.id!
            try await client.execute(uri: "/api/v1/campaigns/1/uploads/\(upload)", method: .delete, headers: team) { #expect($0.status == .conflict) }
            try await client.execute(uri: "/api/v1/campaigns/1/units/\(Self.unit)/reopen", method: .post, headers: team) { #expect($0.status == .ok) }
            #expect(try server.store.uploads(of: 1).isEmpty)
            #expect(try await Self.ballot(client, all[4], #"{"overall":"一般"}"#).0 == .created)
            try await client.execute(uri: "/api/v1/campaigns/1/units/\(Self.unit)/close", method: .post, headers: team) { response in
                #expect(RouteTests.json(response.body)["ballots"] as? Int == 5)
            }
            // Counted: 5 ballots of 10 codes + 4 paper issued; the methods sentence says both ways.
            let run = try await client.execute(uri: "/api/v1/campaigns/1/runs", method: .post, headers: team, body: ByteBuffer(string: "{}")) { response in
                let run = RouteTests.json(response.body)
                #expect(run["status"] as? String == "done", "\(run)")
                return run["id"] as? Int ?? 0
            }
            let results = try JSONSerialization.jsonObject(with: Data(contentsOf: server.workspace.run(Int64(run)).appendingPathComponent("out/results.json"))) as! [String: Any]
            let unit = (results["units"] as! [[String: Any]])[0]
            let ballots = unit["ballots"] as! [String: Any]
            #expect(ballots["issued"] as? Int == 14 && ballots["rows"] as? Int == 5 && ballots["valid"] as? Int == 5)
            let overall = ((unit["questions"] as! [[String: Any]]).first { $0["id"] as? String == "overall" }!["counts"] as? [String: Int]) ?? [:]
            #expect(overall.filter { $0.value > 0 } == ["好": 1, "较好": 3, "一般": 1])
            let findings = try String(contentsOf: server.workspace.run(Int64(run)).appendingPathComponent("out/县司法局/findings.md"), encoding: .utf8)
            #expect(findings.contains("采取现场扫码测评与纸质测评相结合的方式"))
            // The unit cannot be deleted with its ballots (a second unit added so that it could be).
            try await client.execute(uri: "/api/v1/campaigns/1/units", method: .post, headers: team, body: ByteBuffer(string: #"{"name":"县公安局"}"#)) { #expect($0.status == .created) }
            try await client.execute(uri: "/api/v1/campaigns/1/units/\(Self.unit)", method: .delete, headers: team) { response in
                #expect(response.status == .unprocessableContent && String(buffer: response.body).contains("测评码"))
            }
            // Counted once: reopening is over.
            try await client.execute(uri: "/api/v1/campaigns/1/units/\(Self.unit)/reopen", method: .post, headers: team) { #expect($0.status == .conflict) }
        }
    }

    /// 50 ballots submitted through codes in a known order, each saying its place in that order;
    /// then the SQLite file read as any operator could: the ballot box has no code, no time finer
    /// than the day, no rowid, and its rows are stored in an order unrelated to arrival.
    @Test func theBallotBoxSaysNothingOfWhichCodeOrWhen() async throws {
        let (server, team) = try await Self.campaign()
        let codes = try await Application(router: server.router()).test(.router) { client in
            try await client.execute(uri: "/api/v1/campaigns", method: .post, headers: team, body: ByteBuffer(string: #"{"title":"巡察","form":"leadership-evaluation","units":[{"name":"县司法局"}]}"#)) { #expect($0.status == .created) }
            let codes = try await Self.codes(client, team, #"{"groups":{"一般干部":50}}"#).compactMap { $0["code"] as? String }
            for (index, code) in codes.enumerated() {
                // The first text question of the form carries the ballot's place.
                #expect(try await Self.ballot(client, code, #"{"advice":"第\#(index)张"}"#).0 == .created)
            }
            // Closed: the write-ahead log, which held the submissions in their order, is emptied.
            try await client.execute(uri: "/api/v1/campaigns/1/units/\(Self.unit)/close", method: .post, headers: team) { #expect($0.status == .ok) }
            let log = server.workspace.database.path + "-wal"
            #expect((try FileManager.default.attributesOfItem(atPath: log)[.size] as? Int) == 0)
            return codes
        }
        let database = try DatabaseQueue(path: server.workspace.database.path)
        try await database.read { db in
            #expect(try db.columns(in: "ballotBox").map(\.name) == ["id", "unitId", "groupLabel", "day", "answers"])
            #expect(try db.columns(in: "ballotCode").map(\.name) == ["code", "unitId", "groupLabel", "used"])
            #expect(throws: DatabaseError.self) { try Row.fetchAll(db, sql: "SELECT rowid FROM ballotBox") }
            #expect(try String.fetchAll(db, sql: "SELECT day FROM ballotBox").allSatisfy { $0.count == 10 && $0.wholeMatch(of: /\d{4}-\d\d-\d\d/) != nil })
            // Storage order (a scan with no ORDER BY), as arrival indices.
            let stored = try String.fetchAll(db, sql: "SELECT answers FROM ballotBox").map { text in
                Int(text.split(separator: "第")[1].split(separator: "张")[0])!
            }
            #expect(stored.count == 50 && Set(stored) == Set(0..<50))
            // Spearman's rank correlation of arrival with storage: for 50 independent orders its
            // standard deviation is 1/√49 ≈ 0.14; |ρ| > 0.6 would be a link (odds below 10⁻⁴ by chance).
            let n = Double(stored.count)
            let d2 = stored.enumerated().reduce(0.0) { $0 + pow(Double($1.offset - $1.element), 2) }
            let rho = 1 - 6 * d2 / (n * (n * n - 1))
            #expect(abs(rho) < 0.6, "storage order follows arrival: ρ = \(rho)")
            // And no text of a code anywhere in the box.
            let box = try String.fetchAll(db, sql: "SELECT id || groupLabel || day || answers FROM ballotBox WHERE groupLabel IS NOT NULL").joined()
                + String.fetchAll(db, sql: "SELECT id || day || answers FROM ballotBox").joined()
            #expect(!codes.contains { box.contains($0) })
            // Every code used, one ballot each.
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM ballotCode WHERE used") == 50)
        }
    }

    @Test func thePhonePageAsksToConfirmKeepsAnswersAndThrottlesGuesses() async throws {
        let (server, team) = try await Self.campaign()
        try await Application(router: server.router()).test(.router) { client in
            try await client.execute(uri: "/api/v1/campaigns", method: .post, headers: team, body: ByteBuffer(string: #"{"title":"巡察","form":"leadership-evaluation","units":[{"name":"县司法局"}]}"#)) { _ in }
            let code = try await Self.codes(client, team, #"{"groups":{"一般干部":1}}"#)[0]["code"] as! String
            let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
            // q0 总体评价; q5 the matrix (rows r0…r3); q6 the problems (several values).
            let breaking = "q0=%E5%A5%BD&q5r0=%E4%BC%98%E7%A7%80&q5r1=%E4%BC%98%E7%A7%80&q5r2=%E4%BC%98%E7%A7%80&q6=%E5%85%B6%E4%BB%96"
            try await client.execute(uri: "/b/\(code)", method: .post, headers: form, body: ByteBuffer(string: breaking + "&confirmed=1")) { response in
                let page = String(buffer: response.body)
                #expect(response.status == .unprocessableContent && page.contains("不能超过2人（现为3人）"))
                #expect(page.contains(#"name="q5r2" value="优秀" checked"#) && page.contains(#"name="q6" value="其他" checked"#))
            }
            let fine = "q0=%E5%A5%BD&q5r0=%E4%BC%98%E7%A7%80&q6=%E5%85%B6%E4%BB%96&q6=%E5%B7%A5%E4%BD%9C%E4%BD%9C%E9%A3%8E%E4%B8%8D%E5%A4%9F%E6%89%8E%E5%AE%9E"
            // Without the page's script: shown once more to confirm, nothing stored yet.
            try await client.execute(uri: "/b/\(code)", method: .post, headers: form, body: ByteBuffer(string: fine)) { response in
                let page = String(buffer: response.body)
                #expect(response.status == .ok && page.contains("确认提交") && page.contains(#"name="confirmed" value="1""#))
            }
            #expect(try server.store.ballots(of: 1).isEmpty)
            try await client.execute(uri: "/b/\(code)", method: .post, headers: form, body: ByteBuffer(string: fine + "&confirmed=1")) { response in
                #expect(response.status == .created && String(buffer: response.body).contains("提交成功"))
            }
            let stored = try server.store.ballots(of: 1)
            #expect(stored.count == 1 && stored[0].group == "一般干部")
            #expect(stored[0].answers == #"{"cadres":{"主要负责同志":"优秀"},"overall":"好","problems":["其他","工作作风不够扎实"]}"#)
            // Ten wrong codes in a minute from one address, then a wait (the right code too).
            for attempt in 0..<GuessThrottle.limit {
                try await client.execute(uri: "/b/23456789AB\(attempt)", method: .get) { #expect($0.status == .notFound) }
            }
            try await client.execute(uri: "/b/\(code)", method: .get) { response in
                #expect(response.status == .tooManyRequests && String(buffer: response.body).contains("输错次数过多"))
            }
        }
        // Behind the reverse proxy every phone comes from its address: the one it forwards counts.
        var proxied = ServerConfiguration(
            workspace: FileManager.default.temporaryDirectory.appendingPathComponent("tally-proxy-\(UUID().uuidString)"), publicHosts: ["localhost"])
        proxied.behindTLS = true
        let behind = try TallyServer(configuration: proxied)
        try await Application(router: behind.router()).test(.router) { client in
            let from = { (address: String) -> HTTPFields in [HTTPField.Name("X-Forwarded-For")!: "203.0.113.9, \(address)"] }
            for attempt in 0..<GuessThrottle.limit {
                try await client.execute(uri: "/b/23456789AB\(attempt)", method: .get, headers: from("10.0.0.1")) { #expect($0.status == .notFound) }
            }
            try await client.execute(uri: "/b/23456789ABC", method: .get, headers: from("10.0.0.1")) { #expect($0.status == .tooManyRequests) }
            try await client.execute(uri: "/b/23456789ABC", method: .get, headers: from("10.0.0.2")) { #expect($0.status == .notFound) }
        }
        #expect(QuietLogMiddleware<TallyRequestContext>.shown("/b/7KQ2MX9RTA4") == "/b/…")
        #expect(QuietLogMiddleware<TallyRequestContext>.shown("/campaigns/1") == "/campaigns/1")
    }

    @Test func codesAreRandomWithACheckThatCatchesOneSlip() {
        let codes = (0..<2_000).map { _ in BallotCode.make() }
        #expect(Set(codes).count == codes.count)
        #expect(codes.allSatisfy { BallotCode.normalised($0) == $0 && !$0.contains(where: { "01OIL".contains($0) }) })
        // Every character of the alphabet appears in every position (no fixed parts).
        for position in 0..<BallotCode.randomLength {
            #expect(Set(codes.map { Array($0)[position] }).count == BallotCode.alphabet.count)
        }
        let code = Array(codes[0])
        for position in 0..<code.count {
            for other in BallotCode.alphabet where other != code[position] {
                var typo = code
                typo[position] = other
                #expect(BallotCode.normalised(String(typo)) == nil, "one character changed at \(position)")
            }
        }
        for position in 0..<code.count - 1 where code[position] != code[position + 1] {
            var swapped = code
            swapped.swapAt(position, position + 1)
            #expect(BallotCode.normalised(String(swapped)) == nil, "neighbours swapped at \(position)")
        }
        #expect(BallotCode.normalised(BallotCode.spaced(codes[0]).lowercased()) == codes[0])
    }
}

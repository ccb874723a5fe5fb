import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import GRDB
@testable import TallyServerCore

/// Undo and edit (Editing.swift, HTTP.md): every new endpoint's success and each of its errors.
@Suite("Editing routes")
struct EditingRouteTests {
    static let json: HTTPFields = [.contentType: "application/json"]

    /// Percent-encoded, for a unit's name in a path.
    static func path(_ name: String) -> String { name.addingPercentEncoding(withAllowedCharacters: .alphanumerics)! }

    @Test func aCampaignAndItsUnitsAreEditedEachMistakeSaidInChinese() async throws {
        let server = try RouteTests.server()
        try await Application(router: server.router()).test(.router) { client in
            let id = try await client.execute(uri: "/api/v1/campaigns", method: .post, headers: Self.json, body: ByteBuffer(string: RouteTests.campaignJSON)) { response in
                RouteTests.json(response.body)["id"] as? Int ?? 0
            }
            // The campaign's fields.
            let patch = #"{"title":"县政法系统民主测评","team":"","methods":["听取汇报"," 民主测评 ",""]}"#
            try await client.execute(uri: "/api/v1/campaigns/\(id)", method: .patch, headers: Self.json, body: ByteBuffer(string: patch)) { response in
                #expect(response.status == .ok)
                let campaign = RouteTests.json(response.body)
                #expect(campaign["title"] as? String == "县政法系统民主测评" && campaign["team"] == nil)
                #expect(campaign["methods"] as? [String] == ["听取汇报", "民主测评"])
            }
            for (body, message) in [(#"{"title":"  "}"#, "请填写测评名称"), (#"{"form":"../../etc/passwd"}"#, "没有这张测评表")] {
                try await client.execute(uri: "/api/v1/campaigns/\(id)", method: .patch, headers: Self.json, body: ByteBuffer(string: body)) { response in
                    #expect(response.status == .unprocessableContent)
                    #expect(((RouteTests.json(response.body)["error"] as? [String: Any])?["message"] as? String)?.contains(message) == true)
                }
            }
            try await client.execute(uri: "/api/v1/campaigns/\(id)", method: .patch, headers: Self.json, body: ByteBuffer(string: "{title")) { response in
                #expect(response.status == .badRequest)
            }
            try await client.execute(uri: "/api/v1/campaigns/999", method: .patch, headers: Self.json, body: ByteBuffer(string: "{}")) { response in
                #expect(response.status == .notFound)
            }
            // A unit added with its 方式 and group labels; a name taken, an unknown group, refused.
            let court = #"{"name":"县人民法院","issued":80,"method":"现场发放纸质测评票","groups":{"staff":"干警"}}"#
            try await client.execute(uri: "/api/v1/campaigns/\(id)/units", method: .post, headers: Self.json, body: ByteBuffer(string: court)) { response in
                #expect(response.status == .created)
                let unit = RouteTests.json(response.body)
                #expect(unit["issued"] as? Int == 80 && unit["method"] as? String == "现场发放纸质测评票" && unit["groups"] as? [String: String] == ["staff": "干警"])
            }
            for body in [#"{"name":"县人民法院"}"#, #"{"name":"县检察院","groups":{"cadres":"干部"}}"#, #"{"name":"县检察院","issued":-1}"#, #"{"issued":3}"#] {
                try await client.execute(uri: "/api/v1/campaigns/\(id)/units", method: .post, headers: Self.json, body: ByteBuffer(string: body)) { response in
                    #expect(response.status == .unprocessableContent, "\(body)")
                }
            }
            // Changed: 发出票数 cleared with null, renamed, moved first; unknown unit 404.
            try await client.execute(uri: "/api/v1/campaigns/\(id)/units/\(Self.path("县人民法院"))", method: .patch, headers: Self.json, body: ByteBuffer(string: #"{"issued":null,"name":"县法院","position":0}"#)) { response in
                #expect(response.status == .ok)
                let unit = RouteTests.json(response.body)
                #expect(unit["name"] as? String == "县法院" && unit["issued"] == nil && unit["method"] as? String == "现场发放纸质测评票")
            }
            try await client.execute(uri: "/api/v1/campaigns/\(id)/units/\(Self.path("县公安局"))", method: .patch, headers: Self.json, body: ByteBuffer(string: #"{"name":"县司法局"}"#)) { response in
                #expect(response.status == .unprocessableContent)
            }
            try await client.execute(uri: "/api/v1/campaigns/\(id)/units/\(Self.path("没有"))", method: .patch, headers: Self.json, body: ByteBuffer(string: "{}")) { response in
                #expect(response.status == .notFound)
            }
            try await client.execute(uri: "/api/v1/campaigns/\(id)", method: .get) { response in
                let units = (RouteTests.json(response.body)["units"] as? [[String: Any]])?.map { $0["name"] as? String ?? "" }
                #expect(units == ["县法院", "县司法局", "县公安局"])
            }
            // The folder `tally run` reads carries the methods, 方式 and labels.
            let folder = server.workspace.root.appendingPathComponent("tmp/check-\(UUID().uuidString)")
            try server.engine.writeCampaignFolder(Int64(id), into: folder)
            let yaml = try String(contentsOf: folder.appendingPathComponent("campaign.yaml"), encoding: .utf8)
            #expect(yaml.contains("methods: [\"听取汇报\", \"民主测评\"]") && yaml.contains("method: \"现场发放纸质测评票\"") && yaml.contains("groups: { \"staff\": \"干警\" }"))
            #expect(!yaml.contains("team:"))
        }
    }

    @Test func uploadsUnitsRunsAndCampaignsAreRemovedWithTheirFiles() async throws {
        let server = try RouteTests.server()
        try await Application(router: server.router()).test(.router) { client in
            let id = try await client.execute(uri: "/api/v1/campaigns", method: .post, headers: Self.json, body: ByteBuffer(string: RouteTests.campaignJSON)) { response in
                RouteTests.json(response.body)["id"] as? Int ?? 0
            }
            func upload(_ unit: String, _ sample: String) async throws -> (id: Int, digest: String) {
                let part = RouteTests.multipart(fields: ["unit": unit], files: [("file", "\(unit).csv", try RouteTests.sample(sample))])
                return try await client.execute(uri: "/api/v1/campaigns/\(id)/uploads", method: .post, headers: part.0, body: part.1) { response in
                    let upload = RouteTests.json(response.body)
                    return (upload["id"] as? Int ?? 0, upload["sha256"] as? String ?? "")
                }
            }
            let justice = try await upload("县司法局", "Samples/leadership/wjx-text-utf8.csv")
            let police = try await upload("县公安局", "Samples/leadership/excel-by-hand-gb18030.csv")
            // A unit with its own answers is kept until they are removed; the last unit always.
            try await client.execute(uri: "/api/v1/campaigns/\(id)/units/\(Self.path("县司法局"))", method: .delete) { response in
                #expect(response.status == .unprocessableContent)
                #expect(((RouteTests.json(response.body)["error"] as? [String: Any])?["message"] as? String)?.contains("县司法局.csv") == true)
            }
            // Runs count within the campaign; a run keeps the files it read after their upload goes.
            func run() async throws -> [String: Any] {
                try await client.execute(uri: "/api/v1/campaigns/\(id)/runs", method: .post) { response in RouteTests.json(response.body) }
            }
            let first = try await run()
            #expect(first["number"] as? Int == 1 && first["status"] as? String == "done")
            try await client.execute(uri: "/api/v1/campaigns/\(id)/uploads/\(justice.id)", method: .delete) { response in
                #expect(response.status == .noContent)
            }
            #expect(!FileManager.default.fileExists(atPath: server.workspace.file(justice.digest).path))
            try await client.execute(uri: "/api/v1/campaigns/\(id)/uploads/\(justice.id)", method: .delete) { response in
                #expect(response.status == .notFound)
            }
            try await client.execute(uri: "/api/v1/runs/\(first["id"] as? Int ?? 0)/evidence", method: .get) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/api/v1/campaigns/\(id)/units/\(Self.path("县司法局"))", method: .delete) { response in
                #expect(response.status == .noContent)
            }
            try await client.execute(uri: "/api/v1/campaigns/\(id)/units/\(Self.path("县公安局"))", method: .delete) { response in
                #expect(response.status == .unprocessableContent)
            }
            let second = try await run()
            #expect(second["number"] as? Int == 2 && second["status"] as? String == "done")
            // A run deleted goes with its folder; numbers are not reused.
            let secondID = second["id"] as? Int ?? 0
            try await client.execute(uri: "/api/v1/runs/\(secondID)", method: .delete) { response in #expect(response.status == .noContent) }
            #expect(!FileManager.default.fileExists(atPath: server.workspace.run(Int64(secondID)).path))
            try await client.execute(uri: "/api/v1/runs/\(secondID)", method: .get) { response in #expect(response.status == .notFound) }
            try await client.execute(uri: "/api/v1/runs/\(secondID)", method: .delete) { response in #expect(response.status == .notFound) }
            #expect(try await run()["number"] as? Int == 3)
            // The campaign, with everything in it.
            try await client.execute(uri: "/api/v1/campaigns/\(id)", method: .delete) { response in #expect(response.status == .noContent) }
            try await client.execute(uri: "/api/v1/campaigns/\(id)", method: .get) { response in #expect(response.status == .notFound) }
            try await client.execute(uri: "/api/v1/campaigns/\(id)", method: .delete) { response in #expect(response.status == .notFound) }
            #expect(!FileManager.default.fileExists(atPath: server.workspace.file(police.digest).path))
            #expect(!FileManager.default.fileExists(atPath: server.workspace.run(Int64(first["id"] as? Int ?? 0)).path))
            #expect(try server.store.campaigns().isEmpty)
        }
    }
}

/// Storage failures answer 503 (locked) and 507 (full), in words without SQL or a path.
@Suite("Storage failures")
struct StorageFailureTests {
    @Test func aLockedDatabaseIs503AndAFullDiskIs507() async throws {
        let server = try RouteTests.server()
        // Another connection holds the write lock past the server's busy timeout (10 s): a
        // second pool with no timeout meets it at once.
        let path = server.workspace.root.appendingPathComponent("tally.sqlite").path
        let holder = try DatabaseQueue(path: path)
        try await holder.write { db in
            try db.execute(sql: "INSERT INTO form (id, title, sha256, createdAt) VALUES ('x', 'x', 'x', '2026-01-01')")
            var configuration = Configuration()
            configuration.busyMode = .immediateError
            let other = try DatabasePool(path: path, configuration: configuration)
            do {
                try other.write { try $0.execute(sql: "DELETE FROM form") }
                Issue.record("the write went through a held lock")
            } catch {
                #expect(ServerResponses.status(of: error) == .serviceUnavailable)
                #expect(ServerResponses.storageProblem(error)?.message.contains("数据库正忙") == true)
                #expect(!(ServerResponses.storageProblem(error)?.message.contains("DELETE") ?? true))
            }
        }
        let full = NSError(domain: NSCocoaErrorDomain, code: NSFileWriteOutOfSpaceError)
        #expect(ServerResponses.status(of: full) == ServerResponses.insufficientStorage)
        #expect(ServerResponses.status(of: NSError(domain: NSPOSIXErrorDomain, code: Int(ENOSPC))) == ServerResponses.insufficientStorage)
        #expect(ServerResponses.status(of: ServerError.rejected("x")) == .unprocessableContent)
    }
}

/// A package downgrade: a workspace a newer tally-server migrated is refused, unchanged.
@Suite("Workspace versions")
struct WorkspaceVersionTests {
    @Test func aDatabaseFromANewerVersionIsRefusedAndLeftAsItIs() throws {
        let server = try RouteTests.server()
        let path = server.workspace.root.appendingPathComponent("tally.sqlite").path
        // Reopening the current schema migrates nothing and succeeds.
        _ = try Store(path: path)
        let newer = try DatabaseQueue(path: path)
        try newer.write { try $0.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99')") }
        do {
            _ = try Store(path: path)
            Issue.record("a database from a newer version was opened")
        } catch {
            #expect("\(error)".contains("made by a newer version of tally-server"))
        }
        #expect(try newer.read { try String.fetchAll($0, sql: "SELECT identifier FROM grdb_migrations") }.contains("v99"))
    }
}

/// A password file may hold an scrypt hash instead of the password.
@Suite("Stored passwords")
struct StoredPasswordTests {
    @Test func aHashMatchesItsPasswordOnlyAndAMalformedOneIsRefused() throws {
        // A low cost keeps the test quick; the format and the check are the same.
        let line = try StoredPassword.hash("口令12345678", logN: 10)
        #expect(line.hasPrefix("scrypt$10$8$1$"))
        let stored = try StoredPassword(line)
        #expect(stored.matches("口令12345678"))
        #expect(!stored.matches("口令12345679") && !stored.matches(""))
        // Two hashes of one password differ (their salts), and both match it.
        let again = try StoredPassword.hash("口令12345678", logN: 10)
        #expect(again != line)
        #expect(try StoredPassword(again).matches("口令12345678"))
        // RFC 7914's test vector 2: scrypt("password", "NaCl", N=1024, r=8, p=16), first 64 bytes.
        let vector = [
            "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162",
            "2eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640",
        ].joined()
        let bytes = stride(from: 0, to: vector.count, by: 2).map { UInt8(vector.dropFirst($0).prefix(2), radix: 16)! }
        #expect(StoredPassword.scrypt(logN: 10, r: 8, p: 16, salt: Array("NaCl".utf8), hash: bytes).matches("password"))
        // Plain passwords still work; a broken hash line is an error, never a password.
        #expect(try StoredPassword("口令12345678") == .plain("口令12345678"))
        #expect(throws: ServerError.self) { try StoredPassword("scrypt$15$8$1$c2FsdA==") }
    }

    @Test func theServerLogsInWithAHashedPassword() async throws {
        let server = try RouteTests.server(password: try StoredPassword.hash("口令12345678", logN: 10), host: "0.0.0.0")
        #expect(server.gatekeeper.loginRequired)
        #expect(server.gatekeeper.passwordMatches("口令12345678") && !server.gatekeeper.passwordMatches("scrypt"))
    }
}

import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import TallyCore
import TallyRender
import Testing
@testable import TallyServerCore

/// Fix by choosing: a renamed column and an unknown group value mapped through the API and the
/// page; the choices land in the campaign's copy of the form, and the exported folder carries them.
@Suite("Mapping routes")
struct MappingRouteTests {
    /// The 问卷星 sample with the overall question's header renamed and two ballots' category
    /// written 普通干部.
    static func renamedExport() throws -> [UInt8] {
        var lines = String(decoding: try RouteTests.sample("Samples/leadership/wjx-text-utf8.csv"), as: UTF8.self).components(separatedBy: "\n")
        lines[0] = lines[0].replacingOccurrences(of: "2、对领导班子的总体评价", with: "班子总体印象")
        lines[1] = lines[1].replacingOccurrences(of: ",一般干警,", with: ",普通干部,")
        lines[2] = lines[2].replacingOccurrences(of: ",一般干警,", with: ",普通干部,")
        return Array(lines.joined(separator: "\n").utf8)
    }

    @Test func aRenamedColumnAndAnUnknownGroupAreMappedByChoosing() async throws {
        let server = try RouteTests.server()
        try await Application(router: server.router()).test(.router) { client in
            _ = try await client.execute(uri: "/api/v1/campaigns", method: .post, headers: EditingRouteTests.json, body: ByteBuffer(string: RouteTests.campaignJSON)) { _ in }
            let part = RouteTests.multipart(fields: ["unit": "县司法局"], files: [("file", "县司法局.csv", try Self.renamedExport())])
            let upload = try await client.execute(uri: "/api/v1/campaigns/1/uploads", method: .post, headers: part.0, body: part.1) { response in
                RouteTests.json(response.body)["id"] as? Int ?? 0
            }
            // What the file is read as: the renamed column read as nothing, the question without
            // a column, the unknown value with its count and the nearest group as a suggestion.
            try await client.execute(uri: "/api/v1/campaigns/1/uploads/\(upload)/mapping", method: .get) { response in
                #expect(response.status == .ok)
                let mapping = RouteTests.json(response.body)
                let columns = mapping["columns"] as? [[String: Any]] ?? []
                let renamed = columns.first { $0["header"] as? String == "班子总体印象" }
                #expect(renamed?["index"] as? Int == 8 && renamed?["reads_as"] == nil)
                #expect(columns.first { $0["index"] as? Int == 9 }?["reads_as"] as? String == "question:politics")
                #expect(mapping["unmatched"] as? [String] == ["question:overall"])
                let values = mapping["values"] as? [[String: Any]] ?? []
                #expect(values.count == 1 && values[0]["value"] as? String == "普通干部" && values[0]["count"] as? Int == 2 && values[0]["target"] as? String == "respondents")
            }
            // Choices the form cannot take: refused, nothing kept.
            for body in [#"{"values":[{"target":"respondents","value":"普通干部","reads_as":"group:nope"}]}"#, #"{"columns":[{"index":99,"reads_as":"question:overall"}]}"#, #"{"columns":[{"index":8,"reads_as":"unit"}]}"#] {
                try await client.execute(uri: "/api/v1/campaigns/1/uploads/\(upload)/mapping", method: .put, headers: EditingRouteTests.json, body: ByteBuffer(string: body)) { response in
                    #expect(response.status == .unprocessableContent, "\(body)")
                }
            }
            #expect(try server.store.campaign(1)?.adjustments == nil)
            // The clerk's choices: applied, the upload inspected again, the changes said.
            let choices = #"{"columns":[{"index":8,"reads_as":"question:overall"}],"values":[{"target":"respondents","value":"普通干部","reads_as":"group:staff"}]}"#
            try await client.execute(uri: "/api/v1/campaigns/1/uploads/\(upload)/mapping", method: .put, headers: EditingRouteTests.json, body: ByteBuffer(string: choices)) { response in
                #expect(response.status == .ok)
                let answer = RouteTests.json(response.body)
                let inspect = answer["inspect"] as? [String: Any]
                #expect((inspect?["unmatched"] as? [String])?.isEmpty == true && (inspect?["warnings"] as? [String])?.isEmpty == true)
                #expect(answer["changes"] as? [String] == ["填答人类别认不出的票由2张变为0张", "没有对应列的题目由1道变为0道", "统计不再会停止"])
            }
            // Now that the column is read, its one answer that is no option shows, with the nearest.
            try await client.execute(uri: "/api/v1/campaigns/1/uploads/\(upload)/mapping", method: .get) { response in
                let mapping = RouteTests.json(response.body)
                #expect((mapping["columns"] as? [[String: Any]])?.first { $0["index"] as? Int == 8 }?["reads_as"] as? String == "question:overall")
                #expect((mapping["unmatched"] as? [String])?.isEmpty == true)
                let values = mapping["values"] as? [[String: Any]] ?? []
                #expect(values.count == 1 && values.first?["target"] as? String == "overall" && values.first?["value"] as? String == "很好")
                #expect(values.first?["count"] as? Int == 1 && values.first?["suggestion"] as? String == "option:overall/好")
            }
            // 很好 is 好 on this ballot: an alias of the scale's option, and nothing is left unknown.
            let answer = #"{"values":[{"target":"overall","value":"很好","reads_as":"option:overall/好"}]}"#
            try await client.execute(uri: "/api/v1/campaigns/1/uploads/\(upload)/mapping", method: .put, headers: EditingRouteTests.json, body: ByteBuffer(string: answer)) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/api/v1/campaigns/1/uploads/\(upload)/mapping", method: .get) { response in
                #expect((RouteTests.json(response.body)["values"] as? [Any])?.isEmpty == true)
            }
            try await client.execute(uri: "/api/v1/campaigns/1/uploads/\(upload)/mapping", method: .put, headers: EditingRouteTests.json, body: ByteBuffer(string: #"{"values":[{"target":"overall","value":"x","reads_as":"option:overall/极好"}]}"#)) { response in
                #expect(response.status == .unprocessableContent)
            }
            // The built-in form is untouched; the campaign's folder carries a copy with the choices.
            #expect(TallyService.builtinFormYAML("leadership-evaluation")?.contains("普通干部") == false)
            let folder = server.workspace.root.appendingPathComponent("tmp/check-\(UUID().uuidString)")
            try server.engine.writeCampaignFolder(1, into: folder)
            let yaml = try String(contentsOf: folder.appendingPathComponent("campaign.yaml"), encoding: .utf8)
            #expect(yaml.contains("form: \"forms/leadership-evaluation.yaml\""))
            let copy = try FormLoader.load(folder.appendingPathComponent("forms/leadership-evaluation.yaml").path)
            #expect(copy.id == "leadership-evaluation")
            // Run (with 县公安局's answers too): no warning about the two ballots' category.
            let police = RouteTests.multipart(fields: ["unit": "县公安局"], files: [("file", "县公安局.csv", try RouteTests.sample("Samples/leadership/excel-by-hand-gb18030.csv"))])
            _ = try await client.execute(uri: "/api/v1/campaigns/1/uploads", method: .post, headers: police.0, body: police.1) { _ in }
            let run = try await client.execute(uri: "/api/v1/campaigns/1/runs", method: .post) { response in
                let run = RouteTests.json(response.body)
                #expect(run["status"] as? String == "done" && (run["warnings"] as? [String])?.isEmpty == true, "\(run)")
                return run["id"] as? Int ?? 0
            }
            // The exported folder, imported again, runs to the same bytes.
            let zip = try await client.execute(uri: "/api/v1/campaigns/1/export", method: .get) { Array(Data(buffer: $0.body)) }
            let again = RouteTests.multipart(files: [("file", "campaign.zip", zip)])
            let copyID = try await client.execute(uri: "/api/v1/campaigns/import", method: .post, headers: again.0, body: again.1) { response in
                #expect(response.status == .created)
                return RouteTests.json(response.body)["id"] as? Int ?? 0
            }
            #expect(try server.store.campaign(Int64(copyID))?.form == "leadership-evaluation-v2")
            let rerun = try await client.execute(uri: "/api/v1/campaigns/\(copyID)/runs", method: .post) { RouteTests.json($0.body)["id"] as? Int ?? 0 }
            for path in ["县司法局/findings.md", "县司法局/appendix.md", "summary.md"] {
                let first = try Data(contentsOf: server.workspace.run(Int64(run)).appendingPathComponent("out/\(path)"))
                let second = try Data(contentsOf: server.workspace.run(Int64(rerun)).appendingPathComponent("out/\(path)"))
                #expect(first == second, "\(path)")
            }
        }
    }

    @Test func thePageOffersTheNearestAndAppliesOnlyWhenSubmitted() async throws {
        let server = try RouteTests.server()
        try await Application(router: server.router()).test(.router) { client in
            _ = try await client.execute(uri: "/api/v1/campaigns", method: .post, headers: EditingRouteTests.json, body: ByteBuffer(string: RouteTests.campaignJSON)) { _ in }
            let part = RouteTests.multipart(fields: ["unit": "县司法局"], files: [("file", "县司法局.csv", try Self.renamedExport())])
            try await client.execute(uri: "/campaigns/1/uploads", method: .post, headers: part.0, body: part.1) { #expect($0.status == .seeOther) }
            try await client.execute(uri: "/campaigns/1/uploads/1/mapping", method: .get) { response in
                let html = String(buffer: response.body)
                #expect(response.status == .ok && html.contains("普通干部") && html.contains("已预选最接近的一项，确认后才生效"))
                #expect(html.contains("<option value=\"8\">第8列“班子总体印象”</option>"))
                #expect(PageTextTests.problems(html, allowed: ["县司法局.csv"], workspace: server.workspace.root.path).isEmpty)
            }
            #expect(try server.store.campaign(1)?.adjustments == nil)
            let fields = [("value-1", "普通干部"), ("value-1-target", "respondents"), ("value-1-as", "group:staff"), ("question-overall", "8")]
            try await client.execute(uri: "/campaigns/1/uploads/1/mapping", method: .post, headers: PageTextTests.urlencoded, body: PageTextTests.form(fields)) { response in
                let text = PageTextTests.visibleText(String(buffer: response.body))
                #expect(text.contains("已按所选重新检查“县司法局.csv”：填答人类别认不出的票由2张变为0张；没有对应列的题目由1道变为0道；统计不再会停止。"))
            }
            let wrong = [("value-1", "普通干部"), ("value-1-target", "respondents"), ("value-1-as", "group:nope")]
            try await client.execute(uri: "/campaigns/1/uploads/1/mapping", method: .post, headers: PageTextTests.urlencoded, body: PageTextTests.form(wrong)) { response in
                #expect(response.status == .unprocessableContent && String(buffer: response.body).contains("只能选为测评表中的一个类别"))
            }
        }
    }

    @Test func aRenamedMatrixRowIsBoundToItsRow() async throws {
        let server = try RouteTests.server()
        try await Application(router: server.router()).test(.router) { client in
            _ = try await client.execute(uri: "/api/v1/campaigns", method: .post, headers: EditingRouteTests.json, body: ByteBuffer(string: RouteTests.campaignJSON)) { _ in }
            var lines = String(decoding: try RouteTests.sample("Samples/leadership/wjx-text-utf8.csv"), as: UTF8.self).components(separatedBy: "\n")
            lines[0] = lines[0].replacingOccurrences(of: ",分管副职甲,", with: ",副局长张某,")
            let part = RouteTests.multipart(fields: ["unit": "县司法局"], files: [("file", "县司法局.csv", Array(lines.joined(separator: "\n").utf8))])
            _ = try await client.execute(uri: "/api/v1/campaigns/1/uploads", method: .post, headers: part.0, body: part.1) { _ in }
            let renamed = try await client.execute(uri: "/api/v1/campaigns/1/uploads/1/mapping", method: .get) { response in
                let columns = RouteTests.json(response.body)["columns"] as? [[String: Any]] ?? []
                return columns.first { $0["header"] as? String == "副局长张某" }
            }
            #expect(renamed?["reads_as"] == nil)
            let index = renamed?["index"] as? Int ?? 0
            // A row that is no row of the matrix, or an option of a single question: refused.
            for wrong in ["row:cadres/张某", "option:overall/好", "row:overall/好"] {
                let body = #"{"columns":[{"index":\#(index),"reads_as":"\#(wrong)"}]}"#
                try await client.execute(uri: "/api/v1/campaigns/1/uploads/1/mapping", method: .put, headers: EditingRouteTests.json, body: ByteBuffer(string: body)) { response in
                    #expect(response.status == .unprocessableContent, "\(wrong)")
                }
            }
            let body = #"{"columns":[{"index":\#(index),"reads_as":"row:cadres/分管副职甲"}]}"#
            try await client.execute(uri: "/api/v1/campaigns/1/uploads/1/mapping", method: .put, headers: EditingRouteTests.json, body: ByteBuffer(string: body)) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/api/v1/campaigns/1/uploads/1/mapping", method: .get) { response in
                let columns = RouteTests.json(response.body)["columns"] as? [[String: Any]] ?? []
                #expect(columns.first { $0["index"] as? Int == index }?["reads_as"] as? String == "row:cadres/分管副职甲")
            }
            // A column read as one question re-read as another: the first then asks for a column,
            // and its old column is free; a read column cannot be set to unread.
            try await client.execute(uri: "/api/v1/campaigns/1/uploads/1/mapping", method: .put, headers: EditingRouteTests.json, body: ByteBuffer(string: #"{"columns":[{"index":10,"reads_as":null}]}"#)) { response in
                #expect(response.status == .unprocessableContent)
                #expect(((RouteTests.json(response.body)["error"] as? [String: Any])?["message"] as? String)?.contains("不能改为不读") == true)
            }
            try await client.execute(uri: "/api/v1/campaigns/1/uploads/1/mapping", method: .put, headers: EditingRouteTests.json, body: ByteBuffer(string: #"{"columns":[{"index":9,"reads_as":"question:overall"}]}"#)) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/api/v1/campaigns/1/uploads/1/mapping", method: .get) { response in
                let mapping = RouteTests.json(response.body)
                let columns = mapping["columns"] as? [[String: Any]] ?? []
                #expect(columns.first { $0["index"] as? Int == 9 }?["reads_as"] as? String == "question:overall")
                #expect(columns.first { $0["index"] as? Int == 8 }?["reads_as"] == nil)
                #expect(mapping["unmatched"] as? [String] == ["question:politics"])
            }
            // The page offers rows and options in its drop-downs.
            try await client.execute(uri: "/campaigns/1/uploads/1/mapping", method: .get) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("value=\"row:cadres/分管副职乙\"") && html.contains("value=\"option:problems/理论学习不够深入\""))
            }
        }
    }
}

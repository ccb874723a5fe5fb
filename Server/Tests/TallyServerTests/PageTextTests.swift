import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import TallyRender
import Testing
@testable import TallyServerCore

/// A clerk's walk through the pages, with mistakes and recoveries: a Word file uploaded by
/// mistake, a file whose unit nothing decides, a unit's 发出票数 added later, an upload removed,
/// the run and its downloads' names, a draft, a campaign deleted. Every page on the way is read
/// as a person reads it (tags stripped): no ASCII word of four letters or more outside file names,
/// the product names and the placeholder a report must hold; no server path; no form id.
@Suite("Page text")
struct PageTextTests {
    static let productNames: Set<String> = ["Tally", "Excel", "Word", "LimeSurvey", "Qualtrics", "KoboToolbox", "Microsoft", "Forms", "Google"]

    /// What a person sees of a page: no style, no tags, entities decoded.
    static func visibleText(_ html: String) -> String {
        var text = html.replacingOccurrences(of: #"<style>[\s\S]*?</style>"#, with: " ", options: .regularExpression)
        text = text.replacingOccurrences(of: #"<[^>]*>"#, with: " ", options: .regularExpression)
        for (entity, character) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&#10;", "\n"), ("&amp;", "&")] {
            text = text.replacingOccurrences(of: entity, with: character)
        }
        return text
    }

    /// The problems of one page's visible text.
    static func problems(_ html: String, allowed: [String], workspace: String) -> [String] {
        var rest = visibleText(html)
        for name in allowed + ["{{tally:findings}}"] { rest = rest.replacingOccurrences(of: name, with: " ") }
        var found: [String] = []
        if rest.contains(workspace) || rest.contains("/tmp/") { found.append("a server path") }
        for form in TallyService.builtinForms() where rest.contains(form.id) { found.append("the form id \(form.id)") }
        rest = rest.replacingOccurrences(of: #"\.[A-Za-z]{2,4}\b"#, with: " ", options: .regularExpression)
        let words = rest.split(whereSeparator: { !($0.isASCII && $0.isLetter) }).map(String.init)
        found += words.filter { $0.count >= 4 && !productNames.contains($0) }.map { "the word \($0)" }
        return found
    }

    static let files = ["县司法局-答卷.csv", "答卷.csv", "公安局录入.csv", "报告.docx", "多余的.csv", "导出.csv", "campaign.yaml"]

    /// A page's visible text, its problems failing the test.
    static func look(_ response: TestResponse, workspace: String, sourceLocation: SourceLocation) -> String {
        let html = String(buffer: response.body)
        let found = problems(html, allowed: files, workspace: workspace)
        #expect(found.isEmpty, "\(found)", sourceLocation: sourceLocation)
        return visibleText(html)
    }

    static let urlencoded: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]

    static func form(_ fields: [(String, String)]) -> ByteBuffer {
        ByteBuffer(string: fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)" }.joined(separator: "&"))
    }

    @Test func aClerksWalkWithMistakesReadsAsChineseThroughout() async throws {
        let server = try RouteTests.server()
        let workspace = server.workspace.root.path
        @Sendable func look(_ response: TestResponse, sourceLocation: SourceLocation = #_sourceLocation) -> String {
            Self.look(response, workspace: workspace, sourceLocation: sourceLocation)
        }
        try await Application(router: server.router()).test(.router) { client in
            try await client.execute(uri: "/", method: .get) { _ = look($0) }
            try await client.execute(uri: "/campaigns/new", method: .get) { _ = look($0) }
            let fields = [("title", "2024年县政法系统民主测评"), ("team", "县委第二巡察组"), ("methods", "听取汇报、民主测评"), ("form", "leadership-evaluation"), ("units", "县司法局,60\n县公安局")]
            try await client.execute(uri: "/campaigns/new", method: .post, headers: Self.urlencoded, body: Self.form(fields)) { #expect($0.status == .seeOther) }
            try await client.execute(uri: "/campaigns/1", method: .get) { response in
                #expect(look(response).contains("还没有填写发出票数：县公安局"))
            }
            // A Word file by mistake: said what it is, nothing kept.
            let scratch = server.workspace.root.appendingPathComponent("tmp/word-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: scratch.appendingPathComponent("word"), withIntermediateDirectories: true)
            try Data("<w:document/>".utf8).write(to: scratch.appendingPathComponent("word/document.xml"))
            let word = RouteTests.multipart(fields: ["unit": "县司法局"], files: [("file", "报告.docx", Array(try Engine.zip(scratch)))])
            try await client.execute(uri: "/campaigns/1/uploads", method: .post, headers: word.0, body: word.1) { response in
                #expect(response.status == .unsupportedMediaType && look(response).contains("“报告.docx”是 Word 文档"))
            }
            // No unit chosen, none in the file name, no unit column: asked, not stored.
            let answers = try RouteTests.sample("Samples/leadership/wjx-text-utf8.csv")
            let unnamed = RouteTests.multipart(fields: ["unit": ""], files: [("file", "答卷.csv", answers)])
            try await client.execute(uri: "/campaigns/1/uploads", method: .post, headers: unnamed.0, body: unnamed.1) { response in
                #expect(response.status == .unprocessableContent && look(response).contains("“答卷.csv”属于哪个单位？"))
            }
            #expect(try server.store.uploads(of: 1).isEmpty)
            // The unit's name in the file name decides.
            let named = RouteTests.multipart(fields: ["unit": ""], files: [("file", "县司法局-答卷.csv", answers)])
            try await client.execute(uri: "/campaigns/1/uploads", method: .post, headers: named.0, body: named.1) { #expect($0.status == .seeOther) }
            #expect(try server.store.uploads(of: 1).map(\.unit) == ["县司法局"])
            for (name, sample) in [("多余的.csv", "Samples/leadership/wjx-text-utf8.csv"), ("公安局录入.csv", "Samples/leadership/excel-by-hand-gb18030.csv")] {
                let part = RouteTests.multipart(fields: ["unit": "县公安局"], files: [("file", name, try RouteTests.sample(sample))])
                try await client.execute(uri: "/campaigns/1/uploads", method: .post, headers: part.0, body: part.1) { #expect($0.status == .seeOther) }
            }
            // The extra file removed; the 发出票数 added later; a mistyped one said beside it.
            let extra = try server.store.uploads(of: 1).first { $0.filename == "多余的.csv" }!.id!
            try await client.execute(uri: "/campaigns/1/uploads/\(extra)/remove", method: .post) { #expect($0.status == .seeOther) }
            #expect(try server.store.uploads(of: 1).map(\.filename) == ["县司法局-答卷.csv", "公安局录入.csv"])
            try await client.execute(uri: "/campaigns/1/units/edit", method: .post, headers: Self.urlencoded, body: Self.form([("unit", "县公安局"), ("name", "县公安局"), ("issued", "四十五")])) { response in
                #expect(response.status == .unprocessableContent && look(response).contains("发出票数应为整数"))
            }
            let edit = [("unit", "县公安局"), ("name", "县公安局"), ("issued", "45"), ("method", "现场发放纸质测评票"), ("form", ""), ("group-staff", "干警")]
            try await client.execute(uri: "/campaigns/1/units/edit", method: .post, headers: Self.urlencoded, body: Self.form(edit)) { #expect($0.status == .seeOther) }
            let police = try server.store.units(of: 1)[1]
            #expect(police.issued == 45 && police.method == "现场发放纸质测评票" && police.groups == #"{"staff":"干警"}"#)
            try await client.execute(uri: "/campaigns/1", method: .get) { response in
                let text = look(response)
                #expect(!text.contains("还没有填写发出票数") && text.contains("现场发放纸质测评票"))
            }
            // The run, numbered within the campaign, its files named for what they are.
            try await client.execute(uri: "/campaigns/1/runs", method: .post) { #expect($0.headers[.location] == "/runs/1") }
            try await client.execute(uri: "/runs/1", method: .get) { response in
                let text = look(response)
                #expect(text.contains("第1次统计") && text.contains("测评情况（Word 文档）") && text.contains("县司法局-答卷.csv"))
            }
            try await client.execute(uri: "/runs/1/files/%E5%8E%BF%E5%85%AC%E5%AE%89%E5%B1%80/findings.docx", method: .get) { response in
                let expected = "县公安局-测评情况.docx".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
                #expect(response.headers[.contentDisposition]?.hasSuffix("''\(expected)") == true)
            }
            try await client.execute(uri: "/runs/1/zip", method: .get) { response in
                let expected = "2024年县政法系统民主测评-第1次统计结果.zip".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
                #expect(response.headers[.contentDisposition]?.hasSuffix("''\(expected)") == true)
            }
            // Printables: a unit's ballot and keying sheet; a report template whose placeholders
            // the attach step fills.
            for (path, name, type) in [("ballot", "县公安局-测评票.docx", "wordprocessingml"), ("sheet", "县公安局-录入表.xlsx", "spreadsheetml")] {
                try await client.execute(uri: "/campaigns/1/\(path)?unit=%E5%8E%BF%E5%85%AC%E5%AE%89%E5%B1%80", method: .get) { response in
                    #expect(response.status == .ok && response.headers[.contentType]?.contains(type) == true)
                    #expect(response.headers[.contentDisposition]?.removingPercentEncoding?.hasSuffix("''\(name)") == true)
                    #expect(Array(Data(buffer: response.body).prefix(2)) == Array("PK".utf8))
                }
            }
            try await client.execute(uri: "/campaigns/1/ballot?unit=%E6%B2%A1%E6%9C%89", method: .get) { #expect($0.status == .notFound) }
            let template = try await client.execute(uri: "/runs/1/report-template?unit=%E5%8E%BF%E5%85%AC%E5%AE%89%E5%B1%80", method: .get) { response in
                #expect(response.headers[.contentDisposition]?.removingPercentEncoding?.hasSuffix("''县公安局-报告模板.docx") == true)
                return Array(Data(buffer: response.body))
            }
            let document = { (bytes: [UInt8]) throws -> String in
                String(decoding: try DOCXPackage.parts(of: Data(bytes)).first { $0.path == "word/document.xml" }?.data ?? Data(), as: UTF8.self)
            }
            #expect(try document(template).contains("{{tally:results}}"))
            let report = RouteTests.multipart(fields: ["unit": "县公安局"], files: [("report", "县公安局-报告模板.docx", template)])
            try await client.execute(uri: "/runs/1/attach", method: .post, headers: report.0, body: report.1) { response in
                #expect(response.status == .ok)
                let text = try document(Array(Data(buffer: response.body)))
                #expect(!text.contains("{{tally:") && text.contains("收回"))
            }
            // Forms, and a form drafted from an export, as a table.
            try await client.execute(uri: "/forms", method: .get) { _ = look($0) }
            let export = RouteTests.multipart(files: [("file", "导出.csv", answers)])
            try await client.execute(uri: "/forms/draft", method: .post, headers: export.0, body: export.1) { response in
                let text = look(response)
                #expect(response.status == .ok && text.contains("由“导出.csv”起草的测评表") && text.contains("已保存为“导出”") && text.contains("单选"))
            }
            // Fitted to the built-in form instead: kept as a version of it, with the same questions.
            let fit = RouteTests.multipart(fields: ["base": "leadership-evaluation"], files: [("file", "导出.csv", answers)])
            try await client.execute(uri: "/forms/draft", method: .post, headers: fit.0, body: fit.1) { response in
                #expect(response.status == .ok && look(response).contains("已保存为“领导班子和领导干部民主测评表（第2版）”"))
            }
            #expect(try server.store.form("leadership-evaluation-v2") != nil)
            try await client.execute(uri: "/runs/999", method: .get) { response in
                #expect(response.status == .notFound && look(response).contains("找不到要找的内容"))
            }
            // Deleted only with its name typed.
            try await client.execute(uri: "/campaigns/1/delete", method: .post, headers: Self.urlencoded, body: Self.form([("confirm", "县政法")])) { response in
                #expect(response.status == .unprocessableContent && look(response).contains("测评没有删除"))
            }
            try await client.execute(uri: "/campaigns/1/delete", method: .post, headers: Self.urlencoded, body: Self.form([("confirm", "2024年县政法系统民主测评")])) { response in
                #expect(response.headers[.location] == "/")
            }
            try await client.execute(uri: "/", method: .get) { response in #expect(look(response).contains("还没有测评")) }
        }
    }

    @Test func theCheckFindsEnglishPathsAndFormIds() {
        #expect(Self.problems("<p>generic (header text)</p>", allowed: [], workspace: "/srv/ws") == ["the word generic", "the word header", "the word text"])
        #expect(Self.problems("<p>/srv/ws/tmp/x.csv</p>", allowed: [], workspace: "/srv/ws").contains("a server path"))
        #expect(Self.problems("<p>（leadership-evaluation）</p>", allowed: [], workspace: "/srv/ws").contains("the form id leadership-evaluation"))
        #expect(Self.problems("<title>x</title><p>“a.xlsx”是 Excel 文件</p>", allowed: [], workspace: "/srv/ws").isEmpty)
    }
}

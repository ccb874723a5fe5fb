import Foundation
import Hummingbird
import TallyCore
import TallyRender

/// The JSON API of HTTP.md, "Fixed endpoints".
extension TallyServer {
    struct FormEntry: Encodable {
        var id: String
        var title: String
        var builtin: Bool
    }

    /// The upload's new summary after the clerk's choices, and what they changed, in words.
    struct MappingAnswer: Encodable {
        var inspect: TallyService.InspectSummary
        var changes: [String]
    }

    struct Created: Encodable {
        var id: Int64
    }

    struct CampaignView: Encodable {
        var id: Int64
        var title: String
        var team: String?
        var methods: [String]
        var form: String
        var baseline: Int64?
        var units: [UnitView]
        var uploads: [UploadView]
        var runs: [RunView]
    }

    struct UnitView: Encodable {
        var name: String
        var issued: Int?
        var form: String?
        var method: String?
        var groups: [String: String]
    }

    func view(_ unit: UnitRecord) -> UnitView {
        UnitView(
            name: unit.name, issued: unit.issued, form: unit.form, method: unit.method,
            groups: unit.groups.flatMap { try? JSONDecoder().decode([String: String].self, from: Data($0.utf8)) } ?? [:])
    }

    struct UploadView: Encodable {
        var id: Int64
        var filename: String
        var unit: String?
        var sheet: String?
        var sha256: String
        var size: Int
        var inspect: TallyService.InspectSummary?
    }

    struct RunView: Encodable {
        var id: Int64
        /// Its number within the campaign (第N次统计).
        var number: Int
        var status: String
        var errors: [String]
        var warnings: [String]
        var files: [String]?
    }

    func view(_ upload: UploadRecord) -> UploadView {
        UploadView(
            id: upload.id!, filename: upload.filename, unit: upload.unit, sheet: upload.sheet, sha256: upload.sha256, size: upload.size,
            inspect: try? JSONDecoder().decode(TallyService.InspectSummary.self, from: Data(upload.inspect.utf8)))
    }

    func view(_ run: RunRecord, files: Bool) -> RunView {
        let decode = { (text: String) in (try? JSONDecoder().decode([String].self, from: Data(text.utf8))) ?? [] }
        return RunView(id: run.id!, number: run.number ?? Int(run.id!), status: run.status, errors: decode(run.errors), warnings: decode(run.warnings), files: files ? engine.files(of: run.id!) : nil)
    }

    func campaignView(_ id: Int64) throws -> CampaignView {
        guard let campaign = try store.campaign(id) else { throw ServerError.notFound("campaign \(id)") }
        return CampaignView(
            id: id, title: campaign.title, team: campaign.team,
            methods: campaign.methods.flatMap { try? JSONDecoder().decode([String].self, from: Data($0.utf8)) } ?? [],
            form: campaign.form, baseline: campaign.baselineRunId,
            units: try store.units(of: id).map(view),
            uploads: try store.uploads(of: id).map(view), runs: try store.runs(of: id).map { view($0, files: false) })
    }

    /// A unit's name from the path (percent-decoded).
    static func name(_ context: TallyRequestContext) throws -> String {
        guard let text = context.parameters.get("name"), let name = text.removingPercentEncoding, !name.isEmpty else { throw ServerError.notFound("unit") }
        return name
    }

    /// A JSON body of at most 1 MB; a malformed one is 400 naming the fields it may hold.
    func decode<T: Decodable>(_ type: T.Type, _ request: Request, what: String) async throws -> T {
        let body = try await self.body(request, limit: 1 << 20)
        do {
            return try JSONDecoder().decode(T.self, from: body)
        } catch {
            throw ServerError.badRequest("请求应为 JSON，可含 \(what)")
        }
    }

    static func id(_ context: TallyRequestContext, _ name: String = "id") throws -> Int64 {
        guard let text = context.parameters.get(name), let id = Int64(text) else { throw ServerError.notFound("\(name)") }
        return id
    }

    /// The content type of an output file.
    static func contentType(_ path: String) -> String {
        switch URL(fileURLWithPath: path).pathExtension.lowercased() {
        case "json": "application/json; charset=utf-8"
        case "md": "text/markdown; charset=utf-8"
        case "html": "text/html; charset=utf-8"
        case "csv": "text/csv; charset=utf-8"
        case "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        case "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        case "yaml": "application/yaml; charset=utf-8"
        case "zip": "application/zip"
        case "pdf": "application/pdf"
        case "png": "image/png"
        default: "application/octet-stream"
        }
    }

    func addAPI(_ router: Router<TallyRequestContext>) {
        let api = router.group("/api/v1")
        api.get("forms") { request, _ in
            await self.answer(request) { ServerResponses.json(try self.formList().map { FormEntry(id: $0.id, title: $0.title, builtin: $0.builtin) }) }
        }
        api.post("forms") { request, _ in
            await self.answer(request) {
                let parts = try await self.multipart(request)
                guard let file = parts.file("file") else { throw ServerError.badRequest("请以 file 字段上传测评表文件") }
                guard let yaml = String(bytes: file.bytes, encoding: .utf8) else { throw ServerError.unsupported("测评表文件应为 UTF-8 编码的文本") }
                let form = try self.addForm(yaml: yaml, name: Engine.safeName(file.filename ?? "form.yaml"))
                return ServerResponses.json(["id": form.id], status: .created)
            }
        }
        api.post("campaigns") { request, _ in
            await self.answer(request) {
                let input: CampaignInput
                do {
                    input = try JSONDecoder().decode(CampaignInput.self, from: try await self.body(request, limit: 1 << 20))
                } catch let error as HTTPResponseError {
                    throw error
                } catch {
                    throw ServerError.badRequest("请求应为 JSON，含 title、form 和 units")
                }
                return ServerResponses.json(Created(id: try self.createCampaign(input)), status: .created)
            }
        }
        api.get("campaigns/{id}") { request, context in
            await self.answer(request) { ServerResponses.json(try self.campaignView(try Self.id(context))) }
        }
        // Undo and edit (Editing.swift).
        api.patch("campaigns/{id}") { request, context in
            await self.answer(request) {
                let id = try Self.id(context)
                let patch = try await self.decode(CampaignPatch.self, request, what: "title, team, methods or form")
                _ = try await Offload.run { try self.editCampaign(id, patch) }
                return ServerResponses.json(try self.campaignView(id))
            }
        }
        api.delete("campaigns/{id}") { request, context in
            await self.answer(request) {
                try self.removeCampaign(try Self.id(context))
                return Response(status: .noContent)
            }
        }
        api.post("campaigns/{id}/units") { request, context in
            await self.answer(request) {
                let unit = try self.addUnit(campaign: try Self.id(context), try await self.decode(UnitInput.self, request, what: "name, issued, form, method or groups"))
                return ServerResponses.json(self.view(unit), status: .created)
            }
        }
        api.patch("campaigns/{id}/units/{name}") { request, context in
            await self.answer(request) {
                let (id, name) = (try Self.id(context), try Self.name(context))
                let input = try await self.decode(UnitInput.self, request, what: "name, issued, form, method, groups or position")
                let unit = try await Offload.run { try self.editUnit(campaign: id, name: name, input) }
                return ServerResponses.json(self.view(unit))
            }
        }
        api.delete("campaigns/{id}/units/{name}") { request, context in
            await self.answer(request) {
                try self.removeUnit(campaign: try Self.id(context), name: try Self.name(context))
                return Response(status: .noContent)
            }
        }
        api.delete("campaigns/{id}/uploads/{upload}") { request, context in
            await self.answer(request) {
                try self.removeUpload(campaign: try Self.id(context), upload: try Self.id(context, "upload"))
                return Response(status: .noContent)
            }
        }
        api.get("campaigns/{id}/uploads/{upload}/mapping") { request, context in
            await self.answer(request) {
                let (id, upload) = (try Self.id(context), try Self.id(context, "upload"))
                return ServerResponses.json(try await Offload.run { try self.mapping(campaign: id, upload: upload) })
            }
        }
        api.put("campaigns/{id}/uploads/{upload}/mapping") { request, context in
            await self.answer(request) {
                let choices = try await self.decode(MappingChoices.self, request, what: "columns（index、reads_as）和 values（target、value、reads_as）")
                let (id, upload) = (try Self.id(context), try Self.id(context, "upload"))
                let applied = try await Offload.run { try self.applyMapping(campaign: id, upload: upload, choices) }
                return ServerResponses.json(MappingAnswer(inspect: applied.summary, changes: applied.changes))
            }
        }
        api.delete("runs/{id}") { request, context in
            await self.answer(request) {
                _ = try self.removeRun(try Self.id(context))
                return Response(status: .noContent)
            }
        }
        api.post("campaigns/{id}/uploads") { request, context in
            await self.answer(request) {
                let id = try Self.id(context)
                guard try self.store.campaign(id) != nil else { throw ServerError.notFound("campaign \(id)") }
                let parts = try await self.multipart(request)
                guard let file = parts.file("file") else { throw ServerError.badRequest("请以 file 字段上传答卷文件") }
                let (unit, sheet) = (parts.field("unit"), parts.field("sheet"))
                let upload = try await Offload.run { try self.upload(campaign: id, file: file, unit: unit, sheet: sheet) }
                return ServerResponses.json(self.view(upload), status: .created)
            }
        }
        api.post("campaigns/{id}/runs") { request, context in
            await self.answer(request) {
                let run = try await self.startRun(campaign: try Self.id(context))
                return ServerResponses.json(self.view(run, files: false), status: .created)
            }
        }
        api.get("runs/{id}") { request, context in
            await self.answer(request) {
                guard let run = try self.store.run(try Self.id(context)) else { throw ServerError.notFound("run") }
                return ServerResponses.json(self.view(run, files: true))
            }
        }
        api.get("runs/{id}/files/**") { request, context in
            await self.answer(request) {
                let path = context.parameters.getCatchAll().joined(separator: "/").removingPercentEncoding ?? ""
                guard let url = self.engine.file(of: try Self.id(context), path: path) else { throw ServerError.notFound("file \(path)") }
                return ServerResponses.bytes(try Data(contentsOf: url), type: Self.contentType(path))
            }
        }
        api.get("runs/{id}/evidence") { request, context in
            await self.answer(request) {
                let id = try Self.id(context)
                guard let run = try self.store.run(id), run.status == "done" else { throw ServerError.notFound("finished run \(id)") }
                let title = try self.store.campaign(run.campaignId)?.title ?? "测评"
                return ServerResponses.bytes(
                    try await Offload.run { try self.engine.evidencePack(of: id) }, type: "application/zip", download: "\(title)-第\(run.number ?? Int(id))次统计-证据包.zip")
            }
        }
        api.post("runs/{id}/attach") { request, context in
            await self.answer(request) { try await self.attach(request, run: try Self.id(context)) }
        }
        api.post("campaigns/import") { request, _ in
            await self.answer(request) {
                let parts = try await self.multipart(request)
                guard let file = parts.file("file") else { throw ServerError.badRequest("请以 file 字段上传测评文件夹的压缩包") }
                let bytes = file.bytes
                return ServerResponses.json(Created(id: try await Offload.run { try self.importCampaign(bytes) }), status: .created)
            }
        }
        api.get("campaigns/{id}/export") { request, context in
            await self.answer(request) {
                let id = try Self.id(context)
                return try await Offload.run { try self.export(campaign: id) }
            }
        }
    }

    /// The report with a unit's findings attached, for download.
    func attach(_ request: Request, run id: Int64) async throws -> Response {
        guard let run = try store.run(id), run.status == "done", let results = engine.file(of: id, path: "results.json") else {
            throw ServerError.notFound("finished run \(id)")
        }
        let parts = try Multipart.parts(try await body(request), contentType: request.headers[.contentType])
        guard let report = parts.file("report") else { throw ServerError.badRequest("请以 report 字段上传报告") }
        let name = Engine.safeName(report.filename ?? "report.docx")
        guard ["docx", "md"].contains(URL(fileURLWithPath: name).pathExtension.lowercased()) else {
            throw ServerError.unsupported("“\(name)”不是 .docx 或 .md 文件：报告请上传 Word 文档（.docx）")
        }
        let unit = parts.field("unit")
        let attached: TallyService.Attached
        do {
            attached = try await Offload.run {
                try TallyService.attach(results: Array(try Data(contentsOf: results)), resultsName: "results.json", report: name, bytes: report.bytes, unit: unit)
            }
        } catch let error as AttachError {
            // In a clerk's words, the report named as uploaded (the engine's are English, for the CLI).
            throw ServerError.rejected(ClerkWords.attach(error, fileName: { _ in name }))
        }
        let stem = URL(fileURLWithPath: name).deletingPathExtension().lastPathComponent
        let ext = URL(fileURLWithPath: name).pathExtension
        return ServerResponses.bytes(attached.bytes, type: Self.contentType(name), download: "\(stem)-\(attached.unit)测评.\(ext)")
    }

    /// The campaign as a folder `tally run` reproduces: campaign.yaml, forms, responses, zipped.
    func export(campaign id: Int64) throws -> Response {
        guard let campaign = try store.campaign(id) else { throw ServerError.notFound("campaign \(id)") }
        let folder = workspace.root.appendingPathComponent("tmp").appendingPathComponent("export-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try engine.writeCampaignFolder(id, into: folder)
        return ServerResponses.bytes(try Engine.zip(folder), type: "application/zip", download: "\(campaign.title).zip")
    }
}

import Foundation
import Hummingbird
import TallyCore
import TallyRender

/// The pages: campaigns, a new campaign, a campaign's units, uploads and runs, a run's results,
/// forms (uploaded or drafted from an export), login.
extension TallyServer {
    /// `application/x-www-form-urlencoded` fields, decoded by Hummingbird; malformed ones, none.
    static func formFields(_ buffer: ByteBuffer) -> [String: String] {
        (try? URLEncodedFormDecoder().decode([String: String].self, from: String(buffer: buffer))) ?? [:]
    }

    func addPages(_ router: Router<TallyRequestContext>) {
        router.get("/") { request, _ in await self.answer(request) { try self.homePage(request) } }
        router.get("/login") { _, _ in ServerResponses.html(Pages.login(message: nil)) }
        router.post("/login") { request, context in
            await self.answer(request) {
                // Throttled per address: after 5 wrong passwords in a row, a wait that doubles
                // each time (the right password too waits it out).
                let address = self.clientAddress(request, context)
                if let wait = self.gatekeeper.loginWait(for: address) {
                    let seconds = Int(wait.components.seconds) + 1
                    var response = ServerResponses.html(Pages.login(message: "密码输错次数过多，请\(seconds)秒后再试"), status: .tooManyRequests)
                    response.headers[.retryAfter] = String(seconds)
                    return response
                }
                let fields = Self.formFields(try await self.body(request, limit: 64 * 1024))
                let given = fields["password"] ?? ""
                let right = try await Offload.run(slot: false) { self.gatekeeper.passwordMatches(given) }
                self.gatekeeper.recordLogin(success: right, from: address)
                guard right else {
                    return ServerResponses.html(Pages.login(message: "密码不对"), status: .unauthorized)
                }
                let session = self.gatekeeper.openSession()
                var response = ServerResponses.redirect("/")
                response.setCookie(Cookie(name: GatekeeperMiddleware<TallyRequestContext>.sessionCookie, value: session.id, path: "/", secure: self.configuration.behindTLS, httpOnly: true, sameSite: .strict))
                return response
            }
        }
        router.post("/logout") { request, _ in
            self.gatekeeper.closeSession(request.cookies[GatekeeperMiddleware<TallyRequestContext>.sessionCookie]?.value)
            var response = ServerResponses.redirect(self.gatekeeper.loginRequired ? "/login" : "/")
            response.setCookie(Cookie(name: GatekeeperMiddleware<TallyRequestContext>.sessionCookie, value: "", maxAge: 0, path: "/", secure: self.configuration.behindTLS, httpOnly: true, sameSite: .strict))
            return response
        }
        router.get("/campaigns/new") { request, _ in await self.answer(request) { try self.newCampaignPage(request, values: [:], errors: [:]) } }
        router.post("/campaigns/new") { request, _ in
            await self.answer(request) {
                let fields = Self.formFields(try await self.body(request, limit: 1 << 20))
                var units: [CampaignInput.Unit] = []
                var unitError: String?
                for line in (fields["units"] ?? "").split(whereSeparator: \.isNewline) {
                    let cells = line.split(whereSeparator: { ",，\t".contains($0) }).map { $0.trimmingCharacters(in: .whitespaces) }
                    guard let name = cells.first, !name.isEmpty else { continue }
                    var issued: Int?
                    if cells.count > 1, !cells[1].isEmpty {
                        guard let number = Int(cells[1]) else {
                            unitError = "“\(line)”：发出票数应为整数"
                            continue
                        }
                        issued = number
                    }
                    // A third cell: another form for this unit (its id), e.g. 县人民法院,80,public-satisfaction.
                    let form = cells.count > 2 && !cells[2].isEmpty ? cells[2] : nil
                    units.append(.init(name: name, issued: issued, form: form))
                }
                let input = CampaignInput(
                    title: fields["title"] ?? "", team: fields["team"], form: fields["form"] ?? "", units: units, baseline: nil,
                    methods: Self.methods(fields["methods"] ?? ""))
                do {
                    return ServerResponses.redirect("/campaigns/\(try self.createCampaign(input, known: unitError.map { ["units": $0] } ?? [:]))")
                } catch let errors as FieldErrors {
                    return try self.newCampaignPage(request, values: fields, errors: errors.fields, status: .unprocessableContent)
                }
            }
        }
        router.get("/campaigns/{id}") { request, context in await self.answer(request) { try self.campaignPage(request, id: try Self.id(context)) } }
        router.post("/campaigns/{id}/uploads") { request, context in
            await self.answer(request) {
                let id = try Self.id(context)
                let parts = try await self.multipart(request)
                guard let file = parts.file("file"), !file.bytes.isEmpty else {
                    return try self.campaignPage(request, id: id, .init(uploadError: "请选择要上传的文件"), status: .badRequest)
                }
                let name = Engine.safeName(file.filename ?? "")
                let choice = Self.unitChoice(parts.field("unit"), filename: name, units: try self.store.units(of: id).map(\.name))
                do {
                    let sheet = parts.field("sheet").flatMap { $0.isEmpty ? nil : $0 }
                    let upload = try await Offload.run { try self.upload(campaign: id, file: file, unit: choice.unit, sheet: sheet) }
                    // Nothing chose a unit and the file names none in a column: it cannot be
                    // counted for all, so it is not kept; the clerk chooses.
                    if !choice.decided, upload.inspectSummary?.unitColumn != true {
                        try self.removeUpload(campaign: id, upload: upload.id!)
                        return try self.campaignPage(
                            request, id: id,
                            .init(uploadError: "“\(name)”属于哪个单位？文件名中没有单位名称，文件中也没有“单位”一列。请在“属于哪个单位”中选择后重新上传。"),
                            status: .unprocessableContent)
                    }
                } catch {
                    return try self.campaignPage(request, id: id, .init(uploadError: "\(error)"), status: ServerResponses.status(of: error))
                }
                return ServerResponses.redirect("/campaigns/\(id)#uploads")
            }
        }
        router.get("/campaigns/{id}/uploads/{upload}/mapping") { request, context in
            await self.answer(request) {
                let (id, upload) = (try Self.id(context), try Self.id(context, "upload"))
                return try await Offload.run { try self.mappingPage(request, campaign: id, upload: upload) }
            }
        }
        router.post("/campaigns/{id}/uploads/{upload}/mapping") { request, context in
            await self.answer(request) {
                let id = try Self.id(context)
                let upload = try Self.id(context, "upload")
                let fields = Self.formFields(try await self.body(request, limit: 1 << 20))
                do {
                    let choices = Self.mappingChoices(fields)
                    let applied = try await Offload.run { try self.applyMapping(campaign: id, upload: upload, choices) }
                    let name = try self.store.uploads(of: id).first { $0.id == upload }?.filename ?? ""
                    let notice = applied.changes.isEmpty
                        ? "已按所选重新检查“\(name)”，结果没有变化。"
                        : "已按所选重新检查“\(name)”：\(applied.changes.joined(separator: "；"))。"
                    return try self.campaignPage(request, id: id, .init(notice: notice))
                } catch ServerError.rejected(let why) {
                    return try self.mappingPage(request, campaign: id, upload: upload, error: why, status: .unprocessableContent)
                }
            }
        }
        router.post("/campaigns/{id}/uploads/{upload}/remove") { request, context in
            await self.answer(request) {
                let id = try Self.id(context)
                try self.removeUpload(campaign: id, upload: try Self.id(context, "upload"))
                return ServerResponses.redirect("/campaigns/\(id)#uploads")
            }
        }
        router.post("/campaigns/{id}/edit") { request, context in
            await self.answer(request) {
                let id = try Self.id(context)
                let fields = Self.formFields(try await self.body(request, limit: 64 * 1024))
                do {
                    let patch = CampaignPatch(title: fields["title"], team: fields["team"], methods: fields["methods"].map(Self.methods), form: fields["form"])
                    _ = try await Offload.run { try self.editCampaign(id, patch) }
                } catch let errors as FieldErrors {
                    return try self.campaignPage(request, id: id, .init(error: errors.description, editOpen: true), status: .unprocessableContent)
                }
                return ServerResponses.redirect("/campaigns/\(id)")
            }
        }
        router.post("/campaigns/{id}/form-version") { request, context in
            await self.answer(request) {
                let id = try Self.id(context)
                let fields = Self.formFields(try await self.body(request, limit: 64 * 1024))
                let notice = try await Offload.run { try self.moveToFormVersion(id, form: fields["form"] ?? "") }
                return try self.campaignPage(request, id: id, .init(notice: notice))
            }
        }
        router.post("/campaigns/{id}/delete") { request, context in
            await self.answer(request) {
                let id = try Self.id(context)
                guard let campaign = try self.store.campaign(id) else { throw ServerError.notFound("campaign \(id)") }
                let fields = Self.formFields(try await self.body(request, limit: 64 * 1024))
                guard Self.trimmed(fields["confirm"] ?? "") == campaign.title else {
                    return try self.campaignPage(
                        request, id: id, .init(deleteError: "输入的名称与测评名称不一致，测评没有删除"), status: .unprocessableContent)
                }
                try self.removeCampaign(id)
                return ServerResponses.redirect("/")
            }
        }
        router.post("/campaigns/{id}/units") { request, context in
            await self.answer(request) {
                let id = try Self.id(context)
                let fields = Self.formFields(try await self.body(request, limit: 64 * 1024))
                do {
                    let issued = try Self.issued(fields["issued"])
                    _ = try self.addUnit(campaign: id, UnitInput(name: fields["name"] ?? "", issued: issued, method: fields["method"]))
                } catch let errors as FieldErrors {
                    return try self.campaignPage(request, id: id, .init(error: errors.description, addOpen: true), status: .unprocessableContent)
                }
                return ServerResponses.redirect("/campaigns/\(id)#units")
            }
        }
        router.post("/campaigns/{id}/units/edit") { request, context in
            await self.answer(request) {
                let id = try Self.id(context)
                let fields = Self.formFields(try await self.body(request, limit: 64 * 1024))
                guard let unit = fields["unit"] else { throw ServerError.badRequest("没有指明单位") }
                do {
                    let issued = try Self.issued(fields["issued"])
                    var groups: [String: String] = [:]
                    for (key, value) in fields where key.hasPrefix("group-") { groups[String(key.dropFirst("group-".count))] = value }
                    let input = UnitInput(
                        name: fields["name"], issued: issued, clearsIssued: issued == nil && fields["issued"] != nil, form: fields["form"],
                        method: fields["method"], groups: groups)
                    _ = try await Offload.run { try self.editUnit(campaign: id, name: unit, input) }
                } catch let errors as FieldErrors {
                    return try self.campaignPage(request, id: id, .init(error: "单位“\(unit)”没有保存：" + errors.description), status: .unprocessableContent)
                }
                return ServerResponses.redirect("/campaigns/\(id)#units")
            }
        }
        // Printables for a unit: its ballot (.docx) and a keying sheet for paper ballots (.xlsx).
        router.get("/campaigns/{id}/ballot") { request, context in
            await self.answer(request) {
                let (unit, form) = try self.unitForm(try Self.id(context), request.uri.queryParameters["unit"].map(String.init))
                return ServerResponses.bytes(try await Offload.run { try TallyService.ballotDOCX(form, unit: unit) }, type: Self.contentType("x.docx"), download: "\(unit)-测评票.docx")
            }
        }
        router.get("/campaigns/{id}/sheet") { request, context in
            await self.answer(request) {
                let (unit, form) = try self.unitForm(try Self.id(context), request.uri.queryParameters["unit"].map(String.init))
                let folder = self.workspace.root.appendingPathComponent("tmp/sheet-\(UUID().uuidString)")
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                defer { try? FileManager.default.removeItem(at: folder) }
                let sheet = folder.appendingPathComponent("sheet.xlsx").path
                try await Offload.run { try TallyService.writeKeyingSheet(form, to: sheet) }
                return ServerResponses.bytes(
                    try Data(contentsOf: folder.appendingPathComponent("sheet.xlsx")), type: Self.contentType("x.xlsx"), download: "\(unit)-录入表.xlsx")
            }
        }
        router.get("/runs/{id}/report-template") { request, context in
            await self.answer(request) {
                guard let run = try self.store.run(try Self.id(context)), let campaign = try self.store.campaign(run.campaignId) else { throw ServerError.notFound("run") }
                let unit = request.uri.queryParameters["unit"].map(String.init) ?? "单位"
                return ServerResponses.bytes(
                    try TallyService.reportTemplateDOCX(unit: unit, title: campaign.title), type: Self.contentType("x.docx"), download: "\(unit)-报告模板.docx")
            }
        }
        router.post("/campaigns/{id}/units/move") { request, context in
            await self.answer(request) {
                let id = try Self.id(context)
                let fields = Self.formFields(try await self.body(request, limit: 64 * 1024))
                let units = try self.store.units(of: id)
                guard let unit = fields["unit"], let index = units.firstIndex(where: { $0.name == unit }) else { throw ServerError.notFound("unit") }
                _ = try self.editUnit(campaign: id, name: unit, UnitInput(position: fields["to"] == "up" ? index - 1 : index + 1))
                return ServerResponses.redirect("/campaigns/\(id)#units")
            }
        }
        router.post("/campaigns/{id}/units/remove") { request, context in
            await self.answer(request) {
                let id = try Self.id(context)
                let fields = Self.formFields(try await self.body(request, limit: 64 * 1024))
                do {
                    try self.removeUnit(campaign: id, name: fields["unit"] ?? "")
                } catch ServerError.rejected(let why) {
                    return try self.campaignPage(request, id: id, .init(error: why), status: .unprocessableContent)
                }
                return ServerResponses.redirect("/campaigns/\(id)#units")
            }
        }
        router.post("/campaigns/{id}/baseline") { request, context in
            await self.answer(request) {
                let id = try Self.id(context)
                let fields = Self.formFields(try await self.body(request, limit: 64 * 1024))
                let run = fields["run"].flatMap { Int64($0) }
                if let run, try self.store.run(run)?.status != "done" { throw ServerError.badRequest("没有这次统计的结果可供对比") }
                try self.store.setBaseline(run, of: id)
                return ServerResponses.redirect("/campaigns/\(id)#runs")
            }
        }
        router.post("/campaigns/{id}/runs") { request, context in
            await self.answer(request) { ServerResponses.redirect("/runs/\(try await self.startRun(campaign: try Self.id(context)).id!)") }
        }
        router.get("/campaigns/{id}/export") { request, context in
            await self.answer(request) {
                let id = try Self.id(context)
                return try await Offload.run { try self.export(campaign: id) }
            }
        }
        router.post("/campaigns/import") { request, _ in
            await self.answer(request) {
                let parts = try await self.multipart(request)
                guard let file = parts.file("file") else { throw ServerError.badRequest("请选择导出的测评文件夹（zip）") }
                let bytes = file.bytes
                return ServerResponses.redirect("/campaigns/\(try await Offload.run { try self.importCampaign(bytes) })")
            }
        }
        router.get("/runs/{id}") { request, context in await self.answer(request) { try self.runPage(request, id: try Self.id(context)) } }
        router.post("/runs/{id}/delete") { request, context in
            await self.answer(request) { ServerResponses.redirect("/campaigns/\(try self.removeRun(try Self.id(context)))#runs") }
        }
        router.get("/runs/{id}/files/**") { request, context in
            await self.answer(request) {
                let path = context.parameters.getCatchAll().joined(separator: "/").removingPercentEncoding ?? ""
                guard let url = self.engine.file(of: try Self.id(context), path: path) else { throw ServerError.notFound("file \(path)") }
                let inline = path.hasSuffix(".html") || path.hasSuffix(".md") || path.hasSuffix(".json")
                return ServerResponses.bytes(try Data(contentsOf: url), type: Self.contentType(path), download: inline ? nil : Self.downloadName(path))
            }
        }
        router.get("/runs/{id}/zip") { request, context in
            await self.answer(request) {
                let id = try Self.id(context)
                guard let run = try self.store.run(id), run.status == "done" else { throw ServerError.notFound("finished run \(id)") }
                let title = try self.store.campaign(run.campaignId)?.title ?? "测评"
                return ServerResponses.bytes(
                    try await Offload.run { try Engine.zip(self.workspace.run(id).appendingPathComponent("out")) }, type: "application/zip",
                    download: "\(title)-第\(run.number ?? Int(id))次统计结果.zip")
            }
        }
        // The evidence pack holds respondents' answers (ballots.csv, the response files): served,
        // like every page, only to a logged-in user off loopback (docs/web.md).
        router.get("/runs/{id}/evidence.zip") { request, context in
            await self.answer(request) {
                let id = try Self.id(context)
                guard let run = try self.store.run(id), run.status == "done" else { throw ServerError.notFound("finished run \(id)") }
                let title = try self.store.campaign(run.campaignId)?.title ?? "测评"
                return ServerResponses.bytes(
                    try await Offload.run { try self.engine.evidencePack(of: id) }, type: "application/zip", download: "\(title)-第\(run.number ?? Int(id))次统计-证据包.zip")
            }
        }
        router.post("/runs/{id}/attach") { request, context in await self.answer(request) { try await self.attach(request, run: try Self.id(context)) } }
        router.get("/forms") { request, _ in await self.answer(request) { try self.formsPage(request) } }
        router.post("/forms") { request, _ in
            await self.answer(request) {
                let parts = try await self.multipart(request)
                guard let file = parts.file("file"), let yaml = String(bytes: file.bytes, encoding: .utf8) else {
                    return try self.formsPage(request, error: "请选择一个 YAML 格式的测评表文件", status: .badRequest)
                }
                do {
                    _ = try self.addForm(yaml: yaml, name: Engine.safeName(file.filename ?? "form.yaml"))
                } catch {
                    return try self.formsPage(request, error: "\(error)", status: ServerResponses.status(of: error))
                }
                return ServerResponses.redirect("/forms")
            }
        }
        // An uploaded form's text, to change it and upload it back.
        router.get("/forms/{file}") { request, context in
            await self.answer(request) {
                let file = context.parameters.get("file") ?? ""
                guard file.hasSuffix(".yaml"), let form = try self.store.form(String(file.dropLast(5))) else { throw ServerError.notFound("form") }
                let data = try Data(contentsOf: self.workspace.forms.appendingPathComponent("\(form.id).yaml"))
                return ServerResponses.bytes(data, type: Self.contentType(file), download: "\(form.title).yaml")
            }
        }
        router.post("/forms/draft") { request, _ in
            await self.answer(request) {
                let parts = try await self.multipart(request)
                guard let file = parts.file("file"), !file.bytes.isEmpty else {
                    return try self.formsPage(request, error: "请选择一个问卷平台导出的 CSV 或 Excel 文件", status: .badRequest)
                }
                guard let kind = Engine.kind(of: file.bytes) else {
                    return try self.formsPage(request, error: Engine.refusal(of: file.bytes, name: file.filename ?? "文件"), status: .unsupportedMediaType)
                }
                // The export under the name it was uploaded with (the draft's title comes from it),
                // in a folder of its own that goes when the draft is made; it is not kept.
                let folder = self.workspace.root.appendingPathComponent("tmp/draft-\(UUID().uuidString)")
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                defer { try? FileManager.default.removeItem(at: folder) }
                let stem = URL(fileURLWithPath: Engine.safeName(file.filename ?? "导出")).deletingPathExtension().lastPathComponent
                let path = folder.appendingPathComponent("\(stem.isEmpty ? "导出" : stem).\(kind)").path
                try Data(file.bytes).write(to: URL(fileURLWithPath: path))
                var options = ImportOptions()
                options.sheet = parts.field("sheet")
                // Fitted to a form already here (its ids, scores and rules kept; only column: and
                // aliases: added), or drafted from the export alone.
                let base = parts.field("base").flatMap { $0.isEmpty ? nil : $0 }
                let draft: (yaml: String, form: Form)
                let form: FormRecord
                do {
                    if let base {
                        _ = try self.engine.loadForm(base)
                        let uploaded = self.workspace.forms.appendingPathComponent("\(base).yaml")
                        let reference = FileManager.default.fileExists(atPath: uploaded.path) ? uploaded.path : base
                        let options = options
                        draft = try await Offload.run { try Tally.adaptForm(reference, files: [path], options: options) }
                        form = try self.addForm(yaml: draft.yaml, name: "\(base).yaml", asVersion: true)
                    } else {
                        let options = options
                        draft = try await Offload.run { try Tally.draftForm(files: [path], options: options) }
                        form = try self.addForm(yaml: draft.yaml, name: "draft.yaml")
                    }
                } catch let error as ServerError {
                    return try self.formsPage(request, error: error.description, status: ServerResponses.status(of: error))
                } catch {
                    let name = Engine.safeName(file.filename ?? "导出文件")
                    return try self.formsPage(request, error: ClerkWords.error(error, fileName: { _ in name }), status: .unprocessableContent)
                }
                let questions = TallyService.questionOutline(draft.form, yaml: draft.yaml).enumerated().map { index, row in
                    DraftPage.Question(number: index + 1, text: row.text, kind: row.kind, options: row.options, check: row.check)
                }
                return self.render("draft", title: "起草的测评表", DraftPage(source: Engine.safeName(file.filename ?? "导出文件"), title: form.title, id: form.id, questions: questions), request)

            }
        }
    }

    /// The cells of one line of our own rejected.csv (every field quoted, `""` a quote inside).
    static func csvCells(_ line: String) -> [String] {
        var cells: [String] = []
        var current = ""
        var quoted = false
        let characters = Array(line.hasPrefix("\u{FEFF}") ? String(line.dropFirst()) : line)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if quoted {
                if character == "\"" {
                    if index + 1 < characters.count, characters[index + 1] == "\"" {
                        current.append("\"")
                        index += 1
                    } else {
                        quoted = false
                    }
                } else {
                    current.append(character)
                }
            } else if character == "\"" {
                quoted = true
            } else if character == "," {
                cells.append(current)
                current = ""
            } else {
                current.append(character)
            }
            index += 1
        }
        cells.append(current)
        return cells
    }


    struct DraftPage {
        struct Question {
            var number: Int
            var text: String
            var kind: String
            var options: String
            var check: Bool
        }
        var source: String
        var title: String
        var id: String
        var questions: [Question]
    }

    /// A 发出票数 typed on a page: empty is none; anything but a whole number is said beside it.
    static func issued(_ text: String?) throws -> Int? {
        guard let text = text.map(trimmed), !text.isEmpty else { return nil }
        guard let number = Int(text) else { throw FieldErrors(fields: ["issued": "发出票数应为整数，如 60"]) }
        return number
    }

    /// A unit of a campaign (named in the query) and the form it uses.
    func unitForm(_ id: Int64, _ name: String?) throws -> (String, Form) {
        guard let campaign = try store.campaign(id), let unit = try store.units(of: id).first(where: { $0.name == name }) else {
            throw ServerError.notFound("unit")
        }
        return (unit.name, try engine.loadForm(unit.form ?? campaign.form))
    }
}

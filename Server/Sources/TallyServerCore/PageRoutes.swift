import Foundation
import Hummingbird
import TallyCore
import TallyRender

/// The pages: campaigns, a new campaign, a campaign's units, uploads and runs, a run's results,
/// forms (uploaded or drafted from an export), login.
extension TallyServer {
    /// `application/x-www-form-urlencoded` fields.
    static func formFields(_ buffer: ByteBuffer) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in String(buffer: buffer).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "" }
            if let key = parts.first { fields[key] = parts.count > 1 ? parts[1] : "" }
        }
        return fields
    }

    func page(_ title: String, _ request: Request, _ body: String) -> Response {
        ServerResponses.html(Pages.layout(title: title, csrf: csrf(request), body: body, logout: gatekeeper.loginRequired))
    }

    func addPages(_ router: Router<TallyRequestContext>) {
        router.get("/") { request, _ in await self.answer(request) { try self.homePage(request) } }
        router.get("/login") { _, _ in ServerResponses.html(Pages.login(message: nil)) }
        router.post("/login") { request, context in
            await self.answer(request) {
                // Throttled per address: after 5 wrong passwords in a row, a wait that doubles
                // each time (the right password too waits it out).
                let address = context.clientAddress
                if let wait = self.gatekeeper.loginWait(for: address) {
                    let seconds = Int(wait.components.seconds) + 1
                    var response = ServerResponses.html(Pages.login(message: "密码输错次数过多，请\(seconds)秒后再试"), status: .tooManyRequests)
                    response.headers[.retryAfter] = String(seconds)
                    return response
                }
                let fields = Self.formFields(try await self.body(request, limit: 64 * 1024))
                let right = self.gatekeeper.passwordMatches(fields["password"] ?? "")
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
                    title: fields["title"] ?? "", team: fields["team"], form: fields["form"] ?? "", units: units, baseline: nil)
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
                let parts = try Multipart.parts(try await self.body(request), contentType: request.headers[.contentType])
                guard let file = parts.file("file"), !file.bytes.isEmpty else {
                    return try self.campaignPage(request, id: id, uploadError: "请选择要上传的文件", status: .badRequest)
                }
                do {
                    _ = try self.upload(campaign: id, file: file, unit: parts.field("unit"), sheet: parts.field("sheet"))
                } catch {
                    return try self.campaignPage(request, id: id, uploadError: "\(error)", status: ServerResponses.status(of: error))
                }
                return ServerResponses.redirect("/campaigns/\(id)#uploads")
            }
        }
        router.post("/campaigns/{id}/baseline") { request, context in
            await self.answer(request) {
                let id = try Self.id(context)
                let fields = Self.formFields(try await self.body(request, limit: 64 * 1024))
                let run = fields["run"].flatMap { Int64($0) }
                if let run, try self.store.run(run)?.status != "done" { throw ServerError.badRequest("no finished run \(run)") }
                try self.store.setBaseline(run, of: id)
                return ServerResponses.redirect("/campaigns/\(id)#runs")
            }
        }
        router.post("/campaigns/{id}/runs") { request, context in
            await self.answer(request) { ServerResponses.redirect("/runs/\(try await self.startRun(campaign: try Self.id(context)).id!)") }
        }
        router.get("/campaigns/{id}/export") { request, context in await self.answer(request) { try self.export(campaign: try Self.id(context)) } }
        router.post("/campaigns/import") { request, _ in
            await self.answer(request) {
                let parts = try Multipart.parts(try await self.body(request), contentType: request.headers[.contentType])
                guard let file = parts.file("file") else { throw ServerError.badRequest("请选择导出的测评文件夹（zip）") }
                return ServerResponses.redirect("/campaigns/\(try self.importCampaign(file.bytes))")
            }
        }
        router.get("/runs/{id}") { request, context in await self.answer(request) { try self.runPage(request, id: try Self.id(context)) } }
        router.get("/runs/{id}/files/**") { request, context in
            await self.answer(request) {
                let path = context.parameters.getCatchAll().joined(separator: "/").removingPercentEncoding ?? ""
                guard let url = self.engine.file(of: try Self.id(context), path: path) else { throw ServerError.notFound("file \(path)") }
                let inline = path.hasSuffix(".html") || path.hasSuffix(".md") || path.hasSuffix(".json")
                return ServerResponses.bytes(try Data(contentsOf: url), type: Self.contentType(path), download: inline ? nil : url.lastPathComponent)
            }
        }
        router.get("/runs/{id}/zip") { request, context in
            await self.answer(request) {
                let id = try Self.id(context)
                guard try self.store.run(id)?.status == "done" else { throw ServerError.notFound("finished run \(id)") }
                return ServerResponses.bytes(try Engine.zip(self.workspace.run(id).appendingPathComponent("out")), type: "application/zip", download: "测评结果-\(id).zip")
            }
        }
        // The evidence pack holds respondents' answers (ballots.csv, the response files): served,
        // like every page, only to a logged-in user off loopback (docs/web.md).
        router.get("/runs/{id}/evidence.zip") { request, context in
            await self.answer(request) {
                let id = try Self.id(context)
                guard try self.store.run(id)?.status == "done" else { throw ServerError.notFound("finished run \(id)") }
                return ServerResponses.bytes(try self.engine.evidencePack(of: id), type: "application/zip", download: "测评证据-\(id).zip")
            }
        }
        router.post("/runs/{id}/attach") { request, context in await self.answer(request) { try await self.attach(request, run: try Self.id(context)) } }
        router.get("/forms") { request, _ in await self.answer(request) { try self.formsPage(request) } }
        router.post("/forms") { request, _ in
            await self.answer(request) {
                let parts = try Multipart.parts(try await self.body(request), contentType: request.headers[.contentType])
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
        router.post("/forms/draft") { request, _ in
            await self.answer(request) {
                let parts = try Multipart.parts(try await self.body(request), contentType: request.headers[.contentType])
                guard let file = parts.file("file"), let kind = Engine.kind(of: file.bytes) else {
                    return try self.formsPage(request, error: "请选择一个 CSV 或 Excel 导出文件", status: .unsupportedMediaType)
                }
                let folder = self.workspace.root.appendingPathComponent("tmp")
                let path = try self.engine.linkedCopy(try self.workspace.store(file.bytes), kind: kind, in: folder)
                defer { try? FileManager.default.removeItem(atPath: path) }
                var options = ImportOptions()
                options.sheet = parts.field("sheet")
                let draft = try Tally.draftForm(files: [path], options: options)
                let form = try self.addForm(yaml: draft.yaml, name: "draft.yaml")
                return self.page("起草的测评表", request, """
                    <h1>由导出文件起草的测评表 <code>\(Pages.escape(form.id))</code></h1>
                    <p>已保存，可在新建测评时选用。每一处“请核对”都是从导出文件推测的，请逐条核对；要修改，请下载后改好再上传。</p>
                    <div class="scroll"><pre class="card">\(Pages.escape(draft.yaml))</pre></div>
                    <p><a class="button" href="/campaigns/new">用它新建测评</a></p>
                    """)
            }
        }
    }

    func homePage(_ request: Request) throws -> Response {
        let rows = try store.campaigns().map { campaign in
            "<tr><td><a href=\"/campaigns/\(campaign.id!)\">\(Pages.escape(campaign.title))</a></td><td>\(Pages.escape(campaign.team ?? ""))</td>"
                + "<td>\(Pages.escape(campaign.form))</td><td>\(try store.units(of: campaign.id!).count)</td></tr>"
        }
        let table = rows.isEmpty
            ? "<p class=\"muted\">还没有测评。先<a href=\"/campaigns/new\">新建一个测评</a>。</p>"
            : "<div class=\"scroll\"><table><thead><tr><th>测评</th><th>工作组</th><th>测评表</th><th>单位数</th></tr></thead><tbody>\(rows.joined())</tbody></table></div>"
        let importForm = """
            <h2>导入测评文件夹</h2><form method="post" enctype="multipart/form-data" action="\(Pages.action("/campaigns/import", csrf: csrf(request)))" class="card">
            <label for="import">导出的测评文件夹（zip，含 campaign.yaml）</label><input type="file" id="import" name="file" required><br><button type="submit">导入</button></form>
            """
        return page("测评", request, "<h1>测评</h1>\(table)<p><a class=\"button\" href=\"/campaigns/new\">新建测评</a></p>\(importForm)")
    }

    func formOptions(selected: String?) throws -> String {
        try formList().map { entry in
            "<option value=\"\(Pages.escape(entry.id))\"\(entry.id == selected ? " selected" : "")>\(Pages.escape(entry.title))（\(Pages.escape(entry.id))）</option>"
        }.joined()
    }

    func newCampaignPage(_ request: Request, values: [String: String], errors: [String: String], status: HTTPResponse.Status = .ok) throws -> Response {
        func error(_ field: String) -> String { errors[field].map { "<p class=\"field-error\" id=\"\(field)-error\" role=\"alert\">\(Pages.escape($0))</p>" } ?? "" }
        func described(_ field: String) -> String { errors[field] != nil ? " aria-invalid=\"true\" aria-describedby=\"\(field)-error\"" : "" }
        let body = """
            <h1>新建测评</h1>
            <form method="post" action="\(Pages.action("/campaigns/new", csrf: csrf(request)))">
            <label for="title">测评名称</label><input type="text" id="title" name="title" value="\(Pages.escape(values["title"] ?? ""))" placeholder="2021年县政法队伍教育整顿专项巡查"\(described("title"))>\(error("title"))
            <label for="team">工作组（报告中“……采取……方式”的主语）</label><input type="text" id="team" name="team" value="\(Pages.escape(values["team"] ?? ""))" placeholder="县委第二巡察组">
            <label for="form">测评表</label><select id="form" name="form"\(described("form"))>\(try formOptions(selected: values["form"]))</select>\(error("form"))
            <p class="muted">没有合适的？在<a href="/forms">测评表</a>页上传一张，或由导出文件起草。</p>
            <label for="units">被测评单位（每行一个：单位名称,发出票数；某单位用另一张测评表时，第三项写它的编号）</label>
            <textarea id="units" name="units" placeholder="县司法局,60&#10;县公安局,45&#10;县人民法院,80,public-satisfaction"\(described("units"))>\(Pages.escape(values["units"] ?? ""))</textarea>\(error("units"))
            <br><button type="submit">创建</button></form>
            """
        return ServerResponses.html(Pages.layout(title: "新建测评", csrf: csrf(request), body: body), status: status)
    }

    func campaignPage(_ request: Request, id: Int64, uploadError: String? = nil, status: HTTPResponse.Status = .ok) throws -> Response {
        let view = try campaignView(id)
        let token = csrf(request)
        var body = "<h1>\(Pages.escape(view.title))</h1><p class=\"muted\">测评表：\(Pages.escape(view.form))\(view.team.map { "；工作组：" + Pages.escape($0) } ?? "")</p>"
        body += "<h2>单位</h2><div class=\"scroll\"><table><thead><tr><th>单位</th><th>发出票数</th><th>上传的文件</th></tr></thead><tbody>"
        for unit in view.units {
            let files = view.uploads.filter { $0.unit == unit.name || $0.unit == nil }.map { Pages.escape($0.filename) }.joined(separator: "、")
            body += "<tr><td>\(Pages.escape(unit.name))</td><td>\(unit.issued.map(String.init) ?? "—")</td><td>\(files.isEmpty ? "<span class=\"muted\">还没有</span>" : files)</td></tr>"
        }
        body += "</tbody></table></div>"
        body += "<h2 id=\"uploads\">上传答卷</h2>"
        if let uploadError { body += "<p class=\"field-error\" role=\"alert\">\(Pages.escape(uploadError))</p>" }
        body += """
            <form method="post" enctype="multipart/form-data" action="\(Pages.action("/campaigns/\(id)/uploads", csrf: token))" class="card">
            <label for="file">文件（问卷星、腾讯问卷等导出的 CSV，或 Excel 录入表 .xlsx）</label><input type="file" id="file" name="file" required>
            <label for="unit">属于哪个单位</label><select id="unit" name="unit"><option value="">全部单位（文件中有“单位”一列）</option>
            \(view.units.map { "<option value=\"\(Pages.escape($0.name))\">\(Pages.escape($0.name))</option>" }.joined())</select>
            <label for="sheet">工作表（Excel 文件有多张表时填写名称或序号）</label><input type="text" id="sheet" name="sheet">
            <br><button type="submit">上传并检查</button></form>
            """
        for upload in view.uploads.reversed() {
            body += "<div class=\"card\"><strong>\(Pages.escape(upload.filename))</strong> <span class=\"muted\">\(upload.unit.map(Pages.escape) ?? "全部单位")，\(upload.size) 字节</span>"
            if let inspect = upload.inspect {
                body += "<p class=\"muted\">编码 \(Pages.escape(inspect.encoding))；来源 \(Pages.escape(inspect.shape))；\(inspect.rows) 行答卷</p>"
                for warning in inspect.warnings { body += "<p class=\"warning\">\(Pages.escape(warning))</p>" }
                for missing in inspect.unmatched { body += "<p class=\"warning\">\(Pages.escape(missing))</p>" }
                if let stop = inspect.stop { body += "<p class=\"error\">按现在的样子统计会停止：\(Pages.escape(stop))</p>" }
                body += "<details><summary>每一列读作什么</summary><div class=\"scroll\"><table><thead><tr><th>列</th><th>读作</th></tr></thead><tbody>"
                body += inspect.columns.map { "<tr><td>\(Pages.escape($0.header))</td><td>\(Pages.escape($0.readAs))</td></tr>" }.joined()
                body += "</tbody></table></div></details>"
            }
            body += "</div>"
        }
        body += "<h2 id=\"runs\">统计</h2>"
        // Compared with an earlier round: every rate's change (with its test) and the index's.
        let earlier = try store.finishedRuns(except: id)
        if !earlier.isEmpty {
            let current = try store.campaign(id)?.baselineRunId
            body += "<form method=\"post\" action=\"\(Pages.action("/campaigns/\(id)/baseline", csrf: token))\" class=\"card\">"
            body += "<label for=\"baseline\">与上一轮对比（各项比例和综合得分的变化）</label><select id=\"baseline\" name=\"run\"><option value=\"\">不对比</option>"
            body += earlier.map { "<option value=\"\($0.run)\"\($0.run == current ? " selected" : "")>\(Pages.escape($0.title))：第\($0.run)次统计</option>" }.joined()
            body += "</select><br><button type=\"submit\">保存</button></form>"
        }
        body += "<form method=\"post\" action=\"\(Pages.action("/campaigns/\(id)/runs", csrf: token))\"><button type=\"submit\">开始统计</button></form>"
        if !view.runs.isEmpty {
            body += "<ul>" + view.runs.map { "<li><a href=\"/runs/\($0.id)\">第\($0.id)次统计</a>：\(Pages.statusWord($0.status))</li>" }.joined() + "</ul>"
        }
        body += "<p><a href=\"/campaigns/\(id)/export\">导出测评文件夹（zip，可用命令行 tally run 重现）</a></p>"
        return ServerResponses.html(Pages.layout(title: view.title, csrf: token, body: body), status: status)
    }

    func runPage(_ request: Request, id: Int64) throws -> Response {
        guard let record = try store.run(id), let campaign = try store.campaign(record.campaignId) else { throw ServerError.notFound("run \(id)") }
        let run = view(record, files: true)
        let token = csrf(request)
        var body = "<h1>\(Pages.escape(campaign.title))：第\(id)次统计</h1><p>\(Pages.statusWord(run.status))　<a href=\"/campaigns/\(campaign.id!)\">返回测评</a></p>"
        for error in run.errors { body += "<p class=\"error\">\(Pages.escape(error))</p>" }
        for warning in run.warnings { body += "<p class=\"warning\">\(Pages.escape(warning))</p>" }
        guard run.status == "done" else { return page("统计", request, body) }
        let files = run.files ?? []
        let units = try store.units(of: campaign.id!).map(\.name)
        body += "<h2>汇总</h2><p><a href=\"/runs/\(id)/files/summary.html\">汇总表（网页）</a>　<a href=\"/runs/\(id)/zip\">下载全部结果（zip）</a></p>"
        body += "<p><a href=\"/runs/\(id)/evidence.zip\">下载证据包（zip）</a>：原始答卷、计票清单（ballots.csv）和全部结果，附每个文件的校验值，可用命令行 tally verify 核对。内含每张测评票的作答，属内部资料，请妥善保管。</p>"
        body += "<h2>各单位</h2><div class=\"scroll\"><table><thead><tr><th>单位</th><th>测评情况</th><th>下载</th></tr></thead><tbody>"
        for (unit, folder) in zip(units, OutputFiles.folderNames(units)) {
            let mine = files.filter { $0.hasPrefix(folder + "/") }
            let links = mine.map { "<a href=\"/runs/\(id)/files/\(Pages.escape($0.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? $0))\">\(Pages.escape(String($0.dropFirst(folder.count + 1))))</a>" }
            body += "<tr><td>\(Pages.escape(unit))</td><td><a href=\"/runs/\(id)/files/\(Pages.escape((folder + "/findings.html").addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? ""))\">查看测评情况和附件</a></td><td>\(links.joined(separator: " "))</td></tr>"
        }
        body += "</tbody></table></div>"
        // Rejected ballots and answers, as a table.
        var rejected: [[String]] = []
        for file in files where file.hasSuffix("rejected.csv") {
            guard let url = engine.file(of: id, path: file), let text = try? String(contentsOf: url, encoding: .utf8) else { continue }
            for line in text.split(whereSeparator: \.isNewline).dropFirst() { rejected.append([String(file.dropLast("/rejected.csv".count))] + Self.csvCells(String(line))) }
        }
        body += "<h2>无效票和无效答案（\(rejected.count)）</h2>"
        if !rejected.isEmpty {
            body += "<div class=\"scroll\"><table><thead><tr><th>单位</th><th>文件</th><th>行</th><th>记录</th><th>列</th><th>内容</th><th>原因</th></tr></thead><tbody>"
            body += rejected.prefix(500).map { "<tr>" + $0.map { "<td\($0.count <= 6 ? " class=\"short\"" : "")>\(Pages.escape($0))</td>" }.joined() + "</tr>" }.joined()
            body += "</tbody></table></div>"
        }
        body += """
            <h2>放入单位报告</h2>
            <form method="post" enctype="multipart/form-data" action="\(Pages.action("/runs/\(id)/attach", csrf: token))" class="card">
            <label for="report">报告（.docx 或 .md，在要放入的位置写 {{tally:findings}} 等占位符）</label><input type="file" id="report" name="report" required>
            <label for="attach-unit">单位</label><select id="attach-unit" name="unit">\(units.map { "<option>\(Pages.escape($0))</option>" }.joined())</select>
            <br><button type="submit">生成并下载</button></form>
            """
        return page("统计结果", request, body)
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

    func formsPage(_ request: Request, error: String? = nil, status: HTTPResponse.Status = .ok) throws -> Response {
        let token = csrf(request)
        var body = "<h1>测评表</h1>"
        if let error { body += "<p class=\"field-error\" role=\"alert\">\(Pages.escape(error))</p>" }
        body += "<div class=\"scroll\"><table><thead><tr><th>编号</th><th>名称</th><th>来源</th></tr></thead><tbody>"
        body += try formList().map { "<tr><td>\(Pages.escape($0.id))</td><td>\(Pages.escape($0.title))</td><td>\($0.builtin ? "内置" : "上传")</td></tr>" }.joined()
        body += "</tbody></table></div>"
        body += """
            <h2>由导出文件起草</h2><form method="post" enctype="multipart/form-data" action="\(Pages.action("/forms/draft", csrf: token))" class="card">
            <label for="export">问卷星等平台导出的 CSV 或 Excel 文件</label><input type="file" id="export" name="file" required>
            <label for="draft-sheet">工作表（可不填）</label><input type="text" id="draft-sheet" name="sheet"><br><button type="submit">起草测评表</button></form>
            <h2>上传测评表（YAML）</h2><form method="post" enctype="multipart/form-data" action="\(Pages.action("/forms", csrf: token))" class="card">
            <label for="form-file">测评表文件</label><input type="file" id="form-file" name="file" required><br><button type="submit">上传并检查</button></form>
            """
        return ServerResponses.html(Pages.layout(title: "测评表", csrf: token, body: body), status: status)
    }
}

import Foundation
import HTTPTypes
import Hummingbird
import Logging
import TallyCore
import TallyRender

/// How the server is set up (`tally-server`'s options).
public struct ServerConfiguration: Sendable {
    public var workspace: URL
    public var host: String
    public var port: Int
    /// Required off loopback.
    public var password: String?
    public var maxUploadBytes: Int
    /// Host names (with their port unless it is the default) the server answers to besides the
    /// loopback ones, e.g. behind a reverse proxy or on a LAN address (`--public-host`).
    public var publicHosts: [String]
    /// The server is reached over HTTPS through a reverse proxy: cookies are marked Secure.
    public var behindTLS = false

    public init(
        workspace: URL, host: String = "127.0.0.1", port: Int = 8080, password: String? = nil, maxUploadMB: Int = 200,
        publicHosts: [String] = []
    ) {
        self.workspace = workspace
        self.host = host
        self.port = port
        self.password = password
        maxUploadBytes = maxUploadMB * 1024 * 1024
        self.publicHosts = publicHosts
    }

    /// How long SIGTERM or SIGINT waits for requests in progress (an upload being inspected, a
    /// run) before they are cancelled and the process ends. Below systemd's 90 s stop timeout;
    /// a run cut short is marked failed at the next start.
    public static let shutdownDeadline: Duration = .seconds(20)

    /// Whether `host` only answers this machine.
    public var isLoopback: Bool { ["127.0.0.1", "localhost", "::1"].contains(host) }
}

/// One run per campaign at a time; the others wait their turn.
actor CampaignLocks {
    private var busy: Set<Int64> = []
    private var waiting: [Int64: [CheckedContinuation<Void, Never>]] = [:]

    func lock(_ campaign: Int64) async {
        if busy.insert(campaign).inserted { return }
        await withCheckedContinuation { waiting[campaign, default: []].append($0) }
    }

    func unlock(_ campaign: Int64) {
        if var queue = waiting[campaign], !queue.isEmpty {
            queue.removeFirst().resume()
            waiting[campaign] = queue
        } else {
            busy.remove(campaign)
        }
    }
}

/// The server: storage, engine and gatekeeper, and the routes over them.
public final class TallyServer: Sendable {
    public let configuration: ServerConfiguration
    public let workspace: Workspace
    public let store: Store
    public let gatekeeper: Gatekeeper
    let engine: Engine
    let locks = CampaignLocks()
    /// Wrong 测评码 per address (Collecting.swift).
    let guesses = GuessThrottle()
    /// The workspace's lock file, held (flock) while this server runs.
    private let lock: Int32

    /// Takes the workspace's lock, or says that another server has it: two servers on one
    /// workspace would each mark the other's runs failed and remove their folders.
    static func lockWorkspace(_ root: URL) throws -> Int32 {
        let path = root.appendingPathComponent("lock").path
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw ServerError.badRequest("cannot open \(path) to lock the workspace") }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw ServerError.badRequest("another tally-server is using the workspace \(root.path): stop it first, or give --dir another folder")
        }
        return descriptor
    }

    deinit { close(lock) }

    public init(configuration: ServerConfiguration) throws {
        if !configuration.isLoopback && (configuration.password ?? "").isEmpty {
            throw ServerError.badRequest(
                "\(configuration.host) is not loopback: give --password-file FILE or TALLY_PASSWORD, so that only your colleagues can log in")
        }
        let stored = try configuration.password.map { try StoredPassword($0) }
        if stored?.tooShort == true {
            throw ServerError.badRequest("the password is shorter than \(Gatekeeper.shortestPassword) characters (spaces aside): choose a longer one")
        }
        self.configuration = configuration
        workspace = try Workspace(root: configuration.workspace)
        lock = try Self.lockWorkspace(workspace.root)
        store = try Store(path: workspace.database.path)
        gatekeeper = Gatekeeper(
            password: stored, apiToken: try Gatekeeper.apiToken(in: workspace), secureCookies: configuration.behindTLS)
        engine = Engine(workspace: workspace, store: store)
    }

    /// The HTTP application: one log line per request, the gatekeeper, the routes.
    public func application(logger: Logger = Logger(label: "tally-server")) -> some ApplicationProtocol {
        // A connection that sends nothing for 30 s is closed: half-open requests cannot pile up
        // until the server runs out of file descriptors.
        Application(
            router: router(),
            server: .http1(configuration: .init(idleTimeout: .seconds(30))),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "tally-server"),
            logger: logger)
    }

    public func router() -> Router<TallyRequestContext> {
        let router = Router(context: TallyRequestContext.self)
        router.add(middleware: QuietLogMiddleware())
        router.add(middleware: HostAndHeadersMiddleware(
            allowedHosts: HostAndHeadersMiddleware<TallyRequestContext>.allowedHosts(
                loopback: configuration.isLoopback, port: configuration.port, publicHosts: configuration.publicHosts),
            // The upload limit plus room for a multipart envelope.
            largestBody: configuration.maxUploadBytes + 1024 * 1024))
        router.add(middleware: GatekeeperMiddleware(gatekeeper: gatekeeper, maxBody: configuration.maxUploadBytes))
        addAPI(router)
        addPages(router)
        addCollection(router)
        addScanning(router)
        return router
    }

    /// Runs `body`, answering its errors with their status and the engine's own message.
    func answer(_ request: Request, _ body: () async throws -> Response) async -> Response {
        do {
            return try await body()
        } catch {
            if let storage = ServerResponses.storageProblem(error) { return ServerResponses.error(storage.status, storage.message, request) }
            return ServerResponses.error(ServerResponses.status(of: error), "\(error)", request)
        }
    }

    func body(_ request: Request, limit: Int? = nil) async throws -> ByteBuffer {
        try await BodyPace.standard.collect(request.body, upTo: limit ?? configuration.maxUploadBytes)
    }

    /// A multipart body's parts: collected here, parsed off the cooperative pool (a 200 MB upload
    /// takes a while to split).
    func multipart(_ request: Request) async throws -> [FormPart] {
        let body = try await self.body(request)
        let type = request.headers[.contentType]
        return try await Offload.run(slot: false) { try Multipart.parts(body, contentType: type) }
    }

    /// The client's address, for throttling: the connection's, or behind the reverse proxy
    /// (`--behind-tls`) the last address in `X-Forwarded-For`, the one the proxy itself added
    /// (earlier ones come from the client and prove nothing). Without it, every phone in a
    /// meeting would share the proxy's address and one participant's typos would lock out all.
    func clientAddress(_ request: Request, _ context: TallyRequestContext) -> String {
        if configuration.behindTLS, let forwarded = request.headers[HTTPField.Name("X-Forwarded-For")!],
            let last = forwarded.split(separator: ",").last?.trimmingCharacters(in: .whitespaces), !last.isEmpty
        {
            return last
        }
        return context.clientAddress
    }

    func csrf(_ request: Request) -> String? {
        gatekeeper.csrf(for: request.cookies[GatekeeperMiddleware<TallyRequestContext>.sessionCookie]?.value)
    }

    // MARK: the engine's steps, shared by the API and the pages

    struct CampaignInput: Decodable {
        struct Unit: Decodable {
            var name: String
            var issued: Int?
            var form: String?
            var method: String? = nil
            var groups: [String: String]? = nil
        }
        var title: String
        var team: String?
        var form: String
        var units: [Unit]
        /// An earlier finished run to compare with (its rates' and index's changes).
        var baseline: Int64?
        var methods: [String]? = nil
    }

    /// Checks and stores a campaign; the errors name the field they belong to.
    func createCampaign(_ input: CampaignInput, known: [String: String] = [:]) throws -> Int64 {
        var problems = known
        if input.title.trimmingCharacters(in: .whitespaces).isEmpty { problems["title"] = "请填写测评名称" }
        // Control characters (from a paste out of another program) make every later run fail and
        // can make two names one: refused here, where the clerk can still fix them.
        let control = Self.hasControl
        if control(input.title) || control(input.team ?? "") { problems["title"] = "名称中含有看不见的控制字符，请删除后重新填写" }
        do { _ = try engine.loadForm(input.form) } catch { problems["form"] = "没有这张测评表：\(input.form)" }
        if input.units.isEmpty && problems["units"] == nil { problems["units"] = "请至少填写一个单位" }
        var seen: Set<String> = []
        for unit in input.units {
            if unit.name.trimmingCharacters(in: .whitespaces).isEmpty { problems["units"] = "单位名称不能为空" }
            if control(unit.name) { problems["units"] = "单位名称中含有看不见的控制字符，请删除后重新填写" }
            if !seen.insert(unit.name).inserted { problems["units"] = "单位“\(unit.name)”重复" }
            if let issued = unit.issued, issued < 0 { problems["units"] = "发出票数不能为负数" }
            if let issued = unit.issued, issued > Campaign.maximumIssued { problems["units"] = "单位“\(unit.name)”的发出票数\(issued)超过\(Campaign.maximumIssued)张，请核对" }
            if let form = unit.form, (try? engine.loadForm(form)) == nil { problems["units"] = "没有这张测评表：\(form)" }
            if control(unit.method ?? "") || (unit.groups ?? [:]).values.contains(where: control) { problems["units"] = "单位“\(unit.name)”的方式或类别名称中含有看不见的控制字符，请删除后重新填写" }
            if let groups = unit.groups, let form = try? engine.loadForm(unit.form ?? input.form),
                let unknown = groups.keys.sorted().first(where: { id in !TallyService.groups(of: form).contains { $0.id == id } }) {
                problems["units"] = "单位“\(unit.name)”：测评表中没有类别“\(unknown)”"
            }
        }
        if let baseline = input.baseline, try store.run(baseline)?.status != "done" { problems["baseline"] = "没有第\(baseline)次统计的结果可供对比" }
        guard problems.isEmpty else { throw FieldErrors(fields: problems) }
        return try store.createCampaign(
            CampaignRecord(
                id: nil, title: input.title, team: input.team.flatMap { $0.isEmpty ? nil : $0 }, form: input.form, createdAt: Date(),
                baselineRunId: input.baseline, methods: input.methods.flatMap { methods in
                    let kept = methods.map(Self.trimmed).filter { !$0.isEmpty }
                    return kept.isEmpty ? nil : Engine.json(kept)
                }),
            units: input.units.map {
                UnitRecord(
                    id: nil, campaignId: 0, position: 0, name: $0.name, issued: $0.issued, form: $0.form,
                    method: $0.method.flatMap { Self.trimmed($0).isEmpty ? nil : Self.trimmed($0) }, groups: $0.groups.flatMap(Self.groupsJSON))
            })
    }

    /// Stores an upload (by content, never by its name) and what the importer sees in it.
    func upload(campaign id: Int64, file: FormPart, unit: String?, sheet: String?) throws -> UploadRecord {
        guard let campaign = try store.campaign(id) else { throw ServerError.notFound("campaign \(id)") }
        guard let kind = Engine.kind(of: file.bytes) else {
            throw ServerError.unsupported(Engine.refusal(of: file.bytes, name: file.filename ?? "文件"))
        }
        if let unit, try !store.units(of: id).contains(where: { $0.name == unit }) { throw ServerError.badRequest("这个测评中没有单位“\(unit)”") }
        let known = FileManager.default.fileExists(atPath: workspace.file(Workspace.sha256(file.bytes)).path)
        let digest = try workspace.store(file.bytes)
        do {
            let form = try engine.form(campaign, try store.units(of: id).first { $0.name == unit }?.form ?? campaign.form)
            let name = Engine.safeName(file.filename ?? "upload.\(kind)")
            let summary = try engine.inspect(digest: digest, kind: kind, sheet: sheet, form: form, name: name)
            let record = UploadRecord(
                id: nil, campaignId: id, unit: unit, filename: name, sha256: digest, sheet: sheet,
                size: file.bytes.count, kind: kind, inspect: String(decoding: try JSONEncoder().encode(summary), as: UTF8.self), createdAt: Date())
            return try store.insert(record)
        } catch {
            // A refused upload leaves nothing behind (a file another upload already holds stays).
            if !known, (try? store.uploadHolds(digest)) == false { try? FileManager.default.removeItem(at: workspace.file(digest)) }
            throw error
        }
    }

    /// Runs a campaign, after any run of it still going.
    func startRun(campaign id: Int64) async throws -> RunRecord {
        guard try store.campaign(id) != nil else { throw ServerError.notFound("campaign \(id)") }
        var run = try store.insert(RunRecord(id: nil, campaignId: id, status: "queued", errors: "[]", warnings: "[]", createdAt: Date(), finishedAt: nil))
        await locks.lock(id)
        run.status = "running"
        try? store.update(run)
        let engine = self.engine
        let started = run
        // Off the cooperative pool (Offload): a long run holds one engine slot, not a pool thread.
        let finished = (try? await Offload.run { () -> RunRecord in
            do {
                return try engine.run(started)
            } catch {
                // The run's own record could not be written (a full or read-only disk): marked
                // failed at once where the database still takes it, and said without a path.
                var failed = started
                failed.status = "failed"
                failed.errors = Engine.json(["统计结果未能保存到工作区（磁盘已满或不可写），请检查服务器的存储后重新统计"])
                failed.finishedAt = Date()
                try? engine.store.update(failed)
                return failed
            }
        }) ?? started
        await locks.unlock(id)
        return finished
    }

    /// A campaign folder (as `export` writes it, or any folder `tally run` reads), zipped: its
    /// forms, units and response files become a new campaign. A file listed for every unit is
    /// one upload for all; otherwise one per unit that lists it.
    func importCampaign(_ zip: [UInt8]) throws -> Int64 {
        let folder = workspace.root.appendingPathComponent("tmp").appendingPathComponent("import-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try Engine.unzip(Data(zip), into: folder)
        let file = folder.appendingPathComponent("campaign.yaml")
        guard FileManager.default.fileExists(atPath: file.path) else { throw ServerError.rejected("压缩包最上层没有 campaign.yaml：请上传由本程序“导出测评文件夹”得到的压缩包") }
        // Confined: every file the campaign names must be inside the zip's folder (never /etc/passwd,
        // the workspace's api-token or ../x.yaml), said as an error naming the entry.
        let outline = TallyService.outline(try Campaign.load(file.path, confined: true))
        // Forms the campaign names by path are uploaded; built-in ids stay as they are.
        var forms: [String: String] = [:]
        for unit in outline.units where forms[unit.form] == nil {
            let path = folder.appendingPathComponent(unit.form).standardizedFileURL.path
            if unit.form.hasSuffix(".yaml") || unit.form.hasSuffix(".yml"), let data = FileManager.default.contents(atPath: path) {
                forms[unit.form] = try addForm(yaml: String(decoding: data, as: UTF8.self), name: URL(fileURLWithPath: path).lastPathComponent, asVersion: true).id
            } else {
                forms[unit.form] = unit.form
            }
        }
        let defaultForm = forms[outline.units.first?.form ?? ""] ?? "leadership-evaluation"
        let id = try createCampaign(CampaignInput(
            title: outline.title, team: outline.team, form: defaultForm,
            units: outline.units.map { unit in
                .init(
                    name: unit.name, issued: unit.issued, form: forms[unit.form] == defaultForm ? nil : forms[unit.form], method: unit.method,
                    groups: unit.groups.isEmpty ? nil : Dictionary(unit.groups.map { ($0.id, $0.label) }, uniquingKeysWith: { _, last in last }))
            },
            baseline: nil, methods: outline.methods))
        var done: Set<String> = []
        for unit in outline.units {
            for response in unit.responses {
                let key = response.path + "\u{1F}" + (response.sheet ?? "")
                let everywhere = outline.units.allSatisfy { other in other.responses.contains { $0.path == response.path && $0.sheet == response.sheet } }
                if everywhere && done.contains(key) { continue }
                done.insert(key)
                guard let data = FileManager.default.contents(atPath: response.path) else { throw ServerError.rejected("压缩包中的答卷文件“\(URL(fileURLWithPath: response.path).lastPathComponent)”无法读取") }
                let part = FormPart(name: "file", filename: URL(fileURLWithPath: response.path).lastPathComponent, bytes: Array(data))
                _ = try upload(campaign: id, file: part, unit: everywhere && outline.units.count > 1 ? nil : unit.name, sheet: response.sheet)
            }
        }
        return id
    }

    /// An uploaded form checked and kept; its id is the form's own.
    /// - Parameter asVersion: a form with a built-in form's id becomes a version of it
    ///   (`leadership-evaluation-v2`) instead of being refused: a campaign folder's copy of a
    ///   built-in form with the clerk's choices written in, imported again.
    func addForm(yaml: String, name: String, asVersion: Bool = false) throws -> FormRecord {
        let form: Form
        do {
            form = try TallyService.checkForm(yaml, name: name)
        } catch {
            throw ServerError.rejected(ClerkWords.error(error, fileName: { _ in name }))
        }
        let builtin = TallyService.builtinForms().contains(where: { $0.id == form.id })
        if builtin, !asVersion {
            throw ServerError.rejected("测评表文件“\(name)”的编号与一张内置测评表相同：请在文件开头的 id 一行换一个编号后重新上传")
        }
        // Stored by content: the same text again is the form already kept; a different text under
        // a taken id is a new version (`id-v2`, `id-v3`…), never an overwrite, so that campaigns
        // made with the first keep scoring and exporting exactly as before.
        let digest = Workspace.sha256(Array(yaml.utf8))
        var id = form.id
        var version = 1
        if builtin {
            if TallyService.builtinFormYAML(form.id) == yaml { return FormRecord(id: form.id, title: form.title, sha256: digest, createdAt: Date()) }
            version = 2
            id = "\(form.id)-v2"
        }
        while let existing = try store.form(id) {
            if existing.sha256 == digest { return existing }
            version += 1
            id = "\(form.id)-v\(version)"
        }
        try Workspace.writeDurably(Array(yaml.utf8), to: workspace.forms.appendingPathComponent("\(id).yaml"), temporaryIn: workspace.root.appendingPathComponent("tmp"))
        let record = FormRecord(id: id, title: version > 1 ? "\(form.title)（第\(version)版）" : form.title, sha256: digest, createdAt: Date())
        try store.save(record)
        return record
    }

    func formList() throws -> [(id: String, title: String, builtin: Bool)] {
        TallyService.builtinForms().map { ($0.id, $0.title, true) } + (try store.forms()).map { ($0.id, $0.title, false) }
    }
}

/// Mistakes in a form's fields, each shown beside its field; the API's message is their words
/// (in the fields' order), since each says which field it is about.
struct FieldErrors: Error, CustomStringConvertible {
    var fields: [String: String]
    var description: String { fields.sorted { $0.key < $1.key }.map(\.value).joined(separator: "；") }
}

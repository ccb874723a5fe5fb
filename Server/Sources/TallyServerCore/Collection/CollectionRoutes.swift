import Foundation
import Hummingbird
import TallyCore
import TallyRender

/// The routes of 扫码测评 (HTTP.md): codes, slips, progress, close and reopen for the team
/// (behind the login); the phone ballot and its submission for participants (no login: the
/// code is the key).
extension TallyServer {
    func addCollection(_ router: Router<TallyRequestContext>) {
        let api = router.group("/api/v1")
        api.post("campaigns/{id}/units/{name}/codes") { request, context in
            await self.answer(request) {
                let (id, name) = (try Self.id(context), try Self.name(context))
                let input = try await self.decode(CodesInput.self, request, what: "groups（各类别的数量）或 count")
                let base = self.publicBase(request)
                let codes = try await Offload.run { try self.issueCodes(campaign: id, unit: name, input, base: base) }
                return ServerResponses.json(["codes": codes], status: .created)
            }
        }
        api.get("campaigns/{id}/units/{name}/slips") { request, context in
            await self.answer(request) {
                let (id, name) = (try Self.id(context), try Self.name(context))
                let html = request.uri.queryParameters["format"] == "html"
                let base = self.publicBase(request)
                return try await Offload.run { try self.slips(campaign: id, unit: name, html: html, base: base) }
            }
        }
        api.get("campaigns/{id}/progress") { request, context in
            await self.answer(request) {
                let id = try Self.id(context)
                guard try self.store.campaign(id) != nil else { throw ServerError.notFound("campaign \(id)") }
                return ServerResponses.json(try self.store.progress(of: id))
            }
        }
        api.post("campaigns/{id}/units/{name}/close") { request, context in
            await self.answer(request) {
                let (id, name) = (try Self.id(context), try Self.name(context))
                let closed = try await Offload.run { try self.closeCollection(campaign: id, unit: name) }
                return ServerResponses.json(Closed(unit: name, ballots: closed.ballots, upload: closed.upload?.id))
            }
        }
        api.post("campaigns/{id}/units/{name}/reopen") { request, context in
            await self.answer(request) {
                let (id, name) = (try Self.id(context), try Self.name(context))
                try await Offload.run { try self.reopenCollection(campaign: id, unit: name) }
                return ServerResponses.json(Reopened(unit: name, open: true))
            }
        }
        api.post("ballots") { request, context in
            await self.answer(request) {
                let ballot = try await self.decode(BallotInput.self, request, what: "code 和 answers")
                let address = self.clientAddress(request, context)
                let (status, message) = try await Offload.run(slot: false) { try self.submit(code: ballot.code, answers: ballot.answers, from: address) }
                if status == .created { return ServerResponses.json(["message": message], status: .created) }
                return ServerResponses.error(status, message, request)
            }
        }

        // The phone ballot.
        router.get("/b") { _, _ in Self.phonePage(self.ballotPage(BallotMessage.typeCode(error: nil))) }
        router.post("/b") { request, context in
            await self.answer(request) {
                let fields = Self.formFields(try await self.body(request, limit: 16 * 1024))
                let code = BallotCode.normalised(fields["code"] ?? "")
                if code == nil { self.guesses.recordWrong(from: self.clientAddress(request, context)) }
                return code.map { ServerResponses.redirect("/b/\($0)") }
                    ?? Self.phonePage(self.ballotPage(BallotMessage.typeCode(error: "测评码不对，请核对测评票上的11位测评码")), status: .notFound)
            }
        }
        router.get("/b/{code}") { request, context in
            await self.answer(request) {
                let code = context.parameters.get("code") ?? ""
                let address = self.clientAddress(request, context)
                switch try await Offload.run(slot: false, { try self.lookUp(code: code, from: address) }) {
                case .refused(let status, let message):
                    return Self.phonePage(self.ballotPage(BallotMessage(title: "扫码测评", message: message)), status: status)
                case .ready(let entry, let ballot, _):
                    return Self.phonePage(self.ballotPage(BallotView(code: BallotCode.normalised(code)!, entry: entry, ballot: ballot, fields: [:])))
                }
            }
        }
        router.post("/b/{code}") { request, context in
            await self.answer(request) {
                let code = context.parameters.get("code") ?? ""
                let address = self.clientAddress(request, context)
                let fields = Self.repeatedFormFields(try await self.body(request, limit: 256 * 1024))
                return try await Offload.run(slot: false) { try self.phoneSubmission(code: code, fields: fields, from: address) }
            }
        }

        // The team's pages.
        router.get("/campaigns/{id}/collect") { request, context in
            await self.answer(request) { try self.collectPage(request, id: try Self.id(context)) }
        }
        router.post("/campaigns/{id}/collect/{action}") { request, context in
            await self.answer(request) {
                let id = try Self.id(context)
                let fields = Self.formFields(try await self.body(request, limit: 64 * 1024))
                let unit = fields["unit"] ?? ""
                do {
                    switch context.parameters.get("action") {
                    case "codes":
                        let (_, form) = try self.collectingUnit(campaign: id, name: unit)
                        let groups = PhoneBallot(form: form).groups
                        func number(_ key: String) throws -> Int {
                            let text = (fields[key] ?? "").trimmingCharacters(in: .whitespaces)
                            guard !text.isEmpty else { return 0 }
                            guard let value = Int(text), value >= 0 else { throw ServerError.rejected("测评码数量应为不小于0的整数") }
                            return value
                        }
                        let input = groups.isEmpty
                            ? CodesInput(groups: nil, count: try number("count"))
                            : CodesInput(groups: Dictionary(uniqueKeysWithValues: try groups.enumerated().map { ($0.element, try number("n\($0.offset)")) }), count: nil)
                        let base = self.publicBase(request)
                        let made = try await Offload.run { try self.issueCodes(campaign: id, unit: unit, input, base: base) }
                        return try self.collectPage(request, id: id, notice: "已为“\(unit)”生成测评码\(made.count)个，请打印测评票")
                    case "close":
                        let closed = try await Offload.run { try self.closeCollection(campaign: id, unit: unit) }
                        let notice = closed.ballots == 0
                            ? "“\(unit)”的扫码测评已结束，没有收到测评票"
                            : "“\(unit)”的扫码测评已结束：收回\(closed.ballots)张，已作为答卷文件“\(closed.upload?.filename ?? "")”加入本测评，可以统计了"
                        return try self.collectPage(request, id: id, notice: notice)
                    case "reopen":
                        try await Offload.run { try self.reopenCollection(campaign: id, unit: unit) }
                        return try self.collectPage(request, id: id, notice: "“\(unit)”的扫码测评已重新开放，结束后请再次点击“结束收票”")
                    default:
                        throw ServerError.notFound("action")
                    }
                } catch let error as ServerError {
                    if case .notFound = error { throw error }
                    return try self.collectPage(request, id: id, error: error.description, status: ServerResponses.status(of: error))
                }
            }
        }
        router.get("/campaigns/{id}/progress") { request, context in
            await self.answer(request) { try self.progressPage(request, id: try Self.id(context)) }
        }
    }

    struct Closed: Encodable {
        var unit: String
        var ballots: Int
        var upload: Int64?
    }

    struct Reopened: Encodable {
        var unit: String
        var open: Bool
    }

    struct BallotInput: Decodable {
        var code: String
        var answers: [String: PhoneBallot.Answer]
    }

    /// The slip sheet of a unit's codes: the print page or the .docx.
    func slips(campaign id: Int64, unit name: String, html: Bool, base: String) throws -> Response {
        let (unit, form) = try collectingUnit(campaign: id, name: name)
        let codes = try store.codes(of: unit.id!)
        guard !codes.isEmpty else { throw ServerError.conflict("单位“\(name)”还没有生成测评码") }
        let slips = SlipSheet.ordered(
            codes.map { SlipSheet.Slip(code: $0.code, spaced: BallotCode.spaced($0.code), group: $0.group, url: "\(base)/b/\($0.code)") },
            groups: PhoneBallot(form: form).groups)
        if html {
            return ServerResponses.html(try SlipSheet.html(unit: name, title: form.title, slips: slips, typeAt: "\(base)/b"))
        }
        let docx = try SlipSheet.docx(unit: name, title: form.title, slips: slips, typeAt: "\(base)/b")
        return ServerResponses.bytes(docx, type: Self.contentType("x.docx"), download: "测评码-\(name).docx")
    }

    /// `application/x-www-form-urlencoded` fields with every value of a repeated name (a
    /// multi-select's boxes), in order.
    static func repeatedFormFields(_ buffer: ByteBuffer) -> [String: [String]] {
        var fields: [String: [String]] = [:]
        for pair in String(buffer: buffer).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decoded(_ text: Substring) -> String { text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "" }
            fields[decoded(parts[0]), default: []].append(parts.count > 1 ? decoded(parts[1]) : "")
        }
        return fields
    }

    /// A ballot sent by the phone page's form: refused with its reason and the answers kept,
    /// shown once more to confirm when the page's script did not ask, or stored.
    func phoneSubmission(code: String, fields: [String: [String]], from address: String) throws -> Response {
        let lookedUp = try lookUp(code: code, from: address)
        guard case .ready(let entry, let ballot, _) = lookedUp else {
            if case .refused(let status, let message) = lookedUp {
                return Self.phonePage(ballotPage(BallotMessage(title: "扫码测评", message: message)), status: status)
            }
            return Self.phonePage(ballotPage(BallotMessage(title: "扫码测评", message: "没有这个测评码")), status: .notFound)
        }
        let answers = BallotView.answers(fields, ballot: ballot)
        var view = BallotView(code: BallotCode.normalised(code)!, entry: entry, ballot: ballot, fields: fields)
        if let problem = ballot.problem(in: answers) {
            view.error = ClerkWords.ballot(problem)
            return Self.phonePage(ballotPage(view), status: .unprocessableContent)
        }
        if fields["confirmed"]?.first != "1" {
            view.confirming = true
            return Self.phonePage(ballotPage(view))
        }
        let (status, message) = try submit(code: code, answers: answers, from: address)
        if status == .unprocessableContent {
            view.error = message
            return Self.phonePage(ballotPage(view), status: status)
        }
        return Self.phonePage(ballotPage(BallotMessage(title: status == .created ? "提交成功" : "扫码测评", message: message, done: status == .created)), status: status)
    }

    /// A participant's page: never kept by the phone's browser (its back button must not show
    /// a submitted ballot's answers).
    static func phonePage(_ html: String, status: HTTPResponse.Status = .ok) -> Response {
        var response = ServerResponses.html(html, status: status)
        response.headers[.cacheControl] = "no-store"
        return response
    }

    func ballotPage(_ model: Any) -> String {
        PageRenderer.shared.render(model is BallotView ? "phone-ballot" : "phone-message", model)
    }
}

import Foundation
import Hummingbird
import Synchronization
import TallyCore
import TallyRender

/// 扫码测评: codes issued per unit and category, ballots taken on phones, the unit's collection
/// closed into a response file of the campaign (docs/collection.md).
extension TallyServer {
    /// The most codes one request issues, and one unit holds (as many as the issued count may be).
    static var maximumCodes: Int { Campaign.maximumIssued }

    /// A unit of a campaign, its form, and the labels its codes may carry.
    func collectingUnit(campaign id: Int64, name: String) throws -> (unit: UnitRecord, form: Form) {
        guard let campaign = try store.campaign(id) else { throw ServerError.notFound("campaign \(id)") }
        guard let unit = try store.units(of: id).first(where: { $0.name == name }) else { throw ServerError.notFound("unit \(name)") }
        return (unit, try engine.form(campaign, unit.form ?? campaign.form))
    }

    struct CodesInput: Decodable {
        var groups: [String: Int]?
        var count: Int?
    }

    struct IssuedCode: Encodable {
        var code: String
        var group: String?
        var url: String
    }

    /// Issues codes for a unit: `groups` (category label → how many) for a form with
    /// categories, `count` for one without. A label may be the form's or the unit's own word
    /// for a category; the code carries the form's label, which the engine reads.
    func issueCodes(campaign id: Int64, unit name: String, _ input: CodesInput, base: String) throws -> [IssuedCode] {
        let (unit, form) = try collectingUnit(campaign: id, name: name)
        if try store.collection(of: unit.id!)?.closed == true {
            throw ServerError.conflict("单位“\(name)”的扫码测评已结束，不能再发放测评码。如需补发，请先重新开放")
        }
        let ballot = PhoneBallot(form: form)
        var counts: [(group: String?, count: Int)] = []
        if ballot.groups.isEmpty {
            guard input.groups == nil || input.groups!.isEmpty else {
                throw ServerError.rejected("测评表“\(form.title)”不分测评人类别，请只填写测评码的数量")
            }
            counts = [(nil, input.count ?? 0)]
        } else {
            guard input.count == nil || input.count == 0, let groups = input.groups else {
                throw ServerError.rejected("请按测评人类别（\(ballot.groups.joined(separator: "、"))）分别填写测评码的数量：测评码带有类别，测评人不必再选")
            }
            let own = (unit.groups.flatMap { try? JSONDecoder().decode([String: String].self, from: Data($0.utf8)) } ?? [:])
            let byOwnWord = Dictionary(
                TallyService.groups(of: form).compactMap { group in own[group.id].map { ($0, group.label) } }, uniquingKeysWith: { first, _ in first })
            for (label, count) in groups.sorted(by: { $0.key < $1.key }) {
                guard let formLabel = ballot.groups.contains(label) ? label : byOwnWord[label] else {
                    throw ServerError.rejected("测评表中没有测评人类别“\(label)”，可用的类别：\(ballot.groups.joined(separator: "、"))")
                }
                if count > 0 { counts.append((formLabel, count)) }
            }
        }
        if let negative = counts.first(where: { $0.count < 0 }) {
            throw ServerError.rejected("测评码数量不能为负数（\(negative.group ?? "测评码")）")
        }
        let total = counts.reduce(0) { $0 + $1.count }
        guard total > 0 else { throw ServerError.rejected("请填写要发放的测评码数量") }
        let existing = try store.codes(of: unit.id!).count
        guard existing + total <= Self.maximumCodes else {
            throw ServerError.rejected("单位“\(name)”的测评码将超过\(Self.maximumCodes)个，请核对数量")
        }
        return try store.issueCodes(unit: unit.id!, counts: counts, make: BallotCode.make).map {
            IssuedCode(code: $0.code, group: $0.group, url: "\(base)/b/\($0.code)")
        }
    }

    /// The address a slip's QR code points at: the Host the clerk's browser used (a LAN address
    /// or a `--public-host`), which phones on the same network reach too.
    func publicBase(_ request: Request) -> String {
        let host = request.head.authority ?? "\(configuration.host):\(configuration.port)"
        return "\(configuration.behindTLS ? "https" : "http")://\(host)"
    }

    /// Whether an address is this machine's own, which no phone reaches.
    static func isLoopbackBase(_ base: String) -> Bool {
        let host = URL(string: base)?.host ?? ""
        return host == "localhost" || host.hasPrefix("127.") || host == "::1" || host == "[::1]"
    }

    /// Whether a submission may go ahead, and the ballot (the form the code's unit uses).
    enum Submission {
        case refused(HTTPResponse.Status, String)
        case ready(CodeEntry, PhoneBallot, unitForm: Form)
    }

    /// A code as given, looked up: wrong guesses are counted per address (not stored with
    /// anything else) and refused for a minute after `GuessThrottle.limit`.
    func lookUp(code text: String, from address: String) throws -> Submission {
        if let wait = guesses.wait(for: address) {
            return .refused(.tooManyRequests, "测评码输错次数过多，请\(Int(wait.components.seconds) + 1)秒后再试")
        }
        guard let code = BallotCode.normalised(text), let entry = try store.codeEntry(code) else {
            guesses.recordWrong(from: address)
            return .refused(.notFound, "没有这个测评码，请核对测评票上的测评码")
        }
        if entry.closed { return .refused(.gone, "“\(entry.unit)”的测评已经结束，不再接收测评票") }
        if entry.used { return .refused(.conflict, "这个测评码已经提交过测评票，每个测评码只能提交一次。感谢参与！") }
        guard let campaign = try store.campaign(entry.campaignId),
            let unit = try store.units(of: entry.campaignId).first(where: { $0.id == entry.unitId })
        else { return .refused(.notFound, "没有这个测评码，请核对测评票上的测评码") }
        let form = try engine.form(campaign, unit.form ?? campaign.form)
        return .ready(entry, PhoneBallot(form: form), unitForm: form)
    }

    /// Stores a ballot: checked against the form's rules, then in one transaction with its code
    /// marked used. The answers are kept as canonical JSON (keys sorted), so that nothing of
    /// how a phone wrote them is stored.
    func submit(code text: String, answers: [String: PhoneBallot.Answer], from address: String) throws -> (HTTPResponse.Status, String) {
        switch try lookUp(code: text, from: address) {
        case .refused(let status, let message):
            return (status, message)
        case .ready(_, let ballot, _):
            if let problem = ballot.problem(in: answers) { return (.unprocessableContent, ClerkWords.ballot(problem)) }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            let json = String(decoding: try encoder.encode(answers), as: UTF8.self)
            let code = BallotCode.normalised(text)!
            switch try store.submitBallot(code: code, answers: json, day: Self.today()) {
            case .stored: return (.created, "测评票已提交。感谢参与！")
            case .used: return (.conflict, "这个测评码已经提交过测评票，每个测评码只能提交一次。感谢参与！")
            case .closed: return (.gone, "本单位的测评已经结束，不再接收测评票")
            case .unknown: return (.notFound, "没有这个测评码，请核对测评票上的测评码")
            }
        }
    }

    /// The server's day (its time zone), the finest time a ballot keeps.
    static func today() -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: Date())
    }

    /// Closes a unit's collection: no more ballots are taken, and its ballots (in the order of
    /// their random ids) become a response file of the unit, inspected like an upload.
    func closeCollection(campaign id: Int64, unit name: String) throws -> (ballots: Int, upload: UploadRecord?) {
        let (unit, form) = try collectingUnit(campaign: id, name: name)
        guard let collection = try store.collection(of: unit.id!) else {
            throw ServerError.conflict("单位“\(name)”还没有发放测评码，没有扫码测评可结束")
        }
        if collection.closed { throw ServerError.conflict("单位“\(name)”的扫码测评已经结束") }
        // Closed first, so that a ballot arriving now is refused rather than left out.
        try store.setCollection(unit: unit.id!, closed: true, uploadId: nil)
        do {
            let stored = try store.ballots(of: unit.id!)
            guard !stored.isEmpty else { return (0, nil) }
            let decoder = JSONDecoder()
            let ballots = try stored.map { ($0.group, try decoder.decode([String: PhoneBallot.Answer].self, from: Data($0.answers.utf8))) }
            let bytes = PhoneBallot(form: form).responseFile(unit: name, ballots: ballots)
            let file = FormPart(name: "file", filename: "扫码测评票-\(name).csv", bytes: bytes)
            let record = try upload(campaign: id, file: file, unit: name, sheet: nil)
            try store.setCollection(unit: unit.id!, closed: true, uploadId: record.id)
            // The write-ahead log holds the collection's transactions in the order they came (a
            // code marked used beside its ballot): emptied now, so that the files at rest keep no order.
            store.truncateLog()
            return (ballots.count, record)
        } catch {
            try? store.setCollection(unit: unit.id!, closed: false, uploadId: nil)
            throw error
        }
    }

    /// Reopens a closed collection, until a run has counted it: the response file its closing
    /// made is removed (closing again makes it anew, with the ballots since).
    func reopenCollection(campaign id: Int64, unit name: String) throws {
        let (unit, _) = try collectingUnit(campaign: id, name: name)
        guard let collection = try store.collection(of: unit.id!), collection.closed else {
            throw ServerError.conflict("单位“\(name)”的扫码测评没有结束，不必重新开放")
        }
        if let closedAt = collection.closedAt, try store.runs(of: id).contains(where: { $0.createdAt >= closedAt }) {
            throw ServerError.conflict("单位“\(name)”的扫码测评结果已经统计过，不能重新开放。如确需补充，请新建一个测评")
        }
        if let upload = collection.uploadId { try removeUpload(campaign: id, upload: upload, collection: true) }
        try store.setCollection(unit: unit.id!, closed: false, uploadId: nil)
    }
}

/// Wrong codes per client address in the last minute: after `limit`, the address waits until
/// the oldest is a minute old. Addresses live here, in memory only, never beside a ballot.
final class GuessThrottle: Sendable {
    static let limit = 10
    static let window: Duration = .seconds(60)
    /// The most addresses remembered; the stalest go first.
    static let capacity = 10_000
    private let wrong = Mutex<[String: [ContinuousClock.Instant]]>([:])

    init() {}

    /// How long `address` must wait before trying a code again; `nil`: it may now.
    func wait(for address: String, at now: ContinuousClock.Instant = .now) -> Duration? {
        wrong.withLock { table in
            let recent = (table[address] ?? []).filter { now - $0 < Self.window }
            table[address] = recent.isEmpty ? nil : recent
            guard recent.count >= Self.limit, let oldest = recent.first else { return nil }
            return Self.window - (now - oldest)
        }
    }

    func recordWrong(from address: String, at now: ContinuousClock.Instant = .now) {
        wrong.withLock { table in
            if table[address] == nil, table.count >= Self.capacity {
                table = table.filter { now - ($0.value.last ?? now) < Self.window }
                if table.count >= Self.capacity, let stalest = table.min(by: { ($0.value.last ?? now) < ($1.value.last ?? now) })?.key {
                    table[stalest] = nil
                }
            }
            table[address, default: []].append(now)
        }
    }
}

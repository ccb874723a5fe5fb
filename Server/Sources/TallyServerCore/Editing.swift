import Foundation
import TallyCore
import TallyRender

/// Undo and edit (HTTP.md): a campaign's fields, its units, uploads and runs changed or removed,
/// each change one transaction, checked first. A change that would leave the campaign unable to
/// run (its last unit, a unit whose answers are uploaded for it alone) is refused with what to do
/// instead. Shared by the API and the pages.
extension TallyServer {
    /// What a campaign's fields become; an absent field stays as it is.
    struct CampaignPatch: Decodable {
        var title: String?
        /// Empty: no team.
        var team: String?
        /// Empty: no methods sentence.
        var methods: [String]?
        var form: String?
    }

    /// A unit's fields, for a new unit or a change; `issued: null` clears the count, an empty
    /// `form` or `method` clears it, `groups` replaces every label.
    struct UnitInput: Decodable {
        var name: String?
        var issued: Int?
        var clearsIssued = false
        var form: String?
        var method: String?
        var groups: [String: String]?
        var position: Int?

        enum CodingKeys: String, CodingKey { case name, issued, form, method, groups, position }

        init(name: String? = nil, issued: Int? = nil, clearsIssued: Bool = false, form: String? = nil, method: String? = nil, groups: [String: String]? = nil, position: Int? = nil) {
            self.name = name
            self.issued = issued
            self.clearsIssued = clearsIssued
            self.form = form
            self.method = method
            self.groups = groups
            self.position = position
        }

        init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decodeIfPresent(String.self, forKey: .name)
            issued = try container.decodeIfPresent(Int.self, forKey: .issued)
            clearsIssued = try container.contains(.issued) && container.decodeNil(forKey: .issued)
            form = try container.decodeIfPresent(String.self, forKey: .form)
            method = try container.decodeIfPresent(String.self, forKey: .method)
            groups = try container.decodeIfPresent([String: String].self, forKey: .groups)
            position = try container.decodeIfPresent(Int.self, forKey: .position)
        }
    }

    static func hasControl(_ text: String) -> Bool { text.unicodeScalars.contains { $0.properties.generalCategory == .control } }

    static func trimmed(_ text: String) -> String { text.trimmingCharacters(in: .whitespacesAndNewlines) }

    /// A campaign's title, team, methods or form changed. A new form re-reads every upload with it.
    func editCampaign(_ id: Int64, _ patch: CampaignPatch) throws -> CampaignRecord {
        guard try store.campaign(id) != nil else { throw ServerError.notFound("campaign \(id)") }
        var problems: [String: String] = [:]
        if let title = patch.title {
            if Self.trimmed(title).isEmpty { problems["title"] = "请填写测评名称" }
            if Self.hasControl(title) { problems["title"] = "名称中含有看不见的控制字符，请删除后重新填写" }
        }
        if let team = patch.team, Self.hasControl(team) { problems["team"] = "工作组名称中含有看不见的控制字符，请删除后重新填写" }
        let methods = patch.methods?.map(Self.trimmed).filter { !$0.isEmpty }
        if let methods, methods.contains(where: Self.hasControl) { problems["methods"] = "工作方式中含有看不见的控制字符，请删除后重新填写" }
        if let form = patch.form, (try? engine.loadForm(form)) == nil { problems["form"] = "没有这张测评表，请从列表中选择" }
        guard problems.isEmpty else { throw FieldErrors(fields: problems) }
        let before = try store.campaign(id)
        guard let campaign = try store.updateCampaign(id, { campaign in
            if let title = patch.title { campaign.title = Self.trimmed(title) }
            if let team = patch.team { campaign.team = Self.trimmed(team).isEmpty ? nil : Self.trimmed(team) }
            if let methods { campaign.methods = methods.isEmpty ? nil : Engine.json(methods) }
            if let form = patch.form { campaign.form = form }
        }) else { throw ServerError.notFound("campaign \(id)") }
        if before?.form != campaign.form { try reinspect(campaign: id) }
        return campaign
    }

    /// The newest stored version of the campaign's form, when there is one newer than the one
    /// it uses (`id-v2` after `id`, `id-v3` after `id-v2`…), with what moving to it changes.
    func newerFormVersion(of campaign: CampaignRecord) throws -> (record: FormRecord, changes: [String])? {
        let (base, current) = Self.version(of: campaign.form)
        let newer = try store.forms().compactMap { record -> (FormRecord, Int)? in
            let (recordBase, version) = Self.version(of: record.id)
            return recordBase == base && version > current ? (record, version) : nil
        }
        guard let newest = newer.max(by: { $0.1 < $1.1 })?.0 else { return nil }
        let comparison = FormComparison(from: try engine.loadForm(campaign.form), to: try engine.loadForm(newest.id))
        return (newest, ClerkWords.formChanges(comparison))
    }

    /// A form id's base and version: `my-survey-v3` is (`my-survey`, 3), `my-survey` (`my-survey`, 1).
    static func version(of id: String) -> (base: String, version: Int) {
        guard let dash = id.range(of: "-v", options: .backwards), let number = Int(id[dash.upperBound...]), number >= 2,
            id[dash.upperBound...].allSatisfy(\.isNumber)
        else { return (id, 1) }
        return (String(id[..<dash.lowerBound]), number)
    }

    /// Moves a campaign to a newer version of its form: every upload is read again with it; runs
    /// made before keep their results. The words say what changed.
    func moveToFormVersion(_ id: Int64, form: String) throws -> String {
        guard let campaign = try store.campaign(id) else { throw ServerError.notFound("campaign \(id)") }
        guard let newer = try newerFormVersion(of: campaign), newer.record.id == form else {
            throw ServerError.conflict("这个测评已在使用最新版本的测评表，或页面已过期：请刷新页面后再看")
        }
        let before = formTitle(campaign.form)
        _ = try editCampaign(id, CampaignPatch(form: form))
        let changes = newer.changes.isEmpty ? "两版统计方式相同" : newer.changes.joined(separator: "；")
        return "测评表已由“\(before)”改为“\(newer.record.title)”：\(changes)。已上传的文件已按新版重新检查；以前的统计结果不变，重新统计后按新版计。"
    }

    /// Checks a unit's fields against the campaign; the errors name the field they belong to.
    func check(_ input: UnitInput, campaign: CampaignRecord, others: [UnitRecord], form current: String?) throws {
        var problems: [String: String] = [:]
        if let name = input.name {
            if Self.trimmed(name).isEmpty { problems["name"] = "单位名称不能为空" }
            if Self.hasControl(name) { problems["name"] = "单位名称中含有看不见的控制字符，请删除后重新填写" }
            if others.contains(where: { $0.name == Self.trimmed(name) }) { problems["name"] = "已有名为“\(Self.trimmed(name))”的单位" }
        }
        if let issued = input.issued {
            if issued < 0 { problems["issued"] = "发出票数不能为负数" }
            if issued > Campaign.maximumIssued { problems["issued"] = "发出票数\(issued)超过\(Campaign.maximumIssued)张，请核对" }
        }
        if let form = input.form, !form.isEmpty, (try? engine.loadForm(form)) == nil { problems["form"] = "没有这张测评表，请从列表中选择" }
        if let method = input.method, Self.hasControl(method) { problems["method"] = "方式中含有看不见的控制字符，请删除后重新填写" }
        if let groups = input.groups {
            let formID = input.form.flatMap { $0.isEmpty ? nil : $0 } ?? current ?? campaign.form
            let known = (try? engine.loadForm(formID)).map(TallyService.groups) ?? []
            for (group, label) in groups.sorted(by: { $0.key < $1.key }) {
                if !known.contains(where: { $0.id == group }) { problems["groups"] = "测评表中没有这一类别，请从列表中选择" }
                if Self.hasControl(label) { problems["groups"] = "类别名称中含有看不见的控制字符，请删除后重新填写" }
            }
        }
        guard problems.isEmpty else { throw FieldErrors(fields: problems) }
    }

    static func groupsJSON(_ groups: [String: String]) -> String? {
        let kept = groups.mapValues(trimmed).filter { !$0.value.isEmpty }
        guard !kept.isEmpty else { return nil }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: (try? encoder.encode(kept)) ?? Data("{}".utf8), as: UTF8.self)
    }

    /// A unit added after the others.
    func addUnit(campaign id: Int64, _ input: UnitInput) throws -> UnitRecord {
        guard let campaign = try store.campaign(id) else { throw ServerError.notFound("campaign \(id)") }
        guard input.name != nil else { throw FieldErrors(fields: ["name": "请填写单位名称"]) }
        try check(input, campaign: campaign, others: try store.units(of: id), form: nil)
        return try store.addUnit(UnitRecord(
            id: nil, campaignId: id, position: 0, name: Self.trimmed(input.name ?? ""), issued: input.issued,
            form: input.form.flatMap { $0.isEmpty ? nil : $0 }, method: input.method.flatMap { Self.trimmed($0).isEmpty ? nil : Self.trimmed($0) },
            groups: input.groups.flatMap(Self.groupsJSON)))
    }

    /// A unit changed: renamed (its uploads follow), moved, its 发出票数, form, 方式 or labels.
    func editUnit(campaign id: Int64, name: String, _ input: UnitInput) throws -> UnitRecord {
        guard let campaign = try store.campaign(id) else { throw ServerError.notFound("campaign \(id)") }
        let units = try store.units(of: id)
        guard let unit = units.first(where: { $0.name == name }) else { throw ServerError.notFound("unit") }
        var renamed = input
        if renamed.name.map(Self.trimmed) == name { renamed.name = nil }
        try check(renamed, campaign: campaign, others: units.filter { $0.name != name }, form: unit.form)
        guard let changed = try store.updateUnit(campaign: id, name: name, position: input.position, { unit in
            if let name = renamed.name { unit.name = Self.trimmed(name) }
            if let issued = input.issued { unit.issued = issued }
            if input.clearsIssued { unit.issued = nil }
            if let form = input.form { unit.form = form.isEmpty || form == campaign.form ? nil : form }
            if let method = input.method { unit.method = Self.trimmed(method).isEmpty ? nil : Self.trimmed(method) }
            if let groups = input.groups { unit.groups = Self.groupsJSON(groups) }
        }) else { throw ServerError.notFound("unit") }
        if changed.form != unit.form { try reinspect(campaign: id) }
        return changed
    }

    /// A unit removed. Refused for the campaign's last unit, and for a unit with answers uploaded
    /// for it alone (they would be lost from every later run without a word): remove those first.
    func removeUnit(campaign id: Int64, name: String) throws {
        guard try store.campaign(id) != nil else { throw ServerError.notFound("campaign \(id)") }
        let units = try store.units(of: id)
        guard units.contains(where: { $0.name == name }) else { throw ServerError.notFound("unit") }
        guard units.count > 1 else { throw ServerError.rejected("测评至少要有一个单位：要换掉“\(name)”，请先添加新单位再删除它") }
        // Its phone ballots would go with it (the tables cascade): kept unless the campaign goes.
        if let unit = units.first(where: { $0.name == name }), try !store.codes(of: unit.id!).isEmpty {
            throw ServerError.rejected("单位“\(name)”已经发放了扫码测评的测评码，删除单位会丢失收回的测评票，因此不能删除。如确是建错的测评，可删除整个测评")
        }
        let own = try store.uploads(of: id).filter { $0.unit == name }
        guard own.isEmpty else {
            throw ServerError.rejected("单位“\(name)”还有上传的答卷（\(own.map(\.filename).joined(separator: "、"))）：请先删除这些文件，再删除单位")
        }
        _ = try store.deleteUnit(campaign: id, name: name)
    }

    /// An upload removed from the campaign. Its file stays while a run holds it: each run keeps
    /// its own link to the files it read, so earlier runs still export and verify. The response file a
    /// closed 扫码测评 made is removed only by reopening that collection (`collection: true`).
    func removeUpload(campaign id: Int64, upload: Int64, collection: Bool = false) throws {
        if !collection, try store.collectionMade(upload: upload) {
            throw ServerError.conflict("这份文件是扫码测评收回的测评票，不能单独删除。如需更改，请在“扫码测评”页重新开放这个单位")
        }
        guard let removed = try store.deleteUpload(campaign: id, id: upload) else { throw ServerError.notFound("upload") }
        if try !store.uploadHolds(removed.sha256) { try? FileManager.default.removeItem(at: workspace.file(removed.sha256)) }
    }

    /// A finished or failed run removed with its files; a run still going is refused.
    func removeRun(_ id: Int64) throws -> Int64 {
        guard let run = try store.run(id) else { throw ServerError.notFound("run") }
        guard run.status == "done" || run.status == "failed" else { throw ServerError.conflict("这次统计还在进行，请等它结束后再删除") }
        _ = try store.deleteRun(id)
        try? FileManager.default.removeItem(at: workspace.run(id))
        return run.campaignId
    }

    /// A campaign removed with its units, uploads and runs; refused while one of its runs is going.
    func removeCampaign(_ id: Int64) throws {
        guard try store.campaign(id) != nil else { throw ServerError.notFound("campaign \(id)") }
        if try store.runs(of: id).contains(where: { $0.status == "queued" || $0.status == "running" }) {
            throw ServerError.conflict("这个测评正在统计，请等统计结束后再删除")
        }
        guard let removed = try store.deleteCampaign(id) else { throw ServerError.notFound("campaign \(id)") }
        for run in removed.runs { try? FileManager.default.removeItem(at: workspace.run(run)) }
        for digest in removed.digests where try !store.uploadHolds(digest) {
            try? FileManager.default.removeItem(at: workspace.file(digest))
        }
    }

    /// Every upload of a campaign inspected again with the form its unit now uses; `known`, one
    /// upload's summary the caller has just made (not inspected twice).
    func reinspect(campaign id: Int64, known: (upload: Int64, summary: TallyService.InspectSummary)? = nil) throws {
        guard let campaign = try store.campaign(id) else { return }
        let units = try store.units(of: id)
        for var upload in try store.uploads(of: id) {
            let form = try engine.form(campaign, units.first { $0.name == upload.unit }?.form ?? campaign.form)
            let summary = try known.flatMap { $0.upload == upload.id ? $0.summary : nil }
                ?? engine.inspect(digest: upload.sha256, kind: upload.kind, sheet: upload.sheet, form: form, name: upload.filename)
            upload.inspect = String(decoding: try JSONEncoder().encode(summary), as: UTF8.self)
            try store.update(upload)
        }
    }
}

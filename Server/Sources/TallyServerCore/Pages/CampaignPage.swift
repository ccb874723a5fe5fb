import Foundation
import Hummingbird
import TallyCore
import TallyRender

/// A campaign's page: its fields, units, uploads and runs, each with its edit and undo.
extension TallyServer {
    struct CampaignPage {
        struct GroupLabel {
            var id: String
            var label: String
            var renamed: String?
        }

        struct UnitRow {
            var name: String
            /// The name percent-encoded for a link's query (stored: Mustache reads stored properties).
            var query: String
            var index: Int
            var issued: Int?
            var method: String?
            /// The unit's own form, when it is not the campaign's. (Named apart from the page's
            /// `formTitle`: a `nil` here would let Mustache find the page's instead.)
            var ownForm: String?
            var files: String?
            var forms: [FormChoice]
            var groups: [GroupLabel]
            var first: Bool
            var last: Bool
        }

        struct UploadCard {
            struct Summary {
                var encoding: String
                var shape: String
                var rows: Int
            }
            struct Column {
                var number: Int
                var header: String
                var readAs: String
            }
            var id: Int64
            var filename: String
            var unit: String
            var size: String
            var summary: Summary?
            var warnings: [String]
            var stop: String?
            var hasColumns: Bool
            var columns: [Column]
        }

        struct EarlierRun {
            var run: Int64
            var title: String
            var number: Int
            var selected: Bool
        }

        struct RunRow {
            var id: Int64
            var number: Int
            var status: String
        }

        /// A newer version of the campaign's form, offered with what moving to it changes.
        struct NewerForm {
            var form: String
            var formTitle: String
            var changes: [String]
        }

        var id: Int64
        var campaign: Int64
        var title: String
        var team: String?
        var methods: String?
        var formTitle: String
        var forms: [FormChoice]
        var newerForm: NewerForm?
        var notice: String?
        var error: String?
        var editOpen = false
        var addOpen = false
        var deleteOpen = false
        var deleteError: String?
        var missingIssued: String?
        var units: [UnitRow]
        var severalUnits: Bool
        var uploadError: String?
        var uploads: [UploadCard]
        var hasEarlier: Bool
        var earlier: [EarlierRun]
        var hasRuns: Bool
        var runs: [RunRow]
        var csrf: String
    }

    /// What the page says beside its parts: a notice after a change, an error where it happened.
    struct CampaignPageMessages {
        var notice: String?
        var error: String?
        var uploadError: String?
        var deleteError: String?
        var editOpen = false
        var addOpen = false
    }

    func campaignPage(_ request: Request, id: Int64, _ messages: CampaignPageMessages = .init(), status: HTTPResponse.Status = .ok) throws -> Response {
        guard let campaign = try store.campaign(id) else { throw ServerError.notFound("campaign \(id)") }
        let units = try store.units(of: id)
        let uploads = try store.uploads(of: id)
        let campaignForm = formTitle(campaign.form)
        let methods = campaign.methods.flatMap { try? JSONDecoder().decode([String].self, from: Data($0.utf8)) } ?? []
        let rows = try units.enumerated().map { index, unit in
            let files = uploads.filter { $0.unit == unit.name || $0.unit == nil }.map(\.filename).joined(separator: "、")
            let renamed = unit.groups.flatMap { try? JSONDecoder().decode([String: String].self, from: Data($0.utf8)) } ?? [:]
            let form = try? engine.loadForm(unit.form ?? campaign.form)
            return CampaignPage.UnitRow(
                name: unit.name, query: Pages.query(unit.name), index: index, issued: unit.issued, method: unit.method, ownForm: unit.form.map(formTitle),
                files: files.isEmpty ? nil : files, forms: try formChoices(selected: unit.form, sameAsCampaign: campaignForm),
                groups: form.map { TallyService.groups(of: $0).map { CampaignPage.GroupLabel(id: $0.id, label: $0.label, renamed: renamed[$0.id]) } } ?? [],
                first: index == 0, last: index == units.count - 1)
        }
        let without = units.filter { $0.issued == nil }.map(\.name)
        let cards = uploads.reversed().map { upload in
            let inspect = try? JSONDecoder().decode(TallyService.InspectSummary.self, from: Data(upload.inspect.utf8))
            return CampaignPage.UploadCard(
                id: upload.id!, filename: upload.filename, unit: upload.unit ?? "全部单位（按文件中的“单位”列）", size: Pages.size(upload.size),
                summary: inspect.map { .init(encoding: $0.encoding, shape: $0.shape, rows: $0.rows) },
                warnings: (inspect?.warnings ?? []) + (inspect?.unmatched ?? []), stop: inspect?.stop,
                hasColumns: !(inspect?.columns.isEmpty ?? true),
                columns: (inspect?.columns ?? []).enumerated().map { .init(number: $0.offset + 1, header: $0.element.header, readAs: $0.element.readAs) })
        }
        let earlier = try store.finishedRuns(except: id).map { found in
            CampaignPage.EarlierRun(
                run: found.run, title: found.title, number: (try? store.run(found.run))??.number ?? Int(found.run), selected: found.run == campaign.baselineRunId)
        }
        let runs = try store.runs(of: id).map { CampaignPage.RunRow(id: $0.id!, number: $0.number ?? Int($0.id!), status: Pages.statusWord($0.status)) }
        let page = CampaignPage(
            id: id, campaign: id, title: campaign.title, team: campaign.team, methods: methods.isEmpty ? nil : methods.joined(separator: "、"),
            formTitle: campaignForm, forms: try formChoices(selected: campaign.form),
            newerForm: (try? newerFormVersion(of: campaign))?.map { CampaignPage.NewerForm(form: $0.record.id, formTitle: $0.record.title, changes: $0.changes) },
            notice: messages.notice, error: messages.error,
            editOpen: messages.editOpen, addOpen: messages.addOpen, deleteOpen: messages.deleteError != nil, deleteError: messages.deleteError,
            missingIssued: without.isEmpty ? nil
                : "还没有填写发出票数：\(without.joined(separator: "、"))。不填则报告中没有发出票数和收回率；请在下表“修改”中补填。",
            units: rows, severalUnits: units.count > 1, uploadError: messages.uploadError, uploads: cards,
            hasEarlier: !earlier.isEmpty, earlier: earlier, hasRuns: !runs.isEmpty, runs: runs, csrf: csrf(request) ?? "")
        return render("campaign", title: campaign.title, page, request, status: status)
    }

    /// Which unit a file uploaded from the page is for: the one chosen; with one unit, that one;
    /// `*`, every unit (the file's unit column decides); left to the page, the unit whose name the
    /// file name holds (the longest, when several do); `nil` when nothing decides.
    static func unitChoice(_ chosen: String?, filename: String, units: [String]) -> (decided: Bool, unit: String?) {
        if let chosen, chosen == "*" { return (true, nil) }
        if let chosen, !chosen.isEmpty { return (true, chosen) }
        if units.count == 1 { return (true, units[0]) }
        if let named = units.filter({ filename.contains($0) }).max(by: { $0.count < $1.count }) { return (true, named) }
        return (false, nil)
    }
}

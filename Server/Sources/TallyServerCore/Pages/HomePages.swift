import Foundation
import Hummingbird
import TallyCore
import TallyRender

/// The home page (campaigns), a new campaign, forms.
extension TallyServer {
    /// A template in the layout, with the session's logout button.
    func render(_ template: String, title: String, _ model: Any, _ request: Request, status: HTTPResponse.Status = .ok) -> Response {
        ServerResponses.html(Pages.page(template, title: title, model: model, csrf: csrf(request), logout: gatekeeper.loginRequired), status: status)
    }

    /// A form to choose in a drop-down: shown by its title, never its id.
    struct FormChoice {
        var id: String
        var title: String
        var selected: Bool
    }

    func formChoices(selected: String?, sameAsCampaign: String? = nil) throws -> [FormChoice] {
        var choices = try formList().map { FormChoice(id: $0.id, title: $0.title, selected: $0.id == selected) }
        if let sameAsCampaign { choices.insert(FormChoice(id: "", title: "与测评相同（\(sameAsCampaign)）", selected: selected == nil), at: 0) }
        return choices
    }

    /// A form's title for people; the id only if it is gone.
    func formTitle(_ id: String) -> String {
        (try? formList().first { $0.id == id }?.title) ?? "测评表已不存在"
    }

    struct HomePage {
        struct Row {
            var id: Int64
            var title: String
            var team: String?
            var form: String
            var units: Int
        }
        var hasCampaigns: Bool
        var campaigns: [Row]
        var csrf: String
    }

    func homePage(_ request: Request) throws -> Response {
        let rows = try store.campaigns().map { campaign in
            HomePage.Row(id: campaign.id!, title: campaign.title, team: campaign.team, form: formTitle(campaign.form), units: try store.units(of: campaign.id!).count)
        }
        return render("home", title: "测评", HomePage(hasCampaigns: !rows.isEmpty, campaigns: rows, csrf: csrf(request) ?? ""), request)
    }

    struct NewCampaignPage {
        var values: [String: String]
        var errors: [String: String]
        var forms: [FormChoice]
        var csrf: String
    }

    func newCampaignPage(_ request: Request, values: [String: String], errors: [String: String], status: HTTPResponse.Status = .ok) throws -> Response {
        let model = NewCampaignPage(values: values, errors: errors, forms: try formChoices(selected: values["form"]), csrf: csrf(request) ?? "")
        return render("new-campaign", title: "新建测评", model, request, status: status)
    }

    /// Methods typed in one field: split at 、，, ; and spaces' neighbours, blanks dropped.
    static func methods(_ text: String) -> [String] {
        text.split(whereSeparator: { "、，,;；".contains($0) }).map { trimmed(String($0)) }.filter { !$0.isEmpty }
    }

    struct FormsPage {
        struct Row {
            var title: String
            var questions: Int
            var builtin: Bool
        }
        var error: String?
        var forms: [Row]
        /// Forms a draft may be fitted to.
        var bases: [FormChoice]
        var csrf: String
    }

    func formsPage(_ request: Request, error: String? = nil, status: HTTPResponse.Status = .ok) throws -> Response {
        let rows = try formList().map { entry in
            FormsPage.Row(title: entry.title, questions: (try? engine.loadForm(entry.id).questions.count) ?? 0, builtin: entry.builtin)
        }
        return render(
            "forms", title: "测评表", FormsPage(error: error, forms: rows, bases: try formChoices(selected: nil), csrf: csrf(request) ?? ""),
            request, status: status)
    }
}

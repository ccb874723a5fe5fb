import Foundation
import TallyRender

/// The app's pages: Chinese, server-rendered from the templates in Server/Templates,
/// self-contained (no external asset, no CDN), usable at 1366×768 and at a phone's width (tables
/// become one card per row), every form reachable by keyboard; whatever a user typed is escaped,
/// by `PageRenderer` alone.
enum Pages {
    /// The engine's own escaping, for the few attributes built outside a template.
    static func escape(_ text: String) -> String { HTMLEscaping.escape(text) }

    struct Layout {
        var title: String
        var body: String
        var logoutAction: String?
        var csrf: String
    }

    /// A page's body (already rendered) inside the layout.
    /// - Parameter logout: a 退出登录 button in the header (a server with a password).
    static func layout(title: String, csrf: String?, body: String, logout: Bool = false) -> String {
        PageRenderer.shared.render("layout", Layout(title: title, body: body, logoutAction: logout && csrf != nil ? "/logout" : nil, csrf: csrf ?? ""))
    }

    /// A template rendered into the layout.
    static func page(_ template: String, title: String, model: Any, csrf: String?, logout: Bool = false) -> String {
        layout(title: title, csrf: csrf, body: PageRenderer.shared.render(template, model), logout: logout)
    }

    /// A value percent-encoded for a link's query.
    static func query(_ value: String) -> String { value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "" }

    struct Login { var message: String? }

    static func login(message: String?) -> String {
        page("login", title: "登录", model: Login(message: message), csrf: nil)
    }

    struct ErrorPage {
        var message: String
        var back: String?
    }

    static func error(_ message: String, back: String? = nil) -> String {
        page("error", title: "出错了", model: ErrorPage(message: message, back: back), csrf: nil)
    }

    static func statusWord(_ status: String) -> String {
        switch status {
        case "done": "<span class=\"ok\">已完成</span>"
        case "failed": "<span class=\"error\">失败</span>"
        case "running": "进行中"
        default: "排队中"
        }
    }

    /// A byte count as people read it: 12.3 KB, 4.5 MB.
    static func size(_ bytes: Int) -> String {
        if bytes < 1024 { return "\(bytes) 字节" }
        if bytes < 1024 * 1024 { return String(format: "%.1f KB", Double(bytes) / 1024) }
        return String(format: "%.1f MB", Double(bytes) / 1024 / 1024)
    }
}

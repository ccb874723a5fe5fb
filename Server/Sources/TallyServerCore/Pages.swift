import Foundation
import TallyRender

/// The app's pages: Chinese, server-rendered, self-contained (no external asset, no CDN),
/// usable at 1366×768 and at a phone's width, every form reachable by keyboard; whatever a
/// user typed is escaped.
enum Pages {
    /// The engine's own escaping (the findings pages use it too).
    static func escape(_ text: String) -> String { HTMLEscaping.escape(text) }

    static let style = """
        *{box-sizing:border-box} body{margin:0;font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;font-size:16px;color:#212121;background:#fafafa}
        header{background:#0d3b66;color:#fff;padding:10px 16px} header a{color:#fff;text-decoration:none;font-weight:bold;margin-right:16px} header form.logout{display:inline;margin:0} header form.logout button{background:none;border:1px solid #fff;color:#fff;padding:2px 8px;font-size:14px;cursor:pointer}
        main{max-width:1100px;margin:0 auto;padding:16px} h1{font-size:22px} h2{font-size:18px;margin-top:28px}
        table{border-collapse:collapse;margin:8px 0;background:#fff} th,td{border:1px solid #bdbdbd;padding:4px 8px;text-align:left;vertical-align:top} th{background:#eeeeee;white-space:nowrap}
        .scroll{overflow-x:auto} label{display:block;margin:10px 0 4px;font-weight:bold} input[type=text],input[type=number],input[type=password],select,textarea{font:inherit;padding:6px;width:100%;max-width:520px;border:1px solid #9e9e9e;border-radius:3px}
        textarea{min-height:120px} button,.button{font:inherit;padding:8px 16px;background:#0d3b66;color:#fff;border:0;border-radius:3px;cursor:pointer;text-decoration:none;display:inline-block;margin-top:10px}
        button:focus,a:focus,input:focus,select:focus,textarea:focus{outline:3px solid #f9a825;outline-offset:1px}
        .error{color:#b71c1c} .field-error{color:#b71c1c;font-size:14px;margin:2px 0} .warning{background:#fff8e1;border-left:4px solid #f9a825;padding:6px 10px;margin:6px 0}
        td{min-width:5em} td:first-child,td.short{white-space:nowrap;min-width:0} .ok{color:#1b5e20} .muted{color:#616161;font-size:14px} .card{background:#fff;border:1px solid #e0e0e0;padding:12px 16px;margin:12px 0;border-radius:4px}
        iframe{width:100%;height:70vh;border:1px solid #bdbdbd;background:#fff}
        @media (max-width:600px){main{padding:10px} h1{font-size:19px} header a{display:inline-block;margin:4px 10px 4px 0}}
        """

    /// - Parameter logout: a 退出登录 button in the header (a server with a password).
    static func layout(title: String, csrf: String?, body: String, logout: Bool = false) -> String {
        let out = logout && csrf != nil
            ? "<form class=\"logout\" method=\"post\" action=\"\(action("/logout", csrf: csrf))\"><button type=\"submit\">退出登录</button></form>" : ""
        return """
        <!DOCTYPE html>
        <html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(title)) - Tally 测评统计</title><style>\(style)</style></head>
        <body><header><a href="/">Tally 测评统计</a><a href="/campaigns/new">新建测评</a><a href="/forms">测评表</a>\(out)</header>
        <main>\(body)</main></body></html>
        """
    }

    /// A form's action with its CSRF token, so multipart uploads carry it too.
    static func action(_ path: String, csrf: String?) -> String {
        escape(path + (csrf.map { (path.contains("?") ? "&" : "?") + "csrf=\($0)" } ?? ""))
    }

    static func login(message: String?) -> String {
        layout(title: "登录", csrf: nil, body: """
            <h1>登录</h1>\(message.map { "<p class=\"error\">\(escape($0))</p>" } ?? "")
            <form method="post" action="/login"><label for="password">密码</label>
            <input type="password" id="password" name="password" autofocus required>
            <br><button type="submit">登录</button></form>
            """)
    }

    static func statusWord(_ status: String) -> String {
        switch status {
        case "done": "<span class=\"ok\">已完成</span>"
        case "failed": "<span class=\"error\">失败</span>"
        case "running": "进行中"
        default: "排队中"
        }
    }
}

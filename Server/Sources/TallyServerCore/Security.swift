import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import Synchronization

/// Who may use the server (HTTP.md, "Security"): on loopback anyone; elsewhere a password,
/// a session cookie (HttpOnly, SameSite=Strict) after login, or the API token as
/// `Authorization: Bearer …`. Every state-changing request with a cookie carries the page's
/// CSRF token; a request whose `Origin` names another site is refused, on loopback too.
public final class Gatekeeper: Sendable {
    /// `nil`: no login (loopback without a password).
    let password: StoredPassword?
    /// The API token `--print-token` prints.
    public let apiToken: String

    struct Session {
        var csrf: String
        var opened: ContinuousClock.Instant
        var seen: ContinuousClock.Instant
    }

    /// Session id → its CSRF token and times; at most `maximumSessions`.
    private let sessions = Mutex<[String: Session]>([:])
    /// Client address → failed logins in a row and the instant before which it may not try again.
    private let failures = Mutex<[String: (count: Int, until: ContinuousClock.Instant)]>([:])

    /// A session unused this long is closed.
    static let idleExpiry: Duration = .seconds(8 * 3600)
    /// A session is closed this long after login, used or not.
    static let absoluteExpiry: Duration = .seconds(24 * 3600)
    /// The most sessions kept; the least recently used goes first.
    static let maximumSessions = 10_000
    /// Failed logins from one address before it must wait; each further one doubles the wait,
    /// up to `longestWait`.
    static let freeAttempts = 5
    static let longestWait: Duration = .seconds(900)
    /// The shortest password the server starts with.
    public static let shortestPassword = 8

    /// Session cookies carry Secure (the server is behind HTTPS).
    let secureCookies: Bool

    public init(password: StoredPassword?, apiToken: String, secureCookies: Bool = false) {
        self.password = password
        self.apiToken = apiToken
        self.secureCookies = secureCookies
    }

    static func randomToken() -> String {
        (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
    }

    /// The workspace's API token, made once and kept (readable by its owner only).
    public static func apiToken(in workspace: Workspace) throws -> String {
        let file = workspace.root.appendingPathComponent("api-token")
        if let data = FileManager.default.contents(atPath: file.path), let token = String(data: data, encoding: .utf8)?.trimmingCharacters(in: .whitespacesAndNewlines), !token.isEmpty {
            return token
        }
        let token = randomToken()
        try Workspace.writeDurably(Array(token.utf8), to: file, temporaryIn: workspace.root.appendingPathComponent("tmp"))
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
        return token
    }

    /// A new session and its CSRF token. When the table is full, expired sessions go, then
    /// the least recently used.
    func openSession() -> (id: String, csrf: String) {
        let session = (Self.randomToken(), Self.randomToken())
        let now = ContinuousClock.now
        sessions.withLock { table in
            if table.count >= Self.maximumSessions {
                table = table.filter { !Self.expired($0.value, at: now) }
                while table.count >= Self.maximumSessions, let oldest = table.min(by: { $0.value.seen < $1.value.seen })?.key {
                    table[oldest] = nil
                }
            }
            table[session.0] = Session(csrf: session.1, opened: now, seen: now)
        }
        return session
    }

    static func expired(_ session: Session, at now: ContinuousClock.Instant) -> Bool {
        now - session.seen > idleExpiry || now - session.opened > absoluteExpiry
    }

    /// The CSRF token of a live session (and the session marked used); `nil` for none or an expired one.
    func csrf(for session: String?, at now: ContinuousClock.Instant = .now) -> String? {
        guard let session else { return nil }
        return sessions.withLock { table in
            guard var found = table[session] else { return nil }
            if Self.expired(found, at: now) {
                table[session] = nil
                return nil
            }
            found.seen = now
            table[session] = found
            return found.csrf
        }
    }

    /// Logs a session out.
    func closeSession(_ session: String?) {
        guard let session else { return }
        sessions.withLock { $0[session] = nil }
    }

    var sessionCount: Int { sessions.withLock { $0.count } }

    /// How long `address` must wait before it may try a password again; `nil` when it may now.
    func loginWait(for address: String, at now: ContinuousClock.Instant = .now) -> Duration? {
        failures.withLock { table in
            guard let entry = table[address], entry.until > now else { return nil }
            return entry.until - now
        }
    }

    /// Counts a login: a success clears the address's failures; the first failure past the
    /// free ones makes it wait 1 s, the next 2 s, 4 s … up to 15 minutes.
    func recordLogin(success: Bool, from address: String, at now: ContinuousClock.Instant = .now) {
        failures.withLock { table in
            if success {
                table[address] = nil
                return
            }
            let count = (table[address]?.count ?? 0) + 1
            let extra = count - Self.freeAttempts - 1
            let wait: Duration = extra < 0 ? .zero : min(Self.longestWait, .seconds(1 << min(extra, 20)))
            if table.count >= Self.maximumSessions, table[address] == nil, let oldest = table.min(by: { $0.value.until < $1.value.until })?.key {
                table[oldest] = nil
            }
            table[address] = (count, now + wait)
        }
    }

    /// Compares in time independent of where the strings differ.
    static func same(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// Whether `given` is the password (an scrypt hash takes about 0.1 s: call it off the pool).
    func passwordMatches(_ given: String) -> Bool {
        guard let password else { return true }
        return password.matches(given)
    }

    var loginRequired: Bool { password != nil }
}

/// The guard in front of every route.
struct GatekeeperMiddleware<Context: RequestContext>: RouterMiddleware {
    let gatekeeper: Gatekeeper
    /// The largest body a page's form may send (the upload limit): a token is looked for in it.
    let maxBody: Int
    static var sessionCookie: String { "tally_session" }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let unsafe = ![.get, .head, .options].contains(request.method)
        // Another site's page may not make the browser act here.
        if let origin = request.headers[.origin], origin != "null" {
            let host = URL(string: origin).flatMap { url in url.host.map { $0 + (url.port.map { ":\($0)" } ?? "") } }
            if host != request.head.authority { return ServerResponses.error(.forbidden, "拒绝来自其他网站的请求", request) }
        } else if request.headers[.origin] == "null", unsafe {
            return ServerResponses.error(.forbidden, "拒绝来自其他网站的请求", request)
        }
        // API clients: the bearer token, no CSRF token.
        if let authorization = request.headers[.authorization], authorization.hasPrefix("Bearer ") {
            guard Gatekeeper.same(String(authorization.dropFirst(7)), gatekeeper.apiToken) else {
                return ServerResponses.error(.unauthorized, "接口令牌不对", request)
            }
            return try await next(request, context)
        }
        let path = request.uri.path
        // A participant's phone ballot (扫码测评): no login, no session, no CSRF token — the
        // one-time code is the key, and another site's page is refused above by its Origin.
        if Self.isBallotRoute(path, method: request.method) { return try await next(request, context) }
        let session = request.cookies[Self.sessionCookie]?.value
        let csrf = gatekeeper.csrf(for: session)
        if path == "/login" || path == "/style.css" { return try await next(request, context) }
        if path == "/logout", request.method == .post, csrf == nil { return ServerResponses.redirect(gatekeeper.loginRequired ? "/login" : "/") }
        if gatekeeper.loginRequired && csrf == nil {
            return ServerResponses.error(.unauthorized, "请先登录", request, login: true)
        }
        if unsafe, let csrf {
            // Scripts send the token as a header; a page's form as its first field (never in
            // the URL, where logs and Referer headers would carry it).
            var request = request
            var given = request.headers[HTTPField.Name("X-CSRF-Token")!]
            if given == nil {
                let body = try await BodyPace.standard.collect(request.body, upTo: maxBody)
                given = CSRFField.token(in: body, contentType: request.headers[.contentType])
                request = Request(head: request.head, body: RequestBody(buffer: body))
            }
            guard let given, Gatekeeper.same(given, csrf) else {
                return ServerResponses.error(.forbidden, "页面已过期，请刷新页面后重新操作", request)
            }
            return try await next(request, context)
        }
        // On loopback a browser gets a session of its own on its first page, so that its forms
        // carry a CSRF token like everyone's.
        if csrf == nil, !gatekeeper.loginRequired, request.method == .get, !path.hasPrefix("/api/") {
            let opened = gatekeeper.openSession()
            var head = request.head
            head.headerFields[.cookie] = "\(Self.sessionCookie)=\(opened.id)"
            var response = try await next(Request(head: head, body: request.body), context)
            response.setCookie(Cookie(name: Self.sessionCookie, value: opened.id, path: "/", secure: gatekeeper.secureCookies, httpOnly: true, sameSite: .strict))
            return response
        }
        return try await next(request, context)
    }
}

extension GatekeeperMiddleware {
    /// The routes of a participant's phone: `/b`, `/b/{code}` and `POST /api/v1/ballots`.
    static func isBallotRoute(_ path: String, method: HTTPRequest.Method) -> Bool {
        path == "/b" || path.hasPrefix("/b/") || (path == "/api/v1/ballots" && method == .post)
    }
}

/// The CSRF token a page's form sends as its first field, `csrf`: in an urlencoded body
/// (`csrf=…&…`) or a multipart one (its first part). Only the start of the body is read, so a
/// 200 MB upload costs nothing more; `nil` when the first field is not the token.
enum CSRFField {
    static func token(in body: ByteBuffer, contentType: String?) -> String? {
        let head = body.getBytes(at: body.readerIndex, length: min(body.readableBytes, 4096)) ?? []
        let type = contentType?.lowercased() ?? ""
        if type.hasPrefix("application/x-www-form-urlencoded") {
            let first = head.split(separator: UInt8(ascii: "&"), maxSplits: 1, omittingEmptySubsequences: false).first ?? []
            guard first.starts(with: Array("csrf=".utf8)) else { return nil }
            return String(decoding: first.dropFirst(5), as: UTF8.self).removingPercentEncoding
        }
        guard type.hasPrefix("multipart/form-data"), let boundary = Multipart.boundary(contentType) else { return nil }
        // --boundary CRLF headers CRLF CRLF value CRLF --boundary
        let opening = Array("--\(boundary)\r\n".utf8)
        guard head.starts(with: opening), let end = find(Array("\r\n\r\n".utf8), in: head, from: opening.count) else { return nil }
        let headers = String(decoding: head[opening.count..<end], as: UTF8.self).lowercased()
        guard headers.contains("name=\"csrf\""), !headers.contains("filename=") else { return nil }
        let start = end + 4
        guard let close = find(Array("\r\n--\(boundary)".utf8), in: head, from: start) else { return nil }
        return String(decoding: head[start..<close], as: UTF8.self)
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from: Int) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        var index = from
        while index + needle.count <= haystack.count {
            if haystack[index..<index + needle.count].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}

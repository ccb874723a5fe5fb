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
    let password: String?
    /// The API token `--print-token` prints.
    public let apiToken: String
    /// Session id → its CSRF token.
    private let sessions = Mutex<[String: String]>([:])

    public init(password: String?, apiToken: String) {
        self.password = password
        self.apiToken = apiToken
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

    /// A new session and its CSRF token.
    func openSession() -> (id: String, csrf: String) {
        let session = (Self.randomToken(), Self.randomToken())
        sessions.withLock { $0[session.0] = session.1 }
        return session
    }

    func csrf(for session: String?) -> String? {
        guard let session else { return nil }
        return sessions.withLock { $0[session] }
    }

    /// Compares in time independent of where the strings differ.
    static func same(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    func passwordMatches(_ given: String) -> Bool {
        guard let password else { return true }
        return Self.same(given, password)
    }

    var loginRequired: Bool { password != nil }
}

/// The guard in front of every route.
struct GatekeeperMiddleware<Context: RequestContext>: RouterMiddleware {
    let gatekeeper: Gatekeeper
    static var sessionCookie: String { "tally_session" }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let unsafe = ![.get, .head, .options].contains(request.method)
        // Another site's page may not make the browser act here.
        if let origin = request.headers[.origin], origin != "null" {
            let host = URL(string: origin).flatMap { url in url.host.map { $0 + (url.port.map { ":\($0)" } ?? "") } }
            if host != request.head.authority { return ServerResponses.error(.forbidden, "cross-site request refused (Origin \(origin))", request) }
        } else if request.headers[.origin] == "null", unsafe {
            return ServerResponses.error(.forbidden, "cross-site request refused", request)
        }
        // API clients: the bearer token, no CSRF token.
        if let authorization = request.headers[.authorization], authorization.hasPrefix("Bearer ") {
            guard Gatekeeper.same(String(authorization.dropFirst(7)), gatekeeper.apiToken) else {
                return ServerResponses.error(.unauthorized, "the API token is wrong", request)
            }
            return try await next(request, context)
        }
        let path = request.uri.path
        let session = request.cookies[Self.sessionCookie]?.value
        let csrf = gatekeeper.csrf(for: session)
        if path == "/login" || path == "/style.css" { return try await next(request, context) }
        if gatekeeper.loginRequired && csrf == nil {
            return ServerResponses.error(.unauthorized, "log in first", request, login: true)
        }
        if unsafe, let csrf {
            let given = request.headers[HTTPField.Name("X-CSRF-Token")!] ?? request.uri.queryParameters["csrf"].map(String.init)
            guard let given, Gatekeeper.same(given, csrf) else {
                return ServerResponses.error(.forbidden, "the form is out of date (CSRF token missing or wrong); reload the page", request)
            }
        }
        // On loopback a browser gets a session of its own on its first page, so that its forms
        // carry a CSRF token like everyone's.
        if csrf == nil, !gatekeeper.loginRequired, request.method == .get, !path.hasPrefix("/api/") {
            let opened = gatekeeper.openSession()
            var head = request.head
            head.headerFields[.cookie] = "\(Self.sessionCookie)=\(opened.id)"
            var response = try await next(Request(head: head, body: request.body), context)
            response.setCookie(Cookie(name: Self.sessionCookie, value: opened.id, path: "/", httpOnly: true, sameSite: .strict))
            return response
        }
        return try await next(request, context)
    }
}

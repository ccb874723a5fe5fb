import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import TallyRender

/// In front of every route: a request whose `Host` this server does not answer to is refused
/// (421), so that a page on another site cannot reach a loopback server through a name that
/// resolves to 127.0.0.1 (DNS rebinding); and every response carries the headers that keep
/// pages and reports from being framed, sniffed or leaking their address (docs/web.md,
/// "Security").
struct HostAndHeadersMiddleware<Context: ConnectionRequestContext>: RouterMiddleware {
    /// `nil`: any Host (a server off loopback with no `--public-host`, behind its login).
    let allowedHosts: Set<String>?
    /// A request whose Content-Length says more than this is refused before its body is read.
    var largestBody: Int = .max

    /// The `Host` values served: on loopback the loopback names with the port, plus every
    /// `--public-host` (with or without a port); off loopback only the public hosts, or any
    /// when none is given.
    static func allowedHosts(loopback: Bool, port: Int, publicHosts: [String]) -> Set<String>? {
        var hosts = Set<String>()
        if loopback {
            for name in ["127.0.0.1", "localhost", "[::1]"] {
                hosts.insert("\(name):\(port)")
                if port == 80 { hosts.insert(name) }
            }
        } else if publicHosts.isEmpty {
            return nil
        }
        for host in publicHosts { hosts.insert(host.lowercased()) }
        return hosts
    }

    static var contentSecurityPolicy: String { SecurityHeaders.contentSecurityPolicy }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        // A browser always sends Host, so a request without one (an HTTP/1.0 tool, a test
        // client) cannot be a page rebinding a name; one with a Host must name this server.
        if let allowedHosts, let authority = request.head.authority {
            let host = authority.lowercased()
            if !allowedHosts.contains(host) {
                var response = ServerResponses.error(
                    .misdirectedRequest, "此服务不接受发往“\(host)”的请求。请用 http://127.0.0.1 或启动时 --public-host 给出的地址访问。", request)
                Self.secure(&response)
                return response
            }
        }
        // Said too large by its own header: 413 at once, not after 300 MB have been received.
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > largestBody {
            var response = ServerResponses.error(
                .contentTooLarge, "上传的文件太大（\(length / 1024 / 1024) MB），最大\(largestBody / 1024 / 1024) MB", request)
            Self.secure(&response)
            return response
        }
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as HTTPResponseError {
            // A route's error (404, 405…) becomes its response here, so that it has the headers too.
            response = try error.response(from: request, context: context)
        }
        if response.status == .requestTimeout {
            // A body that came too slowly (BodyPace). The server would otherwise read the rest of
            // it before the next request: the connection is closed once the 408 is on its way.
            response.headers[.connection] = "close"
            let channel = context.channel
            channel.eventLoop.scheduleTask(in: .milliseconds(500)) { channel.close(promise: nil) }
        }
        Self.secure(&response)
        return response
    }

    static func secure(_ response: inout Response) {
        response.headers[.contentSecurityPolicy] = contentSecurityPolicy
        response.headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        response.headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "same-origin"
    }
}

enum SecurityHeaders {
    /// Scripts: only the report's own print script and the 扫码测评 pages' two, by their hashes; styles inline (pages and
    /// reports carry theirs); images only inline; forms only to this server; never framed.
    static let contentSecurityPolicy: String = {
        let hashes = [HTMLRenderer.inlineScript, CollectionScripts.ballot, CollectionScripts.progress].map { script in
            "'sha256-\(Data(SHA256.hash(data: Data(script.utf8))).base64EncodedString())'"
        }
        // connect-src 'self': the progress screen's polling of its counts.
        return "default-src 'none'; script-src \(hashes.joined(separator: " ")); style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
            + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    }()
}

/// The context of every request: Hummingbird's, plus the client's address (login throttling
/// counts failures per address).
/// A request context that knows its connection, so that a middleware can close it.
public protocol ConnectionRequestContext: RequestContext {
    var channel: Channel { get }
}

public struct TallyRequestContext: RequestContext, RemoteAddressRequestContext, ConnectionRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?
    public let channel: Channel

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
        channel = source.channel
    }

    /// The client's IP address as text; `"unknown"` where there is none (tests).
    var clientAddress: String { remoteAddress?.ipAddress ?? "unknown" }
}

/// One log line per request, as Hummingbird's `LogRequestsMiddleware` writes it (method and
/// path, no headers, no client address), except that a phone ballot's code is left out
/// (`/b/…`): the log never ties a code to a moment.
struct QuietLogMiddleware<Context: RequestContext>: RouterMiddleware {
    static func shown(_ path: String) -> String {
        path.hasPrefix("/b/") ? "/b/…" : path
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        let query = request.uri.query.map { path.hasPrefix("/b/") ? "" : "?\($0)" } ?? ""
        context.logger.info("Request", metadata: ["hb.request.path": .string(Self.shown(path) + query), "hb.request.method": .string(request.method.rawValue)])
        return try await next(request, context)
    }
}

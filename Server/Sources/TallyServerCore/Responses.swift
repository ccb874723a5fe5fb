import Foundation
import GRDB
import Hummingbird

/// JSON, HTML and error answers, the same shape everywhere: errors are
/// `{ "error": { "code", "message" } }` for the API, a page for a browser.
enum ServerResponses {
    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func html(_ page: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: page)))
    }

    static func bytes(_ data: some Collection<UInt8>, type: String, download: String? = nil) -> Response {
        var headers: HTTPFields = [.contentType: type]
        if let download {
            // RFC 6266: an ASCII fallback and the UTF-8 name.
            let encoded = download.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "download"
            headers[.contentDisposition] = "attachment; filename=\"download\"; filename*=UTF-8''\(encoded)"
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: Array(data))))
    }

    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }

    struct ErrorBody: Encodable {
        struct Detail: Encodable {
            var code: String
            var message: String
        }
        var error: Detail
    }

    static func code(_ status: HTTPResponse.Status) -> String {
        switch status.code {
        case 400: "bad_request"
        case 401: "unauthorized"
        case 403: "forbidden"
        case 404: "not_found"
        case 409: "conflict"
        case 413: "too_large"
        case 410: "closed"
        case 415: "unsupported_file"
        case 422: "rejected"
        case 429: "too_many_requests"
        case 503: "busy"
        case 507: "storage_full"
        default: "internal"
        }
    }

    static func error(_ status: HTTPResponse.Status, _ message: String, _ request: Request, login: Bool = false) -> Response {
        if request.uri.path.hasPrefix("/api/") || request.headers[.accept]?.contains("application/json") == true {
            return json(ErrorBody(error: .init(code: code(status), message: message)), status: status)
        }
        if login { return html(Pages.login(message: nil), status: status) }
        return html(Pages.error(message), status: status)
    }

    /// The status an error answers with.
    static func status(of error: Error) -> HTTPResponse.Status {
        if let storage = storageProblem(error) { return storage.status }
        return switch error {
        case ServerError.notFound: .notFound
        case ServerError.badRequest: .badRequest
        case ServerError.unsupported: .unsupportedMediaType
        case ServerError.rejected: .unprocessableContent
        case ServerError.conflict: .conflict
        case is SlowBody: .requestTimeout
        case is HTTPResponseError: (error as! HTTPResponseError).status
        case is ServerError: .internalServerError
        default: .unprocessableContent  // the engine's errors: the input is wrong
        }
    }

    /// A storage failure as HTTP.md says it: 503 when the database is locked (another writer held
    /// it past the busy timeout), 507 when the disk is full; in words without a path or SQL.
    /// 507 (RFC 4918), which HTTPTypes does not name.
    static let insufficientStorage = HTTPResponse.Status(code: 507, reasonPhrase: "Insufficient Storage")

    static func storageProblem(_ error: Error) -> (status: HTTPResponse.Status, message: String)? {
        if let database = error as? DatabaseError {
            switch database.resultCode {
            case .SQLITE_BUSY, .SQLITE_LOCKED: return (.serviceUnavailable, "工作区的数据库正忙（可能正在备份），请稍后再试")
            case .SQLITE_FULL: return (insufficientStorage, "服务器的磁盘已满，这次操作没有保存。请清理磁盘后再试")
            default: return nil
            }
        }
        let cocoa = error as NSError
        if cocoa.domain == NSCocoaErrorDomain, cocoa.code == NSFileWriteOutOfSpaceError {
            return (insufficientStorage, "服务器的磁盘已满，这次操作没有保存。请清理磁盘后再试")
        }
        if cocoa.domain == NSPOSIXErrorDomain, cocoa.code == Int(ENOSPC) {
            return (insufficientStorage, "服务器的磁盘已满，这次操作没有保存。请清理磁盘后再试")
        }
        return nil
    }
}

import Foundation
import MultipartKit
import NIOCore

/// One part of a `multipart/form-data` body: its field name, the file name it came with (if a
/// file), and its bytes.
struct FormPart: Sendable {
    var name: String
    var filename: String?
    var bytes: [UInt8]
    var text: String { String(decoding: bytes, as: UTF8.self) }
}

/// Reads a `multipart/form-data` body with MultipartKit's parser.
enum Multipart {
    static func boundary(_ contentType: String?) -> String? {
        guard let contentType, contentType.lowercased().hasPrefix("multipart/form-data") else { return nil }
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if pair.count == 2, pair[0].lowercased() == "boundary" { return pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
        }
        return nil
    }

    static func parts(_ body: ByteBuffer, contentType: String?) throws -> [FormPart] {
        guard let boundary = boundary(contentType) else { throw ServerError.badRequest("请求中没有上传的文件（应为 multipart/form-data）") }
        let parser = MultipartParser(boundary: boundary)
        var parts: [FormPart] = []
        var current = FormPart(name: "", filename: nil, bytes: [])
        parser.onHeader = { field, value in
            guard field.lowercased() == "content-disposition" else { return }
            for parameter in value.split(separator: ";").dropFirst() {
                let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard pair.count == 2 else { continue }
                let value = pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                switch pair[0].lowercased() {
                case "name": current.name = value
                case "filename": current.filename = value
                default: break
                }
            }
        }
        parser.onBody = { buffer in
            current.bytes += buffer.readBytes(length: buffer.readableBytes) ?? []
        }
        parser.onPartComplete = {
            parts.append(current)
            current = FormPart(name: "", filename: nil, bytes: [])
        }
        do {
            try parser.execute(body)
        } catch {
            throw ServerError.badRequest("上传的内容无法读取，请重新上传")
        }
        return parts
    }
}

extension Array where Element == FormPart {
    func field(_ name: String) -> String? {
        first { $0.name == name && $0.filename == nil }.map { $0.text.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : $0 }
    }
    func file(_ name: String) -> FormPart? { first { $0.name == name && $0.filename != nil } }
}

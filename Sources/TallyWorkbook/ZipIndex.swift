import Foundation
import ZIPFoundation

/// The parts of a zip file, found from its central directory, and a part's bytes inflated as a
/// stream with ZIPFoundation's inflater — fed only the part's own compressed bytes, so that a
/// damaged deflate stream ends in an error instead of reading past the part forever (as
/// `Archive.extract` does on such input: found by fuzzing).
struct ZipIndex {
    struct Part {
        var method: UInt16
        var compressedSize: Int
        var uncompressedSize: Int
        var localHeaderOffset: Int
    }

    let path: String
    private(set) var parts: [String: Part] = [:]
    private let size: Int

    /// Reads the central directory; `nil` when the file is not a zip this reader handles (no
    /// end-of-central-directory record, a zip64 archive, entries outside the file).
    init?(path: String) {
        self.path = path
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let end = try? handle.seekToEnd(), end >= 22 else { return nil }
        size = Int(end)
        let tailLength = min(size, 65_557)
        try? handle.seek(toOffset: UInt64(size - tailLength))
        guard let tail = try? handle.read(upToCount: tailLength).map(Array.init), tail.count == tailLength else { return nil }
        var eocd = tail.count - 22
        while eocd >= 0, !(tail[eocd] == 0x50 && tail[eocd + 1] == 0x4B && tail[eocd + 2] == 0x05 && tail[eocd + 3] == 0x06) { eocd -= 1 }
        guard eocd >= 0 else { return nil }
        let entries = Self.u16(tail, eocd + 10)
        let directorySize = Self.u32(tail, eocd + 12)
        let directoryOffset = Self.u32(tail, eocd + 16)
        guard directoryOffset != 0xFFFF_FFFF, directoryOffset + directorySize <= size else { return nil }
        try? handle.seek(toOffset: UInt64(directoryOffset))
        guard let directory = try? handle.read(upToCount: directorySize).map(Array.init), directory.count == directorySize else { return nil }
        var index = 0
        for _ in 0..<entries {
            guard index + 46 <= directory.count, Self.u32(directory, index) == 0x0201_4B50 else { return nil }
            let method = UInt16(Self.u16(directory, index + 10))
            let compressed = Self.u32(directory, index + 20)
            let uncompressed = Self.u32(directory, index + 24)
            let nameLength = Self.u16(directory, index + 28)
            let extraLength = Self.u16(directory, index + 30)
            let commentLength = Self.u16(directory, index + 32)
            let offset = Self.u32(directory, index + 42)
            guard index + 46 + nameLength <= directory.count, offset + 30 + compressed <= size else { return nil }
            let name = String(decoding: directory[(index + 46)..<(index + 46 + nameLength)], as: UTF8.self)
            parts[name] = Part(method: method, compressedSize: compressed, uncompressedSize: uncompressed, localHeaderOffset: offset)
            index += 46 + nameLength + extraLength + commentLength
        }
    }

    /// Inflates `part`, handing out its bytes as they come; throws `Failure` for a damaged part.
    func inflate(_ part: Part, chunk: Int = 1 << 18, consumer: (Data) throws -> Void) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw Failure.damaged }
        defer { try? handle.close() }
        try handle.seek(toOffset: UInt64(part.localHeaderOffset))
        guard let header = try handle.read(upToCount: 30).map(Array.init), header.count == 30, Self.u32(header, 0) == 0x0403_4B50 else {
            throw Failure.damaged
        }
        let start = part.localHeaderOffset + 30 + Self.u16(header, 26) + Self.u16(header, 28)
        guard start + part.compressedSize <= size else { throw Failure.damaged }
        try handle.seek(toOffset: UInt64(start))
        switch part.method {
        case 0:
            var left = part.compressedSize
            while left > 0 {
                guard let data = try handle.read(upToCount: min(chunk, left)), !data.isEmpty else { throw Failure.damaged }
                left -= data.count
                try consumer(data)
            }
        case 8:
            var read = 0
            _ = try Data.decompress(size: Int64(part.compressedSize), bufferSize: chunk, skipCRC32: true, provider: { _, wanted in
                // Only the part's own bytes: asked for more, the stream is damaged. ZIPFoundation's
                // inflater hands zlib `wanted` bytes whatever the chunk holds, so a short last chunk
                // is padded with zeros (past a stream's end they are never read; inside a damaged
                // one they are a bad block, which zlib reports).
                let count = min(wanted, part.compressedSize - read)
                guard count > 0, var data = try handle.read(upToCount: count), !data.isEmpty else { throw Failure.damaged }
                read += data.count
                if data.count < wanted { data.append(Data(count: wanted - data.count)) }
                return data
            }, consumer: consumer)
        default:
            throw Failure.unsupportedMethod(part.method)
        }
    }

    enum Failure: Error {
        case damaged
        case unsupportedMethod(UInt16)
    }

    private static func u16(_ bytes: [UInt8], _ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
    private static func u32(_ bytes: [UInt8], _ at: Int) -> Int { u16(bytes, at) | u16(bytes, at + 2) << 16 }
}

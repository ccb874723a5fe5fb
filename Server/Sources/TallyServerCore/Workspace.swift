import Crypto
import Foundation

/// The server's folder (`--dir`): the database, every upload kept as uploaded and named by its
/// SHA-256 (`files/`), uploaded forms (`forms/`), and each run's input folder and output tree
/// (`runs/<id>/`). Nothing is ever half-written: a file is written beside its place, flushed
/// to disk and renamed; a run's tree is built in `runs/<id>.partial` and renamed when whole.
public struct Workspace: Sendable {
    public let root: URL

    public init(root: URL) throws {
        self.root = root
        for folder in ["files", "forms", "runs", "tmp"] {
            try FileManager.default.createDirectory(at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        // Left over from a crash: temporary files and half-built runs.
        for folder in ["tmp"] {
            for name in (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(folder).path)) ?? [] {
                try? FileManager.default.removeItem(at: root.appendingPathComponent(folder).appendingPathComponent(name))
            }
        }
        for name in (try? FileManager.default.contentsOfDirectory(atPath: runs.path)) ?? [] where name.hasSuffix(".partial") {
            try? FileManager.default.removeItem(at: runs.appendingPathComponent(name))
        }
    }

    public var database: URL { root.appendingPathComponent("tally.sqlite") }
    var files: URL { root.appendingPathComponent("files") }
    var forms: URL { root.appendingPathComponent("forms") }
    var runs: URL { root.appendingPathComponent("runs") }

    /// The lower-case hex SHA-256 of `bytes`.
    static func sha256(_ bytes: some DataProtocol) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    /// Keeps `bytes` under their SHA-256 (once, however often uploaded); returns the digest.
    @discardableResult
    func store(_ bytes: [UInt8]) throws -> String {
        let digest = Self.sha256(bytes)
        let target = file(digest)
        if !FileManager.default.fileExists(atPath: target.path) { try Self.writeDurably(bytes, to: target, temporaryIn: root.appendingPathComponent("tmp")) }
        return digest
    }

    /// An upload's bytes on disk, by digest (never a path a user chose).
    func file(_ digest: String) -> URL { files.appendingPathComponent(digest) }

    /// Writes a file whole or not at all: into a temporary file, flushed, then renamed.
    static func writeDurably(_ bytes: [UInt8], to target: URL, temporaryIn folder: URL) throws {
        let temporary = folder.appendingPathComponent(UUID().uuidString)
        guard FileManager.default.createFile(atPath: temporary.path, contents: Data(bytes)) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: temporary.path])
        }
        let handle = try FileHandle(forWritingTo: temporary)
        try handle.synchronize()
        try handle.close()
        _ = try? FileManager.default.removeItem(at: target)
        try FileManager.default.moveItem(at: temporary, to: target)
    }

    /// A run's finished folder, and the folder it is built in.
    func run(_ id: Int64) -> URL { runs.appendingPathComponent(String(id)) }
    func partialRun(_ id: Int64) -> URL { runs.appendingPathComponent("\(id).partial") }
}

import Foundation
import TallyCore
import ZIPFoundation

/// An evidence pack (`tally evidence pack OUT --to 测评证据.zip`): evidence.json, every input the
/// run read and every output it wrote, in one zip, laid out so the run can be repeated from
/// it (`tally verify`):
///
/// ```
/// evidence.json
/// outputs/<path in the output folder>
/// inputs/<path as the command gave it>          (score: relative paths)
/// inputs/campaign/<campaign file's name>        (run)
/// inputs/campaign/<path relative to its folder> (what the campaign names)
/// ```
///
/// A built-in form is no file and is not packed (evidence.json has its hash). An input named by
/// an absolute path or one that leaves the working folder (`../x.csv`) is packed under
/// `inputs/_outside/N-name`; such a run cannot be repeated with the same file names, and
/// `verify` says so.
public enum EvidencePack {
    /// Where an input lies inside a pack (or, with `root`, inside an extracted pack or on disk).
    public static func packedPath(_ input: Evidence.Input, index: Int, evidence: Evidence) -> String? {
        if input.builtin != nil { return nil }
        if input.role == "campaign" { return "inputs/campaign/" + URL(fileURLWithPath: input.path).lastPathComponent }
        if input.base == "campaign" {
            return isContained(input.path) ? "inputs/campaign/" + input.path : "inputs/_outside/\(index)-" + URL(fileURLWithPath: input.path).lastPathComponent
        }
        return isContained(input.path) ? "inputs/" + input.path : "inputs/_outside/\(index)-" + URL(fileURLWithPath: input.path).lastPathComponent
    }

    /// A relative path that stays inside its folder: no leading `/`, no `..` part.
    public static func isContained(_ path: String) -> Bool {
        !path.hasPrefix("/") && !path.split(separator: "/").contains("..") && !path.isEmpty
    }

    /// Where an input is on disk for a run made in the current folder from output folder `out`:
    /// a campaign's members beside the campaign file.
    ///
    /// - Parameter directory: the folder relative paths start from (`nil`: the current one).
    public static func diskPath(_ input: Evidence.Input, evidence: Evidence, directory: String? = nil) -> String? {
        if input.builtin != nil { return nil }
        func resolved(_ path: String) -> String { path.hasPrefix("/") || directory == nil ? path : directory! + "/" + path }
        if input.base == "campaign", let campaign = evidence.inputs.first(where: { $0.role == "campaign" }) {
            let folder = URL(fileURLWithPath: resolved(campaign.path)).deletingLastPathComponent().path
            return input.path.hasPrefix("/") ? input.path : folder + "/" + input.path
        }
        return resolved(input.path)
    }

    /// Packs output folder `out` (with its evidence.json) and the inputs it names, as they are on
    /// disk now, into `zipPath`. Every file is checked against its recorded SHA-256 first: a
    /// pack never holds a file that is not the one the run used.
    ///
    /// - Returns: the number of inputs and outputs packed.
    ///
    /// - Parameter directory: where the run was made (`nil`: the current folder).
    public static func pack(out: String, to zipPath: String, directory: String? = nil) throws -> (inputs: Int, outputs: Int) {
        let evidence = try readEvidence(folder: out)
        let evidenceFile = out + "/" + Evidence.fileName
        let evidenceSize = (try? FileManager.default.attributesOfItem(atPath: evidenceFile)[.size] as? Int) ?? 0
        // Each file with its size, learned when its hash was checked (every file is read once to
        // check it, once to pack it).
        var entries: [(path: String, file: String, size: Int)] = [("evidence.json", evidenceFile, evidenceSize)]
        var inputs = 0
        for (index, input) in evidence.inputs.enumerated() {
            guard let disk = diskPath(input, evidence: evidence, directory: directory), let packed = packedPath(input, index: index, evidence: evidence) else { continue }
            guard let (hash, size) = Evidence.sha256(file: disk) else {
                throw EvidenceError("\(disk): error: the run's \(input.role) file cannot be read; pack from the folder the run was made in")
            }
            guard hash == input.sha256 else {
                throw EvidenceError("\(disk): error: this \(input.role) file changed since the run (its SHA-256 is not the one in evidence.json); the pack would not prove the run")
            }
            entries.append((packed, disk, size))
            inputs += 1
        }
        for output in evidence.outputs {
            let disk = out + "/" + output.path
            guard let (hash, size) = Evidence.sha256(file: disk), hash == output.sha256 else {
                throw EvidenceError("\(disk): error: this output changed since the run (or is missing); run again before packing")
            }
            entries.append(("outputs/" + output.path, disk, size))
        }
        let target = URL(fileURLWithPath: zipPath)
        if FileManager.default.fileExists(atPath: target.path) { try FileManager.default.removeItem(at: target) }
        let archive = try Archive(url: target, accessMode: .create)
        for entry in entries {
            // Read through a FileHandle, not ZIPFoundation's file URL variant (which leaks a C
            // string per entry: LeakSanitizer shows it).
            guard let handle = FileHandle(forReadingAtPath: entry.file) else {
                throw EvidenceError("\(entry.file): error: cannot read it to pack it")
            }
            defer { try? handle.close() }
            try archive.addEntry(
                with: entry.path, type: .file, uncompressedSize: Int64(entry.size), modificationDate: Self.stamp, permissions: 0o644,
                compressionMethod: .deflate
            ) { position, chunk in
                try handle.seek(toOffset: UInt64(position))
                return try handle.read(upToCount: chunk) ?? Data()
            }
        }
        return (inputs, evidence.outputs.count)
    }

    /// Every entry's date: a pack's bytes depend on its files only.
    static let stamp = Date(timeIntervalSince1970: 1_262_304_000)

    /// Reads `folder/evidence.json`.
    public static func readEvidence(folder: String) throws -> Evidence {
        let path = folder + "/" + Evidence.fileName
        guard let data = FileManager.default.contents(atPath: path) else {
            throw EvidenceError("\(path): error: no evidence.json here; it is written by 'tally run' and by 'tally score --out'")
        }
        do {
            return try Evidence.decode(data)
        } catch {
            throw EvidenceError("\(path): error: not an evidence.json this tally can read (\(error.localizedDescription))")
        }
    }

    /// Unzips a pack into `folder`. Refused, before anything is written: a file that is no zip,
    /// an entry whose path is absolute or climbs out (`../`), a link, more than 100,000 entries.
    public static func extract(_ zipPath: String, into folder: String) throws {
        let url = URL(fileURLWithPath: zipPath)
        guard let head = FileHandle(forReadingAtPath: zipPath) else { throw EvidenceError("\(zipPath): error: cannot read the file") }
        let signature = (try? head.read(upToCount: 4)) ?? Data()
        try? head.close()
        guard signature.starts(with: [0x50, 0x4B, 0x03, 0x04]) else {
            throw EvidenceError("\(zipPath): error: not a zip file (an evidence pack is the .zip 'tally evidence pack' wrote)")
        }
        let archive: Archive
        do {
            archive = try Archive(url: url, accessMode: .read)
        } catch {
            throw EvidenceError("\(zipPath): error: the zip is damaged and cannot be read (\(error)); ask for the pack again")
        }
        var count = 0
        for entry in archive {
            count += 1
            guard count <= 100_000 else { throw EvidenceError("\(zipPath): error: more than 100,000 entries: not an evidence pack") }
            guard entry.type != .symlink else { throw EvidenceError("\(zipPath): error: entry '\(entry.path)' is a link; an evidence pack holds none") }
            guard isContained(entry.path) else {
                throw EvidenceError("\(zipPath): error: entry '\(entry.path)' would be written outside the pack's folder; the pack is refused")
            }
        }
        for entry in archive where entry.type == .file {
            let target = URL(fileURLWithPath: folder).appendingPathComponent(entry.path)
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            guard FileManager.default.createFile(atPath: target.path, contents: nil), let handle = FileHandle(forWritingAtPath: target.path) else {
                throw EvidenceError("\(target.path): error: cannot write while unpacking")
            }
            defer { try? handle.close() }
            do {
                // Streamed through a FileHandle (ZIPFoundation's URL variant leaks a C string).
                _ = try archive.extract(entry, skipCRC32: false) { try handle.write(contentsOf: $0) }
            } catch {
                throw EvidenceError("\(zipPath): error: entry '\(entry.path)' is damaged (\(error)); ask for the pack again")
            }
        }
    }
}

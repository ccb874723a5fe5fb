import Foundation
@_spi(Engine) import TallyCSV
import TallyCore

/// Each unit's ballot ledger, `<unit>/ballots.csv` (UTF-8 with BOM, for Excel and WPS): the
/// engine's pieces joined in file order, streamed, rows renumbered for the later parts of a
/// file read in parts. Rows of no unit go to `_unassigned/ballots.csv`.
public enum LedgerOutput {
    /// A temporary folder for the engine's pieces, and the options that ask for them.
    public struct Session: Sendable {
        public let folder: URL

        /// Makes the folder; `options` then asks the engine for ledger pieces in it.
        public init(options: inout ImportOptions) throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("tally-ledger-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            options.ledger = LedgerRequest(folder: folder.path, wording: ResultsPhrases())
        }

        /// Removes the folder and every piece in it.
        public func cleanUp() { try? FileManager.default.removeItem(at: folder) }
    }

    /// One unit's `ballots.csv` (or `_unassigned`'s) to be joined from its pieces.
    public struct Join: Sendable {
        /// The folder it is written into, relative to the output folder (the unit's, or `_unassigned`).
        public let folder: String
        /// The file, relative to the output folder.
        public var path: String { folder + "/ballots.csv" }
        let pieces: [LedgerPiece]
        let header: [UInt8]

        /// Joins the pieces into `path` under `folder`; returns the file written with the
        /// SHA-256 computed as it was written.
        public func write(into folder: String) throws -> Evidence.Output {
            try LedgerOutput.join(pieces, header: header, to: folder + "/" + path, as: path)
        }
    }

    /// The files `write` writes, one per unit with ledger pieces (and `_unassigned/ballots.csv`
    /// when rows of no unit were read): to be written side by side with other work, as one
    /// flat list of jobs (a job that starts more jobs on a machine whose cores are all busy
    /// runs them one after another).
    public static func joins(_ document: ResultsDocument) -> [Join] {
        guard !document.ledger.isEmpty else { return [] }
        let folders = OutputFiles.folderNames(document.units.map(\.unit))
        var joins: [Join] = zip(document.units, folders).map { unit, folder in
            Join(folder: folder, pieces: document.ledger.filter { $0.unit == unit.unit }, header: LedgerLayout(form: unit.form).headerBytes)
        }
        let unassigned = document.ledger.filter { $0.unit == nil }
        if !unassigned.isEmpty, let form = document.units.first?.form {
            joins.append(Join(folder: OutputFiles.unassignedFolder, pieces: unassigned, header: LedgerLayout(form: form).headerBytes))
        }
        return joins
    }

    /// Writes every unit's `ballots.csv` into `folder`, the units side by side on every core;
    /// returns the files written (paths relative to it) with the SHA-256 computed as they were
    /// written. A document without ledger pieces writes nothing.
    @discardableResult
    public static func write(_ document: ResultsDocument, into folder: String) throws -> [Evidence.Output] {
        let results = joins(document).concurrentMap { join -> Result<Evidence.Output, any Error> in
            Result { try join.write(into: folder) }
        }
        return try results.map { try $0.get() }
    }

    /// The header, then each piece's lines, row numbers moved down by the piece's shift; hashed
    /// as written. A first piece whose rows need no shift (it begins with the header) becomes
    /// the file itself: only the later pieces are copied.
    static func join(_ pieces: [LedgerPiece], header: [UInt8], to path: String, as name: String) throws -> Evidence.Output {
        let target = URL(fileURLWithPath: path)
        let manager = FileManager.default
        try manager.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        let temporary = target.deletingLastPathComponent().appendingPathComponent(".ballots.csv.tmp-\(getpid())")
        try? manager.removeItem(at: temporary)
        var hasher = Evidence.Hasher()
        var total = 0
        var rest = pieces[...]
        if let first = pieces.first, first.rowShift == 0 {
            do {
                try manager.moveItem(atPath: first.path, toPath: temporary.path)
            } catch {
                try manager.copyItem(atPath: first.path, toPath: temporary.path)
            }
            // Hashed from the page cache's own pages (mapped, not read: no copy of them).
            total = try CSVMappedFile.forEachSlice(ofFile: temporary.path) { hasher.update($0) }
            rest = pieces.dropFirst()
        }
        do {
            let out = try CSVByteSink(path: temporary.path, appending: total > 0, flushSize: 1 << 20)
            out.onWrite = { hasher.update($0) }
            if total == 0 { out.append(header) }
            for piece in rest {
                try out.appendLines(ofFile: piece.path, from: piece.headerLength, raisingNumberAfter: piece.prefixLength, by: piece.rowShift)
            }
            try out.close()
            total += out.written
            if manager.fileExists(atPath: target.path) { try manager.removeItem(at: target) }
            try manager.moveItem(at: temporary, to: target)
        } catch {
            try? manager.removeItem(at: temporary)
            throw error
        }
        return Evidence.Output(path: name, sha256: hasher.finish(), bytes: total)
    }
}

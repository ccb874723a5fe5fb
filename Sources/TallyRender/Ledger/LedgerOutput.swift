import Foundation
import TallyCSV
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

    /// Writes every unit's `ballots.csv` into `folder`; returns the paths written, relative to it.
    /// A document without ledger pieces writes nothing.
    @discardableResult
    public static func write(_ document: ResultsDocument, into folder: String) throws -> [String] {
        guard !document.ledger.isEmpty else { return [] }
        var written: [String] = []
        for unit in document.units {
            let path = OutputFiles.folderName(unit.unit) + "/ballots.csv"
            try join(document.ledger.filter { $0.unit == unit.unit }, header: LedgerLayout(form: unit.form).header, to: folder + "/" + path)
            written.append(path)
        }
        let unassigned = document.ledger.filter { $0.unit == nil }
        if !unassigned.isEmpty, let form = document.units.first?.form {
            try join(unassigned, header: LedgerLayout(form: form).header, to: folder + "/_unassigned/ballots.csv")
            written.append("_unassigned/ballots.csv")
        }
        return written
    }

    /// The header, then each piece's lines, row numbers moved down by the piece's shift.
    static func join(_ pieces: [LedgerPiece], header: [String], to path: String) throws {
        let target = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        let temporary = target.deletingLastPathComponent().appendingPathComponent(".ballots.csv.tmp-\(getpid())")
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil), let out = FileHandle(forWritingAtPath: temporary.path) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
        }
        var writer = CSVWriter()
        writer.append(header)
        var buffer = writer.bytes
        do {
            for piece in pieces {
                guard let input = FileHandle(forReadingAtPath: piece.path) else { throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: piece.path]) }
                defer { try? input.close() }
                var carry: [UInt8] = []
                while let chunk = try input.read(upToCount: 1 << 20), !chunk.isEmpty {
                    if piece.rowShift == 0 {
                        buffer += chunk
                    } else {
                        carry += chunk
                        var start = 0
                        while let end = carry[start...].firstIndex(of: 0x0A) {
                            shiftRow(carry[start...end], by: piece.rowShift, prefix: piece.prefixLength, into: &buffer)
                            start = end + 1
                        }
                        carry.removeFirst(start)
                    }
                    if buffer.count >= 1 << 20 {
                        try out.write(contentsOf: buffer)
                        buffer.removeAll(keepingCapacity: true)
                    }
                }
            }
            try out.write(contentsOf: buffer)
            try out.close()
            if FileManager.default.fileExists(atPath: target.path) { try FileManager.default.removeItem(at: target) }
            try FileManager.default.moveItem(at: temporary, to: target)
        } catch {
            try? out.close()
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }

    /// One line with the number after its first `prefix` bytes raised by `shift`.
    static func shiftRow(_ line: ArraySlice<UInt8>, by shift: Int, prefix: Int, into buffer: inout [UInt8]) {
        let numberStart = line.startIndex + prefix
        var index = numberStart
        var row = 0
        while index < line.endIndex, line[index] >= 0x30, line[index] <= 0x39 {
            row = row * 10 + Int(line[index] - 0x30)
            index += 1
        }
        buffer += line[line.startIndex..<numberStart]
        buffer += Array(String(row + shift).utf8)
        buffer += line[index...]
    }
}

import Foundation
import TallyCSV

/// Writes the input to a file and reads it back in every way a user can ask for:
/// detected format, each forced encoding, each delimiter. Errors are fine; crashes,
/// hangs and leaks are not, and a successful read must reconcile (rows counted once).
/// The encoding detector runs on every input: what it decides must be one of the encodings
/// it knows, and a file it calls Windows-1252 (every byte defined there) must decode whole.
enum Scratch {
    static let path = FileManager.default.temporaryDirectory.appendingPathComponent("tally-fuzz-csv-\(getpid()).csv").path
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Data(bytes: data, count: size)
    guard FileManager.default.createFile(atPath: Scratch.path, contents: bytes) else { return 0 }
    let choices: [CSVReadOptions] = [
        CSVReadOptions(),
        CSVReadOptions(encoding: .gb18030),
        CSVReadOptions(encoding: .utf8, delimiter: UInt8(ascii: ";")),
        CSVReadOptions(encoding: .utf16LE, delimiter: UInt8(ascii: "\t")),
        CSVReadOptions(encoding: .windows1252),
        CSVReadOptions(encoding: TextEncoding(userName: "big5")),
    ]
    for options in choices {
        guard let reader = try? CSVReader(path: Scratch.path, options: options) else { continue }
        let detected = options.encoding == nil ? reader.format.encoding : nil
        if let detected {
            precondition([.utf8, .utf8BOM, .utf16LE, .utf16BE, .gb18030, .windows1252].contains(detected), "detected an encoding it does not know")
        }
        var rows = 0
        var bad = 0
        var lastLine = 0
        do {
            try reader.forEachRecord(badRows: .report { _, _ in bad += 1 }) { record in
                rows += 1
                precondition(record.row == rows + bad, "row numbers skip or repeat")
                precondition(record.line > lastLine || rows == 1, "lines go backwards")
                lastLine = record.line
            }
        } catch {
            if detected == .windows1252, let error = error as? CSVError, case .invalidEncoding = error.kind {
                preconditionFailure("detected Windows-1252 but its bytes do not decode")
            }
        }
    }
    return 0
}

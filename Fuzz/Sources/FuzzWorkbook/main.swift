import Foundation
@_spi(Fuzzing) import TallyWorkbook

/// The workbook reader over arbitrary bytes, two ways: as a sheet's XML (with the first part of
/// the input as its shared strings, read in chunks of a size the input chooses), which reaches
/// the XML scanner, entities, cell references, types and dates; and as a whole .xlsx file, which
/// reaches the zip checks, part look-ups and limits. Errors are fine; a trap is a finding.
enum Scratch {
    static let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tally-fuzz-xlsx-\(getpid())")
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    guard let first = input.first else { return 0 }
    let split = input.count > 1 ? Int(input[1]) % input.count : 0
    _ = try? WorkbookFuzzing.readSheet(Array(input[split...]), shared: Array(input[..<split]), chunk: Int(first % 64) + 1)
    try? FileManager.default.createDirectory(at: Scratch.folder, withIntermediateDirectories: true)
    let book = Scratch.folder.appendingPathComponent("b.xlsx").path
    guard FileManager.default.createFile(atPath: book, contents: Data(input)) else { return 0 }
    _ = try? SheetCSV.write(workbook: book, sheet: nil, to: Scratch.folder.appendingPathComponent("b.csv").path)
    return 0
}

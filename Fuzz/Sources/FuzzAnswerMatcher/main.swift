import Foundation
import TallyCore
import TallyRender

/// Splits the input into a header line and answer lines and scores them against the
/// built-in leadership form: arbitrary headers exercise column matching (composite headers,
/// numbers, brackets), arbitrary cells the value and multi-select matchers. Every scored
/// file must reconcile: rows = valid + invalid.
enum Scratch {
    static let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tally-fuzz-match-\(getpid())")
    static let form = try! FormLoader.load("leadership-evaluation")
    static let header = "1、您的身份,2、对领导班子的总体评价,3、政治建设,4、党风廉政建设,5、纪律作风,6、履职尽责,7、对班子成员的个人评价—主要负责同志,分管副职甲,分管副职乙,纪检监察负责同志,8、您认为领导班子存在的主要问题（可多选）,9、您对领导班子的意见和建议\n"
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    try? FileManager.default.createDirectory(at: Scratch.folder, withIntermediateDirectories: true)
    let input = Data(bytes: data, count: size)
    // First byte picks: fuzzed cells under the real header, or a fuzzed header too.
    let body = input.dropFirst()
    let file = Scratch.folder.appendingPathComponent("r.csv").path
    let contents = (input.first ?? 0) & 1 == 0 ? Data(Scratch.header.utf8) + body : body
    guard FileManager.default.createFile(atPath: file, contents: contents) else { return 0 }
    var options = ImportOptions()
    options.allowMissingColumns = true
    options.skipBadRows = true
    if let document = try? Tally.score(form: Scratch.form, files: [file], unit: "u", options: options) {
        for unit in document.units {
            precondition(unit.ballots.rows == unit.ballots.valid + unit.ballots.invalid, "ballots do not reconcile")
            _ = OutputFiles.resultsJSONBytes(document)
        }
    }
    return 0
}

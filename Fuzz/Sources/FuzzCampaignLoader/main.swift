import Foundation
import TallyCore
import TallyRender

/// Loads arbitrary text as a campaign file, confined to a copy of `Samples/` (as the web app
/// imports campaigns), and runs it when it loads: extreme numbers (`issued`), paths that lead
/// out, globs and forms by path. A run must reconcile (rows = valid + invalid), and its results
/// and findings must render; any `FormError` or `TallyError` is fine, a crash is a bug.
enum Scratch {
    static let folder: URL = {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tally-fuzz-campaign-\(getpid())")
        let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../Samples").standardized
        try? FileManager.default.removeItem(at: folder)
        try! FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for part in ["leadership", "public"] {
            try! FileManager.default.copyItem(at: samples.appendingPathComponent(part), to: folder.appendingPathComponent(part))
        }
        return folder
    }()
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let file = Scratch.folder.appendingPathComponent("campaign.yaml").path
    guard FileManager.default.createFile(atPath: file, contents: Data(bytes: data, count: size)) else { return 0 }
    guard let campaign = try? Campaign.load(file, confined: true) else { return 0 }
    var options = ImportOptions()
    options.allowMissingColumns = true
    options.skipBadRows = true
    options.skipRules = ["min_seconds", "incomplete", "duplicate_respondent"]
    options.threads = 1
    guard let document = try? Tally.run(campaign, options: options) else { return 0 }
    for unit in document.units {
        precondition(unit.ballots.rows == unit.ballots.valid + unit.ballots.invalid, "ballots do not reconcile")
        precondition(unit.ballots.issued.map { $0 >= 0 && $0 <= Campaign.maximumIssued } ?? true, "an issued count out of range was accepted")
        _ = FindingsMarkdown(unit: unit).render()
    }
    _ = OutputFiles.resultsJSONBytes(document)
    return 0
}

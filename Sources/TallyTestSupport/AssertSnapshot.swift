import Foundation
import Testing

/// Compares `actual` with `Snapshots/<name>` beside the calling test file.
///
/// A missing snapshot is written and the test fails ("recorded a new baseline"); set
/// `RECORD_SNAPSHOTS=1` to re-record every snapshot after an intended change.
public func assertSnapshot(
    _ actual: String, named name: String, filePath: String = #filePath, sourceLocation: SourceLocation = #_sourceLocation
) {
    let folder = URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")
    let file = folder.appendingPathComponent(name)
    let record = ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] != nil
    if !record, let expected = try? String(contentsOf: file, encoding: .utf8) {
        #expect(actual == expected, "snapshot \(name) differs; rerun with RECORD_SNAPSHOTS=1 if the change is intended", sourceLocation: sourceLocation)
        return
    }
    try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try? actual.write(to: file, atomically: true, encoding: .utf8)
    Issue.record("recorded a new baseline for \(name)", sourceLocation: sourceLocation)
}

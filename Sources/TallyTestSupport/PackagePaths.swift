import Foundation
// The seeded generator tests share, defined with the statistics.
@_exported import struct TallyStatistics.SplitMix64

/// Folders of the checkout, found from this file's path (SwiftPM resources cannot
/// point outside a target's folder).
public enum PackagePaths {
    /// The package root (the folder holding `Package.swift`).
    public static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // TallyTestSupport
        .deletingLastPathComponent()  // Sources
        .deletingLastPathComponent()

    public static let forms = root.appendingPathComponent("Forms")
    public static let samples = root.appendingPathComponent("Samples")
    /// `../shared` beside the checkout: the spec, conformance suites and benchmark tools.
    public static let shared = root.deletingLastPathComponent().appendingPathComponent("shared")

    /// A fixture of a test target: `Tests/<target>/Fixtures/<name>`.
    public static func fixture(_ name: String, target: String) -> URL {
        root.appendingPathComponent("Tests/\(target)/Fixtures/\(name)")
    }
}

/// A fresh temporary folder, removed with everything in it when the last reference to it goes
/// (or earlier, by `cleanUp()`).
public final class TemporaryFolder: @unchecked Sendable {
    public let url: URL

    public init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("tally-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// Writes `bytes` to `name` inside the folder and returns its path.
    @discardableResult
    public func write(_ name: String, bytes: [UInt8]) throws -> String {
        let file = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(
            at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: file)
        return file.path
    }

    /// Writes UTF-8 `text` to `name` inside the folder and returns its path.
    @discardableResult
    public func write(_ name: String, text: String) throws -> String {
        try write(name, bytes: Array(text.utf8))
    }

    public func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    public func cleanUp() { try? FileManager.default.removeItem(at: url) }

    deinit { cleanUp() }
}

/// GB18030 bytes of `text`, via glibc iconv (test fixtures only).
public func gb18030Bytes(_ text: String) -> [UInt8] {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/iconv")
    process.arguments = ["-f", "UTF-8", "-t", "GB18030"]
    let input = Pipe()
    let output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    try! process.run()
    input.fileHandleForWriting.write(Data(text.utf8))
    try! input.fileHandleForWriting.close()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Array(data)
}

import Foundation

/// QR codes read back by another program than the one that made them: zbar's `zbarimg`
/// (Debian's zbar-tools, installed by `make deps`).
public enum ZBar {
    /// The text of the one QR code in a PNG image, or `nil` when zbarimg finds none.
    public static func decode(png: [UInt8]) throws -> String? {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("zbar-\(UUID().uuidString).png")
        try Data(png).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["zbarimg", "--quiet", "--raw", "-Sbinary", file.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// `decode(png:)` waited for on a Dispatch thread: a test that blocks one of the cooperative
    /// pool's threads (two on a two-core machine) starves the tests running beside it.
    public static func decoded(png: [UInt8]) async throws -> String? {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try decode(png: png) }) }
        }
    }
}

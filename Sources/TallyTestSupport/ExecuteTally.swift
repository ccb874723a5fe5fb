import Foundation

/// What a run of the built `tally` binary printed.
public struct TallyRun: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
    public var stdoutBytes: [UInt8]
}

/// Runs the `tally` executable built next to the test bundle.
public enum ExecuteTally {
    /// The build products folder (the test bundle's folder, or its parent for `.xctest` bundles).
    public static var productsFolder: URL {
        let bundle = Bundle.main.bundleURL
        return bundle.pathExtension == "xctest" ? bundle.deletingLastPathComponent() : bundle
    }

    public static var binary: URL {
        for folder in [productsFolder, productsFolder.deletingLastPathComponent()] {
            let candidate = folder.appendingPathComponent("tally")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return PackagePaths.root.appendingPathComponent(".build/debug/tally")
    }

    /// Runs `tally arguments…` in `directory` (default: the package root) with optional standard input.
    public static func run(_ arguments: [String], in directory: URL = PackagePaths.root, stdin: [UInt8]? = nil) throws -> TallyRun {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        let input = Pipe()
        process.standardInput = stdin == nil ? FileHandle.nullDevice : input
        try process.run()
        if let stdin {
            input.fileHandleForWriting.write(Data(stdin))
            try input.fileHandleForWriting.close()
        }
        // Read both pipes before waiting, so a large output cannot block the child.
        nonisolated(unsafe) var errorData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errorData = error.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return TallyRun(
            status: process.terminationStatus, stdout: String(decoding: outputData, as: UTF8.self),
            stderr: String(decoding: errorData, as: UTF8.self), stdoutBytes: Array(outputData))
    }
}

import ArgumentParser
import Foundation

/// Prints to standard error.
enum Diagnostics {
    static func error(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }

    static func note(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }

    /// Prints the library's error and ends with exit status 1 (the input is wrong).
    static func fail(_ error: any Error) -> ExitCode {
        self.error("\(error)")
        return ExitCode.failure
    }
}

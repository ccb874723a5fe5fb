import Foundation

/// A progress line on standard error for long runs — records read, MB/s and the time left —
/// redrawn in place at most five times a second, and only when standard error is a terminal
/// (never in a pipe, a log or CI). Nothing shows for runs shorter than a second.
final class ProgressLine: @unchecked Sendable {
    private let lock = NSLock()
    private let start = Date()
    private var lastDrawn = Date.distantPast
    private var drawn = false

    /// A progress line when standard error is a terminal and `quiet` is off; else `nil`.
    static func forTerminal(quiet: Bool) -> ProgressLine? {
        quiet || isatty(2) == 0 ? nil : ProgressLine()
    }

    /// The callback for `ImportOptions.progress`.
    var callback: @Sendable (Int, Int, Int) -> Void {
        { [self] done, total, rows in update(done: done, total: total, rows: rows) }
    }

    func update(done: Int, total: Int, rows: Int) {
        lock.withLock {
            let now = Date()
            let elapsed = now.timeIntervalSince(start)
            guard elapsed >= 1, now.timeIntervalSince(lastDrawn) >= 0.2 else { return }
            lastDrawn = now
            let rate = Double(done) / elapsed
            var line = "read \(rows) rows, \(String(format: "%.0f", rate / 1e6)) MB/s"
            if total > 0, done <= total, rate > 0 {
                let percent = Double(done) / Double(total) * 100
                line += String(format: ", %.0f%%, about %.0f s left", percent, Double(total - done) / rate)
            }
            FileHandle.standardError.write(Data(("\r\u{1B}[K" + line).utf8))
            drawn = true
        }
    }

    /// Clears the line before anything else is printed.
    func finish() {
        lock.withLock {
            if drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            drawn = false
        }
    }
}

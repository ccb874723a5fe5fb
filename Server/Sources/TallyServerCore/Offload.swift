import Dispatch
import Foundation

/// Engine work (inspecting an upload, a run, a mapping, a zip) is ordinary blocking code. Run on
/// Swift's cooperative pool — one thread per core — two such calls would hold every thread and
/// stall every other request, `GET /` included (issue 26: 19.5 s during two uploads). It runs
/// here instead: on Dispatch threads of its own, at most `slots` at a time (the others wait
/// their turn on those threads, never on the pool), while the request's task awaits the result.
enum Offload {
    /// How many engine calls run at once: one core fewer than the machine has (at least one),
    /// so that pages are served while the engine works.
    static let slots = max(1, ProcessInfo.processInfo.activeProcessorCount - 1)

    private static let queue = DispatchQueue(label: "tally-server.engine", qos: .userInitiated, attributes: .concurrent)
    private static let semaphore = DispatchSemaphore(value: slots)

    /// `work`'s result, computed off the cooperative pool.
    /// - Parameter slot: whether it takes one of the engine's `slots` (engine calls); parsing a
    ///   request's body does not, so that it never waits behind a run.
    static func run<T: Sendable>(slot: Bool = true, _ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                if slot { semaphore.wait() }
                defer { if slot { semaphore.signal() } }
                continuation.resume(with: Result { try work() })
            }
        }
    }
}

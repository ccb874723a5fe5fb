import Foundation
import Hummingbird
import NIOCore
import Testing
@testable import TallyServerCore

/// `BodyPace`: a body that keeps coming is read whole; one that trickles is cut off once the
/// grace has passed (408; the middleware then closes the connection). The grace and rate are
/// scaled down; the margins are wide (a trickle of 10 bytes a second against a floor of
/// 100 KB a second; 3.2 MB a second against 1 KB a second).
@Suite("Slow clients")
struct SlowClientTests {
    static func body(pieces: Int, bytes: Int, every pause: Duration) -> RequestBody {
        let stream = AsyncStream<ByteBuffer> { continuation in
            Task {
                for _ in 0..<pieces {
                    continuation.yield(ByteBuffer(repeating: UInt8(ascii: "a"), count: bytes))
                    try? await Task.sleep(for: pause)
                }
                continuation.finish()
            }
        }
        return RequestBody(asyncSequence: stream)
    }

    @Test func aBodyThatKeepsComingIsReadWhole() async throws {
        // 3.2 MB/s for 0.8 s, past a grace of 0.5 s, against a floor of 1 KB/s: checked after the
        // grace as every piece comes, and held even when a loaded machine runs the sender late
        // (the first piece alone keeps the pace for 64 s). A floor of 100 KB/s failed so, with
        // the engine's runs of the other suites on both cores.
        let pace = BodyPace(grace: .milliseconds(500), minimumRate: 1024)
        let body = try await pace.collect(Self.body(pieces: 40, bytes: 64 * 1024, every: .milliseconds(20)), upTo: 1 << 30)
        #expect(body.readableBytes == 40 * 64 * 1024)
        // The limit still holds.
        await #expect(throws: NIOTooManyBytesError.self) {
            _ = try await pace.collect(Self.body(pieces: 20, bytes: 64 * 1024, every: .zero), upTo: 64 * 1024)
        }
    }

    @Test func aTrickleIsCutOffAfterTheGrace() async throws {
        let pace = BodyPace(grace: .milliseconds(300), minimumRate: 100 * 1024)
        let started = ContinuousClock.now
        await #expect(throws: SlowBody.self) {
            _ = try await pace.collect(Self.body(pieces: 100, bytes: 1, every: .milliseconds(100)), upTo: 1 << 30)
        }
        // Cut off soon after the grace, long before the 100 pieces (10 s) had come.
        #expect(ContinuousClock.now - started < .seconds(5))
        let words = SlowBody(received: 3 * 1024, elapsed: .seconds(21)).description
        #expect(words.contains("21秒") && words.contains("3 KB") && SlowBody(received: 0, elapsed: .zero).status == .requestTimeout)
    }
}

import Foundation
import Hummingbird
import NIOCore

/// How a request body must keep coming: once `grace` has passed, its bytes so far must average
/// at least `minimumRate` a second, or collecting it throws `SlowBody` (408, and the middleware
/// closes the connection). The idle timeout cuts a client that sends nothing; this cuts one that
/// sends a byte a second, which would otherwise hold its connection (and a file descriptor) for
/// ever.
///
/// An office network moves a 200 MB upload in a few minutes at worst (1 MB/s is 250 times the
/// floor); only a client that is stalled or means harm comes near it.
struct BodyPace: Sendable {
    static let standard = BodyPace(grace: .seconds(20), minimumRate: 4 * 1024)

    var grace: Duration
    /// Bytes a second, on average since the body began.
    var minimumRate: Int

    /// The body whole, as `collect(upTo:)` gives it, checked against the pace as each piece
    /// arrives (the body is read straight from the connection, not through a wrapper).
    func collect(_ body: RequestBody, upTo limit: Int) async throws -> ByteBuffer {
        let started = ContinuousClock.now
        var collected = ByteBuffer()
        for try await piece in body {
            guard collected.readableBytes + piece.readableBytes <= limit else { throw NIOTooManyBytesError(maxBytes: limit) }
            if collected.readableBytes == 0 {
                collected = piece
            } else {
                collected.writeImmutableBuffer(piece)
            }
            let elapsed = ContinuousClock.now - started
            if elapsed > grace, Double(collected.readableBytes) < Double(minimumRate) * elapsed.inSeconds {
                throw SlowBody(received: collected.readableBytes, elapsed: elapsed)
            }
        }
        return collected
    }
}

/// A body that came too slowly (`BodyPace`): 408, said in words; the middleware closes the
/// connection, so that the rest of the body is never waited for.
struct SlowBody: HTTPResponseError, CustomStringConvertible {
    var received: Int
    var elapsed: Duration

    var status: HTTPResponse.Status { .requestTimeout }

    var description: String {
        "上传太慢（\(Int(elapsed.inSeconds))秒只收到\(received / 1024) KB），连接已断开。请检查网络后重新上传。"
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        ServerResponses.error(status, description, request)
    }
}

extension Duration {
    /// The duration in seconds, as a `Double`.
    var inSeconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}

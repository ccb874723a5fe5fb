import Glibc

/// Converts a byte stream to UTF-8 with glibc's `iconv`, chunk by chunk.
///
/// A character split across two chunks is kept back (`EINVAL`) and finished with the next one.
final class Transcoder {
    private let handle: iconv_t
    private var carry: [UInt8] = []

    /// `nil` when glibc has no converter for `sourceName`.
    init?(from sourceName: String) {
        let opened = iconv_open("UTF-8", sourceName)
        if opened == iconv_t(bitPattern: -1) { return nil }
        handle = opened!
    }

    deinit { iconv_close(handle) }

    /// Whether glibc's iconv converts from the encoding `sourceName` to UTF-8.
    static func canConvert(from sourceName: String) -> Bool {
        let opened = iconv_open("UTF-8", sourceName)
        if opened == iconv_t(bitPattern: -1) { return false }
        iconv_close(opened)
        return true
    }

    enum Failure: Error {
        /// An invalid sequence this many bytes into the chunk passed to `convert`
        /// (negative when it started in the bytes carried over from the chunk before).
        case invalid(offsetInChunk: Int)
        case truncated
    }

    /// Converts `chunk` (after any bytes carried over); returns the UTF-8 produced.
    func convert(_ chunk: [UInt8]) throws(Failure) -> [UInt8] {
        let carried = carry.count
        var input = carry + chunk
        carry = []
        var output = [UInt8](repeating: 0, count: input.count * 2 + 16)
        var produced = 0
        var consumed = 0
        while consumed < input.count {
            let (inUsed, outUsed, error) = input.withUnsafeMutableBytes { inBytes in
                output.withUnsafeMutableBytes { outBytes in
                    var inPointer: UnsafeMutablePointer<CChar>? =
                        (inBytes.baseAddress! + consumed).assumingMemoryBound(to: CChar.self)
                    var inLeft = inBytes.count - consumed
                    var outPointer: UnsafeMutablePointer<CChar>? =
                        (outBytes.baseAddress! + produced).assumingMemoryBound(to: CChar.self)
                    var outLeft = outBytes.count - produced
                    let result = iconv(handle, &inPointer, &inLeft, &outPointer, &outLeft)
                    let code = result == -1 ? errno : 0
                    return (inBytes.count - consumed - inLeft, outBytes.count - produced - outLeft, code)
                }
            }
            consumed += inUsed
            produced += outUsed
            switch error {
            case 0: break
            case E2BIG: output += [UInt8](repeating: 0, count: output.count)
            case EINVAL:
                carry = Array(input[consumed...])
                consumed = input.count
            default:
                throw .invalid(offsetInChunk: consumed - carried)
            }
        }
        input.removeAll()
        output.removeSubrange(produced...)
        return output
    }

    /// Call at the end of input: a character left unfinished is an error.
    func finish() throws(Failure) {
        if !carry.isEmpty { throw .truncated }
    }
}

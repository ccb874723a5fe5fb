import Testing
@testable import TallyCSV
import TallyTestSupport

/// The UTF-8 check, which takes whole characters eight bytes at a time, against a plain
/// byte-by-byte reference of RFC 3629, on random mixes of valid characters and every kind
/// of mistake, fed in random chunk splits.
@Suite("UTF-8 check")
struct UTF8ValidatorTests {
    /// The offset of the first byte that cannot continue well-formed UTF-8 (as RFC 3629's
    /// table of well-formed byte sequences says), and whether the input ends inside a character.
    static func reference(_ bytes: [UInt8]) -> (bad: Int?, incomplete: Bool) {
        var index = 0
        while index < bytes.count {
            let lead = bytes[index]
            let ranges: [ClosedRange<UInt8>]
            switch lead {
            case 0x00...0x7F: ranges = []
            case 0xC2...0xDF: ranges = [0x80...0xBF]
            case 0xE0: ranges = [0xA0...0xBF, 0x80...0xBF]
            case 0xE1...0xEC, 0xEE...0xEF: ranges = [0x80...0xBF, 0x80...0xBF]
            case 0xED: ranges = [0x80...0x9F, 0x80...0xBF]
            case 0xF0: ranges = [0x90...0xBF, 0x80...0xBF, 0x80...0xBF]
            case 0xF1...0xF3: ranges = [0x80...0xBF, 0x80...0xBF, 0x80...0xBF]
            case 0xF4: ranges = [0x80...0x8F, 0x80...0xBF, 0x80...0xBF]
            default: return (index, false)
            }
            for (offset, range) in ranges.enumerated() {
                let at = index + 1 + offset
                if at >= bytes.count { return (nil, true) }
                if !range.contains(bytes[at]) { return (at, false) }
            }
            index += 1 + ranges.count
        }
        return (nil, false)
    }

    static let pieces: [[UInt8]] = [
        Array("a,b".utf8), Array("好".utf8), Array("较好".utf8), Array("基本满意┋".utf8), Array("é".utf8), Array("𠀀".utf8),
        [0xC2, 0x80], [0xDF, 0xBF], [0xE0, 0xA0, 0x80], [0xED, 0x9F, 0xBF], [0xEE, 0x80, 0x80], [0xF0, 0x90, 0x80, 0x80],
        [0xF4, 0x8F, 0xBF, 0xBF], Array("abcdefgh".utf8),
        // Mistakes: overlongs, surrogates, beyond U+10FFFF, stray and missing continuations, never-UTF-8 bytes.
        [0xC0, 0x80], [0xC1, 0xBF], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80], [0xF0, 0x80, 0x80, 0x80], [0xF4, 0x90, 0x80, 0x80],
        [0xF5, 0x80, 0x80, 0x80], [0x80], [0xBF], [0xE4, 0xBD], [0xE4, 0x41], [0xC3], [0xFF], [0xFE],
    ]

    @Test func agreesWithTheReferenceOnRandomInputs() {
        var random = SplitMix64(seed: 2026)
        for round in 0..<20_000 {
            var bytes: [UInt8] = []
            let mistakes = round % 3 == 0
            for _ in 0..<Int(random.next() % 24) {
                let choices = mistakes ? Self.pieces.count : 14
                bytes += Self.pieces[Int(random.next() % UInt64(choices))]
            }
            var validator = UTF8Validator()
            var bad: Int?
            var start = 0
            while start < bytes.count && bad == nil {
                let end = min(bytes.count, start + 1 + Int(random.next() % 20))
                bad = bytes[start..<end].withUnsafeBytes { validator.validate($0) }.map { $0 + start }
                start = end
            }
            let expected = Self.reference(bytes)
            #expect(bad == expected.bad, "\(bytes)")
            if bad == nil { #expect(validator.isIncomplete == expected.incomplete, "\(bytes)") }
        }
    }

    @Test func wordCheckNeverAcceptsWhatTheByteCheckRejects() {
        var random = SplitMix64(seed: 7)
        for _ in 0..<200_000 {
            // Bytes weighted towards the interesting ones.
            var word: UInt64 = 0
            var bytes: [UInt8] = []
            for lane in 0..<8 {
                let pick = random.next()
                let byte: UInt8 =
                    switch pick % 4 {
                    case 0: UInt8(pick >> 8 & 0x7F)
                    case 1: 0x80 | UInt8(pick >> 8 & 0x3F)
                    case 2: 0xC0 | UInt8(pick >> 8 & 0x3F)
                    default: UInt8(pick >> 8 & 0xFF)
                    }
                bytes.append(byte)
                word |= UInt64(byte) << UInt64(lane * 8)
            }
            let length = UTF8Validator.wellFormedPrefix(word)
            guard length > 0 else { continue }
            let prefix = Array(bytes[..<length])
            let reference = Self.reference(prefix)
            #expect(reference.bad == nil && !reference.incomplete, "\(bytes) prefix \(length)")
        }
    }
}

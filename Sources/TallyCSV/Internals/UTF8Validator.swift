/// Checks bytes for well-formed UTF-8 (RFC 3629: no overlongs, no surrogates,
/// nothing above U+10FFFF), fed in chunks that may split a character.
struct UTF8Validator {
    private var pending = 0
    private var low: UInt8 = 0x80
    private var high: UInt8 = 0xBF

    /// Validates the next chunk. Returns the offset of the first bad byte, or `nil`.
    mutating func validate(_ bytes: UnsafeRawBufferPointer) -> Int? {
        var index = 0
        let count = bytes.count
        while index < count {
            if pending == 0 {
                // Whole characters eight bytes at a time (see `wellFormedPrefix`).
                while Self.wordsAreLittleEndian && index + 8 <= count {
                    let word = bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                    let length = Self.wellFormedPrefix(word)
                    if length == 0 { break }
                    index += length
                }
                guard index < count else { break }
            }
            let byte = bytes[index]
            if pending == 0 {
                switch byte {
                case 0x00...0x7F: break
                case 0xC2...0xDF: (pending, low, high) = (1, 0x80, 0xBF)
                case 0xE0: (pending, low, high) = (2, 0xA0, 0xBF)
                case 0xE1...0xEC, 0xEE...0xEF: (pending, low, high) = (2, 0x80, 0xBF)
                case 0xED: (pending, low, high) = (2, 0x80, 0x9F)
                case 0xF0: (pending, low, high) = (3, 0x90, 0xBF)
                case 0xF1...0xF3: (pending, low, high) = (3, 0x80, 0xBF)
                case 0xF4: (pending, low, high) = (3, 0x80, 0x8F)
                default: return index
                }
            } else {
                guard byte >= low && byte <= high else { return index }
                pending -= 1
                (low, high) = (0x80, 0xBF)
            }
            index += 1
        }
        return nil
    }

    #if _endian(little)
        static let wordsAreLittleEndian = true
    #else
        static let wordsAreLittleEndian = false
    #endif

    /// How many leading bytes of an 8-byte word (little-endian: byte i is bits 8i..8i+7) are
    /// whole, well-formed characters, when the word starts at a character boundary: all 8
    /// for ASCII, else up to the start of a character that runs past the word. 0 means "ask
    /// the byte-by-byte check": a continuation byte out of place, a byte that is never UTF-8,
    /// or a lead byte whose next byte needs a range check (C0, C1, E0, ED, F0–F4: overlongs,
    /// surrogates, beyond U+10FFFF) — those are rare in survey text. Never accepts what the
    /// byte-by-byte check would reject.
    @inline(__always)
    static func wellFormedPrefix(_ word: UInt64) -> Int {
        let high: UInt64 = 0x8080_8080_8080_8080
        if word & high == 0 { return 8 }
        // The top bits of each byte, each moved to the byte's bit 7.
        let bit7 = word & high
        let bit6 = (word << 1) & high
        let bit5 = (word << 2) & high
        let bit4 = (word << 3) & high
        let continuation = bit7 & ~bit6
        let lead2 = bit7 & bit6 & ~bit5
        let lead3 = bit7 & bit6 & bit5 & ~bit4
        let lead4OrWorse = bit7 & bit6 & bit5 & bit4
        // Lanes that need the byte-by-byte check (a lane may be flagged needlessly, never missed):
        // four-byte leads and F8–FF, C0/C1, E0 and ED.
        func zeroLanes(_ x: UInt64) -> UInt64 { (x &- 0x0101_0101_0101_0101) & ~x & high }
        let lowNibble = word & 0x0F0F_0F0F_0F0F_0F0F
        let suspicious =
            lead4OrWorse | (lead2 & zeroLanes(word & 0x1E1E_1E1E_1E1E_1E1E))
            | (lead3 & (zeroLanes(lowNibble) | zeroLanes(lowNibble ^ 0x0D0D_0D0D_0D0D_0D0D)))
        // A character that runs past the word (a two-byte lead in the last byte, a three-byte
        // lead in the last two) ends the prefix at its lead, the word's highest lead.
        var length = 8
        if (lead2 >> 56) | (lead3 >> 48) != 0 {
            length = (63 - (lead2 | lead3).leadingZeroBitCount) / 8
        }
        let lanes: UInt64 = length == 8 ? ~0 : (1 << UInt64(length * 8)) &- 1
        // Where continuation bytes must be: after each lead of the prefix, and inside it.
        let expected = ((lead2 & lanes) << 8) | ((lead3 & lanes) << 8) | ((lead3 & lanes) << 16)
        guard expected & ~lanes == 0, (continuation ^ expected) & lanes == 0, suspicious & lanes == 0 else { return 0 }
        return length
    }

    /// `true` when the input ended inside a character.
    var isIncomplete: Bool { pending != 0 }
}

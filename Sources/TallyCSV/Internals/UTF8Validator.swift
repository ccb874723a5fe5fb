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
                // Skip ASCII eight bytes at a time.
                while index + 8 <= count,
                    bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 == 0
                {
                    index += 8
                }
                guard index < count else { break }
            }
            let byte = bytes[index]
            if pending == 0 && index + 3 <= count {
                // Whole characters that lie inside the chunk, the common case, without the
                // state machine: the three-byte ones (CJK) first.
                let second = bytes[index + 1]
                let third = bytes[index + 2]
                if byte >= 0xE1 && byte <= 0xEC || byte == 0xEE || byte == 0xEF {
                    if second & 0xC0 == 0x80 && third & 0xC0 == 0x80 {
                        index += 3
                        continue
                    }
                } else if byte < 0x80 {
                    index += 1
                    continue
                } else if byte >= 0xC2 && byte <= 0xDF && second & 0xC0 == 0x80 {
                    index += 2
                    continue
                }
            }
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

    /// `true` when the input ended inside a character.
    var isIncomplete: Bool { pending != 0 }
}

import Glibc

/// One record as libcsv produced it, its fields still bytes (UTF-8) in the reader's buffer.
///
/// A raw record lives only for the call that receives it: read what you need inside the
/// closure. Turning a field into a `String` is the expensive step when a million rows are
/// read; look fields up in a `CSVFieldTable` first and build strings only on a miss.
@_spi(Engine) public struct CSVRawRecord {
    /// 1-based physical line on which the record starts (within the byte range read).
    @_spi(Engine) public let line: Int
    /// 1-based record number (within the byte range read: the header is row 1 of a whole file).
    @_spi(Engine) public let row: Int
    /// Number of fields.
    @_spi(Engine) public let count: Int
    @usableFromInline let bytes: UnsafeRawBufferPointer
    /// End offsets of this record's fields in `bytes`, preceded by the start of its first field.
    @usableFromInline let bounds: UnsafeBufferPointer<Int>
    /// `bytes` and the buffer's slack after them, which may be read too: a short field is
    /// loaded as two whole words.
    @usableFromInline let readable: UnsafeRawBufferPointer

    init(bytes: UnsafeRawBufferPointer, readable: Int, bounds: UnsafeBufferPointer<Int>, count: Int, line: Int, row: Int) {
        precondition(readable >= bytes.count)
        self.bytes = bytes
        self.readable = UnsafeRawBufferPointer(start: bytes.baseAddress, count: readable)
        self.bounds = bounds
        self.count = count
        self.line = line
        self.row = row
    }

    @inlinable
    func field(_ index: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: bytes[bounds[index]..<bounds[index + 1]])
    }

    /// The record without its fields from `count` on (empty trailing fields dropped).
    func prefix(_ count: Int) -> CSVRawRecord {
        precondition(count <= self.count)
        return CSVRawRecord(bytes: bytes, readable: readable.count, bounds: bounds, count: count, line: line, row: row)
    }

    /// Field `index` as a table key: up to 16 bytes packed in two words (zero beyond the
    /// field), longer fields by their bytes.
    @inlinable @inline(__always)
    func key(_ index: Int) -> FieldKey {
        let start = bounds[index]
        let count = bounds[index + 1] - start
        guard count <= 16 else { return FieldKey(first: 0, second: 0, count: count, bytes: field(index)) }
        @inline(__always) func mask(_ n: Int) -> UInt64 { n >= 8 ? ~0 : n <= 0 ? 0 : (1 << UInt64(n * 8)) &- 1 }
        var first: UInt64 = 0
        var second: UInt64 = 0
        if start + 16 <= readable.count {
            first = readable.loadUnaligned(fromByteOffset: start, as: UInt64.self) & mask(count)
            second = readable.loadUnaligned(fromByteOffset: start + 8, as: UInt64.self) & mask(count - 8)
        } else {
            for offset in 0..<count {
                let byte = UInt64(bytes[start + offset]) << UInt64((offset % 8) * 8)
                if offset < 8 { first |= byte } else { second |= byte }
            }
        }
        return FieldKey(first: first, second: second, count: count, bytes: field(index))
    }

    /// Field `index` decoded to a string, exactly as the file has it.
    @_spi(Engine) public func string(_ index: Int) -> String {
        String(decoding: field(index), as: UTF8.self)
    }

    /// Field `index` decoded to a string when it is well-formed UTF-8; `nil` otherwise.
    @_spi(Engine) public func validatedString(_ index: Int) -> String? {
        isValidUTF8(index) ? string(index) : nil
    }

    /// Whether field `index` is well-formed UTF-8 (RFC 3629).
    @_spi(Engine) public func isValidUTF8(_ index: Int) -> Bool {
        var validator = UTF8Validator()
        return validator.validate(field(index)) == nil && !validator.isIncomplete
    }

    /// Byte length of field `index`.
    @inlinable
    @_spi(Engine) public func byteCount(_ index: Int) -> Int { bounds[index + 1] - bounds[index] }

    /// How many Unicode scalars of field `index` are not `blank`, counting up to `limit` at
    /// most (the field is assumed to be valid UTF-8, as the reader checks).
    @_spi(Engine) public func scalarCount(_ index: Int, excluding blank: (Unicode.Scalar) -> Bool, upTo limit: Int) -> Int {
        let bytes = field(index)
        var count = 0
        var offset = 0
        while offset < bytes.count && count < limit {
            let lead = bytes[offset]
            let length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
            guard offset + length <= bytes.count else { return count + 1 }
            var value = UInt32(lead < 0x80 ? lead : lead < 0xE0 ? lead & 0x1F : lead < 0xF0 ? lead & 0x0F : lead & 0x07)
            for next in 1..<length { value = value << 6 | UInt32(bytes[offset + next] & 0x3F) }
            if let scalar = Unicode.Scalar(value), !blank(scalar) { count += 1 }
            offset += length
        }
        return count
    }

    /// Every field as a string: the record `CSVReader.forEachRecord` would have given.
    @_spi(Engine) public func materialized() -> CSVRecord {
        CSVRecord(fields: (0..<count).map(string), line: line, row: row)
    }

    /// `true` when every field is empty or holds only spaces, tabs and U+3000 (as `CSVRecord.isBlank`).
    @_spi(Engine) public var isBlank: Bool {
        for index in 0..<count {
            let field = field(index)
            var offset = 0
            while offset < field.count {
                if field[offset] == 32 || field[offset] == 9 {
                    offset += 1
                } else if offset + 3 <= field.count, field[offset] == 0xE3, field[offset + 1] == 0x80,
                    field[offset + 2] == 0x80
                {
                    offset += 3
                } else {
                    return false
                }
            }
        }
        return true
    }

}

/// A field's bytes as a key of `CSVFieldTable`: a field of up to 16 bytes (most answers) is
/// compared as two words; a longer one byte by byte.
@_spi(Engine) public struct FieldKey {
    @usableFromInline let first: UInt64
    @usableFromInline let second: UInt64
    @usableFromInline let count: Int
    @usableFromInline let bytes: UnsafeRawBufferPointer

    @inlinable
    init(first: UInt64, second: UInt64, count: Int, bytes: UnsafeRawBufferPointer) {
        self.first = first
        self.second = second
        self.count = count
        self.bytes = bytes
    }

    @inlinable var isShort: Bool { count <= 16 }
}

/// A small hash table from a field's bytes to a value: how answers are matched without a
/// string per field. Survey columns hold few distinct values (好, 较好, 一般, 差), so a few
/// dozen entries cover a column.
///
/// One table serves several columns: each key carries a namespace (a column, or a way of
/// reading one), and each namespace keeps at most `limit` values; past that, misses are read
/// the slow way. One table, not one per column, so that looking up does not copy a table out
/// of an array. Its lookups are inlinable, to be specialised for the value type where used.
@_spi(Engine) public struct CSVFieldTable<Value> {
    @usableFromInline
    struct Entry {
        @usableFromInline var hash: UInt64
        @usableFromInline var namespace: Int
        @usableFromInline var start: Int
        @usableFromInline var end: Int
        /// A short key's words (see `FieldKey`).
        @usableFromInline var first: UInt64
        @usableFromInline var second: UInt64

        @inlinable
        init(hash: UInt64, namespace: Int, start: Int, end: Int, first: UInt64, second: UInt64) {
            self.hash = hash
            self.namespace = namespace
            self.start = start
            self.end = end
            self.first = first
            self.second = second
        }
    }

    @usableFromInline var keys: [UInt8] = []
    /// Per slot: index into `entries`, or -1.
    @usableFromInline var slots: [Int32]
    @usableFromInline var entries: [Entry] = []
    @usableFromInline var values: [Value] = []
    /// Values stored per namespace.
    @usableFromInline var stored: [Int]
    /// Most values a namespace keeps.
    @_spi(Engine) public let limit: Int

    /// A table for namespaces `0..<namespaces`, each keeping up to `limit` values.
    @_spi(Engine) public init(namespaces: Int = 1, limit: Int = 64) {
        self.limit = limit
        stored = Array(repeating: 0, count: max(1, namespaces))
        var size = 16
        while size < max(1, namespaces) * limit * 2 { size *= 2 }
        slots = Array(repeating: -1, count: size)
    }

    /// Number of values stored.
    @_spi(Engine) public var count: Int { entries.count }

    /// A hash of the namespace and the key: a short key's two words, a long key's bytes read
    /// a word at a time (words overlap at the end rather than read past it).
    @inlinable
    static func hash(_ key: FieldKey, namespace: Int) -> UInt64 {
        let k: UInt64 = 0x9E37_79B9_7F4A_7C15
        var h = (UInt64(truncatingIfNeeded: namespace) &+ UInt64(key.count) &* 0x1000_0000_01B3) &* k
        @inline(__always) func mix(_ word: UInt64) {
            h = (h ^ word) &* k
            h ^= h >> 29
        }
        if key.isShort {
            mix(key.first)
            mix(key.second)
        } else {
            let bytes = key.bytes
            var offset = 0
            while offset + 8 <= key.count {
                mix(bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                offset += 8
            }
            if offset < key.count { mix(bytes.loadUnaligned(fromByteOffset: key.count - 8, as: UInt64.self)) }
        }
        return h ^ (h >> 32)
    }

    /// The slot holding `key`, or the empty slot where it would go.
    @inlinable
    func find(_ key: FieldKey, namespace: Int, hash: UInt64) -> (slot: Int, entry: Int?) {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = Int(slots[slot])
            if entry < 0 { return (slot, nil) }
            let stored = entries[entry]
            if stored.hash == hash && stored.namespace == namespace && stored.end - stored.start == key.count {
                if key.isShort {
                    if stored.first == key.first && stored.second == key.second { return (slot, entry) }
                } else if keys.withUnsafeBytes({ Self.equal(UnsafeRawBufferPointer(rebasing: $0[stored.start..<stored.end]), key.bytes) }) {
                    return (slot, entry)
                }
            }
            slot = (slot + 1) & mask
        }
    }

    /// Equality of two buffers of the same length, a word at a time with overlapping words at
    /// the end (a call to `memcmp` costs more than comparing a few characters).
    @inlinable
    static func equal(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        let count = a.count
        if count >= 8 {
            var offset = 0
            while offset + 8 <= count {
                if a.loadUnaligned(fromByteOffset: offset, as: UInt64.self) != b.loadUnaligned(fromByteOffset: offset, as: UInt64.self) {
                    return false
                }
                offset += 8
            }
            return offset == count
                || a.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self) == b.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
        }
        if count >= 4 {
            return a.loadUnaligned(fromByteOffset: 0, as: UInt32.self) == b.loadUnaligned(fromByteOffset: 0, as: UInt32.self)
                && a.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self) == b.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)
        }
        for offset in 0..<count where a[offset] != b[offset] { return false }
        return true
    }

    /// The value stored in `namespace` for the bytes of `record`'s field `index`, if any.
    @inlinable
    @_spi(Engine) public func value(of record: CSVRawRecord, field index: Int, namespace: Int = 0) -> Value? {
        let key = record.key(index)
        guard let entry = find(key, namespace: namespace, hash: Self.hash(key, namespace: namespace)).entry else { return nil }
        return values[entry]
    }

    /// Stores `value` in `namespace` for the bytes of `record`'s field `index`; `false` when
    /// the namespace is full.
    @inlinable @discardableResult
    @_spi(Engine) public mutating func remember(_ value: Value, of record: CSVRawRecord, field index: Int, namespace: Int = 0) -> Bool {
        let key = record.key(index)
        let hash = Self.hash(key, namespace: namespace)
        let (slot, entry) = find(key, namespace: namespace, hash: hash)
        if let entry {
            values[entry] = value
            return true
        }
        guard stored[namespace] < limit else { return false }
        stored[namespace] += 1
        let start = keys.count
        keys.append(contentsOf: key.bytes)
        entries.append(Entry(hash: hash, namespace: namespace, start: start, end: keys.count, first: key.first, second: key.second))
        values.append(value)
        slots[slot] = Int32(entries.count - 1)
        return true
    }
}

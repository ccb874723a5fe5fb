import Glibc

/// One record as libcsv produced it, its fields still bytes (UTF-8) in the reader's buffer.
///
/// A raw record lives only for the call that receives it: read what you need inside the
/// closure. Turning a field into a `String` is the expensive step when a million rows are
/// read; look fields up in a `CSVFieldTable` first and build strings only on a miss.
public struct CSVRawRecord {
    /// 1-based physical line on which the record starts (within the byte range read).
    public let line: Int
    /// 1-based record number (within the byte range read: the header is row 1 of a whole file).
    public let row: Int
    /// Number of fields.
    public let count: Int
    @usableFromInline let bytes: UnsafeRawBufferPointer
    /// End offsets of this record's fields in `bytes`, preceded by the start of its first field.
    @usableFromInline let bounds: UnsafeBufferPointer<Int>

    init(bytes: UnsafeRawBufferPointer, bounds: UnsafeBufferPointer<Int>, count: Int, line: Int, row: Int) {
        self.bytes = bytes
        self.bounds = bounds
        self.count = count
        self.line = line
        self.row = row
    }

    @inlinable
    func field(_ index: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: bytes[bounds[index]..<bounds[index + 1]])
    }

    /// Field `index` decoded to a string, exactly as the file has it.
    public func string(_ index: Int) -> String {
        String(decoding: field(index), as: UTF8.self)
    }

    /// Byte length of field `index`.
    @inlinable
    public func byteCount(_ index: Int) -> Int { bounds[index + 1] - bounds[index] }

    /// How many Unicode scalars of field `index` are not `blank`, counting up to `limit` at
    /// most (the field is assumed to be valid UTF-8, as the reader checks).
    public func scalarCount(_ index: Int, excluding blank: (Unicode.Scalar) -> Bool, upTo limit: Int) -> Int {
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
    public func materialized() -> CSVRecord {
        CSVRecord(fields: (0..<count).map(string), line: line, row: row)
    }

    /// `true` when every field is empty or holds only spaces, tabs and U+3000 (as `CSVRecord.isBlank`).
    public var isBlank: Bool {
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

    /// The value stored for field `index`'s bytes in `table`, if any.
    @inlinable
    public func lookup<Value>(_ index: Int, in table: CSVFieldTable<Value>) -> Value? {
        table.value(for: field(index))
    }

    /// Remembers `value` for field `index`'s bytes; `false` when the table is full.
    @inlinable @discardableResult
    public func remember<Value>(_ index: Int, as value: Value, in table: inout CSVFieldTable<Value>) -> Bool {
        table.insert(field(index), value)
    }
}

/// A small hash table from a field's bytes to a value: how answers are matched without a
/// string per field. Survey columns hold few distinct values (好, 较好, 一般, 差), so a few
/// dozen entries cover a column; when `capacity` values are stored, the table stops growing
/// and misses are read the slow way.
///
/// Its lookups are inlinable so that they are specialised for the value type where they are used.
public struct CSVFieldTable<Value> {
    /// Where a stored key lies in `keys`, and its hash.
    @usableFromInline
    struct Entry {
        @usableFromInline var hash: UInt64
        @usableFromInline var start: Int
        @usableFromInline var end: Int

        @inlinable
        init(hash: UInt64, start: Int, end: Int) {
            self.hash = hash
            self.start = start
            self.end = end
        }
    }

    @usableFromInline var keys: [UInt8] = []
    /// Per slot: index into `entries`, or -1.
    @usableFromInline var slots: [Int32]
    @usableFromInline var entries: [Entry] = []
    @usableFromInline var values: [Value] = []
    /// Most values the table keeps.
    public let capacity: Int

    public init(capacity: Int = 64) {
        self.capacity = capacity
        var size = 16
        while size < capacity * 2 { size *= 2 }
        slots = Array(repeating: -1, count: size)
    }

    /// Number of values stored.
    public var count: Int { entries.count }

    /// FNV-1a over the bytes.
    @inlinable
    static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        return hash
    }

    /// The slot holding `bytes`, or the empty slot where they would go.
    @inlinable
    func find(_ bytes: UnsafeRawBufferPointer, hash: UInt64) -> (slot: Int, entry: Int?) {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = Int(slots[slot])
            if entry < 0 { return (slot, nil) }
            let stored = entries[entry]
            if stored.hash == hash && stored.end - stored.start == bytes.count {
                let same = keys.withUnsafeBytes { keys in
                    bytes.count == 0 || memcmp(keys.baseAddress! + stored.start, bytes.baseAddress!, bytes.count) == 0
                }
                if same { return (slot, entry) }
            }
            slot = (slot + 1) & mask
        }
    }

    @inlinable
    func value(for bytes: UnsafeRawBufferPointer) -> Value? {
        guard let entry = find(bytes, hash: Self.hash(bytes)).entry else { return nil }
        return values[entry]
    }

    @inlinable
    mutating func insert(_ bytes: UnsafeRawBufferPointer, _ value: Value) -> Bool {
        let hash = Self.hash(bytes)
        let (slot, entry) = find(bytes, hash: hash)
        if let entry {
            values[entry] = value
            return true
        }
        guard entries.count < capacity else { return false }
        let start = keys.count
        keys.append(contentsOf: bytes)
        entries.append(Entry(hash: hash, start: start, end: keys.count))
        values.append(value)
        slots[slot] = Int32(entries.count - 1)
        return true
    }
}

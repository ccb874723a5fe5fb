import Foundation
import Glibc

/// A file written through a buffer of its own, for CSV written a line at a time a million
/// times (the ballot ledger): appending a byte or a few is a store and a count, with no
/// uniqueness check or reference counting per call as an array's append has.
///
/// Bytes are appended through `withBuffer` (or `append` for a few at a time); `flushIfFull()`
/// writes the buffer out once it holds `flushSize` bytes or more (call it between lines);
/// `close()` writes the rest and closes the file. The buffer grows when a line is longer than
/// what is left of it, so no append can write past it. `onWrite` sees every byte written (to
/// hash the file as it is written). Not for use by two threads at once.
@_spi(Engine) public final class CSVByteSink {
    /// The bytes not yet written (one stored property: lending it to `withBuffer` is one
    /// access, checked once, rather than one per byte).
    @usableFromInline var buffer: Buffer
    /// Bytes written to the file so far (not counting the buffer).
    public private(set) var written = 0
    private var descriptor: Int32
    public let path: String
    /// The buffer is written out when it holds this many bytes or more.
    public let flushSize: Int
    /// Called with the bytes of each write, in order, before they are written: a view of the
    /// buffer that is valid only during the call (copy what must be kept).
    public var onWrite: ((Data) -> Void)?

    /// Creates (or empties) the file at `path`, readable and writable by its owner only;
    /// with `appending`, opens it to write after what it holds.
    ///
    /// - Throws: `CSVError` (`.unwritable`) naming the path and the system's reason.
    public init(path: String, appending: Bool = false, flushSize: Int = 1 << 18) throws(CSVError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | (appending ? O_APPEND : O_TRUNC) | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw CSVError(.unwritable(reason: String(cString: strerror(errno))), file: path) }
        self.descriptor = descriptor
        self.path = path
        self.flushSize = flushSize
        buffer = Buffer(storage: .allocate(capacity: flushSize + 4096), count: 0, capacity: flushSize + 4096)
    }

    deinit {
        if descriptor >= 0 { Glibc.close(descriptor) }
        buffer.storage.deallocate()
    }

    /// Appends through `body`, which has the buffer to itself (no check per byte that no one
    /// else is using it, as there is for a class's properties). `body` must not use the sink.
    @inlinable
    public func withBuffer<Result>(_ body: (inout Buffer) throws -> Result) rethrows -> Result {
        try body(&buffer)
    }

    /// Appends `bytes`.
    @inlinable
    public func append(_ bytes: [UInt8]) {
        withBuffer { $0.append(bytes) }
    }

    /// The sink's buffer while `withBuffer` lends it: appends grow it when they must.
    public struct Buffer {
        @usableFromInline var storage: UnsafeMutablePointer<UInt8>
        @usableFromInline var count: Int
        @usableFromInline var capacity: Int

        @inlinable
        init(storage: UnsafeMutablePointer<UInt8>, count: Int, capacity: Int) {
            self.storage = storage
            self.count = count
            self.capacity = capacity
        }

        /// Appends one byte.
        @inlinable
        public mutating func append(_ byte: UInt8) {
            if count == capacity { grow(by: 1) }
            storage[count] = byte
            count += 1
        }

        /// Appends `bytes`.
        @inlinable
        public mutating func append(_ bytes: [UInt8]) {
            bytes.withUnsafeBufferPointer { append($0) }
        }

        /// Appends the UTF-8 bytes of a constant.
        @inlinable
        public mutating func append(_ text: StaticString) {
            text.withUTF8Buffer { append($0) }
        }

        /// Appends the bytes of `bytes` in `range` (one of many fields kept in one array).
        @inlinable
        public mutating func append(_ bytes: [UInt8], range: Range<Int>) {
            bytes.withUnsafeBufferPointer { append(UnsafeBufferPointer(rebasing: $0[range])) }
        }

        /// Appends the bytes `buffer` points to.
        @inlinable
        public mutating func append(_ buffer: UnsafeBufferPointer<UInt8>) {
            guard let base = buffer.baseAddress, !buffer.isEmpty else { return }
            if capacity - count < buffer.count { grow(by: buffer.count) }
            // Most fields are a few bytes: two overlapping word copies instead of a call to memmove.
            let length = buffer.count
            let source = UnsafeRawPointer(base)
            let target = UnsafeMutableRawPointer(storage + count)
            if length >= 8 && length <= 16 {
                target.storeBytes(of: source.loadUnaligned(as: UInt64.self), as: UInt64.self)
                target.storeBytes(of: source.loadUnaligned(fromByteOffset: length &- 8, as: UInt64.self), toByteOffset: length &- 8, as: UInt64.self)
            } else if length >= 4 && length < 8 {
                target.storeBytes(of: source.loadUnaligned(as: UInt32.self), as: UInt32.self)
                target.storeBytes(of: source.loadUnaligned(fromByteOffset: length &- 4, as: UInt32.self), toByteOffset: length &- 4, as: UInt32.self)
            } else if length < 4 {
                for offset in 0..<length { target.storeBytes(of: base[offset], toByteOffset: offset, as: UInt8.self) }
            } else {
                (storage + count).update(from: base, count: length)
            }
            count += length
        }

        /// Appends `length` bytes (at most 16) of `bytes` from `offset`, copying 16 at once
        /// whatever the length: no branch on it (the cells of a ledger line are 2 to 14 bytes,
        /// in no order a branch could predict). `bytes` must hold 16 bytes from `offset` (pad
        /// its end); a longer piece goes through `append(_:range:)`.
        @inlinable
        public mutating func appendShort(_ bytes: [UInt8], offset: Int, length: Int) {
            precondition(length <= 16 && offset >= 0 && offset + 16 <= bytes.count, "a short piece is at most 16 bytes, with 16 to read")
            if capacity - count < 16 { grow(by: 16) }
            bytes.withUnsafeBytes { source in
                let target = UnsafeMutableRawPointer(storage + count)
                target.storeBytes(of: source.loadUnaligned(fromByteOffset: offset, as: UInt64.self), as: UInt64.self)
                target.storeBytes(of: source.loadUnaligned(fromByteOffset: offset &+ 8, as: UInt64.self), toByteOffset: 8, as: UInt64.self)
            }
            count += length
        }

        /// Appends a whole number in decimal digits (`-` first when it is negative).
        @inlinable
        public mutating func appendDecimal(_ value: Int) {
            if capacity - count < 21 { grow(by: 21) }
            var magnitude = value.magnitude
            if value < 0 {
                storage[count] = UInt8(ascii: "-")
                count += 1
            }
            var digits = 1
            var rest = magnitude / 10
            while rest > 0 {
                digits += 1
                rest /= 10
            }
            var index = count + digits - 1
            repeat {
                storage[index] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                index -= 1
            } while magnitude > 0
            count += digits
        }

        @usableFromInline
        mutating func grow(by needed: Int) {
            let larger = Swift.max(capacity * 2, count + needed)
            let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: larger)
            moved.update(from: storage, count: count)
            storage.deallocate()
            storage = moved
            capacity = larger
        }
    }

    /// Writes the buffer to the file when it holds `flushSize` bytes or more.
    @inlinable
    public func flushIfFull() throws(CSVError) {
        if buffer.count >= flushSize { try flush() }
    }

    /// Writes the whole buffer to the file.
    public func flush() throws(CSVError) {
        try writeOut(UnsafeRawBufferPointer(start: buffer.storage, count: buffer.count))
        buffer.count = 0
    }

    /// Writes `bytes` to the file (after `onWrite` has seen them).
    private func writeOut(_ bytes: UnsafeRawBufferPointer) throws(CSVError) {
        guard descriptor >= 0 else { throw CSVError(.unwritable(reason: "the file is closed"), file: path) }
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        if let onWrite { onWrite(Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: base), count: bytes.count, deallocator: .none)) }
        var offset = 0
        while offset < bytes.count {
            let result = Glibc.write(descriptor, base + offset, bytes.count - offset)
            if result < 0 {
                if errno == EINTR { continue }
                throw CSVError(.unwritable(reason: String(cString: strerror(errno))), file: path)
            }
            offset += result
        }
        written += bytes.count
    }

    /// Writes what is left and closes the file. Closing twice does nothing.
    public func close() throws(CSVError) {
        guard descriptor >= 0 else { return }
        defer {
            Glibc.close(descriptor)
            descriptor = -1
        }
        try flush()
    }

    /// Appends the lines of the file at `path` from byte `offset` on, the decimal number that
    /// starts `prefix` bytes into each line raised by `shift` (a later part's row numbers moved
    /// below an earlier part's). Lines end with a line feed; a line without a number there is
    /// copied as it is; `shift` 0 copies the bytes unread. The file is mapped, not read: its
    /// bytes are copied once, into this sink's buffer (with `shift` 0 not even that).
    ///
    /// - Throws: `CSVError` naming the file read (`.unreadable`) or this one (`.unwritable`).
    public func appendLines(ofFile source: String, from offset: Int, raisingNumberAfter prefix: Int, by shift: Int) throws(CSVError) {
        try CSVMappedFile.mapped(source) { (file: inout MappedBytes) throws(CSVError) in
            try appendLines(of: &file, from: offset, raisingNumberAfter: prefix, by: shift)
        }
    }

    private func appendLines(of file: inout MappedBytes, from offset: Int, raisingNumberAfter prefix: Int, by shift: Int) throws(CSVError) {
        guard offset < file.bytes.count, let base = file.bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
        let end = file.bytes.count
        if shift == 0 {
            try flush()
            var start = offset
            while start < end {
                let count = min(MappedBytes.window, end - start)
                try writeOut(UnsafeRawBufferPointer(start: base + start, count: count))
                start += count
                file.release(before: start)
            }
            return
        }
        var start = offset
        while start < end {
            withBuffer { (line: inout Buffer) -> Void in
                // Lines until the buffer is full: a line runs to its line feed (kept), or to
                // the end of the file.
                while start < end, line.count < self.flushSize {
                    let stop: Int
                    if let newline = memchr(base + start, 0x0A, end - start) {
                        stop = UnsafePointer(newline.assumingMemoryBound(to: UInt8.self)) - base + 1
                    } else {
                        stop = end
                    }
                    var digits = start + prefix
                    var number = 0
                    while digits < stop, digits < start + prefix + 18, base[digits] >= 0x30, base[digits] <= 0x39 {
                        number = number * 10 + Int(base[digits] - 0x30)
                        digits += 1
                    }
                    if digits > start + prefix {
                        line.append(UnsafeBufferPointer(start: base + start, count: prefix))
                        line.appendDecimal(number + shift)
                        line.append(UnsafeBufferPointer(start: base + digits, count: stop - digits))
                    } else {
                        line.append(UnsafeBufferPointer(start: base + start, count: stop - start))
                    }
                    start = stop
                }
            }
            try flushIfFull()
            file.release(before: start)
        }
    }
}

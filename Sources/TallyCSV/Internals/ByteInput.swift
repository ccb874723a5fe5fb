import Glibc

/// Counts line breaks the way a text editor numbers lines: LF, CRLF and a lone CR each end one line.
func lineBreaks(in bytes: UnsafeRawBufferPointer) -> Int {
    var breaks = 0
    var previousCR = false
    for byte in bytes {
        if byte == 10 {
            breaks += 1
            previousCR = false
        } else {
            if previousCR { breaks += 1 }
            previousCR = byte == 13
        }
    }
    return previousCR ? breaks + 1 : breaks
}

/// Counts LF bytes (the line number of an offset, for error messages).
func lineFeeds(in bytes: UnsafeRawBufferPointer) -> Int { count(10, in: bytes) }

/// Counts LF bytes in `bytes`, or in its first `offset` bytes.
func lineFeeds(in bytes: [UInt8], before offset: Int? = nil) -> Int {
    bytes.withUnsafeBytes { raw in lineFeeds(in: UnsafeRawBufferPointer(rebasing: raw[..<(offset ?? raw.count)])) }
}

/// Counts quote bytes (`"`).
func countQuotes(_ bytes: UnsafeRawBufferPointer) -> Int { count(34, in: bytes) }

/// Counts the bytes equal to `target`, eight at a time.
func count(_ target: UInt8, in bytes: UnsafeRawBufferPointer) -> Int {
    var count = 0
    var index = 0
    let ones: UInt64 = 0x0101_0101_0101_0101
    let pattern = ones &* UInt64(target)
    while index + 8 <= bytes.count {
        // Bytes equal to 0x22 become zero; find the zero bytes exactly (no false positives).
        let word = bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self) ^ pattern
        let low7 = (word & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7F7F_7F7F_7F7F_7F7F
        let nonzero = (low7 | word) & 0x8080_8080_8080_8080
        count += 8 - nonzero.nonzeroBitCount
        index += 8
    }
    while index < bytes.count {
        if bytes[index] == target { count += 1 }
        index += 1
    }
    return count
}

/// The size of a regular file in bytes; `nil` for anything else (standard input, a folder, a missing file).
public func regularFileSize(_ path: String) -> Int? {
    var status = stat()
    guard stat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return nil }
    return Int(status.st_size)
}

/// A file (or standard input, named `-`) read in chunks with `fread`.
final class ByteInput {
    private let handle: UnsafeMutablePointer<FILE>?
    private let ownsHandle: Bool
    /// Bytes already read (standard input's first megabyte) to hand out before reading more.
    private var replay: [UInt8] = []
    private var replayOffset = 0
    /// Bytes left in a regular file (from `stat`), so a small file never gets a 1 MiB buffer.
    private var remaining: Int?
    /// Bytes handed out so far.
    private(set) var bytesRead = 0
    /// `remaining` is a range's end, not a size that may have grown.
    private var exact = false

    init(path: String) throws(CSVError) {
        if path == "-" {
            // A FILE of our own over descriptor 0 (the global `stdin` is shared mutable state).
            handle = fdopen(0, "rb")
            ownsHandle = false
            return
        }
        var status = stat()
        if stat(path, &status) != 0 {
            throw CSVError(.unreadable(reason: String(cString: strerror(errno))), file: path)
        }
        if (status.st_mode & S_IFMT) == S_IFDIR {
            throw CSVError(.unreadable(reason: "it is a folder, not a file"), file: path)
        }
        guard let opened = fopen(path, "rb") else {
            throw CSVError(.unreadable(reason: String(cString: strerror(errno))), file: path)
        }
        handle = opened
        ownsHandle = true
        if (status.st_mode & S_IFMT) == S_IFREG { remaining = Int(status.st_size) }
    }

    /// The bytes `range` of a regular file, read as if they were the whole file.
    init(path: String, range: Range<Int>) throws(CSVError) {
        guard let opened = fopen(path, "rb") else {
            throw CSVError(.unreadable(reason: String(cString: strerror(errno))), file: path)
        }
        handle = opened
        ownsHandle = true
        if fseeko(opened, off_t(range.lowerBound), SEEK_SET) != 0 {
            throw CSVError(.unreadable(reason: String(cString: strerror(errno))), file: path)
        }
        remaining = range.count
        exact = true
    }

    /// Bytes already in memory, read as if they were a file.
    init(bytes: [UInt8]) {
        handle = nil
        ownsHandle = false
        replay = bytes
    }

    deinit {
        if ownsHandle, let handle { fclose(handle) }
    }

    /// Puts bytes back in front of the stream (used after sniffing standard input).
    func unread(_ bytes: [UInt8]) {
        replay = bytes
        replayOffset = 0
    }

    /// Reads up to `count` bytes; an empty array at the end of input.
    func read(upTo count: Int) throws(CSVError) -> [UInt8] {
        if replayOffset < replay.count {
            let end = min(replay.count, replayOffset + count)
            defer { replayOffset = end }
            return Array(replay[replayOffset..<end])
        }
        guard let handle else { return [] }
        // One byte more than the file should hold, so a file that grew is still read to its end.
        let size = remaining.map { Swift.min(count, exact ? $0 : $0 + 1) } ?? count
        if size == 0 { return [] }
        var buffer = [UInt8](repeating: 0, count: size)
        let got = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, size, handle) }
        if got < size && ferror(handle) != 0 {
            throw CSVError(.unreadable(reason: String(cString: strerror(errno))), file: "")
        }
        if let left = remaining { remaining = Swift.max(0, left - got) }
        buffer.removeSubrange(got...)
        bytesRead += got
        return buffer
    }

    /// Reads until `count` bytes or the end of input.
    func readFully(upTo count: Int) throws(CSVError) -> [UInt8] {
        var result: [UInt8] = []
        while result.count < count {
            let part = try read(upTo: count - result.count)
            if part.isEmpty { break }
            result += part
        }
        return result
    }
}

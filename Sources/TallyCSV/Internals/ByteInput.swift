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
func lineFeeds(in bytes: UnsafeRawBufferPointer) -> Int {
    var count = 0
    for byte in bytes where byte == 10 { count += 1 }
    return count
}

/// Counts LF bytes in `bytes`, or in its first `offset` bytes.
func lineFeeds(in bytes: [UInt8], before offset: Int? = nil) -> Int {
    bytes.withUnsafeBytes { raw in lineFeeds(in: UnsafeRawBufferPointer(rebasing: raw[..<(offset ?? raw.count)])) }
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
        let size = remaining.map { Swift.min(count, $0 + 1) } ?? count
        var buffer = [UInt8](repeating: 0, count: size)
        let got = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, size, handle) }
        if got < size && ferror(handle) != 0 {
            throw CSVError(.unreadable(reason: String(cString: strerror(errno))), file: "")
        }
        if let left = remaining { remaining = Swift.max(0, left - got) }
        buffer.removeSubrange(got...)
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

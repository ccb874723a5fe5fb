import Foundation
import Glibc

/// A file's bytes mapped into memory, read-only: to read a file written moments ago (a ledger
/// piece, still in the page cache) without copying it out a chunk at a time. `read` copies every
/// byte from the kernel into a buffer first, which cost a third of a second on the 300 MB ledger
/// of a million rows; a mapping shows the page cache's own pages. Pages read are given back as
/// the reading moves on, so the memory the mapping holds is a window, not the file.
///
/// Only for files this program wrote and keeps to itself (the ledger's pieces, mode 0600 in its
/// own folder): a mapped file that another program shortens kills the process (SIGBUS) where
/// `read` would only come up short, so a user's input is never mapped.
@_spi(Engine) public enum CSVMappedFile {
    /// Calls `body` with the bytes of the file at `path` in order, a slice of at most
    /// `MappedBytes.window` bytes at a time: each a view valid only during its call (copy what
    /// must be kept). Returns the file's size in bytes; an empty file calls `body` never.
    ///
    /// - Throws: `CSVError` (`.unreadable`) naming the path and the system's reason.
    @discardableResult
    public static func forEachSlice(ofFile path: String, _ body: (Data) -> Void) throws(CSVError) -> Int {
        try mapped(path) { (file: inout MappedBytes) throws(CSVError) in
            guard let base = file.bytes.baseAddress else { return 0 }
            var offset = 0
            while offset < file.bytes.count {
                let count = min(MappedBytes.window, file.bytes.count - offset)
                body(Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: base + offset), count: count, deallocator: .none))
                offset += count
                file.release(before: offset)
            }
            return file.bytes.count
        }
    }

    /// Calls `body` with the file's bytes mapped (empty for an empty file), unmapped after it.
    static func mapped<Result>(_ path: String, _ body: (inout MappedBytes) throws(CSVError) -> Result) throws(CSVError) -> Result {
        func failure() -> CSVError { CSVError(.unreadable(reason: String(cString: strerror(errno))), file: path) }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw failure() }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw failure() }
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            throw CSVError(.unreadable(reason: "not a regular file"), file: path)
        }
        let size = Int(status.st_size)
        guard size > 0 else {
            var empty = MappedBytes(bytes: UnsafeRawBufferPointer(start: nil, count: 0))
            return try body(&empty)
        }
        let base = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0)
        guard let base, base != UnsafeMutableRawPointer(bitPattern: -1) else { throw failure() }
        defer { munmap(base, size) }
        _ = madvise(base, size, MADV_SEQUENTIAL)
        var bytes = MappedBytes(bytes: UnsafeRawBufferPointer(start: base, count: size))
        return try body(&bytes)
    }
}

/// A mapped file's bytes, and how far they have been given back.
struct MappedBytes {
    let bytes: UnsafeRawBufferPointer
    /// Bytes before this offset (a multiple of the page size) are given back.
    private var released = 0

    /// How many bytes are read before those read are given back (and the largest slice
    /// `forEachSlice` hands out).
    static let window = 1 << 20

    init(bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    /// Gives back the whole pages before `offset` once a window of them has been read: they
    /// will not be read again. Only the mapping lets go of them; the file is untouched.
    mutating func release(before offset: Int) {
        guard let base = bytes.baseAddress else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let end = offset / page * page
        guard end - released >= Self.window else { return }
        _ = madvise(UnsafeMutableRawPointer(mutating: base + released), end - released, MADV_DONTNEED)
        released = end
    }
}

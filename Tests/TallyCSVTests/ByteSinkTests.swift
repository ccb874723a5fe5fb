import Foundation
import Testing
@_spi(Engine) @testable import TallyCSV
import TallyTestSupport

/// `CSVByteSink` against an array built alongside it: random appends (bytes, arrays, ranges,
/// numbers) with a buffer small enough that it fills, grows for a long line, and flushes
/// many times; the file must hold exactly the array's bytes.
@Suite("Byte sink")
struct ByteSinkTests {
    static func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("tally-sink-\(UUID().uuidString)").path
    }

    /// Where two byte strings first differ (`nil`: nowhere), so a failure prints a position
    /// rather than two megabytes.
    static func firstDifference(_ a: [UInt8], _ b: [UInt8]) -> Int? {
        if let index = (0..<min(a.count, b.count)).first(where: { a[$0] != b[$0] }) { return index }
        return a.count == b.count ? nil : min(a.count, b.count)
    }

    @Test(arguments: [16, 64, 1 << 12])
    func fileHoldsWhatWasAppended(flushSize: Int) throws {
        let path = Self.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let sink = try CSVByteSink(path: path, flushSize: flushSize)
        var expected: [UInt8] = []
        var random = SplitMix64(seed: UInt64(flushSize))
        let pool = Array("好,较好,一般,差,\"引号\"".utf8)
        let paddedPool = pool + Array(repeating: 0xFF, count: 16)
        for _ in 0..<3000 {
            switch random.next() % 6 {
            case 0:
                let byte = UInt8(truncatingIfNeeded: random.next())
                sink.withBuffer { $0.append(byte) }
                expected.append(byte)
            case 1:
                // Up to 3 × the flush size at once: a line longer than what is left makes the buffer grow.
                let bytes = (0..<Int(random.next() % UInt64(3 * flushSize))).map { _ in UInt8(truncatingIfNeeded: random.next()) }
                sink.append(bytes)
                expected += bytes
            case 2:
                let start = Int(random.next() % UInt64(pool.count))
                let end = start + Int(random.next() % UInt64(pool.count - start + 1))
                sink.withBuffer { $0.append(pool, range: start..<end) }
                expected += pool[start..<end]
            case 3:
                let value = Int(truncatingIfNeeded: random.next()) >> Int(random.next() % 64)
                sink.withBuffer { $0.appendDecimal(value) }
                expected += Array(String(value).utf8)
            case 4:
                // Up to 16 bytes copied 16 at once: only `length` of them count.
                let start = Int(random.next() % UInt64(pool.count))
                let length = Int(random.next() % UInt64(min(16, pool.count - start) + 1))
                sink.withBuffer { $0.appendShort(paddedPool, offset: start, length: length) }
                expected += pool[start..<(start + length)]
            default:
                try sink.flushIfFull()
            }
        }
        for value in [0, 9, 10, 99, 100, -1, -10, Int.max, Int.min] {
            sink.withBuffer { $0.appendDecimal(value) }
            expected += Array(String(value).utf8)
        }
        try sink.close()
        try sink.close()
        #expect(sink.written == expected.count)
        let file = try #require(FileManager.default.contents(atPath: path))
        #expect(Self.firstDifference(Array(file), expected) == nil)
    }

    @Test func aFileThatCannotBeMadeIsAnErrorNamingIt() {
        let path = "/nonexistent-folder-\(UUID().uuidString)/ballots.csv"
        #expect {
            _ = try CSVByteSink(path: path)
        } throws: { error in
            guard let error = error as? CSVError, case .unwritable(let reason) = error.kind else { return false }
            return error.file == path && error.description.contains(path) && !reason.isEmpty
        }
    }

    @Test func writingAfterCloseIsAnError() throws {
        let path = Self.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let sink = try CSVByteSink(path: path)
        try sink.close()
        sink.append([1, 2, 3])
        #expect(throws: CSVError.self) { try sink.flush() }
    }

    /// Lines copied from a file with the number after their prefix raised: short lines, a
    /// line longer than the 1 MiB chunk the file is read in, a number of many digits, a line
    /// with no number there, the last line without its line feed; and every byte seen by
    /// `onWrite` in order.
    @Test func linesAreCopiedWithTheirNumbersRaised() throws {
        let source = Self.temporaryPath()
        let target = Self.temporaryPath()
        defer {
            try? FileManager.default.removeItem(atPath: source)
            try? FileManager.default.removeItem(atPath: target)
        }
        let header = "文件,工作表,行号\r\n"
        var lines: [(prefix: String, number: Int?, rest: String)] = []
        var random = SplitMix64(seed: 5)
        for index in 0..<20_000 {
            let rest = index == 7_000 ? String(repeating: "长", count: 600_000) : ",有效,\(random.next() % 1000)"
            lines.append(("a.csv,,", index == 9 ? nil : index == 11 ? 99_999_999_999 : Int(random.next() % 100_000), rest))
        }
        func text(_ shift: Int, lastNewline: Bool) -> String {
            lines.enumerated().map { index, line in
                line.prefix + (line.number.map { String($0 + shift) } ?? "") + line.rest + (index < lines.count - 1 || lastNewline ? "\r\n" : "")
            }.joined()
        }
        for lastNewline in [true, false] {
            try Data((header + text(0, lastNewline: lastNewline)).utf8).write(to: URL(fileURLWithPath: source))
            for shift in [0, 7, 123_456] {
                let sink = try CSVByteSink(path: target, flushSize: 1 << 16)
                var seen: [UInt8] = []
                sink.onWrite = { seen += $0 }
                sink.append(Array("头\r\n".utf8))
                try sink.appendLines(ofFile: source, from: header.utf8.count, raisingNumberAfter: "a.csv,,".utf8.count, by: shift)
                try sink.close()
                let expected = Array(("头\r\n" + text(shift, lastNewline: lastNewline)).utf8)
                let written = try #require(FileManager.default.contents(atPath: target))
                #expect(Self.firstDifference(Array(written), expected) == nil, "shift \(shift), last line feed \(lastNewline)")
                #expect(Self.firstDifference(seen, expected) == nil)
                #expect(sink.written == expected.count)
            }
        }
        // Appending keeps what the file holds.
        try Data("前".utf8).write(to: URL(fileURLWithPath: target))
        let appending = try CSVByteSink(path: target, appending: true)
        appending.append(Array("后".utf8))
        try appending.close()
        #expect(FileManager.default.contents(atPath: target) == Data("前后".utf8))
        #expect(throws: CSVError.self) {
            try CSVByteSink(path: target).appendLines(ofFile: source + ".missing", from: 0, raisingNumberAfter: 0, by: 1)
        }
    }

    /// A mapped file is handed out in order, in slices no larger than the window (pages given
    /// back as it goes must not change what later slices hold); empty, missing and a folder.
    @Test func mappedFileSlices() throws {
        let path = Self.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        var random = SplitMix64(seed: 11)
        let bytes = (0..<(MappedBytes.window * 5 / 2 + 4099)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        var seen: [UInt8] = []
        var largest = 0
        let size = try CSVMappedFile.forEachSlice(ofFile: path) { slice in
            seen += slice
            largest = max(largest, slice.count)
        }
        #expect(size == bytes.count)
        #expect(Self.firstDifference(seen, bytes) == nil)
        #expect(largest == MappedBytes.window)

        try Data().write(to: URL(fileURLWithPath: path))
        var calls = 0
        #expect(try CSVMappedFile.forEachSlice(ofFile: path) { _ in calls += 1 } == 0)
        #expect(calls == 0)

        // Nothing after the header: nothing is appended.
        try Data("文件\r\n".utf8).write(to: URL(fileURLWithPath: path))
        let target = Self.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: target) }
        let sink = try CSVByteSink(path: target)
        try sink.appendLines(ofFile: path, from: "文件\r\n".utf8.count, raisingNumberAfter: 0, by: 3)
        try sink.close()
        #expect(sink.written == 0)

        for unreadable in [path + ".missing", FileManager.default.temporaryDirectory.path] {
            do {
                try CSVMappedFile.forEachSlice(ofFile: unreadable) { _ in }
                Issue.record("\(unreadable) was read")
            } catch {
                guard case .unreadable = error.kind else {
                    Issue.record("\(error)")
                    continue
                }
                #expect(error.file == unreadable)
            }
        }
    }
}

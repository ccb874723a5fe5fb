import Foundation
import Testing
@testable import TallyCore
import TallyCSV
import TallyTestSupport

/// The fast path (cells matched on bytes and remembered, files read in parts on several
/// threads) against the plain one (a string per field, one thread): the same results, the
/// same rejected entries with the same rows and lines, on every sample and on larger
/// files recombined from them.
@Suite("Fast path equals plain path")
struct FastPathTests {
    static func options(_ reading: ImportOptions.Reading, threads: Int) -> ImportOptions {
        var options = ImportOptions()
        options.reading = reading
        options.threads = threads
        // Every file is split, however small.
        options.minimumPartSize = 1
        options.skipBadRows = true
        return options
    }

    /// results.json and every rejected entry, as one comparable value.
    static func outcome(_ form: Form, _ files: [String], _ options: ImportOptions) throws -> (String, [[RejectedEntry]]) {
        let document = try Tally.score(form: form, files: files, options: options)
        return (document.json(wording: CodeWording()).serialized(), document.units.map(\.rejected) + [document.unassigned.rejected])
    }

    /// Compares; returns how many parts each file was read in with 3 threads.
    @discardableResult
    static func expectSame(_ form: Form, _ files: [String]) throws -> [Int] {
        let plain = try outcome(form, files, options(.plain, threads: 1))
        for threads in [1, 2, 3] {
            let fast = try outcome(form, files, options(.fast, threads: threads))
            #expect(fast.0 == plain.0, "results.json differs with \(threads) threads: \(files)")
            #expect(fast.1 == plain.1, "rejected entries differ with \(threads) threads: \(files)")
        }
        // Without --skip-bad-rows the parts check UTF-8 field by field: the same outcome, or the
        // same error.
        var strict = options(.fast, threads: 2)
        strict.skipBadRows = false
        var strictPlain = options(.plain, threads: 1)
        strictPlain.skipBadRows = false
        let expected = Result { try outcome(form, files, strictPlain) }
        let actual = Result { try outcome(form, files, strict) }
        switch (expected, actual) {
        case (.success(let a), .success(let b)): #expect(a.0 == b.0 && a.1 == b.1, "\(files)")
        case (.failure(let a), .failure(let b)): #expect("\(a)" == "\(b)", "\(files)")
        default: Issue.record("one reading failed and the other did not: \(files)")
        }
        return try Tally.score(form: form, files: files, options: options(.fast, threads: 3)).inputs.map(\.parts)
    }

    @Test(arguments: SampleScoringTests.allSamples())
    func everySample(_ name: String) throws {
        try Self.expectSame(try FormLoader.load(SampleForms.form(for: name)), [sample(name)])
    }

    /// 3,000 rows recombined from each sample, LF and CRLF, UTF-8 and GB18030: parts split
    /// between records, some of which span lines.
    @Test(arguments: ["leadership/wjx-text-utf8.csv", "public/satisfaction-wjx.csv", "cadre-selection/wjx-text.csv", "leader-scoring/wjx-text.csv"])
    func recombinedFiles(_ name: String) throws {
        let folder = try TemporaryFolder()
        let form = try FormLoader.load(SampleForms.form(for: name))
        let text = try RecombinedSurvey.make(from: sample(name), rows: 3000, seed: 11)
        let crlf = try RecombinedSurvey.make(from: sample(name), rows: 3000, seed: 12, crlf: true)
        let files = [
            try folder.write("lf.csv", bytes: Array(text.utf8)),
            try folder.write("crlf.csv", bytes: Array(crlf.utf8)),
            try folder.write("gb.csv", bytes: gb18030Bytes(text)),
        ]
        for file in files {
            let parts = try Self.expectSame(form, [file])
            // Read in three parts (none of these forms has a respondent-id column).
            #expect(parts == [3], "\(file)")
        }
        #expect(try Self.expectSame(form, Array(files.prefix(2))).count == 2)
    }

    /// Comments whose second line is full of commas look like records: some splits then fall
    /// inside a quoted field, the part before fails its end check, and the file is read in
    /// one piece. The results are the same either way.
    @Test func aSplitInsideAQuotedFieldFallsBackToOnePiece() throws {
        let folder = try TemporaryFolder()
        let name = "public/satisfaction-wjx.csv"
        let made = try folder.write("made.csv", bytes: Array(try RecombinedSurvey.make(from: sample(name), rows: 3000, seed: 3).utf8))
        var records: [[String]] = []
        try CSVReader(path: made).forEachRecord { records.append($0.fields) }
        let width = records[0].count
        // Thirty lines of commas in every comment: nearly every line break is inside quotes.
        let commas = String(repeating: ",", count: width)
        for index in records.indices where index > 0 {
            records[index][width - 1] = "第一行\n" + Array(repeating: commas, count: 30).joined(separator: "\n") + "像一条记录"
        }
        let text = RecombinedSurvey.csv(records)
        let file = try folder.write("tricky.csv", bytes: Array(text.utf8))
        let form = try FormLoader.load(SampleForms.form(for: name))
        let options = Self.options(.fast, threads: 2)
        let plain = Self.options(.plain, threads: 1)
        let fast = try Tally.score(form: form, files: [file], options: options)
        let reference = try Tally.score(form: form, files: [file], options: plain)
        #expect(fast.json(wording: CodeWording()).serialized() == reference.json(wording: CodeWording()).serialized())
        #expect(fast.units.map(\.rejected) == reference.units.map(\.rejected))
        // The split lands inside a quoted field (31 of every 32 line breaks are): one piece.
        let ranges = try CSVReader(path: file).likelyRecordRanges(parts: 2, minimumPartSize: 1, fieldsPerRecord: width)
        #expect(ranges != nil)
        #expect(fast.inputs.map(\.parts) == [1])
    }

    /// A GB18030 file that is plain ASCII for its first megabyte: the parts, which decided
    /// UTF-8 on the first megabyte and check fields as they read them, meet GB18030 late — in
    /// a text answer, in a column of no question, or as an answer (a memo miss) — and the file
    /// is read again whole as GB18030: the same results as the plain reading.
    @Test(arguments: ["note", "extra", "answer"])
    func gb18030LateInTheFileIsReadAgainWhole(where place: String) throws {
        let folder = try TemporaryFolder()
        let form = try FormLoader.parse(
            """
            id: late
            scales:
              ab:
                options: [{ label: A, score: 100 }, { label: B, score: 0 }, { label: 差, score: 0 }]
            questions:
              - { id: q1, text: q1, scale: ab }
              - { id: note, text: note, type: text }
            """, file: "late.yaml")
        var text = "q1,note,extra\n"
        for index in 0..<300_000 { text += index % 3 == 0 ? "B,,x\n" : "A,ok,\n" }
        switch place {
        case "note": text += "A,意见建议意见建议,\n"
        case "extra": text += "A,,备注\n"
        default: text += "差,,\n"
        }
        let file = try folder.write("late.csv", bytes: gb18030Bytes(text))
        // Without --skip-bad-rows, the parts check fields rather than every byte.
        var options = Self.options(.fast, threads: 2)
        options.skipBadRows = false
        let fast = try Tally.score(form: form, files: [file], options: options)
        let plain = try Tally.score(form: form, files: [file], options: Self.options(.plain, threads: 1))
        #expect(fast.json(wording: CodeWording()).serialized() == plain.json(wording: CodeWording()).serialized())
        #expect(fast.inputs.map(\.format.encoding) == [.gb18030])
        #expect(fast.inputs.map(\.parts) == [1])
        #expect(fast.units[0].ballots.rows == 300_001)
    }

    /// Progress reports bytes that grow to the file's size and the records read, from every
    /// thread that reads.
    @Test(arguments: [1, 2])
    func progressReachesTheEnd(threads: Int) throws {
        let folder = try TemporaryFolder()
        let name = "public/satisfaction-wjx.csv"
        let text = try RecombinedSurvey.make(from: sample(name), rows: 20_000, seed: 9)
        let file = try folder.write("big.csv", bytes: Array(text.utf8))
        final class Log: @unchecked Sendable {
            let lock = NSLock()
            var reports: [(done: Int, total: Int, rows: Int)] = []
        }
        let log = Log()
        var options = Self.options(.fast, threads: threads)
        options.progress = { done, total, rows in log.lock.withLock { log.reports.append((done, total, rows)) } }
        let document = try Tally.score(form: try FormLoader.load(SampleForms.form(for: name)), files: [file], options: options)
        let reports = log.lock.withLock { log.reports }
        #expect(reports.count >= 2)
        #expect(reports.allSatisfy { $0.total == text.utf8.count && $0.done <= $0.total })
        #expect(reports.last!.done == text.utf8.count)
        #expect(reports.map(\.rows).max() == document.inputs[0].records + 1)
        #expect(zip(reports, reports.dropFirst()).allSatisfy { $0.done <= $1.done })
    }

    /// A part that fails (here, a stray quote late in the file) sends the file back to one
    /// thread, which reports the error at its true line.
    @Test func aFailingPartReportsTheTrueLine() throws {
        let folder = try TemporaryFolder()
        let name = "leadership/wjx-text-utf8.csv"
        var lines = try RecombinedSurvey.make(from: sample(name), rows: 2000, seed: 5).components(separatedBy: "\n")
        lines[lines.count - 40] = "x\"y," + lines[lines.count - 40]
        let file = try folder.write("bad.csv", bytes: Array(lines.joined(separator: "\n").utf8))
        let form = try FormLoader.load(SampleForms.form(for: name))
        var errors: [String] = []
        for options in [Self.options(.plain, threads: 1), Self.options(.fast, threads: 2)] {
            do {
                _ = try Tally.score(form: form, files: [file], options: options)
            } catch {
                errors.append("\(error)")
            }
        }
        #expect(errors.count == 2)
        #expect(Set(errors).count == 1, "\(errors)")
    }
}

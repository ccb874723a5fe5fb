// Micro-benchmarks of the three stages a million-row run spends its time in: reading records
// with libcsv, matching cells to options, and tallying ballots. The input is the 问卷星 sample
// of the public-satisfaction form, repeated to 24,600 rows in a temporary file.
import Benchmark
import Foundation
@_spi(Engine) import TallyCSV
@_spi(Engine) import TallyCore

/// The sample's rows, repeated, written once per process.
let responses: String = {
    let here = URL(fileURLWithPath: #filePath)
    let root = here.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    let sample = root.appendingPathComponent("Samples/public/satisfaction-wjx.csv")
    let lines = try! String(contentsOf: sample, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: true)
    let body = lines.dropFirst().joined(separator: "\n") + "\n"
    let text = lines[0] + "\n" + String(repeating: body, count: 200)
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("tally-bench-\(getpid()).csv").path
    FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
    return path
}()

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident], maxDuration: .seconds(5))

    Benchmark("Reader: raw records (bytes)") { benchmark in
        for _ in benchmark.scaledIterations {
            var fields = 0
            try CSVReader(path: responses).forEachRawRecord { fields += $0.count }
            blackHole(fields)
        }
    }

    Benchmark("Reader: string records") { benchmark in
        for _ in benchmark.scaledIterations {
            var fields = 0
            try CSVReader(path: responses).forEachRecord { fields += $0.fields.count }
            blackHole(fields)
        }
    }

    Benchmark("Matcher: cells looked up by their bytes") { benchmark in
        for _ in benchmark.scaledIterations {
            var table = CSVFieldTable<Int>(namespaces: 15)
            var hits = 0
            try CSVReader(path: responses).forEachRawRecord { record in
                for column in 6..<min(record.count, 15) {
                    if let value = table.value(of: record, field: column, namespace: column) {
                        hits += value
                    } else {
                        table.remember(1, of: record, field: column, namespace: column)
                    }
                }
            }
            blackHole(hits)
        }
    }

    let form = try! FormLoader.load("public-satisfaction")
    for (name, plain) in [("fast", false), ("plain", true)] {
        Benchmark("Tally: public-satisfaction, \(name) reading, 1 thread") { benchmark in
            var options = ImportOptions()
            options.plainReading = plain
            options.threads = 1
            for _ in benchmark.scaledIterations {
                blackHole(try Tally.score(form: form, files: [responses], options: options))
            }
        }
    }
}

import ArgumentParser
import Foundation
import TallyCore
import TallyRender

struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Merge the results.json of separate runs into the results of one run over all their files.",
        discussion: """
            Score each county (or day, or batch of files) on its own with 'tally score --format json' or \
            'tally run', then merge: every count adds, and every rate, interval, mean, test, alpha, finding and \
            rank is computed again from the merged counts. The result is byte for byte what one run over all \
            the files in the same order gives, except for duplicates across runs, which no single run saw. \
            rejected.csv stays with each run.
            """)

    @Argument(help: "results.json files from 'tally score --format json' or 'tally run', in the order of their files.")
    var partials: [String]

    @Option(help: "The merged results.json to write. Default: print it.")
    var out: String?

    @Option(name: .customLong("form"), help: "A form that is not built in (YAML path); repeat for several.")
    var forms: [String] = []

    @Flag(name: .shortAndLong, help: "Print nothing but errors.")
    var quiet = false

    func validate() throws {
        if partials.isEmpty { throw ValidationError("Give at least one results.json to merge.") }
    }

    func run() throws {
        let document: ResultsDocument
        do {
            let loaded = try forms.map { path throws(FormError) in try FormLoader.load(path) }
            document = try Tally.merge(partials, forms: loaded)
        } catch {
            throw Diagnostics.fail(error)
        }
        let json = OutputFiles.resultsJSONBytes(document)
        guard let out else {
            FileHandle.standardOutput.write(Data(json))
            return
        }
        let target = URL(fileURLWithPath: out)
        do {
            try FileOutput.write([(target.lastPathComponent, json)], into: target.deletingLastPathComponent().path)
        } catch {
            throw Diagnostics.fail(error)
        }
        if !quiet {
            let ballots = document.units.reduce(0) { $0 + $1.ballots.rows }
            Diagnostics.note("wrote \(out): \(document.units.count) units, \(ballots) ballots from \(partials.count) results")
        }
    }
}

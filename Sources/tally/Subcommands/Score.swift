import ArgumentParser
import Foundation
import TallyCore
import TallyRender

struct Score: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Score response files against one form.",
        discussion: """
            Without --out, prints the findings section (or, with --format json, results.json) on standard output \
            and writes nothing. With --out DIR, writes results.json, summary.md and summary.html, and for each unit \
            findings.md, findings.html (with charts), findings.docx (for Word/WPS), rejected.csv (every rejected \
            ballot or answer with its row, line and reason) and ballots.csv (the ledger: every row read, its \
            verdict and what was counted from it), and evidence.json (the SHA-256 of every input and output; \
            see 'tally evidence pack' and 'tally verify').

            A unit with more ballots returned than --issued is void: the command exits 1 and writes nothing.
            """)

    @Option(help: "The form: a path to a YAML file, or the id of a built-in form (see 'tally forms list').")
    var form: String

    @Argument(help: "Response files: CSV, or Excel workbooks (.xlsx; --sheet picks the sheet). '-' reads standard input (CSV).")
    var files: [String]

    @Option(help: "The unit's name. With no unit column in the form: names the one unit (default: the first file's name). With a unit column: scores only this unit.")
    var unit: String?

    @Option(help: "Ballots issued (发出票数), for 收回率. Applies to a single unit.")
    var issued: Int?

    @Option(help: "An earlier round's results.json: adds the change of every rate (with a two-proportion z-test) and of the index.")
    var baseline: String?

    @Option(help: "How the ballots were collected, in words (现场发放纸质测评票), for the report's opening sentence.")
    var method: String?

    @Option(help: "Who did the work (县委第二巡察组): the subject of the report's opening sentence. Without it the sentence has none.")
    var team: String?

    @Option(help: ArgumentHelp("The inspection's methods, comma-separated, in the report's order (听取汇报,查阅资料,个别谈话,民主测评), for the opening sentence.", valueName: "A,B,…"))
    var methods: String?

    @Option(help: "The work's title (2021年县政法队伍教育整顿专项巡查), as a campaign file's 'title': names results.json and the summary.")
    var title: String?

    @Option(help: "Write the outputs into this folder instead of printing.")
    var out: String?

    @Option(help: "Comma-separated formats: md, html, docx, json, csv. Default: md when printing; all of them with --out.")
    var format: String?

    @OptionGroup var importOptions: ImportOptionGroup

    @Flag(name: .shortAndLong, help: "Print nothing but errors.")
    var quiet = false

    func validate() throws {
        if files.isEmpty { throw ValidationError("Give at least one response file.") }
        if let issued, issued < 0 { throw ValidationError("--issued cannot be negative.") }
        if let issued, issued > Campaign.maximumIssued {
            throw ValidationError("--issued \(issued) is more than \(Campaign.maximumIssued) ballots: check the number.")
        }
        _ = try formats()
    }

    func formats() throws -> Set<OutputFormat> {
        guard let format else { return out == nil ? [.md] : Set(OutputFormat.allCases) }
        var result = Set<OutputFormat>()
        for name in format.split(separator: ",") {
            guard let value = OutputFormat(rawValue: name.trimmingCharacters(in: .whitespaces).lowercased()) else {
                throw ValidationError("Unknown format '\(name)'. Formats: \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            result.insert(value)
        }
        if out == nil && result.count > 1 { throw ValidationError("Printing takes one format; use --out to write several.") }
        if out == nil && (result == [.csv] || result == [.docx]) {
            throw ValidationError("\(result.first!.rawValue) output is written with --out DIR, not printed.")
        }
        return result
    }

    /// `--methods`, split on ASCII or Chinese commas and 、.
    var methodList: [String] {
        (methods ?? "").split(whereSeparator: { ",，、".contains($0) }).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    func run() throws {
        let document: ResultsDocument
        let formats = try formats()
        var options = importOptions.importOptions
        let recording = try EvidenceRecording(ledger: out != nil && formats.contains(.csv), options: &options)
        defer { recording.cleanUp() }
        let inputs: [Evidence.Input]
        do {
            let loaded = try FormLoader.load(form)
            let previous = try baseline.map { path throws(TallyError) in try Baseline.load(path) }
            inputs = out == nil || files.contains("-") ? [] : try Evidence.scoreInputs(form: loaded, formReference: form, files: files, baseline: baseline)
            let progress = ProgressLine.forTerminal(quiet: quiet)
            options.progress = progress?.callback
            defer { progress?.finish() }
            document = try Tally.score(
                form: loaded, files: files, unit: unit, issued: issued, options: options, baseline: previous,
                words: ReportWords(team: team, methods: methodList, method: method), title: title)
        } catch {
            throw Diagnostics.fail(error)
        }
        for unit in document.units where unit.void != nil {
            throw Diagnostics.fail(
                TallyError.moreBallotsThanIssued(unit: unit.unit, returned: unit.ballots.rows, issued: unit.ballots.issued ?? 0))
        }
        guard let out else {
            if formats == [.json] {
                FileHandle.standardOutput.write(Data(OutputFiles.resultsJSONBytes(document)))
            } else if formats == [.html] {
                let sections = document.units.map { FindingsSection(unit: $0).build() }
                print(HTMLRenderer.document(
                    title: document.units.map(\.unit).joined(separator: "、"), language: sections.first?.language ?? "zh",
                    sections: sections), terminator: "")
            } else {
                print(document.units.map { FindingsMarkdown(unit: $0).render() }.joined(separator: "\n"), terminator: "")
            }
            try RunSummary.finish(document, rejectedFiles: nil, quiet: quiet, strict: importOptions.strict)
            return
        }
        let written: [(path: String, bytes: [UInt8])]
        do {
            written = try recording.finish(document, folder: out, inputs: inputs, writing: {
                let written = try OutputFiles.files(document, formats: formats)
                try FileOutput.write(written, into: out)
                return written
            }, paths: { $0.map(\.path) })
        } catch {
            throw Diagnostics.fail(error)
        }
        if !quiet {
            let units = document.units.map { "\($0.unit) (\($0.ballots.valid) valid of \($0.ballots.rows))" }.joined(separator: ", ")
            Diagnostics.note("wrote \(out): \(units)")
            if document.unassigned.rows > 0 {
                Diagnostics.note("\(document.unassigned.rows) rows belong to no unit: see \(OutputPath.join(out, "_unassigned/rejected.csv"))")
            }
        }
        try RunSummary.finish(
            document, rejectedFiles: RunSummary.rejectedFiles(written, in: out), quiet: quiet, strict: importOptions.strict)
    }
}

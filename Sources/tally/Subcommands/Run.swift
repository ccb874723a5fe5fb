import ArgumentParser
import TallyCore
import TallyRender

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a campaign: every unit, start to finish.",
        discussion: """
            Writes DIR/results.json, DIR/summary.md and summary.html (all units side by side), and for each \
            unit <unit>/findings.md, findings.html, findings.docx, rejected.csv and ballots.csv (the ledger of every \
            row read), DIR/evidence.json (the SHA-256 of every input and output), and <unit>/report.md or \
            report.docx when the campaign names the unit's report (the findings put in at its placeholder). \
            A unit with more ballots returned than issued is void: it is reported on standard error and in \
            summary.md, and the other units go on.
            """)

    @Argument(help: "The campaign file (YAML).")
    var campaign: String

    @Option(help: "The output folder (default: 'out' beside the campaign file).")
    var out: String?

    @OptionGroup var importOptions: ImportOptionGroup

    @Flag(name: .shortAndLong, help: "Print nothing but errors and warnings.")
    var quiet = false

    func run() throws {
        let document: ResultsDocument
        let loaded: Campaign
        var options = importOptions.importOptions
        let recording = try EvidenceRecording(ledger: true, options: &options)
        defer { recording.cleanUp() }
        let inputs: [Evidence.Input]
        do {
            loaded = try Campaign.load(campaign)
            inputs = try Evidence.runInputs(loaded, campaignPath: campaign)
            let progress = ProgressLine.forTerminal(quiet: quiet)
            options.progress = progress?.callback
            defer { progress?.finish() }
            document = try Tally.run(loaded, options: options)
        } catch {
            throw Diagnostics.fail(error)
        }
        let folder = out ?? Campaign.display(loaded.folder + "/out")
        var attachedWithoutPlaceholder: [String] = []
        var written: [(path: String, bytes: [UInt8])] = []
        do {
            // Every output, and each unit's report with its findings attached.
            let outputs = try recording.finish(document, folder: folder, inputs: inputs, writing: {
                let outputs = try TallyService.runFiles(document, campaign: loaded)
                try FileOutput.write(outputs.files, into: folder)
                return outputs
            }, paths: { $0.files.map(\.path) })
            attachedWithoutPlaceholder = outputs.withoutPlaceholder
            written = outputs.files
        } catch {
            throw Diagnostics.fail(error)
        }
        var printed = 0
        for report in attachedWithoutPlaceholder {
            Diagnostics.error("warning: \(report) has no findings placeholder; the section was added at the end")
            printed += 1
        }
        for unit in document.units where unit.void != nil {
            Diagnostics.error("warning: \(unit.unit): \(ResultsPhrases().void(unit.void!, language: unit.form.language)); its results are void, the other units went on")
            printed += 1
        }
        if document.unassigned.rows > 0 {
            Diagnostics.error("warning: \(document.unassigned.rows) rows name no unit of the campaign: see \(OutputPath.join(folder, "_unassigned/rejected.csv"))")
            printed += 1
        }
        if !quiet {
            Diagnostics.note("wrote \(folder): results.json, summary.md and \(document.units.count) unit folders")
        }
        try RunSummary.finish(
            document, rejectedFiles: RunSummary.rejectedFiles(written, in: folder), quiet: quiet, strict: importOptions.strict, printed: printed)
    }
}

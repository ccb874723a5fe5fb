import ArgumentParser
import TallyCore
import TallyRender

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a campaign: every unit, start to finish.",
        discussion: """
            Writes DIR/results.json, DIR/summary.md (all units side by side), and for each unit \
            <unit>/findings.md and <unit>/rejected.csv. A unit with more ballots returned than issued \
            is void: it is reported on standard error and in summary.md, and the other units go on.
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
        do {
            loaded = try Campaign.load(campaign)
            document = try CampaignRunner.run(loaded, options: importOptions.importOptions)
        } catch {
            throw Diagnostics.fail(error)
        }
        let folder = out ?? Campaign.display(loaded.folder + "/out")
        do {
            try FileOutput.write(OutputFiles.files(document, formats: Set(OutputFormat.allCases)), into: folder)
        } catch {
            throw Diagnostics.fail(error)
        }
        for unit in document.units where unit.void != nil {
            Diagnostics.error("warning: \(unit.unit): \(unit.void!); its results are void, the other units went on")
        }
        if document.unassigned.rows > 0 {
            Diagnostics.error("warning: \(document.unassigned.rows) rows name no unit of the campaign: see \(folder)/_unassigned/rejected.csv")
        }
        if !quiet {
            Diagnostics.note("wrote \(folder): results.json, summary.md and \(document.units.count) unit folders")
        }
    }
}

import ArgumentParser
import Foundation
import TallyCore
import TallyRender

struct Attach: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Put a unit's findings section into its report (Markdown or Word).",
        discussion: """
            The findings come in pieces: {{tally:methods}} (基本情况's paragraph), {{tally:results}}, \
            {{tally:problems}}, {{tally:strengths}}, {{tally:appendix}}, and {{tally:findings}} (the four body \
            pieces, each under its own heading). A piece replaces a Markdown line {{tally:NAME}} or \
            <!-- tally:NAME -->, nesting its headings under the heading it sits in, or a .docx paragraph whose \
            text is {{tally:NAME}}; it adds no title, and every other part of the document is kept as it was. \
            What was replaced is printed. Without any piece placeholder the whole section is added at the end, \
            and a warning says so. Single figures \
            go where the report says {{tally:UNIT.index}}, {{tally:UNIT.ballots.valid}}, \
            {{tally:UNIT.QUESTION.RATE}} or {{tally:UNIT.QUESTION.ROW.RATE}} (names as in results.json); an \
            unknown placeholder is an error.
            """)

    @Argument(help: "The results.json of a `tally run` or `tally score --out`.")
    var results: String

    @Option(help: "The report to fill: a .md or .docx file.")
    var into: String

    @Option(help: "The unit whose findings to attach (needed when the results hold several).")
    var unit: String?

    @Option(help: "Where to write the filled report.")
    var out: String

    func run() throws {
        do {
            guard let bytes = FileManager.default.contents(atPath: results) else { throw AttachError.notResults(results) }
            guard let report = FileManager.default.contents(atPath: into) else {
                throw AttachError.unsupportedReport(into + " (cannot read the file)")
            }
            let outcome = try TallyService.attach(results: Array(bytes), resultsName: results, report: into, bytes: Array(report), unit: unit)
            try FileOutput.write([(URL(fileURLWithPath: out).lastPathComponent, outcome.bytes)],
                into: URL(fileURLWithPath: out).deletingLastPathComponent().path)
            if outcome.replaced.isEmpty {
                Diagnostics.error("warning: \(into) has no findings placeholder; the section was added at the end")
            } else {
                Diagnostics.error("\(into): replaced " + outcome.replaced.joined(separator: ", "))
            }
        } catch {
            throw Diagnostics.fail(error)
        }
    }
}

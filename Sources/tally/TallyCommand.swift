import ArgumentParser
import TallyRender

@main
struct TallyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tally",
        abstract: "Tally democratic-evaluation ballots and survey responses into the figures and findings of an inspection report.",
        discussion: """
            A form (YAML) says what was asked and how answers are scored; response files (CSV from \
            问卷星, 腾讯问卷, LimeSurvey, KoboToolbox or a sheet keyed in by hand, in UTF-8 or GB18030) \
            hold the ballots. Built-in forms: `tally forms list`.

            Exit status: 0 done (invalid ballots are findings, not failures); 1 the input is wrong \
            (the message names the file, line or row); 64 a usage error.
            """,
        version: Evidence.version,
        subcommands: [Run.self, Score.self, Merge.self, Attach.self, Inspect.self, FormsCommand.self, Scan.self, EvidenceCommand.self, Verify.self]
    )
}

import Foundation
import ArgumentParser
import TallyCore
import TallyRender
import TallyScan

struct FormsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forms",
        abstract: "List the built-in forms, check forms for mistakes, show one, or draft one from an export.",
        subcommands: [List.self, Check.self, Show.self, Draft.self, Ballot.self, Sheet.self],
        defaultSubcommand: List.self)

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the built-in forms, one a line: 标题（编号）：测评表或问卷，题数. The id in brackets is what --form takes.")

        func run() throws {
            for id in BuiltinForms.yaml.keys.sorted() {
                do {
                    let form = try FormLoader.load(id)
                    print(ClerkWords.formLine(form))
                } catch {
                    throw Diagnostics.fail(error)
                }
            }
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check forms: every key, type and reference. Exits 1 at the first form with a mistake.")

        @Argument(help: "Forms: paths or built-in ids.")
        var forms: [String]

        func validate() throws {
            if forms.isEmpty { throw ValidationError("Give at least one form to check.") }
        }

        func run() throws {
            var failed = false
            for reference in forms {
                do {
                    let form = try FormLoader.load(reference)
                    print("ok  \(reference): \(form.id), \(form.questions.count) questions, \(form.findings.count) finding rules")
                } catch {
                    Diagnostics.error("\(error)")
                    failed = true
                }
            }
            if failed { throw ExitCode.failure }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a built-in form's YAML (to copy and adapt).")

        @Argument(help: "A built-in form id.")
        var id: String

        func run() throws {
            guard let yaml = BuiltinForms.yaml[id] else {
                Diagnostics.error("error: no built-in form '\(id)'; built-in: \(BuiltinForms.yaml.keys.sorted().joined(separator: ", "))")
                throw ExitCode.failure
            }
            print(yaml)
        }
    }

    struct Draft: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Draft a form from exports (CSV or .xlsx): questions, types, options, scales and rates guessed from the columns, each guess marked '# 请核对'.",
            discussion: """
                From an export to a checked form in three commands:
                  tally forms draft 问卷星导出.csv --out 我的问卷.yaml   # then read every '# 请核对' and correct it
                  tally forms check 我的问卷.yaml
                  tally score --form 我的问卷.yaml 问卷星导出.csv
                """)

        @Argument(help: "Exports of one questionnaire (CSV or .xlsx), every file with the same header.")
        var exports: [String]

        @Option(help: "Where to write the form. Default: print it.")
        var out: String?

        @Option(help: ArgumentHelp("Start from this form (a built-in id or a path) and keep every id, label and rule, adding only 'column:' and 'aliases:' for the export's spelling, so results stay comparable with other rounds.", valueName: "form"))
        var fromForm: String?

        @OptionGroup var importOptions: ImportOptionGroup

        func validate() throws {
            if exports.isEmpty { throw ValidationError("Give at least one export to draft a form from.") }
        }

        func run() throws {
            let yaml: String
            let form: Form
            do {
                if let fromForm {
                    (yaml, form) = try Tally.adaptForm(fromForm, files: exports, options: importOptions.importOptions)
                } else {
                    (yaml, form) = try Tally.draftForm(files: exports, options: importOptions.importOptions)
                }
            } catch {
                throw Diagnostics.fail(error)
            }
            guard let out else {
                print(yaml, terminator: "")
                return
            }
            do {
                let url = URL(fileURLWithPath: out)
                try FileOutput.write([(url.lastPathComponent, Array(yaml.utf8))], into: url.deletingLastPathComponent().path)
            } catch {
                throw Diagnostics.fail(error)
            }
            let guesses = yaml.components(separatedBy: "# 请核对").count - 1
            Diagnostics.error("wrote \(out): form \(form.id), \(form.questions.count) questions; \(guesses) guesses marked '# 请核对' to check")
        }
    }

    struct Ballot: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a printable ballot for a form: title, unit, instructions, category boxes, a table per question with □ per option, lines for opinions, 请勿填写姓名. A4, 公文 fonts.")

        @Argument(help: "The form: a path or a built-in id.")
        var form: String

        @Option(help: "The unit the ballot is for (被测评单位). Default: a line to write it on.")
        var unit: String?

        @Option(help: "The ballot to write: a .docx (Word/WPS) or an .html (print from a browser); with --scannable, a .pdf.")
        var out: String

        @Flag(help: "A ballot the office scanner reads back (tally scan): an A4 PDF with corner marks and a QR code on every page. Needs --unit.")
        var scannable = false

        @Option(help: "With --scannable: also write where every box is, as JSON (mm from each page's top-left corner).")
        var layout: String?

        func validate() throws {
            let ext = URL(fileURLWithPath: out).pathExtension.lowercased()
            if scannable {
                guard ext == "pdf" else { throw ValidationError("--scannable writes a PDF: --out names a .pdf file.") }
                guard let unit, !unit.trimmingCharacters(in: .whitespaces).isEmpty else {
                    throw ValidationError("--scannable needs --unit: the QR code on every page carries the unit, so that a scan of another unit's ballots is caught.")
                }
            } else {
                guard ["docx", "html"].contains(ext) else { throw ValidationError("--out names a .docx or an .html file (or a .pdf with --scannable).") }
                guard layout == nil else { throw ValidationError("--layout goes with --scannable.") }
            }
        }

        func run() throws {
            do {
                let loaded = try FormLoader.load(form)
                if scannable, let unit {
                    let ballot = try ScannableBallot(form: loaded, unit: unit)
                    let url = URL(fileURLWithPath: out)
                    try FileOutput.write([(url.lastPathComponent, try ballot.pdf(title: loaded.title))], into: url.deletingLastPathComponent().path)
                    if let layout {
                        let layoutURL = URL(fileURLWithPath: layout)
                        try FileOutput.write([(layoutURL.lastPathComponent, Array(ballot.layout.json()))], into: layoutURL.deletingLastPathComponent().path)
                    }
                    return
                }
                let section = BallotSection.build(loaded, unit: unit)
                let url = URL(fileURLWithPath: out)
                let bytes: [UInt8] =
                    url.pathExtension.lowercased() == "docx"
                    ? Array(try DOCXPackage.make(title: loaded.title, sections: [section]))
                    : Array(HTMLRenderer.document(title: loaded.title, language: loaded.language.rawValue, sections: [section]).utf8)
                try FileOutput.write([(url.lastPathComponent, bytes)], into: url.deletingLastPathComponent().path)
            } catch {
                throw Diagnostics.fail(error)
            }
        }
    }

    struct Sheet: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a keying sheet for paper ballots: a header row the form reads back exactly; in .xlsx, drop-downs of each column's options, 1/0 per option of a multi-select, whole numbers for marks, the header frozen.")

        @Argument(help: "The form: a path or a built-in id.")
        var form: String

        @Option(help: "The sheet to write: .xlsx (with drop-downs) or .csv (the header row only).")
        var out: String

        func validate() throws {
            guard ["xlsx", "csv"].contains(URL(fileURLWithPath: out).pathExtension.lowercased()) else {
                throw ValidationError("--out names an .xlsx or a .csv file.")
            }
        }

        func run() throws {
            do {
                let loaded = try FormLoader.load(form)
                let sheet = KeyingSheet(form: loaded)
                let url = URL(fileURLWithPath: out)
                if url.pathExtension.lowercased() == "csv" {
                    try FileOutput.write([(url.lastPathComponent, sheet.csvBytes)], into: url.deletingLastPathComponent().path)
                } else {
                    // Written beside, then renamed: no half-written workbook is left.
                    let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).partial.xlsx").path
                    try KeyingSheetXLSX.write(sheet, to: temporary)
                    _ = try? FileManager.default.removeItem(atPath: out)
                    try FileManager.default.moveItem(atPath: temporary, toPath: out)
                }
                Diagnostics.error("wrote \(out): \(sheet.columns.count) columns for form \(loaded.id)")
            } catch {
                throw Diagnostics.fail(error)
            }
        }
    }
}

import ArgumentParser
import TallyCore

struct FormsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forms",
        abstract: "List the built-in forms, check forms for mistakes, or show one.",
        subcommands: [List.self, Check.self, Show.self],
        defaultSubcommand: List.self)

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the built-in forms.")

        func run() throws {
            for id in BuiltinForms.yaml.keys.sorted() {
                do {
                    let form = try FormLoader.load(id)
                    print("\(id)\t\(form.title)\t\(form.kind.rawValue), \(form.questions.count) questions")
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
}

import ArgumentParser
import TallyCore
import TallyRender

struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show what the importer sees: encoding, delimiter, platform shape, rows, and the question each column maps to.")

    @Argument(help: "Response files: CSV, or Excel workbooks (.xlsx; --sheet picks the sheet).")
    var files: [String]

    @Option(help: "Map the columns onto this form (a path or a built-in id).")
    var form: String?

    @OptionGroup var importOptions: ImportOptionGroup

    func run() throws {
        var loaded: Form?
        do {
            loaded = try form.map { reference throws(FormError) in try FormLoader.load(reference) }
        } catch {
            throw Diagnostics.fail(error)
        }
        for (index, file) in files.enumerated() {
            let report: InspectReport
            do {
                report = try Tally.inspect(file: file, form: loaded, options: importOptions.importOptions)
            } catch {
                throw Diagnostics.fail(error)
            }
            if index > 0 { print("") }
            print(InspectText.render(report, form: loaded), terminator: "")
        }
    }
}

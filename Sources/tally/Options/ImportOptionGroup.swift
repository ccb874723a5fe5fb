import ArgumentParser
import TallyCore

/// How response files are read; shared by `score` and `inspect`.
struct ImportOptionGroup: ParsableArguments {
    @Option(help: "The files' encoding: utf-8, gb18030 (also gbk, gb2312), utf-16, windows-1252 (cp1252), or any other name iconv knows (big5, iso-8859-15, …; `iconv -l` lists them). Default: detected per file (UTF-8, UTF-16 with BOM, GB18030, Windows-1252).")
    var encoding: String?

    @Option(help: "The field delimiter: ',', ';' or 'tab'. Default: detected per file.")
    var delimiter: String?

    @Option(help: "How answer cells are read: 'labels' (labels, codes or aliases), 'index' (the n-th option), or 'auto'.")
    var codes: String = "auto"

    @Flag(help: "List records whose number of fields differs from the header in rejected.csv and go on, instead of stopping.")
    var skipBadRows = false

    @Flag(help: "Score even when some questions have no column in a file (they count as unanswered).")
    var allowMissingColumns = false

    @Option(help: "Threads a large file is read with (in parts, tallies merged). Default: the number of cores.")
    var threads: Int?

    @Option(help: ArgumentHelp("Rows of the header: 2 for a header saved from a spreadsheet as two rows (a merged stem over its labels). Default: the form's header_rows, else decided (a Qualtrics export has 3).", valueName: "N"))
    var headerRows: Int?

    @Option(help: ArgumentHelp("The sheet of an Excel workbook (.xlsx) to read: its name, or its 1-based position. Default: the first sheet.", valueName: "name|N"))
    var sheet: String?

    @Flag(help: "Exit with status 1 when the run has any warning (an unknown group value, an unbound column, a skipped rule…), after writing the outputs.")
    var strict = false

    @Option(name: .customLong("skip-rule"), help: ArgumentHelp("Run although a validity rule cannot apply to the files (min_seconds, incomplete, duplicate_respondent); the report says it was not applied. Repeatable.", valueName: "rule"))
    var skipRules: [String] = []

    @Flag(help: .hidden)
    var plainReading = false

    func validate() throws {
        if let threads, threads < 1 || threads > 64 {
            throw ValidationError("--threads takes a number from 1 to 64.")
        }
        if let encoding, InputEncoding(userName: encoding) == nil {
            throw ValidationError("Unknown encoding '\(encoding)': iconv does not know it. Use utf-8, gb18030 (or gbk), utf-16, windows-1252, or a name from `iconv -l`.")
        }
        if let delimiter, InputDelimiter(userName: delimiter) == nil {
            throw ValidationError("Unknown delimiter '\(delimiter)'. Use ',', ';' or 'tab'.")
        }
        if let headerRows, !(1...5).contains(headerRows) { throw ValidationError("--header-rows takes 1 to 5.") }
        for rule in skipRules where !ImportOptions.skippableRules.contains(rule) {
            throw ValidationError("--skip-rule takes \(ImportOptions.skippableRules.joined(separator: ", ")), not '\(rule)'.")
        }
        if !["auto", "labels", "index"].contains(codes) {
            throw ValidationError("--codes takes 'auto', 'labels' or 'index'.")
        }
    }

    var importOptions: ImportOptions {
        var options = ImportOptions()
        options.encoding = encoding.flatMap(InputEncoding.init(userName:))
        options.delimiter = delimiter.flatMap(InputDelimiter.init(userName:))
        options.skipBadRows = skipBadRows
        options.skipRules = Set(skipRules)
        options.sheet = sheet
        options.headerRows = headerRows
        options.allowMissingColumns = allowMissingColumns
        options.numberedCodes = codes == "auto" ? nil : codes == "index"
        if let threads { options.threads = threads }
        if plainReading { options.reading = .plain }
        return options
    }
}

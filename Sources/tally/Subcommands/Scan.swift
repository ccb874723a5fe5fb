import ArgumentParser
import Foundation
import TallyCore
import TallyScan

/// `tally scan`: scanned paper ballots → a response file, the doubtful boxes for a person, each page's status.
struct Scan: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read scanned ballots printed by `tally forms ballot --scannable`: a response file, the boxes a person must decide (with crops), each page's status.",
        discussion: """
            Writes into --out: scan-pages.csv (every page: 已读 / 需复核 / 无法识别 / 空白页 / 重复 / 缺页, and why), \
            scan-review.csv and scan-review/*.png (every doubtful box, every box of a question marked twice, every \
            handwritten score or opinion, each with its crop), and — once every item is decided — 扫描票-<unit>.csv, \
            the ballots in the form's keying-sheet shape, one row per sheet. Fill the 判定 column of scan-review.csv \
            (选 / 不选, or what the handwriting says) and run again with --decisions scan-review.csv. \
            A filled-in box (涂黑) is a choice taken back and counts as not chosen, as the ballot's instructions say.
            """)

    @Option(help: "The form: a path or a built-in id.")
    var form: String

    @Option(help: "The unit the ballots were printed for (as given to tally forms ballot --unit).")
    var unit: String

    @Argument(help: "The scans: PDF (every page), PNG, JPEG or TIFF files, in the order the sheets went through the scanner.")
    var scans: [String]

    @Option(help: "The folder to write into.")
    var out: String

    @Option(help: "scan-review.csv with its 判定 column filled in.")
    var decisions: String?

    @Option(help: "The layout.json written when the ballots were printed (tally forms ballot --layout), when they were printed by another version of tally.")
    var layout: String?

    @Option(help: "Dots per inch PDF pages are read at.")
    var dpi: Double = 200

    func validate() throws {
        guard !scans.isEmpty else { throw ValidationError("Name at least one scan (a PDF, PNG, JPEG or TIFF file).") }
        guard (100...600).contains(dpi) else { throw ValidationError("--dpi is between 100 and 600.") }
    }

    func run() throws {
        // Every scan is there before any is read (reading a long PDF takes a while).
        for scan in scans where !FileManager.default.fileExists(atPath: scan) {
            Diagnostics.error("error: \(scan): no such file. Check the path of the scan.")
            throw ExitCode.failure
        }
        do {
            let loaded = try FormLoader.load(form)
            var session: ScanSession
            if let layout {
                guard let data = FileManager.default.contents(atPath: layout), let parsed = try? BallotLayout.read(data) else {
                    Diagnostics.error("error: \(layout): not a layout written by tally forms ballot --layout (missing or not its JSON).")
                    throw ExitCode.failure
                }
                guard parsed.unit == unit, parsed.form == loaded.id else {
                    Diagnostics.error("error: \(layout): the layout of form \(parsed.form) for “\(parsed.unit)”, not of \(loaded.id) for “\(unit)”.")
                    throw ExitCode.failure
                }
                session = ScanSession(form: loaded, layout: parsed)
            } else {
                session = try ScanSession(form: loaded, unit: unit)
            }
            session.dpi = dpi
            let given = try decisions.map { try ScanWords.decisions(path: $0) } ?? [:]
            for scan in scans { try session.add(file: scan) }
            let result = session.result(decisions: given)
            var files: [(path: String, bytes: [UInt8])] = [("scan-pages.csv", ScanWords.pagesCSV(result)), ("scan-review.csv", ScanWords.reviewCSV(result))]
            files += result.images
            let pending = result.pending
            if pending.isEmpty { files.append((ScanWords.responseFileName(unit: unit), session.responseFile(result))) }
            try FileOutput.write(files, into: out)

            let read = result.pages.filter { ["已读", "需复核"].contains($0.status) }.count
            Diagnostics.note("\(result.pages.count) pages: \(read) read, \(result.sheets.count) sheets; \(result.review.count) items for review, \(pending.count) undecided")
            for id in result.unmatchedDecisions { Diagnostics.note("warning: --decisions: no item \(id) in these scans (a decision for other scans?)") }
            for id in result.unclearDecisions { Diagnostics.note("warning: --decisions: item \(id): write 选 or 不选") }
            for sheet in result.incompleteSheets { Diagnostics.note("warning: a sheet missing pages, not counted: \(sheet)") }
            for line in result.pages where line.status == "无法识别" { Diagnostics.note("warning: \(line.file) 第\(line.page)页 无法识别: \(line.note)") }
            if pending.isEmpty {
                Diagnostics.note("wrote \(out)/\(ScanWords.responseFileName(unit: unit)): \(result.sheets.count) ballots")
            } else {
                Diagnostics.note("\(pending.count) items await a person: fill 判定 in \(out)/scan-review.csv and run again with --decisions; no response file until every item is decided")
            }
        } catch let error as ValidationError {
            throw error
        } catch let exit as ExitCode {
            throw exit
        } catch {
            throw Diagnostics.fail(error)
        }
    }
}

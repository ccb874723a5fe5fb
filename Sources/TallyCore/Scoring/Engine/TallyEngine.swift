import Foundation
import TallyCSV

/// Reads response files against a form and counts every ballot.
///
/// Each record read ends in exactly one place: a unit's valid or invalid ballots, or the
/// unassigned rows. Nothing is dropped without a reason in `rejected`.
///
/// A large file is read in parts on several threads when the order of its records cannot
/// change a result (no respondent-id column, so no duplicates to find): each part is tallied
/// on its own and the parts are merged in file order, rows and lines renumbered. Should a part
/// fail, the file is read again from the start on one thread, which reports the error with
/// its position as usual.
package enum TallyEngine {
    package static func run(_ request: TallyRequest) throws(TallyError) -> TallyOutcome {
        // Workbooks are read through a temporary CSV each; positions are given back in the sheet's terms.
        var workbooks = WorkbookInputs()
        defer { workbooks.cleanUp() }
        var converted = request
        converted.files = try workbooks.prepare(request.files, defaultSheet: request.options.sheet, form: request.form)
        converted.formulaRecords = workbooks.formulaRecords
        if request.options.ledger != nil {
            for (index, file) in converted.files.enumerated() {
                let original = ResponseSource.decode(request.files[index]).path
                let shown = request.displayFile?(original) ?? original
                converted.ledgerSources[file] = workbooks.ledgerSource(file, shown: shown) ?? LedgerSource(file: shown, sheet: "", rowOffset: 0)
            }
        }
        // Without a unit name, the unit is named after the first file as the user gave it.
        converted.fallbackUnit = request.files.first.map { URL(fileURLWithPath: ResponseSource.decode($0).path).deletingPathExtension().lastPathComponent }
        do {
            return workbooks.restore(try read(converted))
        } catch {
            throw workbooks.restore(error)
        }
    }

    private static func read(_ request: TallyRequest) throws(TallyError) -> TallyOutcome {
        if Set(request.files).count != request.files.count {
            let duplicate = request.files.first { file in request.files.filter { $0 == file }.count > 1 }!
            throw .duplicateFile(duplicate)
        }
        guard let firstFile = request.files.first else { throw .invalidRequest("no response file given") }
        var state = TallyState(listing: request.options.listing)
        if let known = request.knownUnits {
            for name in known { _ = state.tally(for: name, form: request.form) }
        }
        let keepLast: Set<BallotKey>?
        if let duplicate = request.form.validity.duplicateRespondent, duplicate.keep == .last {
            keepLast = try Duplicates.lastOccurrences(request)
        } else {
            keepLast = nil
        }
        let context = FileContext(
            request: request, keepLast: keepLast,
            defaultUnit: request.unit ?? request.fallbackUnit ?? URL(fileURLWithPath: firstFile).deletingPathExtension().lastPathComponent)
        var inputs: [InputFile] = []
        let total = request.files.reduce(0) { $0 + (regularFileSize($1) ?? 0) }
        var before = 0
        var rowsBefore = 0
        for file in request.files {
            let size = regularFileSize(file) ?? 0
            let progress = request.options.progress.map { [before, rowsBefore] report in
                { @Sendable (done: Int, rows: Int) in report(before + done, total, rowsBefore + rows) }
            }
            let input = try context.read(file, into: &state, progress: progress)
            inputs.append(input)
            before += size
            rowsBefore += input.records + 1
        }
        if state.isEmpty && state.unassigned.rows == 0 {
            // A header-only file still produces its unit, with zero ballots.
            _ = state.tally(for: context.defaultUnit, form: request.form)
        }
        // A rule skipped for a file of the run is said for every unit the run scored.
        let skipped = inputs.reduce(into: Set<String>()) { $0.formUnion($1.skippedRules) }
        for index in state.units.indices { state.units[index].skippedRules.formUnion(skipped) }
        return TallyOutcome(units: state.units, unassigned: state.unassigned, inputs: inputs, ledger: state.ledger)
    }
}

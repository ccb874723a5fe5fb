import Foundation

extension Tally {
    /// Runs every unit of a campaign: each form's files read once, rows given to their units.
    ///
    /// - Returns: the results of every unit, in campaign order, with findings and ranks; void
    ///   units keep their place with `void` set, and the other units go on. File names in the
    ///   results are as the campaign file writes them (relative to its folder).
    public static func run(_ campaign: Campaign, options: ImportOptions = ImportOptions()) throws(TallyError) -> ResultsDocument {
        // Forms, loaded once each: a path relative to the campaign, else a built-in id.
        var forms: [String: Form] = [:]
        for unit in campaign.units where forms[unit.form] == nil {
            do { forms[unit.form] = try campaign.form(of: unit) } catch { throw .form(error) }
        }

        // Each unit's own group labels (`groups:`), checked against its form.
        var unitForms: [String: Form] = [:]
        for unit in campaign.units {
            switch forms[unit.form]!.relabellingGroups(unit.groups) {
            case .success(let form): unitForms[unit.name] = form
            case .failure(let unknown):
                let known = unknown.known.isEmpty ? "form '\(unit.form)' has no respondent groups" : "the form's groups are \(unknown.known.joined(separator: ", "))"
                throw .form(FormError("no group '\(unknown.id)' to relabel: \(known)", key: "units.\(unit.name).groups", at: unit.position))
            }
        }

        var ledger: [LedgerPiece] = []
        let relative: @Sendable (String) -> String = { [campaign] in campaign.relative($0) }
        var tallies: [String: UnitTally] = [:]
        var unassigned = UnassignedRows()
        var inputs: [InputFile] = []
        var claimed: [String: String] = [:]
        var done: Set<String> = []
        for unit in campaign.units where !done.contains(unit.form) || forms[unit.form]!.unit == nil {
            if forms[unit.form]!.unit != nil {
                // One pass over every file of the units on this form; the unit column decides.
                done.insert(unit.form)
                let group = campaign.units.filter { $0.form == unit.form }
                let form = forms[unit.form]!.acceptingGroupLabels(group.flatMap(\.groups))
                var files: [String] = []
                for member in group { for file in member.responses where !files.contains(file) { files.append(file) } }
                var request = TallyRequest(form: form, files: files, knownUnits: group.map(\.name), options: options)
                request.displayFile = relative
                for member in group {
                    if let labels = unitForms[member.name]?.respondents?.groups.map(\.label) { request.groupLabels[member.name] = labels }
                }
                let outcome = try TallyEngine.run(request)
                ledger += outcome.ledger
                for tally in outcome.units { tallies[tally.unit] = tally }
                unassigned.rows += outcome.unassigned.rows
                unassigned.rejected += outcome.unassigned.rejected
                inputs += outcome.inputs
            } else {
                let form = unitForms[unit.name]!
                for file in unit.responses {
                    if let other = claimed[file] {
                        throw .invalidRequest(
                            "\(Campaign.display(file)) is listed for both \(other) and \(unit.name), but form '\(form.id)' has no unit column: each ballot must be counted once")
                    }
                    claimed[file] = unit.name
                }
                var request = TallyRequest(form: form, files: unit.responses, unit: unit.name, options: options)
                request.displayFile = relative
                let outcome = try TallyEngine.run(request)
                ledger += outcome.ledger.filter { $0.unit == unit.name || $0.unit == nil }
                tallies[unit.name] = outcome.units.first { $0.unit == unit.name } ?? UnitTally(unit: unit.name, form: form)
                inputs += outcome.inputs
            }
        }

        // Files as the campaign file names them (relative to its folder), in inputs and in every
        // rejected entry: the same results wherever `tally run` is started from.
        func shown(_ entries: [RejectedEntry]) -> [RejectedEntry] {
            entries.map { entry in
                var shown = entry
                shown.file = campaign.relative(entry.file)
                return shown
            }
        }
        let units = campaign.units.map { unit in
            var tally = tallies[unit.name] ?? UnitTally(unit: unit.name, form: forms[unit.form]!)
            tally.rejected = shown(tally.rejected)
            return UnitCounts(
                tally: tally, form: unitForms[unit.name]!, issued: unit.issued,
                words: ReportWords(team: campaign.team, methods: campaign.methods, method: unit.method))
        }
        unassigned.rejected = shown(unassigned.rejected)
        inputs = inputs.map { input in
            var shown = input
            shown.path = campaign.relative(input.path)
            shown.warnings = input.warnings.map { warning in
                var shownWarning = warning
                shownWarning.file = warning.file.map(campaign.relative)
                return shownWarning
            }
            return shown
        }
        let baseline = try campaign.baseline.map { path throws(TallyError) in try Baseline.load(path) }
        var document = ResultsAssembly.document(units, baseline: baseline, campaign: campaign.title, unassigned: unassigned, inputs: inputs)
        document.ledger = ledger
        return document
    }
}

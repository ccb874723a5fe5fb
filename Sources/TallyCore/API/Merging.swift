extension Tally {
    /// Merges the results.json of separate runs (per county, per day) into the results of
    /// one run over all their files: the same units, in order of first appearance, with
    /// counters added (`units[].tally`) and every figure, finding and rank computed again.
    ///
    /// Merging is exact: counts add, numbers are kept as exact histograms, and the sums
    /// behind Cronbach's alpha add (exactly so when item scores are whole numbers, as in
    /// every built-in form). What cannot be merged: duplicate respondents across partial runs
    /// (each run saw only its own ids), rejected.csv (each run keeps its own), and the
    /// comparison with a baseline (run `score --baseline` on the merged files instead).
    ///
    /// - Parameters:
    ///   - paths: results.json files written by `tally score` or `tally run`.
    ///   - forms: forms that are not built in, found by id.
    public static func merge(_ paths: [String], forms: [Form] = []) throws(TallyError) -> ResultsDocument {
        guard !paths.isEmpty else { throw .invalidRequest("give at least one results.json to merge") }
        var formsByID = Dictionary(forms.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var units: [UnitCounts] = []
        var position: [String: Int] = [:]
        var inputs: [InputFile] = []
        var unassigned = UnassignedRows()
        var campaigns: [String?] = []

        for path in paths {
            let file: ResultsFile
            do {
                file = try ResultsFile.read(path)
                inputs += try file.inputs()
            } catch {
                switch error {
                case .unreadable: throw .invalidRequest("\(path): cannot read this file (check the path)")
                case .notResults: throw .invalidRequest("\(path): not a results.json of schema \(ResultsDocument.schema) written by tally")
                case .malformedInput: throw .invalidRequest("\(path): an entry of 'inputs' is not as tally writes it")
                }
            }
            campaigns.append(file.campaign)
            unassigned.rows += file.unassignedRows
            if file.hasUnnamedUnits { throw .invalidRequest("\(path): a unit without a name or form") }
            for unit in file.units {
                guard let formID = unit.form else { throw .invalidRequest("\(path): a unit without a name or form") }
                let name = unit.name
                if formsByID[formID] == nil {
                    guard let builtin = try? FormLoader.load(formID) else {
                        throw .invalidRequest("\(path): unit \(name) was scored with form '\(formID)', which is not built in: give its file with --form")
                    }
                    formsByID[formID] = builtin
                }
                let form = formsByID[formID]!
                let earlier = position[name].map { units[$0] }
                if let earlier, earlier.form.id != form.id {
                    throw .invalidRequest("\(path): unit \(name) was scored with form '\(formID)' here but '\(earlier.form.id)' in an earlier file")
                }
                guard let state = unit.counters, let tally = UnitTally(unit: name, form: form, state: state) else {
                    throw .invalidRequest(
                        "\(path): unit \(name) has no counters that fit form '\(formID)' (written by an older tally, or with another version of the form): score its files again")
                }
                if let issued = unit.issued, let known = earlier?.issued, known != issued {
                    throw .invalidRequest("\(path): unit \(name) has \(issued) ballots issued here but \(known) in an earlier file")
                }
                if let at = position[name] {
                    units[at].tally.merge(tally)
                    if let issued = unit.issued { units[at].issued = issued }
                } else {
                    position[name] = units.count
                    units.append(UnitCounts(tally: tally, form: form, issued: unit.issued))
                }
            }
        }
        let campaign = Set(campaigns).count == 1 ? campaigns[0] : nil
        return ResultsAssembly.document(units, campaign: campaign, unassigned: unassigned, inputs: inputs)
    }
}

import Foundation
import TallyCSV

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
        var tallies: [UnitTally] = []
        var formOf: [String: Form] = [:]
        var issuedOf: [String: Int] = [:]
        var position: [String: Int] = [:]
        var inputs: [InputFile] = []
        var unassigned = UnassignedRows()
        var campaigns: [String?] = []

        for path in paths {
            let root = try partial(path)
            campaigns.append(root["campaign"] as? String)
            unassigned.rows += (root["unassigned"] as? [String: Any])?["rows"] as? Int ?? 0
            for input in root["inputs"] as? [[String: Any]] ?? [] {
                guard let file = input["file"] as? String, let encoding = (input["encoding"] as? String).flatMap(TextEncoding.init(rawValue:)),
                    let delimiter = input["delimiter"] as? String, let shape = (input["shape"] as? String).flatMap(ExportShape.init(rawValue:)),
                    let records = input["records"] as? Int, let empty = input["empty_records"] as? Int
                else { throw .invalidRequest("\(path): an entry of 'inputs' is not as tally writes it") }
                let byte = delimiter == "tab" ? UInt8(ascii: "\t") : delimiter.utf8.first ?? UInt8(ascii: ",")
                inputs.append(
                    InputFile(path: file, format: CSVFormat(encoding: encoding, delimiter: byte), shape: shape, records: records, emptyRecords: empty))
            }
            for unit in root["units"] as? [[String: Any]] ?? [] {
                guard let name = unit["unit"] as? String, let formID = unit["form"] as? String else {
                    throw .invalidRequest("\(path): a unit without a name or form")
                }
                if formsByID[formID] == nil {
                    guard let builtin = try? FormLoader.load(formID) else {
                        throw .invalidRequest("\(path): unit \(name) was scored with form '\(formID)', which is not built in: give its file with --form")
                    }
                    formsByID[formID] = builtin
                }
                let form = formsByID[formID]!
                if let earlier = formOf[name], earlier.id != form.id {
                    throw .invalidRequest("\(path): unit \(name) was scored with form '\(formID)' here but '\(earlier.id)' in an earlier file")
                }
                guard let state = unit["tally"] as? [String: Any], let tally = UnitTally(unit: name, form: form, state: state) else {
                    throw .invalidRequest(
                        "\(path): unit \(name) has no counters that fit form '\(formID)' (written by an older tally, or with another version of the form): score its files again")
                }
                let issued = (unit["ballots"] as? [String: Any])?["issued"] as? Int
                if let issued {
                    if let earlier = issuedOf[name], earlier != issued {
                        throw .invalidRequest("\(path): unit \(name) has \(issued) ballots issued here but \(earlier) in an earlier file")
                    }
                    issuedOf[name] = issued
                }
                formOf[name] = form
                if let at = position[name] {
                    tallies[at].merge(tally)
                } else {
                    position[name] = tallies.count
                    tallies.append(tally)
                }
            }
        }
        let forms = formOf
        let issued = issuedOf
        var units = tallies.concurrentMap { UnitResult(tally: $0, form: forms[$0.unit]!, issued: issued[$0.unit]) }
        for index in units.indices { units[index].findings = FindingEvaluator(unit: units[index]).evaluate() }
        rankUnits(&units)
        let campaign = Set(campaigns).count == 1 ? campaigns[0] : nil
        return ResultsDocument(campaign: campaign, units: units, unassigned: unassigned, inputs: inputs)
    }

    private static func partial(_ path: String) throws(TallyError) -> [String: Any] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .invalidRequest("\(path): cannot read this file (check the path)")
        }
        guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            root["schema"] as? Int == ResultsDocument.schema, root["units"] is [[String: Any]]
        else {
            throw .invalidRequest("\(path): not a results.json of schema \(ResultsDocument.schema) written by tally")
        }
        return root
    }
}

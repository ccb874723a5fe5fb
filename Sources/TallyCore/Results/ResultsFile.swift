import Foundation

/// A results.json read back, for `tally merge`, `--baseline` and `tally attach`: the one
/// place that knows its layout on the way in (`ResultsDocument` writes it).
package struct ResultsFile: Sendable {
    /// One entry of `units`.
    package struct Unit: Sendable {
        package var name: String
        /// The id of the form it was scored with.
        package var form: String?
        /// Everything written for the unit, for figure look-ups (`units[i]`).
        package var json: JSONValue

        /// `ballots.issued`.
        package var issued: Int? { json["ballots"]?["issued"]?.int }
        /// `index`.
        package var index: Double? { json["index"]?.double }
        /// The counters (`tally`), for merging.
        package var counters: JSONValue? { json["tally"] }
        /// The findings section (`section`), for attaching.
        package var section: JSONValue? { json["section"] }
        /// `questions`.
        package var questions: [JSONValue] { json["questions"]?.array ?? [] }
    }

    /// Why a file could not be read as results.
    package enum ReadError: Error, Equatable, Sendable {
        /// The file cannot be read.
        case unreadable
        /// It is not a results.json of this schema (or has no units).
        case notResults
        /// An entry of `inputs` is not as tally writes it.
        case malformedInput
    }

    package var campaign: String?
    /// The units, in order (entries without a unit name are left out: see `hasUnnamedUnits`).
    package var units: [Unit]
    /// Some entry of `units` has no `unit` name.
    package var hasUnnamedUnits: Bool
    /// `unassigned.rows`.
    package var unassignedRows: Int
    private var inputEntries: [JSONValue]

    /// Reads the results.json at `path`.
    package static func read(_ path: String) throws(ReadError) -> ResultsFile {
        guard let data = FileManager.default.contents(atPath: path) else { throw .unreadable }
        return try ResultsFile(bytes: data)
    }

    /// Reads results.json from its bytes.
    package init(bytes: some Collection<UInt8>) throws(ReadError) {
        guard let root = try? JSONValue(parsing: bytes), root["schema"]?.int == ResultsDocument.schema,
            let units = root["units"]?.array
        else { throw .notResults }
        campaign = root["campaign"]?.string
        unassignedRows = root["unassigned"]?["rows"]?.int ?? 0
        inputEntries = root["inputs"]?.array ?? []
        self.units = units.compactMap { unit in
            unit["unit"]?.string.map { Unit(name: $0, form: unit["form"]?.string, json: unit) }
        }
        hasUnnamedUnits = self.units.count != units.count
    }

    /// The entries of `inputs`.
    package func inputs() throws(ReadError) -> [InputFile] {
        var files: [InputFile] = []
        for input in inputEntries {
            guard let file = input["file"]?.string, let encoding = input["encoding"]?.string.flatMap(InputEncoding.init(rawValue:)),
                let delimiter = input["delimiter"]?.string, let shape = input["shape"]?.string.flatMap(ExportShape.init(rawValue:)),
                let records = input["records"]?.int, let empty = input["empty_records"]?.int
            else { throw .malformedInput }
            let format = InputFormat(encoding: encoding, delimiter: InputDelimiter(userName: delimiter) ?? .comma)
            var read = InputFile(path: file, format: format, shape: shape, records: records, emptyRecords: empty)
            read.nonBallotRows = input["non_ballot_rows"]?.int ?? 0
            files.append(read)
        }
        return files
    }
}

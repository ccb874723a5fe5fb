import TallyCSV

/// A larger response file made from a sample: each cell of each generated row is the same
/// column's cell of a random row of the sample, so every kind of answer, blank and mistake
/// the sample holds comes back in new combinations. Some rows get a multi-line quoted
/// comment in the last column, so that parts of the file split between records that span lines.
/// Deterministic for a seed.
public enum RecombinedSurvey {
    /// The CSV text (LF or CRLF line ends) of `rows` rows recombined from `sample`.
    public static func make(from sample: String, rows: Int, seed: UInt64, crlf: Bool = false) throws -> String {
        var records: [[String]] = []
        try CSVReader(path: sample).forEachRecord { records.append($0.fields) }
        let header = records.removeFirst()
        var random = SplitMix64(seed: seed)
        let end = crlf ? "\r\n" : "\n"
        var text = header.map(quoted).joined(separator: ",") + end
        for index in 0..<rows {
            var row = header.indices.map { column in records[Int(random.next() % UInt64(records.count))][column] }
            if index % 7 == 3 { row[row.count - 1] = "第\(index)条，\"意见\"\n另起一行" }
            text += row.map(quoted).joined(separator: ",") + end
        }
        return text
    }

    /// CSV text of records (fields quoted where they must be), LF line ends.
    public static func csv(_ records: [[String]]) -> String {
        records.map { $0.map(quoted).joined(separator: ",") + "\n" }.joined()
    }

    private static func quoted(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

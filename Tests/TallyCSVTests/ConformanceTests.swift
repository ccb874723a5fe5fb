import Foundation
import Testing
import TallyCSV
import TallyTestSupport

/// Reads a whole file into header-keyed records.
func readObjects(_ path: String) throws -> [[String: String]] {
    let reader = try CSVReader(path: path)
    var header: [String] = []
    var objects: [[String: String]] = []
    try reader.forEachRecord { record in
        if record.row == 1 {
            header = record.fields
        } else {
            objects.append(Dictionary(uniqueKeysWithValues: zip(header, record.fields)))
        }
    }
    return objects
}

@Suite("Conformance suites in ../shared/conformance")
struct ConformanceTests {
    static let spectrum = PackagePaths.shared.appendingPathComponent("conformance/csv-spectrum")
    static let csvw = PackagePaths.shared.appendingPathComponent("conformance/csvw-tests-subset")

    static var spectrumCases: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: spectrum.appendingPathComponent("csvs").path)) ?? []
        // location_coordinates' expectation is known to be wrong (conformance/README.md): tested apart.
        return names.filter { $0.hasSuffix(".csv") && $0 != "location_coordinates.csv" }
            .map { String($0.dropLast(4)) }.sorted()
    }

    @Test func suiteIsPresent() {
        #expect(Self.spectrumCases.count == 11)
    }

    @Test(arguments: spectrumCases)
    func csvSpectrum(name: String) throws {
        let csv = Self.spectrum.appendingPathComponent("csvs/\(name).csv").path
        let json = try Data(contentsOf: Self.spectrum.appendingPathComponent("json/\(name).json"))
        let expected = try JSONSerialization.jsonObject(with: json) as! [[String: String]]
        #expect(try readObjects(csv) == expected)
    }

    @Test func locationCoordinatesIsRejectedWithItsLine() throws {
        let csv = Self.spectrum.appendingPathComponent("csvs/location_coordinates.csv").path
        #expect {
            try readObjects(csv)
        } throws: { error in
            guard let error = error as? CSVError else { return false }
            return error.kind == .malformedQuote && error.line == 2
        }
    }

    static let csvwCases = ["test001", "test005", "test006", "test007", "test008", "test009", "test010", "test028"]

    @Test(arguments: csvwCases)
    func csvwToJSON(name: String) throws {
        let input = name == "test028" ? "countries.csv" : "\(name).csv"
        let json = try Data(contentsOf: Self.csvw.appendingPathComponent("\(name).json"))
        let document = try JSONSerialization.jsonObject(with: json) as! [String: Any]
        let table = (document["tables"] as! [[String: Any]])[0]
        let rows = table["row"] as! [[String: Any]]
        let expected = rows.map { ($0["describes"] as! [[String: String]])[0] }
        // CSVW omits empty cells.
        let actual = try readObjects(Self.csvw.appendingPathComponent(input).path)
            .map { $0.filter { !$0.value.isEmpty } }
        #expect(actual == expected)
        #expect(actual.count > 0)
    }
}

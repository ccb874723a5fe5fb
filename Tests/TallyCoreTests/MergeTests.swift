import Foundation
import Testing
@testable import TallyCore
import TallyCSV
import TallyTestSupport

/// `Tally.merge` of separate runs against one run over all the files.
@Suite("Merging results")
struct MergeTests {
    @Test(arguments: ["public/satisfaction-wjx.csv", "leadership/wjx-text-utf8.csv", "leader-scoring/wjx-text.csv"])
    func mergeEqualsOneRun(_ name: String) throws {
        let folder = try TemporaryFolder()
        let form = try FormLoader.load(SampleForms.form(for: name))
        let files = try (1...3).map { index in
            try folder.write(
                "part\(index).csv", bytes: Array(try RecombinedSurvey.make(from: sample(name), rows: 400 * index, seed: UInt64(index)).utf8))
        }
        // One unit for all the files when the form has no unit column.
        let unit = form.unit == nil ? "合并单位" : nil
        let whole = try Tally.score(form: form, files: files, unit: unit)
        var partials: [String] = []
        for (index, file) in files.enumerated() {
            let part = try Tally.score(form: form, files: [file], unit: unit)
            partials.append(try folder.write("part\(index).json", bytes: Array(part.json(wording: CodeWording()).serialized().utf8)))
        }
        let merged = try Tally.merge(partials)
        #expect(merged.json(wording: CodeWording()).serialized() == whole.json(wording: CodeWording()).serialized())
        #expect(merged.units.count == whole.units.count)
    }

    @Test func mergeRefusesResultsWithoutCounters() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("old.json", bytes: Array(#"{"schema": 1, "units": [{"unit": "甲", "form": "leadership-evaluation"}]}"#.utf8))
        #expect(throws: TallyError.self) { try Tally.merge([path]) }
    }
}

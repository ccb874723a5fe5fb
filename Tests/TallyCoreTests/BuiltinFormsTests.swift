import Foundation
import Testing
import TallyCore
import TallyTestSupport

@Suite("Built-in forms")
struct BuiltinFormsTests {
    static var files: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: PackagePaths.forms.path)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
    }

    @Test func embeddedTextMatchesForms() throws {
        #expect(!Self.files.isEmpty)
        #expect(Set(BuiltinForms.yaml.keys) == Set(Self.files.map { String($0.dropLast(5)) }), "run `make forms`")
        for file in Self.files {
            let text = try String(contentsOf: PackagePaths.forms.appendingPathComponent(file), encoding: .utf8)
            #expect(BuiltinForms.yaml[String(file.dropLast(5))].map { $0 + "\n" } == text, "\(file): run `make forms`")
        }
    }

    @Test(arguments: files)
    func everyFormLoadsAndIsNamedByItsFile(_ file: String) throws {
        let form = try FormLoader.load(PackagePaths.forms.appendingPathComponent(file).path)
        #expect(form.id == String(file.dropLast(5)))
        #expect(try FormLoader.load(form.id).questions.count == form.questions.count)
    }
}

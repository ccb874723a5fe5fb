import Foundation
import Testing
@testable import TallyCore
import TallyTestSupport

@Suite("Campaigns")
struct CampaignTests {
    let folder: TemporaryFolder
    init() throws { folder = try TemporaryFolder() }

    static let form = """
        id: mini
        scales:
          g:
            options:
              - { label: 好, score: 100 }
              - { label: 一般, score: 60 }
              - { label: 差, score: 0 }
        questions:
          - { id: q, text: 总体评价, scale: g }
        """

    func campaignError(_ yaml: String) -> FormError? {
        do {
            _ = try Campaign.load(try folder.write("c.yaml", text: yaml))
            return nil
        } catch let error as FormError {
            return error
        } catch {
            return nil
        }
    }

    @Test func samplesCampaignRunsEveryUnit() throws {
        let campaign = try Campaign.load(PackagePaths.samples.appendingPathComponent("campaign.yaml").path)
        let document = try Tally.run(campaign)
        #expect(document.units.map(\.unit) == ["县司法局", "县公安局", "县人民法院", "县人民检察院"])
        #expect(document.units.map { $0.ballots.issued } == [60, 45, 80, 80])
        // One export feeds both courts; the rows naming another unit or none are unassigned.
        #expect(document.units[2].ballots.rows + document.units[3].ballots.rows + document.unassigned.rows == 123)
        #expect(document.unassigned.rows == 3)
        #expect(document.units.map(\.rank) == [1, 2, 1, 2])
        #expect(document.units[0].findings.filter { $0.kind == .problem }.isEmpty)
        #expect(document.units[1].findings.filter { $0.kind == .problem }.count >= 3)
        #expect(document.inputs.map(\.path).allSatisfy { !$0.hasPrefix("/") })
    }

    @Test func pathsStayInsideTheCampaignFolder() throws {
        let error = campaignError("form: mini\nunits:\n  - { name: A, responses: [../../etc/passwd] }\n")
        #expect(error?.message == "'../../etc/passwd' leaves the campaign's folder; write an absolute path if that is meant")
        #expect(error?.position.line == 3)
        #expect(campaignError("form: mini\nunits:\n  - { name: A, responses: [none-*.csv] }\n")?.message == "no file matches 'none-*.csv'")
        #expect(campaignError("units:\n  - { name: A, responses: [a.csv] }\n")?.message == "no form: give 'form' for this unit or for the whole campaign")
        #expect(campaignError("form: x\nunits:\n  - { name: A, responses: [a.csv] }\n  - { name: A, responses: [b.csv] }\n")?.message == "duplicate unit 'A'")
        #expect(campaignError("form: x\nunits:\n  - { name: A, respones: [a.csv] }\n")?.message == "missing key 'responses'")
    }

    @Test func aConfinedCampaignReadsNothingOutsideItsFolder() throws {
        // As the web app imports someone's zip: no absolute path, no way out, no link out.
        try folder.write("c/in.csv", text: "总体评价\n好\n")
        try folder.write("secret.csv", text: "x\n")
        try FileManager.default.createSymbolicLink(atPath: folder.path("c/link.csv"), withDestinationPath: folder.path("secret.csv"))
        func error(_ yaml: String) -> FormError? {
            guard let path = try? folder.write("c/c.yaml", text: yaml) else { return nil }
            do {
                _ = try Campaign.load(path, confined: true)
                return nil
            } catch { return error }
        }
        let outside = "a campaign read here may name only files inside its own folder"
        #expect(error("form: mini\nunits:\n  - { name: A, responses: [/etc/passwd] }\n")?.message
            == "'/etc/passwd' is outside the campaign's folder: \(outside)")
        #expect(error("form: mini\nunits:\n  - { name: A, responses: ['/etc/*'] }\n")?.message
            == "'/etc/*' is outside the campaign's folder: \(outside)")
        #expect(error("form: mini\nunits:\n  - { name: A, responses: [../secret.csv] }\n")?.message
            == "'../secret.csv' leaves the campaign's folder: \(outside)")
        #expect(error("form: mini\nunits:\n  - { name: A, responses: [link.csv] }\n")?.message
            == "'link.csv' leads outside the campaign's folder (a link): \(outside)")
        #expect(error("form: mini\nunits:\n  - { name: A, responses: ['*.csv'] }\n")?.message
            == "'link.csv' leads outside the campaign's folder (a link): \(outside)")
        #expect(error("form: ../../x.yaml\nunits:\n  - { name: A, responses: [in.csv] }\n")?.message
            == "'../../x.yaml' leaves the campaign's folder: \(outside)")
        #expect(error("form: mini\nunits:\n  - { name: A, responses: [in.csv] }\n") == nil)
        // The same file on one's own machine may name what it likes.
        #expect(throws: Never.self) {
            _ = try Campaign.load(try folder.write("c/c.yaml", text: "form: mini\nunits:\n  - { name: A, responses: [link.csv, '\(folder.path("secret.csv"))'] }\n"))
        }
    }

    @Test func globsExpandSorted() throws {
        try folder.write("r/b.csv", text: "x")
        try folder.write("r/a.csv", text: "x")
        try folder.write("r/a.txt", text: "x")
        let campaign = try Campaign.load(try folder.write("c.yaml", text: "form: mini\nunits:\n  - { name: A, responses: [r/*.csv] }\n"))
        #expect(campaign.units[0].responses == [folder.path("r/a.csv"), folder.path("r/b.csv")])
    }

    @Test func voidUnitGoesOnAndTiesShareARank() throws {
        try folder.write("mini.yaml", text: Self.form)
        try folder.write("a.csv", text: "总体评价\n好\n一般\n")
        try folder.write("b.csv", text: "总体评价\n一般\n好\n")
        try folder.write("c.csv", text: "总体评价\n差\n好\n")
        try folder.write("d.csv", text: "总体评价\n好\n好\n好\n")
        let campaign = try Campaign.load(try folder.write("c.yaml", text: """
            title: t
            form: mini.yaml
            units:
              - { name: A, issued: 2, responses: [a.csv] }
              - { name: B, responses: [b.csv] }
              - { name: C, responses: [c.csv] }
              - { name: D, issued: 2, responses: [d.csv] }
            """))
        let document = try Tally.run(campaign)
        #expect(document.units.map(\.index) == [80, 80, 50, nil])
        #expect(document.units.map(\.rank) == [1, 1, 3, nil])
        #expect(document.units[3].void == VoidEvaluation(returned: 3, issued: 2))
    }

    @Test func aFileCannotFeedTwoUnitsWithoutAUnitColumn() throws {
        try folder.write("mini.yaml", text: Self.form)
        try folder.write("a.csv", text: "总体评价\n好\n")
        let campaign = try Campaign.load(try folder.write("c.yaml", text: "form: mini.yaml\nunits:\n  - { name: A, responses: [a.csv] }\n  - { name: B, responses: [a.csv] }\n"))
        #expect(throws: TallyError.self) { try Tally.run(campaign) }
    }
}

/// A form the campaign names that does not exist: said at the line that names it.
@Suite("Campaign form references")
struct CampaignFormReferenceTests {
    let folder: TemporaryFolder
    init() throws { folder = try TemporaryFolder() }

    @Test func aMistypedFormIdIsReportedWhereTheCampaignNamesIt() throws {
        _ = try folder.write("a.csv", text: "总体评价\n好\n")
        let path = try folder.write(
            "c.yaml", text: "title: t\nform: leadership-evaluation\nunits:\n  - name: A\n    responses: [a.csv]\n  - name: B\n    form:  public-satisfation\n    responses: [a.csv]\n")
        let campaign = try Campaign.load(path)
        do {
            _ = try Tally.run(campaign)
            Issue.record("no error")
        } catch {
            // Line 7, column 12: the unit's own `form:` value, not the unit's first line (6) or the campaign's form (2).
            #expect("\(error)".hasPrefix("\(path):7:12: error: form 'public-satisfation': no such file, and no built-in form has this id or title; did you mean 'public-satisfaction'?"))
        }
        let top = try Campaign.load(try folder.write("d.yaml", text: "form: leadership-evaluatoin\nunits:\n  - { name: A, responses: [a.csv] }\n"))
        #expect(throws: TallyError.self) { try Tally.run(top) }
        do { _ = try Tally.run(top) } catch { #expect("\(error)".hasPrefix(folder.path("d.yaml") + ":1:7: error: form 'leadership-evaluatoin': ")) }
    }
}

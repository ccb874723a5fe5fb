import Foundation
import Testing
@testable import TallyCore
import TallyTestSupport

/// `tally forms draft`: a form drafted from an export checks, scores that export, and counts
/// what the hand-written form counts — on every sample and every real export.
@Suite("Drafting forms from exports")
struct FormDraftTests {
    /// Exports with the hand-written form they were scored with.
    /// `compared`: how many questions (matrix rows each) the comparison reaches at least; the
    /// others are text, or have per-ballot limits or trimming in the hand-written form.
    static let samples: [(file: String, form: String, headerRows: Int?, compared: Int)] = [
        ("Samples/leadership/wjx-text-utf8.csv", "leadership-evaluation", nil, 6),
        ("Samples/leadership/wjx-text-gb18030.csv", "leadership-evaluation", nil, 6),
        ("Samples/public/satisfaction-wjx.csv", "public-satisfaction", nil, 6),
        ("Samples/cadre-selection/wjx-text.csv", "cadre-selection-review", nil, 5),
        ("Samples/integrity/wjx-text.csv", "integrity-survey", nil, 5),
        ("Samples/public-safety/wjx-text.csv", "public-safety-survey", nil, 5),
        ("Samples/leader-scoring/wjx-text.csv", "leader-scoring", nil, 0),
    ]
    static var realExports: [(file: String, form: String, headerRows: Int?, compared: Int)] {
        let fixtures = PackagePaths.fixture("real-exports", target: "TallyCoreTests").path
        let folder = PackagePaths.shared.appendingPathComponent("real-exports").path
        return [
            ("\(folder)/wjx-text-gbk-aigc/survey_data.csv", "\(fixtures)/wjx-text-gbk-aigc.yaml", nil, 20),
            ("\(folder)/limesurvey-fulltext-cpp/results-survey.csv", "\(fixtures)/limesurvey-fulltext-cpp.yaml", nil, 4),
            ("\(folder)/qualtrics-3row-sample/sample.csv", "\(fixtures)/qualtrics-3row-sample.yaml", nil, 1),
            ("\(folder)/limesurvey-2rowheader-semicolon/results-survey.csv", "\(fixtures)/limesurvey-2rowheader-semicolon.yaml", 2, 3),
        ]
    }

    /// Counts per option label of every question (per row of a matrix), keyed by the question's
    /// text as scoring normalises it; options the hand-written form spells otherwise through an
    /// alias are counted under the hand-written label.
    static func counts(_ unit: UnitResult, labelsOf form: Form? = nil) -> [String: [String: Int]] {
        var result: [String: [String: Int]] = [:]
        for (question, figures) in zip(unit.form.questions, unit.questions) {
            let text = HeaderText.normalise(question.text)
            func add(_ key: String, _ cell: CellFigures) {
                var counts: [String: Int] = [:]
                for (label, count) in cell.counts where count > 0 { counts[label, default: 0] += count }
                result[key] = counts
            }
            if let whole = figures.whole { add(text, whole.overall) }
            for row in figures.rows { add(text + "|" + HeaderText.normalise(row.label), row.figures.overall) }
        }
        return result
    }

    static func draftAndScore(_ file: String, headerRows: Int?) throws -> (yaml: String, form: Form, unit: UnitResult) {
        var options = ImportOptions()
        options.headerRows = headerRows
        let (yaml, form) = try Tally.draftForm(files: [file], options: options)
        // It checks: parsed again from its text, as `forms check` does.
        let reparsed = try FormLoader.parse(yaml, file: "draft.yaml")
        #expect(reparsed.id == form.id && reparsed.id.hasPrefix("draft-") && reparsed.id.count == 14)
        let document = try Tally.score(form: reparsed, files: [file], options: options)
        return (yaml, reparsed, document.units[0])
    }

    static func compare(_ file: String, with handWritten: String, headerRows: Int?, atLeast minimum: Int) throws {
        let (_, _, drafted) = try draftAndScore(file, headerRows: headerRows)
        var options = ImportOptions()
        options.headerRows = headerRows
        let hand = try Tally.score(form: try FormLoader.load(handWritten), files: [file], options: options).units[0]
        #expect(drafted.ballots.rows == hand.ballots.rows, "\(file): rows")
        let draftCounts = counts(drafted)
        var compared = 0
        for (key, handCounts) in counts(hand) {
            guard var draftCount = draftCounts[key],
                let question = hand.form.questions.first(where: { key.hasPrefix(HeaderText.normalise($0.text)) })
            else { continue }
            // Per-ballot limits of the hand-written form (at most a third 优秀…) void answers a
            // draft, which has none, counts.
            if !question.limits.isEmpty || question.trim != nil || question.type == .text { continue }
            // The hand-written form may read an export's spelling as an alias of its label, or a
            // numbered export's code as its label.
            for option in question.options {
                for spelling in option.aliases + [option.code].compactMap({ $0 }) where draftCount[spelling] != nil && spelling != option.label {
                    draftCount[option.label, default: 0] += draftCount.removeValue(forKey: spelling)!
                }
            }
            #expect(draftCount == handCounts, "\(file): \(key)")
            compared += 1
        }
        #expect(compared >= minimum, "\(file): only \(compared) questions matched by text")
    }

    @Test(arguments: samples.indices)
    func aSampleDraftCountsWhatTheBuiltInFormCounts(index: Int) throws {
        let sample = Self.samples[index]
        try Self.compare(sample.file, with: sample.form, headerRows: sample.headerRows, atLeast: sample.compared)
    }

    @Test(.enabled(if: RealExports.available), arguments: 0..<4)
    func aRealExportDraftCountsWhatTheHandWrittenFormCounts(index: Int) throws {
        let export = Self.realExports[index]
        try Self.compare(export.file, with: export.form, headerRows: export.headerRows, atLeast: export.compared)
    }

    @Test func theDraftOfTheLeadershipSampleReadsItsShape() throws {
        let (yaml, form, unit) = try Self.draftAndScore("Samples/leadership/wjx-text-utf8.csv", headerRows: nil)
        // Types from the shape and the values; options in the scale's order, scored.
        #expect(form.questions.map(\.id) == ["overall", "politics", "integrity", "discipline", "performance", "cadres", "problems", "advice"])
        #expect(form.questions.map(\.type) == [.single, .single, .single, .single, .single, .matrix, .multi, .text])
        #expect(form.question("overall")!.options.map(\.label) == ["好", "较好", "一般", "差", "不了解"])
        #expect(form.question("overall")!.options.map(\.score) == [100, 80, 60, 0, nil])
        #expect(form.question("overall")!.options.last!.counted == false)
        #expect(form.question("cadres")!.rows.map(\.label) == ["主要负责同志", "分管副职甲", "分管副职乙", "纪检监察负责同志"])
        #expect(form.question("cadres")!.options.map(\.label) == ["优秀", "称职", "基本称职", "不称职"])
        // 身份 is the respondents column, in the customary order, equal weights.
        #expect(form.respondents?.groups.map(\.label) == ["班子成员", "中层干部", "一般干警"])
        #expect(form.respondents?.groups.map(\.weight) == [1, 1, 1])
        #expect(form.rubric.rates.map(\.name) == ["好评率", "差评率", "优秀率", "优秀和称职率", "不称职率"])
        #expect(form.rubric.index == .weightedMean && form.findings.isEmpty)
        // Every guess is marked; the stray 很好 is named; no respondent's free text is copied.
        #expect(yaml.contains("# 请核对: 另有1份回答“很好”不在量表中"))
        #expect(!yaml.contains("希望班子") && !yaml.contains("calc"))
        #expect(unit.ballots.valid == 55)
        // Only where the text does not find it does a question get `column:`.
        #expect(!yaml.contains("    column:"))
        // The same export gives the same draft.
        #expect(try Tally.draftForm(files: ["Samples/leadership/wjx-text-utf8.csv"]).yaml == yaml)
    }

    @Test func marksOnAMatrixAreANumberMatrix() throws {
        let (_, form, unit) = try Self.draftAndScore("Samples/leader-scoring/wjx-text.csv", headerRows: nil)
        let hand = try FormLoader.load("leader-scoring")
        let drafted = try #require(form.questions.first { $0.type == .matrix })
        #expect(drafted.numericAnswers && drafted.rows.map(\.label) == hand.question("scores")!.rows.map(\.label))
        #expect(unit.ballots.valid == 40)
    }

    @Test func fromABuiltInFormOnlyColumnsAndAliasesAreAdded() throws {
        // The leadership sample as another export spells it: the first question's header
        // reworded, every 较好 of 政治建设 written 比较好.
        let folder = try TemporaryFolder()
        let original = try String(contentsOfFile: "Samples/leadership/wjx-text-utf8.csv", encoding: .utf8)
        var lines = original.components(separatedBy: "\n")
        lines[0] = lines[0].replacingOccurrences(of: "2、对领导班子的总体评价", with: "2、对班子的总体评价情况")
        let politics = lines[0].components(separatedBy: ",").firstIndex(of: "3、政治建设")!
        for index in lines.indices.dropFirst() where !lines[index].isEmpty {
            var cells = lines[index].components(separatedBy: ",")
            if cells.count > politics, cells[politics] == "较好" { cells[politics] = "比较好" }
            lines[index] = cells.joined(separator: ",")
        }
        let respelled = try folder.write("respelled.csv", text: lines.joined(separator: "\n"))
        let (yaml, adapted) = try Tally.adaptForm("leadership-evaluation", files: [respelled])
        let builtIn = try FormLoader.load("leadership-evaluation")
        // Every id, label, score and rule stays.
        #expect(adapted.id == builtIn.id && adapted.questions.map(\.id) == builtIn.questions.map(\.id))
        #expect(adapted.questions.map { $0.options.map(\.label) } == builtIn.questions.map { $0.options.map(\.label) })
        #expect(adapted.questions.map { $0.options.map(\.score) } == builtIn.questions.map { $0.options.map(\.score) })
        #expect(adapted.findings.count == builtIn.findings.count && adapted.rubric.rates.map(\.name) == builtIn.rubric.rates.map(\.name))
        #expect(adapted.question("overall")!.columns.map(\.description) == ["2、对班子的总体评价情况"])
        #expect(adapted.question("politics")!.options.first { $0.label == "较好" }!.aliases.contains("比较好"))
        // The one stray 很好 is a mistake on a ballot, not a spelling: no alias, a note.
        #expect(!adapted.question("overall")!.options.contains { $0.aliases.contains("很好") })
        #expect(yaml.contains("有1份回答“很好”不是任何选项"))
        // Scored, the respelled export counts what the original counts with the built-in form.
        let before = try Tally.score(form: builtIn, files: ["Samples/leadership/wjx-text-utf8.csv"], unit: "县司法局").units[0]
        let after = try Tally.score(form: adapted, files: [respelled], unit: "县司法局").units[0]
        #expect(Self.counts(after) == Self.counts(before))
        #expect(after.index == before.index)
    }
}

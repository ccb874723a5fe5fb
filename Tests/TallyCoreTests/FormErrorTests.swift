import Testing
import TallyCore
import TallyTestSupport

/// Every mistake in a form is an error with file:line:column and the key.
@Suite("Form errors")
struct FormErrorTests {
    static let head = """
        id: t
        scales:
          goodness:
            options:
              - { label: 好, score: 100 }
              - { label: 差, score: 0 }
              - { label: 不了解, counted: false }

        """

    /// Loads `marked` (with a 1️⃣ where the error must point) and checks the whole message.
    func expectError(_ marked: String, key: String, message: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let input = MarkedText(marked)
        do {
            _ = try FormLoader.parse(input.text, file: "t.yaml")
            Issue.record("the form loaded without an error", sourceLocation: sourceLocation)
        } catch {
            // The mistake under test comes first (others in the same file may follow it).
            let expected = FormError(message, key: key, at: SourcePosition(file: "t.yaml", line: input.line, column: input.column))
            #expect(error.all.first == expected, sourceLocation: sourceLocation)
            #expect(
                error.description.components(separatedBy: "\n").first
                    == "t.yaml:\(input.line):\(input.column): error: \(key.isEmpty ? "" : key + ": ")\(message)", sourceLocation: sourceLocation)
        }
    }

    @Test func unknownScale() {
        expectError(Self.head + """
            questions:
              - { id: q1, text: 总体, scale: 1️⃣goodnes }
            """, key: "questions[0].scale", message: "unknown scale 'goodnes'; did you mean 'goodness'? (scales: goodness)")
    }

    @Test func unknownRateInARule() {
        expectError(Self.head + """
            questions:
              - { id: q1, scale: goodness }
            rubric:
              rates:
                好评率: { options: [好] }
            findings:
              - when: { rate: 1️⃣满意率, question: q1, below: 0.8 }
                text: x
            """, key: "findings[0].when.rate", message: "unknown rate '满意率' (rates: 好评率)")
    }

    @Test func unknownQuestionInARule() {
        expectError(Self.head + """
            questions:
              - { id: overall, scale: goodness }
            findings:
              - when: { mean: 1️⃣overal, below: 80 }
                text: x
            """, key: "findings[0].when.mean", message: "unknown question 'overal'")
        expectError(Self.head + """
            questions:
              - { id: overall, scale: goodness }
            rubric:
              rates:
                好评率: { options: [好] }
            findings:
              - when: { rate: 好评率, question: 1️⃣q9, below: 0.8 }
                text: x
            """, key: "findings[0].when.question", message: "unknown question 'q9'")
    }

    @Test func rateOptionThatNoScaleHas() {
        expectError(Self.head + """
            questions:
              - { id: q1, scale: goodness }
            rubric:
              rates:
                好评率: { options: [好, 1️⃣较好] }
            """, key: "rubric.rates.好评率.options[1]", message: "'较好' is not an option of any scale")
    }

    @Test func negativeAndAllZeroWeights() {
        expectError(Self.head + """
            questions:
              - { id: q1, scale: goodness, weight: 1️⃣-2 }
            """, key: "questions[0].weight", message: "a weight cannot be negative")
        expectError(Self.head + """
            respondents:
              column: 身份
              groups:
                - { id: a, label: 甲, weight: 1️⃣-0.3 }
            questions:
              - { id: q1, scale: goodness }
            """, key: "respondents.groups[0].weight", message: "a weight cannot be negative")
        expectError(Self.head + """
            respondents:
              column: 身份
              groups:
                1️⃣- { id: a, label: 甲, weight: 0 }
                - { id: b, label: 乙, weight: 0 }
            questions:
              - { id: q1, scale: goodness }
            """, key: "respondents.groups", message: "every group weight is 0: at least one must be positive")
    }

    @Test func duplicateQuestionID() {
        expectError(Self.head + """
            questions:
              - { id: q1, scale: goodness }
              - 1️⃣{ id: q1, scale: goodness }
            """, key: "questions[1].id", message: "duplicate question id 'q1'")
    }

    @Test func wrongTypes() {
        expectError(Self.head + """
            questions:
              - { id: q1, scale: goodness, weight: 1️⃣heavy }
            """, key: "questions[0].weight", message: "expected a number, found 'heavy'")
        expectError(Self.head + """
            questions:
              - { id: q1, scale: goodness, required: 1️⃣maybe }
            """, key: "questions[0].required", message: "expected true or false, found 'maybe'")
        expectError(Self.head + """
            questions:
              - { id: q1, type: 1️⃣choice, scale: goodness }
            """, key: "questions[0].type", message: "'choice' is not one of: single, multi, matrix, number, text")
        expectError(Self.head + """
            questions: 1️⃣q1
            """, key: "questions", message: "expected a list, found a single value")
    }

    @Test func unknownKeyWithSuggestion() {
        expectError(Self.head + """
            questions:
              - { id: q1, 1️⃣scael: goodness }
            """, key: "questions[0]", message: "unknown key 'scael'; did you mean 'scale'?")
    }

    @Test func missingKeys() {
        expectError("""
            1️⃣title: 无编号
            questions: []
            """, key: "", message: "missing key 'id'")
        expectError(Self.head + """
            questions:
              - 1️⃣{ id: m, type: matrix, scale: goodness }
            """, key: "questions[0]", message: "missing key 'rows'")
    }

    @Test func yamlSyntax() {
        let input = "id: t\nquestions:\n  - { id: q1, scale: [goodness }\n"
        do {
            _ = try FormLoader.parse(input, file: "t.yaml")
            Issue.record("no error")
        } catch {
            #expect(error.position.line == 3)
            #expect(error.message.hasPrefix("YAML syntax:"))
        }
    }

    @Test func findingRuleShape() {
        expectError(Self.head + """
            questions:
              - { id: q1, scale: goodness }
            findings:
              - when: 1️⃣{ index: unit, mean: q1, below: 80 }
                text: x
            """, key: "findings[0].when", message: "'when' takes exactly one measure, found 2")
        expectError(Self.head + """
            questions:
              - { id: q1, scale: goodness }
            findings:
              - when: { index: unit, below: 1️⃣eighty }
                text: x
            """, key: "findings[0].when.below", message: "expected a number or a fraction such as 2/3")
        expectError(Self.head + """
            questions:
              - { id: q1, scale: goodness }
            findings:
              - when: { index: unit, below: 80 }
                text: 1️⃣得分{score}分
            """, key: "findings[0].text", message: "unknown placeholder {score} (use {group} {n} {question} {row} {unit} {value})")
        expectError(Self.head + """
            questions:
              - { id: q1, scale: goodness }
            findings:
              - when: { mean: q1, below: 80, row: 1️⃣any }
                text: x
            """, key: "findings[0].when.row", message: "'row: any' applies to a matrix question")
    }

    @Test func badID() {
        expectError("""
            id: 1️⃣My Form
            questions: []
            """, key: "id", message: "an id is lower-case letters, digits and '-' (found 'My Form')")
    }

    @Test func missingFileNamesBuiltins() {
        do {
            _ = try FormLoader.load("/nonexistent/form.yaml")
            Issue.record("no error")
        } catch {
            #expect(error.description.hasPrefix("/nonexistent/form.yaml: error: no such file, and no built-in form has this id or title; (built-in: "))
        }
    }

    @Test func aMisspelledIdGetsASuggestionAndATitleIsAnId() throws {
        #expect(throws: FormError.self) { try FormLoader.load("leadership-evalution") }
        do {
            _ = try FormLoader.load("leadership-evalution")
        } catch {
            #expect(error.message.contains("did you mean 'leadership-evaluation'?"))
        }
        #expect(try FormLoader.load("领导班子和领导干部民主测评表").id == "leadership-evaluation")
        #expect(try FormLoader.load(" 领导班子和领导干部民主测评表 ").id == "leadership-evaluation")
    }

    @Test func everyMistakeOfAFileInOneRun() {
        let text = """
            id: Bad Id
            scales:
              g:
                options: [{ label: 好, score: 100 }, { label: 差, scroe: 0 }]
            questions:
              - { id: q1, text: 总体, scale: gg }
              - { id: q2, text: 作风, scale: g, wieght: 2 }
            """
        do {
            _ = try FormLoader.parse(text, file: "t.yaml")
            Issue.record("the form loaded without an error")
        } catch {
            #expect(error.all.map(\.position.line) == [1, 4, 6, 7])
            #expect(error.all.map(\.key) == ["id", "scales.g.options[1]", "questions[0].scale", "questions[1]"])
            #expect(error.description.components(separatedBy: "\n").count == 4)
        }
    }
}

/// YAML syntax errors said plainly, at the line where the mistake is, with what to write.
@Suite("YAML syntax in plain words")
struct YAMLSyntaxAdviceTests {
    static func error(_ text: String) -> FormError? {
        do {
            _ = try FormLoader.parse(text, file: "f.yaml")
            return nil
        } catch { return error }
    }

    @Test(arguments: [
        // A missing space after ':': libyaml gives up on line 3, the mistake is on line 2.
        ("id: x\ntitle:测评\nquestions: []\n", "f.yaml:2:6: error: YAML syntax: a ':' must be followed by a space: write 'title: 测评' on line 2"),
        ("id: x\ntitle：测评\nquestions: []\n", "f.yaml:2:6: error: YAML syntax: the key on line 2 ends with a full-width colon '：'; type an ASCII ':' followed by a space"),
        ("id: x\nquestions:\n\t- id: q\n", "f.yaml:3:1: error: YAML syntax: line 3 is indented with a tab; indent with spaces only (two per level)"),
        ("id: x\ntitle: \"测评\nquestions: []\n", "f.yaml:2:8: error: YAML syntax: the quote opened on line 2, column 8 is never closed; add the closing quote on that line"),
        ("id: x\nquestions:\n  - id: q\n    text: a: b\n", "f.yaml:4:12: error: YAML syntax: the value on line 4 contains ': '; put the whole value in quotes (text: \"…\") or indent the line under its key"),
        ("id: x\nquestions:\n  - id: q\n   text: a\n", "f.yaml:4:4: error: YAML syntax: line 4 is indented differently from the lines before it; the keys of one item, and the '- ' items of one list, start in the same column"),
        ("id: x\ntitle: @测评\n", "f.yaml:2:8: error: YAML syntax: '@' cannot start a value on line 2; put the value in quotes"),
    ])
    func eachCommonMistakeIsSaidWithItsFix(_ input: String, _ message: String) {
        #expect(Self.error(input)?.description == message)
    }

    @Test func anUnusualMistakeKeepsTheParsersWordsAndPosition() {
        #expect(Self.error("id: x\nquestions:\n  - { id: q1, scale: [goodness }\n")?.description.hasPrefix("f.yaml:3:") == true)
    }
}

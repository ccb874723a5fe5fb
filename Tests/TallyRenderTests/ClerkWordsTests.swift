import Foundation
import Testing
@testable import TallyCSV
@testable import TallyCore
@testable import TallyRender
import TallyWorkbook

/// The web app's message table: every error, CSV problem, warning code, column role and export
/// shape has Chinese words that name the file as uploaded and a question by its text, with no
/// engine word in them — no path, no option flag, no form id or question id, no YAML key.
@Suite("Clerk words")
struct ClerkWordsTests {
    /// Names of products a clerk knows, allowed in the words as file names are.
    static let productNames: Set<String> = ["Excel", "Word", "LimeSurvey", "Qualtrics", "KoboToolbox", "Microsoft", "Forms", "Google"]

    /// The ASCII words of four letters or more left in `text` once `allowed` (file names, values)
    /// and the product names are taken out: what a clerk would read as English.
    static func englishWords(_ text: String, allowed: [String] = []) -> [String] {
        var rest = text
        for name in allowed { rest = rest.replacingOccurrences(of: name, with: " ") }
        // A file's extension (.xlsx, .docx, .yaml) names a kind of file, as a file name does.
        rest = rest.replacingOccurrences(of: #"\.[A-Za-z]{2,4}\b"#, with: " ", options: .regularExpression)
        let words = rest.split(whereSeparator: { !($0.isASCII && $0.isLetter) }).map(String.init)
        return words.filter { $0.count >= 4 && !productNames.contains($0) }
    }

    /// What must hold for every text of the table.
    static func check(_ text: String, file: String = "县司法局.csv", sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(text.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }, "no Chinese: \(text)", sourceLocation: sourceLocation)
        #expect(englishWords(text, allowed: [file]).isEmpty, "English words \(englishWords(text, allowed: [file])) in: \(text)", sourceLocation: sourceLocation)
        #expect(!text.contains("/tmp") && !text.contains("/work") && !text.contains("responses/"), "a path in: \(text)", sourceLocation: sourceLocation)
        #expect(!text.contains("--") && !text.contains("leadership-evaluation") && !text.contains("'"), "an engine word in: \(text)", sourceLocation: sourceLocation)
    }

    static let path = "/tmp/ws/runs/3.partial/campaign/responses/1-县司法局.csv"
    static let uploaded: ClerkWords.FileName = { URL(fileURLWithPath: $0).lastPathComponent.replacingOccurrences(of: "1-", with: "") }

    /// One of each case; the switch below fails to compile when a case is added without one.
    static let errors: [TallyError] = [
        .csv(CSVError(.empty, file: path)),
        .form(FormError("unknown key 'scle'", key: "questions[0].scale", at: SourcePosition(file: "/tmp/forms/x.yaml", line: 3, column: 5))),
        .missingColumns(
            file: path, questions: [("overall", "'对领导班子的总体评价'", (2, "2、班子总体评价")), ("politics", "'政治建设'", nil)], headers: ["序号", "Q1"],
            betterForm: .init(id: "public-satisfaction", title: "政法队伍教育整顿群众满意度问卷", found: 6, questions: 7)),
        .missingUnitColumn(file: path, tried: ["单位"]),
        .ambiguousColumn(file: path, header: "总体评价", columns: [3, 8]),
        .ambiguousStem(file: path, header: "评价", column: 4, questions: ["overall", "politics"]),
        .noResponses(file: path),
        .duplicateFile(path),
        .moreBallotsThanIssued(unit: "县司法局", returned: 61, issued: 60),
        .ruleCannotApply(file: path, rule: "min_seconds", needs: "a column of durations", fix: "name it"),
        .missingRespondentsColumn(file: path, tried: ["身份"], nearest: "您的身份类别"),
        .answersMatchNoOption(file: path, question: "overall", unmatched: 50, answered: 55, fix: "export with labels"),
        .located("\(path): error: the workbook's sheet is damaged"),
        .invalidRequest("no response file given"),
        .notResponses(file: path, kind: .wordDocument),
    ]

    static func name(_ error: TallyError) -> String {
        switch error {
        case .csv: "csv"
        case .form: "form"
        case .missingColumns: "missingColumns"
        case .missingUnitColumn: "missingUnitColumn"
        case .ambiguousColumn: "ambiguousColumn"
        case .ambiguousStem: "ambiguousStem"
        case .noResponses: "noResponses"
        case .duplicateFile: "duplicateFile"
        case .moreBallotsThanIssued: "moreBallotsThanIssued"
        case .ruleCannotApply: "ruleCannotApply"
        case .missingRespondentsColumn: "missingRespondentsColumn"
        case .answersMatchNoOption: "answersMatchNoOption"
        case .notResponses: "notResponses"
        case .located: "located"
        case .invalidRequest: "invalidRequest"
        }
    }

    @Test func everyErrorHasChineseWordsThatNameTheFileAsUploaded() throws {
        #expect(Set(Self.errors.map(Self.name)).count == 15)
        let form = try FormLoader.load("leadership-evaluation")
        for error in Self.errors {
            let text = ClerkWords.error(error, forms: [form], fileName: Self.uploaded)
            Self.check(text, file: error.isForm ? "x.yaml" : "县司法局.csv")
            if !error.isForm, Self.name(error) != "moreBallotsThanIssued", Self.name(error) != "invalidRequest" {
                #expect(text.contains("“县司法局.csv”"), "\(text)")
            }
        }
        // Questions by their text, never their id.
        let missing = ClerkWords.error(Self.errors[2], forms: [form], fileName: Self.uploaded)
        #expect(missing.contains("“对领导班子的总体评价”") && !missing.contains("overall"))
        #expect(missing.contains("“对领导班子的总体评价”最接近第2列“2、班子总体评价”"))
        #expect(missing.contains("这个文件更像内置的“政法队伍教育整顿群众满意度问卷”（7题中有6题能找到对应列）"))
        #expect(ClerkWords.error(Self.errors[14], fileName: Self.uploaded).hasPrefix("“县司法局.csv”是 Word 文档，不是答卷。"))
        // A question no form knows is still not named by its id.
        #expect(!ClerkWords.error(Self.errors[11], forms: [], fileName: Self.uploaded).contains("overall"))
        #expect(ClerkWords.error(Self.errors[1]).contains("第3行"))
        #expect(ClerkWords.error(Self.errors[8]).contains("收回61张") && ClerkWords.error(Self.errors[8]).contains("发出的60张"))
    }

    @Test func aWorkbookBuiltToExhaustTheServerIsSaidAsSuchNotAsAWrongForm() {
        let book = "/tmp/ws/files/1-县司法局.xlsx"
        func words(_ kind: WorkbookError.Kind) -> String {
            ClerkWords.error(.located(WorkbookError(file: book, kind: kind).description), fileName: Self.uploaded)
        }
        for kind: WorkbookError.Kind in [.tooLarge(part: "xl/worksheets/sheet1.xml", limit: 250 << 20), .outputTooLarge(limit: 64 << 20)] {
            #expect(words(kind).contains("解压后大得异常"), "\(kind)")
            Self.check(words(kind), file: "县司法局.xlsx")
        }
        for kind: WorkbookError.Kind in [.cellTooLong(row: 2), .sharedStringTooLong(index: 3), .malformed("a tag runs on for more than 1 MiB")] {
            #expect(words(kind).contains("已损坏"), "\(kind)")
            Self.check(words(kind), file: "县司法局.xlsx")
        }
    }

    @Test func everyCSVProblemHasChineseWordsWithItsLine() {
        let kinds: [CSVError.Kind] = [
            .unreadable(reason: "No such file"), .empty, .malformedQuote, .unterminatedQuote, .tooManyFields(expected: 5, found: 6),
            .tooFewFields(expected: 5, found: 4), .fieldTooLarge(limit: 1 << 24), .invalidEncoding(.gb18030), .encodingChanged(from: .utf8),
            .encodingDoesNotFit(given: .utf16LE, looksLike: .utf8), .unsupportedEncoding("UTF-16"), .binary,
        ]
        for kind in kinds {
            let text = ClerkWords.csv(CSVError(kind, file: Self.path, line: 12, field: 3), fileName: Self.uploaded)
            Self.check(text)
            #expect(text.contains("“县司法局.csv”第12行"), "\(text)")
        }
    }

    @Test func everyWarningCodeHasChineseWordsWithItsFixOnThePage() {
        for code in ResultsWarning.Code.allCases {
            let warning = ResultsWarning(
                code: code, unit: code == .noWeighting || code == .ruleSkipped ? "县司法局" : nil, file: Self.path,
                items: [.init(value: code == .ruleSkipped ? "min_seconds" : "一般干警", count: 3, nearest: "一般干部", column: 7)], language: .en)
            let text = ClerkWords.warning(warning, fileName: Self.uploaded)
            Self.check(text, file: "县司法局.csv")
            #expect(!text.contains("aliases") && !text.contains("column:"), "\(text)")
        }
        let unbound = ClerkWords.warning(ResultsWarning(code: .unboundColumn, file: Self.path, items: [.init(value: "Q9", count: 1, column: 7)], language: .zh), fileName: Self.uploaded)
        #expect(unbound.contains("第7列“Q9”"))
    }

    @Test func everyColumnRoleAndShapeIsSaidInChinese() throws {
        let form = try FormLoader.load("leadership-evaluation")
        let roles: [ColumnRole] = [
            .question("overall"), .matrixRow(question: "overall", row: "张三"), .option(question: "overall", option: "好"), .respondentGroup, .unit,
            .respondentID, .duration, .completion, .ignored, .superseded(question: "overall"), .fillIn(question: "overall"), .cascadeLevel(question: "overall"),
        ]
        for role in roles {
            let text = ClerkWords.role(role, form: form)
            Self.check(text)
            #expect(!text.contains("overall"))
        }
        for shape in [ExportShape.wjxText, .wjxNumbered, .tencent, .jinshuju, .limeSurvey, .qualtrics, .wenjuanwang, .kobo, .microsoftForms, .googleForms, .generic] {
            Self.check(ClerkWords.shape(shape))
        }
    }

    @Test func theCheckItselfFindsEnglishAndPaths() {
        #expect(Self.englishWords("第3列 ignored") == ["ignored"])
        #expect(Self.englishWords("“县司法局.xlsx”不是 Excel 文件", allowed: []).isEmpty)
        #expect(Self.englishWords("add aliases to the group").contains("aliases"))
    }
}

extension TallyError {
    var isForm: Bool { if case .form = self { true } else { false } }
}

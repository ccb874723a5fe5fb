import Foundation
import TallyCSV
import TallyCore

/// The web app's words for what the engine finds: every error, warning, column role and export
/// shape in Chinese, for a clerk. Files are named by the name they were uploaded with (the
/// caller's `fileName` turns the engine's path into it), columns as 第8列“…”, questions by their
/// text, never by an id, a YAML key, a path of the server or an option flag; the fix is said as
/// something to do on the page. One table, here: the command line keeps its English
/// (`TallyError.description`, `ResultsPhrases`).
public enum ClerkWords {
    /// Turns a path the engine names into the name a clerk knows the file by.
    public typealias FileName = @Sendable (String) -> String

    /// The file's last path component: enough for a file named as uploaded.
    public static let lastComponent: FileName = { URL(fileURLWithPath: $0).lastPathComponent }

    /// A question as a clerk reads it: “题目文字” from the first of `forms` that has it (a
    /// campaign's units may use several); “其中一道题” when none does, never its id.
    static func question(_ id: String, in forms: [Form]) -> String {
        forms.lazy.compactMap { $0.questions.first { $0.id == id }?.text }.first.map { "“\($0)”" } ?? "（测评表中的一道题）"
    }

    static func question(_ id: String, in form: Form?) -> String { question(id, in: form.map { [$0] } ?? []) }

    // MARK: what a column is read as

    public static func role(_ role: ColumnRole, form: Form) -> String {
        switch role {
        case .question(let id): "题目 \(question(id, in: form))"
        case .matrixRow(let id, let row): "题目 \(question(id, in: form)) 中的“\(row)”"
        case .option(let id, let option): "题目 \(question(id, in: form)) 的选项“\(option)”"
        case .respondentGroup: "填答人类别"
        case .unit: "单位"
        case .respondentID: "填答人编号（用于查重复）"
        case .duration: "答题时长"
        case .completion: "是否答完（空的为未答完）"
        case .ignored: "不读"
        case .superseded(let id): "不读（题目 \(question(id, in: form)) 按各选项的列读取）"
        case .fillIn(let id): "题目 \(question(id, in: form)) 的填空文字（保留，不计数）"
        case .cascadeLevel(let id): "不读（题目 \(question(id, in: form)) 的下一级选项，只读第一级）"
        }
    }

    /// What a form is, in a list of forms: 测评表 (ballots rating people) or 问卷 (a questionnaire).
    public static func kind(_ kind: Form.Kind) -> String {
        switch kind {
        case .evaluation: "测评表"
        case .survey: "问卷"
        }
    }

    /// One line of `tally forms list`: `领导班子和领导干部民主测评表（leadership-evaluation）：测评表，8题`.
    public static func formLine(_ form: Form) -> String {
        "\(form.title)（\(form.id)）：\(kind(form.kind))，\(form.questions.count)题"
    }

    public static func shape(_ shape: ExportShape) -> String {
        switch shape {
        case .wjxText: "问卷星导出（按选项文本）"
        case .wjxNumbered: "问卷星导出（按选项序号）"
        case .tencent: "腾讯问卷导出"
        case .jinshuju: "金数据导出"
        case .limeSurvey: "LimeSurvey 导出"
        case .qualtrics: "Qualtrics 导出"
        case .wenjuanwang: "问卷网导出"
        case .kobo: "KoboToolbox 导出"
        case .microsoftForms: "Microsoft Forms 导出"
        case .googleForms: "Google Forms 导出"
        case .generic: "按表头读取的表格（手工录入或其他平台）"
        }
    }

    public static func encoding(_ encoding: TextEncoding) -> String {
        switch encoding {
        case .utf8, .utf8BOM: "UTF-8 编码"
        case .gb18030: "GB18030（简体中文）编码"
        case .utf16LE, .utf16BE: "UTF-16 编码"
        case .windows1252: "西文编码"
        case .iconv(let name): "\(name) 编码"
        }
    }

    // MARK: why a run or an upload stops

    /// An error of the engine (or anything else) in a clerk's words.
    public static func error(_ error: Error, forms: [Form] = [], fileName: FileName = lastComponent) -> String {
        switch error {
        case let error as TallyError: return self.error(error, forms: forms, fileName: fileName)
        case let error as CSVError: return csv(error, fileName: fileName)
        case let error as FormError: return self.form(error, fileName: fileName)
        case let error as AttachError: return attach(error, fileName: fileName)
        default: return "\(error)"
        }
    }

    /// Why a report could not take the findings, in a clerk's words.
    public static func attach(_ error: AttachError, fileName: FileName = lastComponent) -> String {
        switch error {
        case .notResults(let file): "“\(fileName(file))”不是 Tally 的统计结果文件，请重新统计后再附上。"
        case .unitNotFound(let unit, let available): "统计结果中没有单位“\(unit)”（有：\(available.joined(separator: "、"))），请重新选择单位。"
        case .unitNeeded: "这次统计有多个单位，请选择要附上结果的单位。"
        case .unknownPlaceholder(let name, _, let pieces, _):
            "报告中的占位符“{{tally:\(name)}}”认不出；可以写的有 \(pieces.map { "{{tally:\($0)}}" }.joined(separator: " "))，请改正后重新上传。"
        case .notDOCX(let file): "“\(fileName(file))”不是 Word 文档（.docx），请在 Word 或 WPS 中另存为 .docx 后重新上传。"
        case .tooLarge(let file, let limit):
            "“\(fileName(file))”解压后超过\(limit >> 20) MB，远大于一份报告，可能已经损坏；请在 Word 或 WPS 中打开后另存为 .docx 再上传。"
        case .unsupportedReport(let file): "“\(fileName(file))”不是报告文件：报告请上传 Word 文档（.docx）或 Markdown 文件（.md）。"
        }
    }

    public static func error(_ error: TallyError, forms: [Form] = [], fileName: FileName = lastComponent) -> String {
        switch error {
        case .csv(let error):
            return csv(error, fileName: fileName)
        case .form(let error):
            return self.form(error, fileName: fileName)
        case .missingColumns(let file, let questions, _, let betterForm):
            let names = questions.prefix(5).map { question($0.id, in: forms) }.joined(separator: "、")
            let more = questions.count > 5 ? "等\(questions.count)题" : ""
            let nearest = questions.prefix(5).compactMap { missing in
                missing.nearest.map { "\(question(missing.id, in: forms))最接近第\($0.column)列“\($0.header)”" }
            }
            let fits = betterForm.map { "这个文件更像内置的“\($0.title)”（\($0.questions)题中有\($0.found)题能找到对应列），请核对测评表是否选对；" } ?? ""
            return "“\(fileName(file))”中找不到这些题目的列：\(names)\(more)。"
                + (nearest.isEmpty ? "" : nearest.joined(separator: "；") + "。")
                + fits + "请核对是否上传了这个单位的导出文件、测评表选得对不对；"
                + "如果文件的表头与题目写法不同，请删除这个文件，改好表头后重新上传。"
        case .notResponses(let file, let kind):
            let what: String
            switch kind {
            case .wordDocument: what = "是 Word 文档，不是答卷"
            case .slides: what = "是演示文稿，不是答卷"
            case .pdf: what = "是 PDF 文件，不能读出答案"
            case .image: what = "是图片，不能读出答案"
            case .oldOffice: what = "是老版本的 Excel 或 Word 文件（.xls/.doc）；如是 Excel，请在 Excel 中“另存为”.xlsx 或 CSV 后再上传"
            case .zip: what = "是压缩包；如是导出的测评文件夹，请在首页“导入测评文件夹”处导入"
            case .empty, .text, .workbook: what = "不是答卷文件"
            }
            return "“\(fileName(file))”\(what)。请上传问卷平台导出的 CSV 文件或 Excel 录入表（.xlsx）。"
        case .missingUnitColumn(let file, _):
            return "“\(fileName(file))”中没有“单位”一列，不能按单位分开统计。请在上传时选择它属于哪个单位。"
        case .ambiguousColumn(let file, let header, let columns):
            return "“\(fileName(file))”中第\(columns.map(String.init).joined(separator: "列和第"))列的表头都是“\(header)”，不知道哪一列是答案。"
                + "请在文件中改掉其中一列的表头后重新上传。"
        case .ambiguousStem(let file, let header, let column, let questions):
            return "“\(fileName(file))”第\(column)列“\(header)”可能是\(questions.map { question($0, in: forms) }.joined(separator: "或"))的答案，无法确定。"
                + "请在文件中把表头改成题目的原文后重新上传。"
        case .noResponses(let file):
            return "“\(fileName(file))”只有表头，没有答卷。请核对是否导出了正确的文件。"
        case .duplicateFile(let file):
            return "“\(fileName(file))”上传了两次，每张测评票只能计一次。请删除多出的一份。"
        case .moreBallotsThanIssued(let unit, let returned, let issued):
            return "\(unit)：收回\(returned)张测评票，多于发出的\(issued)张，按规定测评无效。请核对发出票数和上传的文件（是否把别的单位的答卷也传了进来）。"
        case .ruleCannotApply(let file, let rule, _, _):
            return "“\(fileName(file))”中\(missingData(rule))，测评表的有效票规则“\(ruleName(rule))”无法检查。请上传含这一列的导出文件，或换一张不要求这一条的测评表。"
        case .missingRespondentsColumn(let file, _, let nearest):
            return "“\(fileName(file))”中找不到填答人类别（身份）一列" + (nearest.map { "（最接近的是“\($0)”）" } ?? "")
                + "，无法分类统计和加权。请把这一列的表头改为“身份”后重新上传，或换一张不分类别的测评表。"
        case .answersMatchNoOption(let file, let id, let unmatched, let answered, _):
            return "“\(fileName(file))”中题目\(question(id, in: forms))的\(answered)个回答里有\(unmatched)个不是它的选项，"
                + "照此统计结果会出错，因此没有统计。请核对导出时选的是“按选项文本”还是“按序号”，以及测评表选得对不对。"
        case .located(let message), .invalidRequest(let message):
            return located(message, fileName: fileName)
        }
    }

    /// A message the engine worded with its own place (a workbook's error, a request it cannot
    /// do): the file it names, and what a clerk can do about it.
    static func located(_ message: String, fileName: FileName) -> String {
        let head = message.split(separator: ":", maxSplits: 1).first.map(String.init) ?? ""
        let file = head.contains(".") && !head.contains(" ") ? fileName(head) : nil
        if message.contains("not a results.json") || message.contains("baseline") {
            return "对比用的上一轮结果无法读取。请在“与上一轮对比”中另选一次统计，或选“不对比”。"
        }
        if let file, message.contains("inflates to more than") || message.contains("MiB of text from a file this small") {
            return "“\(file)”解压后大得异常，可能已损坏或是故意构造的文件，没有读取。请用 Excel 或 WPS 打开，只保留答卷所在的工作表，另存后重新上传。"
        }
        if let file, message.contains("which no spreadsheet writes") || message.contains("the sheet cannot be read") {
            return "“\(file)”中的工作表已损坏（有电子表格软件不会写出的内容），没有读取。请用 Excel 或 WPS 打开后另存，再重新上传。"
        }
        if let file {
            return "“\(file)”无法按这张测评表读取。请核对上传的是不是问卷平台导出的答卷文件，必要时重新导出后上传。"
        }
        return "这次统计无法完成。请核对上传的文件和测评表后重新统计。"
    }

    public static func csv(_ error: CSVError, fileName: FileName = lastComponent) -> String {
        let file = "“\(fileName(error.file))”" + (error.line > 0 ? "第\(error.line)行" : "")
        switch error.kind {
        case .unreadable:
            return "\(file)无法读取。请重新上传。"
        case .empty:
            return "\(file)是空的，没有表头。请重新导出后上传。"
        case .malformedQuote:
            return "\(file)\(error.field.map { "第\($0)个单元格" } ?? "")中的引号位置不对。请用电子表格打开，改好这个单元格后另存为 CSV 再上传。"
        case .unterminatedQuote:
            return "\(file)开始的一个带引号的单元格直到文件末尾都没有结束，文件可能不完整。请重新导出后上传。"
        case .tooManyFields(let expected, let found):
            return "\(file)有\(found)格，表头只有\(expected)格，可能是某个单元格里有未加引号的逗号。请用电子表格打开核对这一行后重新上传。"
        case .tooFewFields(let expected, let found):
            return "\(file)只有\(found)格，表头有\(expected)格，文件可能不完整。请重新导出后上传。"
        case .fieldTooLarge:
            return "\(file)有一个单元格大得异常，这可能不是问卷导出文件，或有引号没有结束。请核对后重新上传。"
        case .invalidEncoding, .encodingChanged, .encodingDoesNotFit, .unsupportedEncoding:
            return "\(file)的文字编码无法识别。请用电子表格打开，另存为“CSV UTF-8”后重新上传。"
        case .binary:
            return "\(file)不是文本文件。如是 Excel 工作簿，请确认文件名以 .xlsx 结尾，或另存为“CSV UTF-8”后上传。"
        case .unwritable:
            return "统计结果写不进去（\(file)）：磁盘可能已满或没有写入权限。请联系管理员腾出空间后重新统计。"
        }
    }

    /// A mistake in a form's file (an uploaded or drafted form), by its line.
    public static func form(_ error: FormError, fileName: FileName = lastComponent) -> String {
        let count = 1 + error.others.count
        return "测评表文件“\(fileName(error.position.file))”第\(error.position.line)行有误\(count > 1 ? "（共\(count)处）" : "")，无法使用。"
            + "请对照起草时下载的文件改正后重新上传，或请维护测评表的同事检查。"
    }

    // MARK: a form's new version

    /// What moving from one version of a form to another changes, one sentence per change, in
    /// the new version's order; a last one when the scoring rules changed. Empty: nothing.
    public static func formChanges(_ comparison: FormComparison) -> [String] {
        func list(_ labels: [String]) -> String { labels.isEmpty ? "（无）" : labels.map { "“\($0)”" }.joined() }
        var lines = comparison.changes.map { change -> String in
            let q = "“\(change.question)”"
            switch change.kind {
            case .added: return "新增题目\(q)"
            case .removed: return "删去题目\(q)，已上传文件中这一题的回答不再统计"
            case .reworded(let from): return "题目“\(from)”改为\(q)"
            case .retyped: return "题目\(q)的作答方式改变（单选、多选、矩阵、数字或文字）"
            case .options(let from, let to): return "题目\(q)的选项由\(list(from))改为\(list(to))"
            case .scores: return "题目\(q)各选项的分值或是否计入比例改变，得分会不同"
            case .rows(let from, let to): return "\(q)的测评对象由\(list(from))改为\(list(to))"
            case .rules: return "题目\(q)的必答、权重、限选名额或数值范围改变"
            }
        }
        if comparison.rulesChanged { lines.append("填答人类别及权重、比率、等次、有效票规则或结论的写法有改动，统计结果可能不同") }
        return lines
    }

    // MARK: a ballot on a phone (测评码)

    /// Why a phone ballot was refused, for the participant: what to change, never a code.
    public static func ballot(_ problem: PhoneBallot.Problem) -> String {
        switch problem {
        case .unknownQuestion: return "测评票中没有这道题，请刷新页面后重新填写"
        case .wrongShape(let question): return "“\(question)”的回答格式不对，请刷新页面后重新填写"
        case .notAnOption(let question, _): return "“\(question)”的回答不是测评票上的选项，请重新选择"
        case .unknownRow(let question, _): return "“\(question)”中有测评票上没有的测评对象，请刷新页面后重新填写"
        case .tooManyChoices(let question, let maximum): return "“\(question)”最多选\(maximum)项，请减少选择"
        case .outOfRange(let question, let low, let high):
            if let low, let high { return "“\(question)”请填写\(NumberText.plain(low))～\(NumberText.plain(high))之间的数" }
            return "“\(question)”请填写一个数"
        case .limit(let question, let breach): return "“\(question)”中\(limitBroken(breach))，请修改后再提交"
        case .tooLong(let question, let maximum): return "“\(question)”的文字超过\(maximum)字，请精简"
        }
    }

    /// A matrix rule a phone ballot broke, in a participant's words: `评为“优秀”的不能超过2人（现为3人）`.
    static func limitBroken(_ breach: LimitBreach) -> String {
        let subject: String
        switch breach.subject {
        case .option(let label): subject = "评为“\(label)”的"
        case .atLeast(let bound): subject = "评分在\(NumberText.plain(bound))分及以上的"
        case .below(let bound): subject = "评分低于\(NumberText.plain(bound))分的"
        case .sameAnswerEverywhere: return "不能对所有测评对象作出相同评价"
        }
        switch breach.bound {
        case .maxShare(let share):
            let most = (0...breach.rows).last { share.compare(k: $0, n: breach.rows) <= 0 } ?? 0
            return "\(subject)不能超过\(most)人（现为\(breach.count)人）"
        case .maxCount(let most): return "\(subject)不能超过\(most)人（现为\(breach.count)人）"
        case .minCount(let least): return "\(subject)不能少于\(least)人（现为\(breach.count)人）"
        case .sameAnswerEverywhere: return "不能对所有测评对象作出相同评价"
        }
    }

    /// A matrix rule as the phone ballot says it beside the matrix (`评为“优秀”的不超过2人`).
    public static func rule(_ rule: PhoneBallot.Rule) -> String {
        if rule.sameAnswerEverywhere { return "不能对所有测评对象作出相同评价" }
        let subject: String
        if let option = rule.option {
            subject = "评为“\(option)”的"
        } else if let bound = rule.atLeast {
            subject = "评分在\(NumberText.plain(bound))分及以上的"
        } else if let bound = rule.below {
            subject = "评分低于\(NumberText.plain(bound))分的"
        } else {
            subject = ""
        }
        var parts: [String] = []
        if let most = rule.maxRows { parts.append(most == 0 ? "\(subject)不能有" : "\(subject)不超过\(most)人") }
        if let least = rule.minRows { parts.append("\(subject)不少于\(least)人") }
        return parts.joined(separator: "，")
    }

    // MARK: what a run or an upload warns about

    public static func warning(_ warning: ResultsWarning, fileName: @escaping FileName = lastComponent) -> String {
        let subject = warning.file.map { "“\(fileName($0))”" } ?? warning.unit ?? ""
        switch warning.code {
        case .unknownGroup:
            let values = warning.items.map { item in
                "“\(item.value)”\(item.count)张" + (item.nearest.map { "（最接近“\($0)”）" } ?? "")
            }
            return "\(subject)：\(warning.count)张测评票的填答人类别不是测评表中的类别：\(values.joined(separator: "、"))。"
                + "这些票计入全体结果，但不计入分类统计和加权。如属某一类别，请改正文件中的写法后重新上传。"
        case .noWeighting:
            return "\(subject)：\(warning.count)张有效测评票都认不出填答人类别，无法按类别加权，各项得分均未加权。请核对身份一列。"
        case .ruleSkipped:
            let rule = warning.items.first?.value ?? ""
            return "\(subject)：文件中\(missingData(rule))，有效票规则“\(ruleName(rule))”没有检查。"
        case .sheetChosen:
            let item = warning.items.first
            return "\(subject)：第一张工作表“\(item?.nearest ?? "")”与测评表对不上，已改读工作表“\(item?.value ?? "")”（对上\(warning.count)题）。如不是这一张，请删除文件后重新上传并填写工作表名称。"
        case .unboundColumn:
            let shown = warning.items.prefix(5).map { item in
                (item.column.map { "第\($0)列" } ?? "") + "“\(item.value)”" + (item.nearest.map { "（最接近“\($0)”）" } ?? "")
            }
            let more = warning.items.count > 5 ? "等\(warning.items.count)列" : ""
            return "\(subject)：\(shown.joined(separator: "、"))\(more)像是题目或选项，但测评表中没有对应的题目，其中的回答没有计入。"
                + "如属测评表中的题目，请把表头改成题目原文后重新上传。"
        case .duplicateHeader:
            let headers = warning.items.map { "“\($0.value)”（\($0.count)列）" }
            return "\(subject)：几列的表头相同：\(headers.joined(separator: "、"))，只读了其中第一列。如要读别的列，请改掉重复的表头后重新上传。"
        }
    }

    /// An upload as the importer sees it, in these words: what the web app stores and shows.
    /// - Parameter name: the name the file was uploaded with.
    public static func inspectSummary(_ report: InspectReport, form: Form?, name: String) -> TallyService.InspectSummary {
        let fileName: FileName = { _ in name }
        return TallyService.InspectSummary(
            encoding: encoding(report.format.encoding.textEncoding), delimiter: report.format.delimiter.name, shape: shape(report.shape),
            rows: report.records,
            columns: zip(report.header, report.roles).map { header, role in
                TallyService.InspectSummary.Column(header: header, readAs: form.map { self.role(role, form: $0) } ?? "")
            },
            warnings: report.warnings.map { warning($0, fileName: fileName) },
            unmatched: report.unmatched.map { unmatched($0.question, form: form, file: name) },
            stop: report.stop.map { error($0, forms: form.map { [$0] } ?? [], fileName: fileName) }, unitColumn: report.roles.contains(.unit))
    }

    /// A unit's warnings after a run, and why it is void when it is.
    public static func warnings(of unit: UnitResult, fileName: @escaping FileName = lastComponent) -> [String] {
        var words = unit.warnings.map { warning($0, fileName: fileName) }
        if let void = unit.void { words.append("\(unit.unit)：" + ResultsPhrases().void(void, language: .zh)) }
        return words
    }

    /// A question of the form that no column of an upload holds.
    public static func unmatched(_ id: String, form: Form?, file: String) -> String {
        "“\(file)”中找不到题目\(question(id, in: form))的列，这道题将没有结果。"
    }

    /// What a file lacks for a validity rule to apply.
    static func missingData(_ rule: String) -> String {
        switch rule {
        case "min_seconds": "没有答题时长一列"
        case "incomplete": "没有标记答卷是否答完的一列"
        case "duplicate_respondent": "没有填答人编号一列"
        default: "缺少规则需要的列"
        }
    }

    static func ruleName(_ rule: String) -> String {
        switch rule {
        case "min_seconds": "答题时间过短的票无效"
        case "incomplete": "未答完的票无效"
        case "duplicate_respondent": "同一人重复提交只计一次"
        default: "有效票规则"
        }
    }
}

import Foundation
import TallyStatistics
import Yams

/// Loads forms from YAML into typed values, checking every reference.
///
/// Every mistake is a `FormError` with the file, line, column and key: an unknown scale,
/// rate, question, option or group; a negative weight; a duplicate id; a wrong type.
public enum FormLoader {
    /// Loads a form from a path, or from the id of a built-in form.
    ///
    /// - Parameter reference: a path to a `.yaml` file, or a built-in id such as `leadership-evaluation`.
    public static func load(_ reference: String) throws(FormError) -> Form {
        if let builtin = BuiltinForms.yaml[reference], !FileManager.default.fileExists(atPath: reference) {
            return try parse(builtin, file: "builtin:\(reference)")
        }
        guard let data = FileManager.default.contents(atPath: reference) else {
            // A built-in form may be named by its Chinese title (领导班子和领导干部民主测评表).
            if let id = BuiltinForms.id(titled: reference), let builtin = BuiltinForms.yaml[id] {
                return try parse(builtin, file: "builtin:\(id)")
            }
            let known = BuiltinForms.yaml.keys.sorted().joined(separator: ", ")
            let ids = Array(BuiltinForms.yaml.keys)
            let hint = (closest(to: reference, in: ids) ?? nearest(to: reference, in: ids).flatMap { candidate in
                editDistance(reference, candidate) * 2 <= max(reference.count, candidate.count) ? candidate : nil
            }).map { "did you mean '\($0)'? " } ?? ""
            throw FormError(
                "no such file, and no built-in form has this id or title; \(hint)(built-in: \(known))", key: "",
                at: SourcePosition(file: reference, line: 0, column: 0))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw FormError(
                "a form must be UTF-8 text; save it again as UTF-8", key: "",
                at: SourcePosition(file: reference, line: 0, column: 0))
        }
        return try parse(text, file: reference)
    }

    /// Parses form YAML. `file` names it in errors.
    public static func parse(_ yaml: String, file: String) throws(FormError) -> Form {
        let root = try composeYAML(yaml, file: file, what: "form")
        var builder = FormBuilder(file: file)
        return try builder.build(YAMLValue(node: root, path: "", file: file))
    }
}

/// Composes a YAML document into Yams' node tree, turning libyaml's errors into `FormError`s
/// with the line and column (forms and campaign files alike).
func composeYAML(_ text: String, file: String, what: String) throws(FormError) -> Node {
    do {
        guard let root = try Yams.compose(yaml: text) else {
            throw FormError("the \(what) is empty", key: "", at: SourcePosition(file: file, line: 1, column: 1))
        }
        return root
    } catch let error as FormError {
        throw error
    } catch let error as YamlError {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let detail = [context.map { "\($0)" }, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
            throw FormError("YAML syntax: \(detail)", key: "", at: SourcePosition(file: file, line: mark.line, column: mark.column))
        case .duplicatedKeysInMapping(let duplicates, let context):
            throw FormError(
                "duplicate key \(duplicates.map { "'\($0)'" }.joined(separator: ", ")) in one mapping", key: "",
                at: SourcePosition(file: file, line: context.mark.line, column: context.mark.column))
        default:
            throw FormError("YAML: \(error)", key: "", at: SourcePosition(file: file, line: 0, column: 0))
        }
    } catch {
        throw FormError("\(error)", key: "", at: SourcePosition(file: file, line: 0, column: 0))
    }
}

/// Placeholders a finding's text may use.
let findingPlaceholders: Set<String> = ["unit", "question", "row", "value", "n", "group"]

struct FormBuilder {
    let file: String
    var scales: [Scale] = []

    init(file: String) { self.file = file }

    /// Builds the form, collecting every mistake it can find in one pass (`forms check` lists
    /// them all): each scale and each question on its own, then — when the questions are sound,
    /// since everything after refers to them — respondents, unit, sections, rubric, validity,
    /// findings and import, each on its own. Throws the first mistake carrying the others.
    mutating func build(_ root: YAMLValue) throws(FormError) -> Form {
        let top = try root.mapping()
        var errors: [FormError] = []
        var id = ""
        do throws(FormError) {
            let idValue = try top.required("id")
            id = try idValue.nonEmptyString()
            if !id.allSatisfy({ ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }) {
                throw idValue.error("an id is lower-case letters, digits and '-' (found '\(id)')")
            }
        } catch { errors.append(error) }
        var title = id
        var kind = Form.Kind.evaluation
        var language = Form.Language.zh
        do throws(FormError) { title = try top.optional("title")?.nonEmptyString() ?? id } catch { errors.append(error) }
        do throws(FormError) { kind = try top.optional("kind")?.choice(Form.Kind.self, [.evaluation, .survey]) ?? .evaluation } catch { errors.append(error) }
        do throws(FormError) { language = try top.optional("language")?.choice(Form.Language.self, [.zh, .en]) ?? .zh } catch { errors.append(error) }

        if let scalesValue = top.optional("scales") {
            do throws(FormError) {
                let mapping = try scalesValue.mapping()
                for name in mapping.keys {
                    do throws(FormError) {
                        let scaleValue = try mapping.required(name)
                        let scaleMap = try scaleValue.mapping()
                        let options = try self.options(try scaleMap.required("options"), scored: true)
                        try scaleMap.finish()
                        scales.append(Scale(name: name, options: options))
                    } catch { errors.append(error) }
                }
                try mapping.finish()
            } catch { errors.append(error) }
        }

        var questions: [Question] = []
        var questionsSound = true
        do throws(FormError) {
            let questionsValue = try top.required("questions")
            for item in try questionsValue.sequence() {
                do throws(FormError) {
                    let question = try self.question(item)
                    if questions.contains(where: { $0.id == question.id }) {
                        throw YAMLValue(node: item.node, path: item.path + ".id", file: file)
                            .error("duplicate question id '\(question.id)'")
                    }
                    questions.append(question)
                } catch {
                    errors.append(error)
                    questionsSound = false
                }
            }
            if questions.isEmpty && questionsSound { throw questionsValue.error("a form needs at least one question") }
        } catch {
            errors.append(error)
            questionsSound = false
        }

        var respondents: Respondents?
        var unit: UnitSource?
        var sections: [Section] = []
        var rubric = Rubric(rates: [], index: .weightedMean, grades: [], suppressBelow: 5)
        var validity = Validity()
        var findings: [FindingRule] = []
        var importSettings = ImportSettings()
        let later = ["respondents", "unit", "sections", "rubric", "validity", "findings", "import"]
        if !questionsSound {
            // The rest refers to questions: checking it now would only echo the mistakes above.
            for key in later { _ = top.optional(key) }
        } else {
            var rubricSound = true
            do throws(FormError) {
                respondents = try top.optional("respondents").map { v throws(FormError) in
                    try self.respondents(v, questions: questions, language: language)
                }
            } catch {
                errors.append(error)
                rubricSound = false
            }
            do throws(FormError) {
                unit = try top.optional("unit").map { v throws(FormError) -> UnitSource in
                    let map = try v.mapping()
                    let columns = try map.required("column").columns()
                    try map.finish()
                    return UnitSource(columns: columns)
                }
            } catch { errors.append(error) }
            do throws(FormError) { sections = try top.optional("sections").map { v throws(FormError) in try self.sections(v, questions) } ?? [] } catch {
                errors.append(error)
            }
            do throws(FormError) {
                if let v = top.optional("rubric") { rubric = try self.rubric(v, questions) }
            } catch {
                errors.append(error)
                rubricSound = false
            }
            do throws(FormError) { validity = try top.optional("validity").map { v throws(FormError) in try self.validity(v, questions) } ?? Validity() } catch {
                errors.append(error)
            }
            do throws(FormError) {
                // Findings refer to the rubric's rates and the respondents' groups.
                if let v = top.optional("findings"), rubricSound {
                    findings = try self.findings(v, questions: questions, rubric: rubric, respondents: respondents)
                }
            } catch { errors.append(error) }
            do throws(FormError) {
                if let v = top.optional("import") {
                    let map = try v.mapping()
                    importSettings.chosen = try map.optional("chosen")?.strings() ?? []
                    importSettings.notChosen = try map.optional("not_chosen")?.strings() ?? []
                    if let rows = map.optional("header_rows") {
                        let count = try rows.integer()
                        guard (1...5).contains(count) else { throw rows.error("header_rows is 1 to 5") }
                        importSettings.headerRows = count
                    }
                    try map.finish()
                }
            } catch { errors.append(error) }
        }
        do throws(FormError) { try top.finish() } catch { errors.append(error) }
        if let error = FormError.collected(errors) { throw error }
        var form = Form(
            id: id, title: title, kind: kind, language: language, scales: scales, respondents: respondents,
            unit: unit, questions: questions, sections: sections, rubric: rubric, findings: findings,
            validity: validity, source: file)
        form.importSettings = importSettings
        return form
    }

    // MARK: Options

    /// Options written as plain labels or as objects.
    func options(_ value: YAMLValue, scored: Bool, rows: Bool = false) throws(FormError) -> [AnswerOption] {
        var result: [AnswerOption] = []
        for item in try value.list() {
            var option: AnswerOption
            if case .scalar = item.node {
                option = AnswerOption(label: try item.nonEmptyString())
            } else {
                let map = try item.mapping()
                option = AnswerOption(label: try map.required("label").nonEmptyString())
                option.code = try map.optional("code")?.nonEmptyString()
                option.aliases = try map.optional("aliases")?.strings() ?? []
                option.columns = try map.optional("column")?.columns() ?? []
                if scored {
                    option.score = try map.optional("score")?.number()
                    option.counted = try map.optional("counted")?.bool() ?? true
                }
                try map.finish()
            }
            if result.contains(where: { $0.label == option.label }) {
                throw item.error("duplicate \(rows ? "row" : "option") '\(option.label)'")
            }
            if let code = option.code, result.contains(where: { $0.code == code }) {
                throw item.error("duplicate code '\(code)'")
            }
            result.append(option)
        }
        if result.isEmpty { throw value.error("the list is empty") }
        return result
    }

    func scale(named value: YAMLValue) throws(FormError) -> Scale {
        let name = try value.nonEmptyString()
        guard let scale = scales.first(where: { $0.name == name }) else {
            let known = scales.map(\.name)
            let hint = closest(to: name, in: known).map { "; did you mean '\($0)'?" } ?? ""
            throw value.error(
                "unknown scale '\(name)'\(hint) (scales: \(known.isEmpty ? "none defined" : known.joined(separator: ", ")))")
        }
        return scale
    }

    // MARK: Questions

    static let questionKeys = [
        "id", "text", "type", "scale", "options", "weight", "required", "column", "max_choices", "rows", "answer",
        "limits", "trim", "min", "max",
    ]

    func question(_ value: YAMLValue) throws(FormError) -> Question {
        let map = try value.mapping()
        try map.allow(Self.questionKeys)
        let idValue = try map.required("id")
        let id = try idValue.nonEmptyString()
        let text = try map.optional("text")?.nonEmptyString() ?? id
        let type = try map.optional("type")?.choice(Question.QuestionType.self, Question.QuestionType.allCases) ?? .single
        var question = Question(
            id: id, text: text, type: type, scaleName: nil, options: [], rows: [], numericAnswers: false,
            minimum: nil, maximum: nil, weight: 1, required: false, columns: [], maxChoices: nil, limits: [],
            trim: nil, position: value.position)
        if let weight = map.optional("weight") {
            question.weight = try weight.number()
            if question.weight < 0 { throw weight.error("a weight cannot be negative") }
        }
        question.required = try map.optional("required")?.bool() ?? false
        question.columns = try map.optional("column")?.columns() ?? []

        let scaleValue = map.optional("scale")
        let optionsValue = map.optional("options")
        if let scaleValue, optionsValue != nil {
            throw scaleValue.error("give either 'scale' or 'options', not both")
        }
        if let scaleValue {
            let scale = try self.scale(named: scaleValue)
            question.scaleName = scale.name
            question.options = scale.options
        } else if let optionsValue {
            question.options = try options(optionsValue, scored: true)
        }

        switch type {
        case .single, .multi:
            if question.options.isEmpty {
                throw FormError("a \(type.rawValue) question needs 'scale' or 'options'", key: idValue.path, at: value.position)
            }
            if type == .multi, question.options.count > 64 {
                throw FormError(
                    "a multi-select question can have at most 64 options (this one has \(question.options.count)); split it in two",
                    key: idValue.path, at: value.position)
            }
            if type == .multi, let max = map.optional("max_choices") {
                question.maxChoices = try max.integer()
                if question.maxChoices! < 1 { throw max.error("max_choices must be at least 1") }
            }
        case .matrix:
            question.rows = try options(try map.required("rows"), scored: false, rows: true)
            if let answer = map.optional("answer") {
                let answerMap = try answer.mapping()
                let answerType = try answerMap.required("type")
                guard try answerType.string() == "number" else {
                    throw answerType.error("a matrix answer type is 'number' (or give the matrix a 'scale')")
                }
                question.numericAnswers = true
                question.minimum = try answerMap.optional("min")?.number()
                question.maximum = try answerMap.optional("max")?.number()
                try answerMap.finish()
                if !question.options.isEmpty {
                    throw answer.error("a matrix is answered on a scale or with numbers, not both")
                }
            } else if question.options.isEmpty {
                throw FormError("a matrix needs 'scale' (or 'answer: { type: number }')", key: idValue.path, at: value.position)
            }
            if let limits = map.optional("limits") { question.limits = try self.limits(limits, question) }
            if let trim = map.optional("trim") {
                let trimMap = try trim.mapping()
                question.trim = Trim(
                    dropHighest: try trimMap.optional("drop_highest")?.integer() ?? 1,
                    dropLowest: try trimMap.optional("drop_lowest")?.integer() ?? 1,
                    whenNAbove: try trimMap.optional("when_n_above")?.integer() ?? 0)
                try trimMap.finish()
                if !question.numericAnswers { throw trim.error("'trim' applies to a matrix answered with numbers") }
            }
        case .number:
            question.minimum = try map.optional("min")?.number()
            question.maximum = try map.optional("max")?.number()
        case .text:
            break
        }
        if let low = question.minimum, let high = question.maximum, low > high {
            throw value.error("min (\(low)) is above max (\(high))")
        }
        if type == .text && question.weight != 1 {
            throw value.error("a text question is never scored: it takes no weight")
        }
        try map.finish()
        return question
    }

    func limits(_ value: YAMLValue, _ question: Question) throws(FormError) -> [MatrixLimit] {
        var result: [MatrixLimit] = []
        for item in try value.list() {
            let map = try item.mapping()
            var limit: MatrixLimit
            if let option = map.optional("option") {
                let label = try option.nonEmptyString()
                guard question.options.contains(where: { $0.label == label }) else {
                    throw option.error("'\(label)' is not an option of this matrix's scale")
                }
                limit = MatrixLimit(subject: .option(label))
            } else if let atLeast = map.optional("at_least") {
                limit = MatrixLimit(subject: .atLeast(try atLeast.number()))
            } else if let below = map.optional("below") {
                limit = MatrixLimit(subject: .below(try below.number()))
            } else if let same = map.optional("same_answer_everywhere") {
                guard try same.string() == "invalid" else { throw same.error("the only value is 'invalid'") }
                limit = MatrixLimit(subject: .sameAnswerEverywhere)
            } else {
                throw item.error("a limit names 'option', 'at_least', 'below' or 'same_answer_everywhere'")
            }
            if let share = map.optional("max_share") {
                guard let threshold = Threshold(try share.string()) else {
                    throw share.error("expected a share such as 0.34 or 1/3")
                }
                limit.maxShare = threshold
            }
            limit.maxCount = try map.optional("max_count")?.integer()
            limit.minCount = try map.optional("min_count")?.integer()
            if limit.subject != .sameAnswerEverywhere && limit.maxShare == nil && limit.maxCount == nil
                && limit.minCount == nil
            {
                throw item.error("a limit needs 'max_share', 'max_count' or 'min_count'")
            }
            if case .option = limit.subject {} else if limit.maxShare != nil {
                throw item.error("'max_share' goes with 'option'")
            }
            switch limit.subject {
            case .atLeast, .below:
                if !question.numericAnswers { throw item.error("'at_least' and 'below' apply to number answers") }
            case .option:
                if question.numericAnswers { throw item.error("'option' applies to a matrix on a scale") }
            case .sameAnswerEverywhere: break
            }
            try map.finish()
            result.append(limit)
        }
        return result
    }
}

/// The names inside `{…}` in a finding's text.
func placeholders(in text: String) -> [String] {
    var names: [String] = []
    var current: String?
    for character in text {
        if character == "{" {
            current = ""
        } else if character == "}", let name = current {
            names.append(name)
            current = nil
        } else if current != nil {
            current!.append(character)
        }
    }
    return names
}

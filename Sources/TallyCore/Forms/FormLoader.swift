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
            let plain = YAMLSyntaxAdvice.explain(
                problem: problem, mark: (mark.line, mark.column), context: context?.text, contextMark: context.map { ($0.mark.line, $0.mark.column) },
                text: text)
            throw FormError(plain.message, key: "", at: SourcePosition(file: file, line: plain.line, column: plain.column))
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
        var report = ReportSettings()
        let later = ["respondents", "unit", "sections", "rubric", "validity", "findings", "import", "report"]
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
        do throws(FormError) {
            if let v = top.optional("report") { report = try self.report(v) }
        } catch { errors.append(error) }
        do throws(FormError) { try top.finish() } catch { errors.append(error) }
        if let error = FormError.collected(errors) { throw error }
        var form = Form(
            id: id, title: title, kind: kind, language: language, scales: scales, respondents: respondents,
            unit: unit, questions: questions, sections: sections, rubric: rubric, findings: findings,
            validity: validity, source: file)
        form.importSettings = importSettings
        form.report = report
        return form
    }

    /// `report: { body_figures: [fraction, score, not_counted], no_problems: 句子 }`.
    func report(_ value: YAMLValue) throws(FormError) -> ReportSettings {
        let map = try value.mapping()
        var report = ReportSettings()
        if let figures = map.optional("body_figures") {
            for item in try figures.list() {
                let name = try item.nonEmptyString()
                guard let figure = ReportSettings.BodyFigure(rawValue: name) else {
                    let known = ReportSettings.BodyFigure.allCases.map(\.rawValue).joined(separator: ", ")
                    throw item.error("unknown figure '\(name)' in body_figures: the body can also give \(known)")
                }
                report.bodyFigures.insert(figure)
            }
        }
        report.noProblems = try map.optional("no_problems")?.nonEmptyString()
        try map.finish()
        return report
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

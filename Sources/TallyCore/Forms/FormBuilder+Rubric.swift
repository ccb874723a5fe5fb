import TallyStatistics

/// The parts of a form after its questions: respondents, sections, rubric, validity, findings.
extension FormBuilder {
    // MARK: Respondents, sections

    func respondents(_ value: YAMLValue, questions: [Question], language: Form.Language) throws(FormError) -> Respondents {
        let map = try value.mapping()
        let columns = try map.optional("column")?.columns() ?? []
        let question = try map.optional("question").map { v throws(FormError) -> String in
            let id = try v.nonEmptyString()
            guard questions.contains(where: { $0.id == id }) else { throw v.error("unknown question '\(id)'") }
            return id
        }
        if columns.isEmpty && question == nil {
            throw value.error("respondents need 'column' (a CSV column) or 'question' (a question id)")
        }
        let groupsValue = try map.required("groups")
        var groups: [RespondentGroup] = []
        for item in try groupsValue.list() {
            var group: RespondentGroup
            if case .scalar = item.node {
                let label = try item.nonEmptyString()
                group = RespondentGroup(id: label, label: label, weight: 1, code: nil, aliases: [])
            } else {
                let g = try item.mapping()
                let label = try g.required("label").nonEmptyString()
                group = RespondentGroup(
                    id: try g.optional("id")?.nonEmptyString() ?? label, label: label, weight: 1,
                    code: try g.optional("code")?.nonEmptyString(), aliases: try g.optional("aliases")?.strings() ?? [])
                if let weight = g.optional("weight") {
                    group.weight = try weight.number()
                    if group.weight < 0 { throw weight.error("a weight cannot be negative") }
                }
                try g.finish()
            }
            if groups.contains(where: { $0.id == group.id || $0.label == group.label }) {
                throw item.error("duplicate group '\(group.id)'")
            }
            groups.append(group)
        }
        if groups.isEmpty { throw groupsValue.error("the list is empty") }
        if groups.allSatisfy({ $0.weight == 0 }) {
            throw groupsValue.error("every group weight is 0: at least one must be positive")
        }
        let missing = try map.optional("missing")?.choice(Respondents.MissingGroup.self, [.ungrouped, .invalid]) ?? .ungrouped
        try map.finish()
        // The names FORMS.md gives ballots of no known group (form data, in the form's language).
        let (blank, unknown) = language == .zh ? ("未填写类别", "类别无法识别") : ("(group not given)", "(group not recognised)")
        return Respondents(
            columns: columns, question: question, groups: groups, missing: missing, blankLabel: blank, unknownLabel: unknown)
    }

    func sections(_ value: YAMLValue, _ questions: [Question]) throws(FormError) -> [Section] {
        var result: [Section] = []
        for item in try value.list() {
            let map = try item.mapping()
            let id = try map.required("id").nonEmptyString()
            let title = try map.optional("title")?.nonEmptyString() ?? id
            let listValue = try map.required("questions")
            var ids: [String] = []
            for entry in try listValue.list() {
                let qid = try entry.nonEmptyString()
                guard let question = questions.first(where: { $0.id == qid }) else {
                    throw entry.error("unknown question '\(qid)'")
                }
                guard question.isScored else { throw entry.error("question '\(qid)' has no score to put in a section") }
                ids.append(qid)
            }
            if result.contains(where: { $0.id == id }) { throw item.error("duplicate section '\(id)'") }
            try map.finish()
            result.append(Section(id: id, title: title, questions: ids))
        }
        return result
    }

    // MARK: Rubric

    func rubric(_ value: YAMLValue, _ questions: [Question]) throws(FormError) -> Rubric {
        let map = try value.mapping()
        var rates: [RateDefinition] = []
        if let ratesValue = map.optional("rates") {
            let ratesMap = try ratesValue.mapping()
            let labels = Set(scales.flatMap { $0.options.map(\.label) } + questions.flatMap { $0.options.map(\.label) })
            for name in ratesMap.keys {
                let rateValue = try ratesMap.required(name)
                let rateMap = try rateValue.mapping()
                let optionsValue = try rateMap.required("options")
                var options: [String] = []
                for item in try optionsValue.list() {
                    let label = try item.nonEmptyString()
                    if !labels.contains(label) {
                        let hint = closest(to: label, in: labels).map { "; did you mean '\($0)'?" } ?? ""
                        throw item.error("'\(label)' is not an option of any scale\(hint)")
                    }
                    options.append(label)
                }
                let denominator = try rateMap.optional("denominator")?.choice(
                    RateDefinition.Denominator.self, [.counted, .all]) ?? .counted
                try rateMap.finish()
                rates.append(RateDefinition(name: name, options: options, denominator: denominator))
            }
            try ratesMap.finish()
        }
        let index = try map.optional("index")?.choice(Rubric.IndexMethod.self, [.weightedMean, .none]) ?? .weightedMean
        var grades: [Grade] = []
        if let gradesValue = map.optional("grades") {
            for item in try gradesValue.list() {
                let g = try item.mapping()
                grades.append(Grade(minimum: try g.required("min").number(), label: try g.required("label").nonEmptyString()))
                try g.finish()
            }
        }
        grades.sort { $0.minimum > $1.minimum }
        var suppressBelow = 5
        if let suppress = map.optional("suppress_below") {
            suppressBelow = try suppress.integer()
            if suppressBelow < 0 { throw suppress.error("cannot be negative (0 turns suppression off)") }
        }
        try map.finish()
        return Rubric(rates: rates, index: index, grades: grades, suppressBelow: suppressBelow)
    }

    // MARK: Validity

    func validity(_ value: YAMLValue, _ questions: [Question]) throws(FormError) -> Validity {
        let map = try value.mapping()
        var validity = Validity()
        if let v = map.optional("blank_ballot") { validity.blankBallot = try v.choice(Validity.BlankBallot.self, [.invalid, .abstain]) }
        if let v = map.optional("unknown_answer") {
            validity.unknownAnswer = try v.choice(Validity.UnknownAnswer.self, [.invalidateQuestion, .invalidateBallot])
        }
        if let v = map.optional("duplicate_respondent") {
            let d = try v.mapping()
            let columns = try d.required("column").columns()
            let keep = try d.optional("keep")?.choice(Validity.Keep.self, [.first, .last]) ?? .first
            try d.finish()
            validity.duplicateRespondent = (columns, keep)
        }
        if let v = map.optional("incomplete") {
            validity.incomplete = try v.choice(Validity.Incomplete.self, [.invalid, .partial])
            validity.incompleteIsExplicit = true
        }
        if let v = map.optional("min_seconds") {
            validity.minSeconds = try v.number()
            if validity.minSeconds! < 0 { throw v.error("cannot be negative") }
        }
        validity.durationColumns = try map.optional("duration_column")?.strings() ?? []
        if let v = map.optional("attention") {
            // Attention checks: a ballot whose answer to the question is not the expected option is void.
            for entry in try v.list() {
                let check = try entry.mapping()
                let idValue = try check.required("question")
                let id = try idValue.nonEmptyString()
                guard let question = questions.first(where: { $0.id == id }) else {
                    let hint = closest(to: id, in: questions.map(\.id)).map { "; did you mean '\($0)'?" } ?? ""
                    throw idValue.error("unknown question '\(id)'\(hint)")
                }
                guard question.type == .single else { throw idValue.error("an attention check is a single-choice question") }
                let expectValue = try check.required("expect")
                let label = try expectValue.nonEmptyString()
                guard let option = question.options.firstIndex(where: { $0.label == label || $0.code == label }) else {
                    throw expectValue.error("'\(label)' is not an option of question '\(id)' (options: \(question.options.map(\.label).joined(separator: ", ")))")
                }
                try check.finish()
                validity.attention.append((question: id, option: option))
            }
        }
        if let v = map.optional("required") {
            // `required:` here lists question ids, as a shorthand for `required: true` on each.
            for entry in try v.list() {
                let id = try entry.nonEmptyString()
                if !questions.contains(where: { $0.id == id }) { throw entry.error("unknown question '\(id)'") }
                validity.requiredQuestions.append(id)
            }
        }
        try map.finish()
        return validity
    }

    // MARK: Findings

    func findings(
        _ value: YAMLValue, questions: [Question], rubric: Rubric, respondents: Respondents?
    ) throws(FormError) -> [FindingRule] {
        var result: [FindingRule] = []
        for (index, item) in try value.sequence().enumerated() {
            let map = try item.mapping()
            let whenValue = try map.required("when")
            let when = try whenValue.mapping()

            func questionRef() throws(FormError) -> Question {
                let v = try when.required("question")
                let id = try v.nonEmptyString()
                guard let question = questions.first(where: { $0.id == id }) else {
                    let hint = closest(to: id, in: questions.map(\.id)).map { "; did you mean '\($0)'?" } ?? ""
                    throw v.error("unknown question '\(id)'\(hint)")
                }
                return question
            }
            func rateRef(_ v: YAMLValue, for question: Question) throws(FormError) -> String {
                let name = try v.nonEmptyString()
                guard let rate = rubric.rates.first(where: { $0.name == name }) else {
                    let known = rubric.rates.map(\.name)
                    let hint = closest(to: name, in: known).map { "; did you mean '\($0)'?" } ?? ""
                    throw v.error("unknown rate '\(name)'\(hint) (rates: \(known.isEmpty ? "none defined" : known.joined(separator: ", ")))")
                }
                let labels = Set(question.options.map(\.label))
                if !rate.options.contains(where: labels.contains) {
                    throw v.error("rate '\(name)' counts none of question '\(question.id)''s options")
                }
                return name
            }

            var measures: [FindingRule.Measure] = []
            var measureQuestion: Question?
            if let v = when.optional("rate") {
                let question = try questionRef()
                measureQuestion = question
                measures.append(.rate(name: try rateRef(v, for: question), question: question.id))
            }
            if let v = when.optional("change") {
                let question = try questionRef()
                measureQuestion = question
                measures.append(.change(rate: try rateRef(v, for: question), question: question.id))
            }
            if let v = when.optional("mean") {
                let id = try v.nonEmptyString()
                guard let question = questions.first(where: { $0.id == id }) else { throw v.error("unknown question '\(id)'") }
                guard question.isScored else { throw v.error("question '\(id)' has no score, so no mean") }
                measureQuestion = question
                measures.append(.mean(question: id))
            }
            if let v = when.optional("share") {
                let question = try questionRef()
                let option = try v.nonEmptyString()
                guard question.options.contains(where: { $0.label == option }) else {
                    throw v.error("'\(option)' is not an option of question '\(question.id)'")
                }
                measureQuestion = question
                measures.append(.share(option: option, question: question.id))
            }
            if let v = when.optional("index") {
                guard try v.string() == "unit" else { throw v.error("the only index is 'unit'") }
                measures.append(.index)
            }
            if let v = when.optional("returned") {
                guard try v.string() == "rate" else { throw v.error("write 'returned: rate' (收回率)") }
                measures.append(.returnedRate)
            }
            guard measures.count == 1 else {
                throw whenValue.error(
                    measures.isEmpty
                        ? "'when' needs one measure: rate, mean, index, share, returned or change"
                        : "'when' takes exactly one measure, found \(measures.count)")
            }
            if measureQuestion == nil, when.optional("question") != nil {
                _ = try questionRef()  // validates the id; the measure does not use it
            }
            var comparisons: [(FindingRule.Comparison, Threshold)] = []
            for comparison in FindingRule.Comparison.allCases {
                guard let v = when.optional(comparison.rawValue) else { continue }
                guard let threshold = Threshold(try v.string()) else {
                    throw v.error("expected a number or a fraction such as 2/3")
                }
                comparisons.append((comparison, threshold))
            }
            guard comparisons.count == 1 else {
                throw whenValue.error(
                    comparisons.isEmpty
                        ? "'when' needs one comparison: below, above, at_least or at_most"
                        : "'when' takes exactly one comparison")
            }
            var anyRow = false
            if let v = when.optional("row") {
                guard try v.string() == "any" else { throw v.error("the only value is 'any' (every row is tried)") }
                guard measureQuestion?.type == .matrix else { throw v.error("'row: any' applies to a matrix question") }
                anyRow = true
            }
            var group: String?
            if let v = when.optional("group") {
                let name = try v.nonEmptyString()
                guard let respondents else { throw v.error("the form has no respondent groups") }
                guard respondents.groups.contains(where: { $0.id == name || $0.label == name }) else {
                    throw v.error("unknown group '\(name)' (groups: \(respondents.groups.map(\.id).joined(separator: ", ")))")
                }
                group = name
            }
            try when.finish()
            let kind = try map.optional("kind")?.choice(FindingRule.Kind.self, [.problem, .strength, .note]) ?? .problem
            let textValue = try map.required("text")
            let text = try textValue.nonEmptyString()
            for placeholder in placeholders(in: text) where !findingPlaceholders.contains(placeholder) {
                throw textValue.error(
                    "unknown placeholder {\(placeholder)} (use \(findingPlaceholders.sorted().map { "{\($0)}" }.joined(separator: " ")))")
            }
            let title = try map.optional("title")?.nonEmptyString()
            let cite = try map.optional("cite")?.nonEmptyString()
            try map.finish()
            result.append(
                FindingRule(
                    index: index, measure: measures[0], comparison: comparisons[0].0, threshold: comparisons[0].1,
                    group: group, anyRow: anyRow, kind: kind, text: text, title: title, cite: cite, position: item.position))
        }
        return result
    }
}

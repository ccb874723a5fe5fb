import TallyStatistics

/// A form's answer options and questions.
extension FormBuilder {
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

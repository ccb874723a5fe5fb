/// The 填写说明 of a paper ballot, one sentence a rule: how to mark, each multi-select's most
/// choices, each matrix quota (`limits`), each score range, and 不记名. The printed ballot
/// (`tally forms ballot`) and the scannable one say the same.
package enum BallotInstructions {
    /// The sentences for `form`; `marking` is the first (how a choice is marked on this ballot).
    package static func rules(_ form: Form, marking: String) -> [String] {
        let survey = form.kind == .survey
        var rules = [marking]
        for question in form.questions {
            if let max = question.maxChoices { rules.append("“\(question.text)”最多选\(max)项。") }
            for limit in question.limits {
                if case .option(let option) = limit.subject, let share = limit.maxShare {
                    rules.append("“\(question.text)”中评为“\(option)”的人数不超过测评对象人数的\(share.description)。")
                }
                if case .option(let option) = limit.subject, let count = limit.maxCount {
                    rules.append("“\(question.text)”中评为“\(option)”的不超过\(count)人。")
                }
            }
            if question.type == .matrix, question.numericAnswers, let low = question.minimum, let high = question.maximum {
                rules.append("“\(question.text)”请填写\(NumberText.plain(low))～\(NumberText.plain(high))之间的整数分值。")
            }
        }
        rules.append("本\(survey ? "问卷" : "测评票")不记名，请勿填写姓名；填写后请投入票箱。")
        return rules
    }
}

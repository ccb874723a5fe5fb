import TallyStatistics

/// The counters of a unit as results.json keeps them (`units[].tally`), so that tallies made
/// separately (per county, per day) can be merged later (`tally merge`) into exactly what one
/// run over all the files gives.
///
/// Everything a figure is computed from is there: ballots, reasons, per question (and matrix
/// row) and per respondent group the option counts, the missing and invalid counts and the
/// exact histogram of numbers; per section the sums and cross-products of item scores
/// (Cronbach's alpha). The whole-unit counters are the sums of the group counters, so they
/// are not written.
extension UnitTally {
    /// The counters as JSON.
    func stateJSON() -> JSONValue {
        func counter(_ counter: AnswerCounter) -> JSONValue {
            .object([
                ("options", .array(counter.options.map(JSONValue.int))),
                ("answered", .int(counter.answered)),
                ("missing", .int(counter.missing)),
                ("invalid", .int(counter.invalid)),
                ("numbers", .array(counter.numbers.sorted.map { .array([.double($0.value), .int($0.count)]) })),
            ])
        }
        return .object([
            ("rows", .int(rows)), ("valid", .int(valid)), ("invalid", .int(invalid)), ("abstain", .int(abstain)),
            ("group_ballots", .array(groupBallots.map(JSONValue.int))),
            ("invalid_reasons", .object(invalidReasons.sorted { $0.key < $1.key }.map { ($0.key, .int($0.value)) })),
            ("unknown_groups", .object(unknownGroups.sorted { $0.key < $1.key }.map { ($0.key, .int($0.value)) })),
            ("skipped_rules", .array(skippedRules.sorted().map(JSONValue.string))),
            ("questions", .array(questions.map { cells in .array(cells.map { .array($0.groups.map(counter)) }) })),
            (
                "sections",
                .array(
                    sections.map { section in
                        .object([
                            ("n", .int(section.n)),
                            ("sums", .array(section.sums.map(JSONValue.double))),
                            ("products", .array(section.products.map(JSONValue.double))),
                        ])
                    })
            ),
        ])
    }

    /// Rebuilds a unit's counters from `units[].tally` of a results.json. `nil` when the
    /// object does not fit `form` (another form, or another version of it).
    init?(unit: String, form: Form, state: JSONValue) {
        self.init(unit: unit, form: form)
        func ints(_ value: JSONValue?, count: Int) -> [Int]? {
            guard let array = value?.array, array.count == count else { return nil }
            let values = array.compactMap(\.int)
            return values.count == count ? values : nil
        }
        func doubles(_ value: JSONValue?, count: Int) -> [Double]? {
            guard let array = value?.array, array.count == count else { return nil }
            let values = array.compactMap(\.double)
            return values.count == count ? values : nil
        }
        guard let rows = state["rows"]?.int, let valid = state["valid"]?.int, let invalid = state["invalid"]?.int,
            let abstain = state["abstain"]?.int, let groupBallots = ints(state["group_ballots"], count: groupBallots.count),
            let reasons = state["invalid_reasons"]?.pairs,
            let questionStates = state["questions"]?.array, questionStates.count == form.questions.count,
            let sectionStates = state["sections"]?.array, sectionStates.count == sections.count
        else { return nil }
        (self.rows, self.valid, self.invalid, self.abstain, self.groupBallots) = (rows, valid, invalid, abstain, groupBallots)
        for (code, count) in reasons {
            guard let count = count.int else { return nil }
            invalidReasons[code] = count
        }
        skippedRules = Set(state["skipped_rules"]?.array?.compactMap(\.string) ?? [])
        for (value, count) in state["unknown_groups"]?.pairs ?? [] {
            guard let count = count.int else { return nil }
            unknownGroups[value] = count
        }
        let shape = questions
        for q in shape.indices {
            guard let cells = questionStates[q].array, cells.count == shape[q].count else { return nil }
            for r in cells.indices {
                guard let groups = cells[r].array, groups.count == shape[q][r].groups.count else { return nil }
                for g in groups.indices {
                    let object = groups[g]
                    guard let options = ints(object["options"], count: shape[q][r].groups[g].options.count),
                        let answered = object["answered"]?.int, let missing = object["missing"]?.int,
                        let invalid = object["invalid"]?.int, let numbers = object["numbers"]?.array
                    else { return nil }
                    var counter = AnswerCounter(optionCount: options.count)
                    (counter.options, counter.answered, counter.missing, counter.invalid) = (options, answered, missing, invalid)
                    for pair in numbers {
                        guard let pair = pair.array, pair.count == 2, let value = pair[0].double, let count = pair[1].int,
                            count > 0
                        else { return nil }
                        counter.numbers.add(value, times: count)
                    }
                    guard setCounter(counter, question: q, row: r, group: g) else { return nil }
                }
            }
        }
        for s in sections.indices {
            let k = sections[s].k
            let object = sectionStates[s]
            guard let n = object["n"]?.int,
                let sums = doubles(object["sums"], count: k), let products = doubles(object["products"], count: k * k),
                let restored = ItemCovariance(items: k, n: n, sums: sums, products: products)
            else { return nil }
            sections[s] = restored
        }
    }
}

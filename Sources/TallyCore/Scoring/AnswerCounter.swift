import TallyStatistics

/// Counts for one question, or one matrix row, over some ballots.
///
/// Counters only add, so tallies of separate files merge exactly (add them). Ballots are
/// counted into a unit's `CounterStore`; this is one cell and group of it, read out.
package struct AnswerCounter: Sendable, Equatable {
    /// Per option: answers choosing it (single, matrix row) or ballots choosing it (multi).
    package var options: [Int]
    /// Number answers, as an exact histogram.
    package var numbers = Histogram()
    /// Ballots with a valid answer (for multi: ballots that chose at least one option; for text: that wrote something).
    package var answered = 0
    package var missing = 0
    package var invalid = 0

    package init(optionCount: Int) {
        options = Array(repeating: 0, count: optionCount)
    }

    /// Adds another counter of the same question.
    package mutating func merge(_ other: AnswerCounter) {
        for index in options.indices { options[index] += other.options[index] }
        numbers.merge(other.numbers)
        answered += other.answered
        missing += other.missing
        invalid += other.invalid
    }
}

/// A question's (or matrix row's) counters for the whole unit and for each respondent group.
package struct CellTally: Sendable, Equatable {
    /// One per respondent group, then one for ballots with no group (`(未分组)`).
    package var groups: [AnswerCounter]

    /// The whole unit: the sum of the groups (every valid ballot is in exactly one), added
    /// up when asked rather than counted twice per answer.
    package var overall: AnswerCounter {
        var total = AnswerCounter(optionCount: groups[0].options.count)
        for group in groups { total.merge(group) }
        return total
    }

    init(groups: [AnswerCounter]) {
        self.groups = groups
    }

    /// Adds the counters of another tally of the same question.
    package mutating func merge(_ other: CellTally) {
        for g in groups.indices { groups[g].merge(other.groups[g]) }
    }
}

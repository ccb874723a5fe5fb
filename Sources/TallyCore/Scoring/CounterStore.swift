import TallyStatistics

/// The answer counters of a unit, every question (and matrix row) and respondent group in
/// two flat arrays: adding an answer touches one or two integers, not a chain of nested
/// arrays (each of which Swift checks for sharing before it writes).
///
/// Cell c (a question, or a row of a matrix) with k options owns, per group g, k + 3
/// integers from `base[c] + g·(k + 3)`: a count per option, then answered, missing and
/// invalid. Numbers go to an exact histogram per cell and group.
struct CounterStore: Sendable, Equatable {
    /// Per cell: where its integers start, and its number of options.
    private let base: [Int]
    private let optionCounts: [Int]
    /// Groups per cell: the form's groups, then "no group".
    let groupSlots: Int
    private var counts: [Int]
    private var numbers: [Histogram]

    /// Cells with the given option counts, each with `groupSlots` groups.
    init(optionCounts: [Int], groupSlots: Int) {
        self.optionCounts = optionCounts
        self.groupSlots = groupSlots
        var base: [Int] = []
        var next = 0
        for k in optionCounts {
            base.append(next)
            next += (k + 3) * groupSlots
        }
        self.base = base
        counts = Array(repeating: 0, count: next)
        numbers = Array(repeating: Histogram(), count: optionCounts.count * groupSlots)
    }

    var cellCount: Int { optionCounts.count }

    /// Counts one answer of cell `cell` by a ballot of group `group`.
    mutating func add(_ value: AnswerValue, cell: Int, group: Int) {
        let k = optionCounts[cell]
        let start = base[cell] + group * (k + 3)
        switch value {
        case .missing: counts[start + k + 1] += 1
        case .invalid: counts[start + k + 2] += 1
        case .option(let index):
            counts[start + index] += 1
            counts[start + k] += 1
        case .options(let chosen):
            for index in chosen { counts[start + index] += 1 }
            counts[start + k] += 1
        case .number(let number):
            numbers[cell * groupSlots + group].add(number)
            counts[start + k] += 1
        case .text:
            counts[start + k] += 1
        }
    }

    /// The counter of one cell and group.
    func counter(cell: Int, group: Int) -> AnswerCounter {
        let k = optionCounts[cell]
        let start = base[cell] + group * (k + 3)
        var counter = AnswerCounter(optionCount: k)
        counter.options = Array(counts[start..<(start + k)])
        counter.answered = counts[start + k]
        counter.missing = counts[start + k + 1]
        counter.invalid = counts[start + k + 2]
        counter.numbers = numbers[cell * groupSlots + group]
        return counter
    }

    /// Replaces the counter of one cell and group (reading results.json back); `false` when
    /// its number of options does not fit.
    mutating func set(_ counter: AnswerCounter, cell: Int, group: Int) -> Bool {
        let k = optionCounts[cell]
        guard counter.options.count == k else { return false }
        let start = base[cell] + group * (k + 3)
        counts.replaceSubrange(start..<(start + k), with: counter.options)
        counts[start + k] = counter.answered
        counts[start + k + 1] = counter.missing
        counts[start + k + 2] = counter.invalid
        numbers[cell * groupSlots + group] = counter.numbers
        return true
    }

    /// Number of options of a cell.
    func optionCount(cell: Int) -> Int { optionCounts[cell] }

    /// Adds every counter of another store of the same shape.
    mutating func merge(_ other: CounterStore) {
        precondition(other.counts.count == counts.count && other.numbers.count == numbers.count)
        for index in counts.indices { counts[index] += other.counts[index] }
        for index in numbers.indices where other.numbers[index].n > 0 { numbers[index].merge(other.numbers[index]) }
    }
}

import Foundation
import Testing
import TallyStatistics
import TallyTestSupport

@Suite("Statistics by hand")
struct HandWorkedTests {
    @Test func emptyInputsGiveNil() {
        #expect(wilsonInterval(k: 0, n: 0) == nil)
        #expect(Proportion(k: 0, n: 0).value == nil)
        let empty = Histogram()
        #expect(empty.mean == nil && empty.median == nil && empty.standardDeviation == nil && empty.min == nil)
        #expect(Histogram([7]).standardDeviation == nil)
        #expect(renormalisedWeightedMean([]) == nil)
        #expect(renormalisedWeightedMean([(nil, 0.5)]) == nil)
    }

    @Test func weightsAreRenormalisedOverGroupsThatAnswered() {
        // 0.3·80 + 0.3·(none) + 0.4·90 → (24 + 36) / 0.7
        let mean = renormalisedWeightedMean([(80, 0.3), (nil, 0.3), (90, 0.4)])
        #expect(close(mean, 60 / 0.7))
        #expect(renormalisedWeightedMean([(80, 1), (90, 0)]) == 80)
    }

    @Test func ranksShareTies() {
        #expect(competitionRanks([90, 85, 85, 70]) == [1, 2, 2, 4])
        #expect(competitionRanks([70, nil, 90, 90]) == [3, nil, 1, 1])
    }

    @Test func thresholdsCompareExactly() {
        let twoThirds = Threshold("2/3")!
        #expect(twoThirds.compare(k: 6, n: 9) == 0)
        #expect(twoThirds.compare(k: 5, n: 9) == -1)
        #expect(twoThirds.compare(k: 667, n: 1000) == 1)
        let rate = Threshold("0.85")!
        #expect(rate == Threshold(numerator: 85, denominator: 100))
        #expect(rate.compare(k: 17, n: 20) == 0)
        #expect(Threshold("-5")! == Threshold(numerator: -5, denominator: 1))
        #expect(Threshold("90")!.compare(90.0) == 0)
        #expect(Threshold("abc") == nil && Threshold("1/0") == nil && Threshold("1.2.3") == nil)
    }

    /// Extreme numbers never trap (issue 26, point 4): the comparison is exact in 128 bits.
    @Test func extremeThresholdsAndCountsCompareWithoutOverflow() {
        let max = Int.max
        // 55 of 9223372036854775807 issued is far below 2/3; k·3 and 2·n overflow 64 bits.
        #expect(Threshold("2/3")!.compare(k: 55, n: max) == -1)
        #expect(Threshold("1/\(max)")!.compare(k: 1, n: max) == 0)
        #expect(Threshold("1/\(max)")!.compare(k: 2, n: max) == 1)
        #expect(Threshold("1/-9223372036854775808")!.compare(k: 0, n: 5) == 1)
        #expect(Threshold(numerator: .min, denominator: -1).numerator == max)
        #expect(Threshold("9223372036854775807.5") == nil)
        #expect(Threshold("922337203685477580.7")!.compare(k: max, n: 1) == 1)
    }

    @Test func histogramsMergeExactly() {
        var left = Histogram([1, 2, 2, 5])
        let right = Histogram([2, 9])
        left.merge(right)
        #expect(left == Histogram([1, 2, 2, 5, 2, 9]))
        #expect(left.median == 2)
    }

    @Test func tablesThatCannotBeTestedGiveNil() {
        #expect(ChiSquareTest(table: [[3, 4, 5]]) == nil)
        #expect(ChiSquareTest(table: [[3, 0], [4, 0]]) == nil)
        #expect(ChiSquareTest(table: [[0, 0], [0, 0]]) == nil)
        #expect(twoProportionZTest(k1: 0, n1: 0, k2: 1, n2: 2) == nil)
        #expect(twoProportionZTest(k1: 5, n1: 5, k2: 7, n2: 7) == nil)
        #expect(ItemCovariance(items: 3).alpha == nil)
    }

    /// Invariants over many random tables: chi-square ≥ 0, p and V in [0, 1].
    @Test func chiSquareInvariants() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            let rows = Int.random(in: 2...5, using: &generator)
            let columns = Int.random(in: 2...5, using: &generator)
            let table = (0..<rows).map { _ in (0..<columns).map { _ in Int.random(in: 0...30, using: &generator) } }
            guard let test = ChiSquareTest(table: table) else { continue }
            #expect(test.statistic >= 0 && test.p >= 0 && test.p <= 1 && test.cramersV >= 0 && test.cramersV <= 1 + 1e-12)
        }
    }

    /// Trimming never widens the range and keeps n − high − low values.
    @Test func trimmingInvariants() {
        for _ in 0..<300 {
            let values = (0..<Int.random(in: 1...40)).map { _ in Double(Int.random(in: 0...100)) }
            let histogram = Histogram(values)
            let high = Int.random(in: 0...3)
            let low = Int.random(in: 0...3)
            let trimmed = histogram.trimmed(dropHighest: high, dropLowest: low)
            #expect(trimmed.n == max(0, values.count - high - low) || (high + low >= values.count && trimmed.n == 0))
            if let min = trimmed.min, let max = trimmed.max {
                #expect(min >= histogram.min! && max <= histogram.max!)
            }
        }
    }

    /// Alpha is at most 1, and merging two halves equals adding everything at once.
    @Test func alphaInvariantsAndMerge() {
        for _ in 0..<100 {
            let k = Int.random(in: 2...6)
            let rows = (0..<Int.random(in: 4...60)).map { _ in (0..<k).map { _ in Double(Int.random(in: 0...4) * 25) } }
            var whole = ItemCovariance(items: k)
            var left = ItemCovariance(items: k)
            var right = ItemCovariance(items: k)
            for (index, row) in rows.enumerated() {
                whole.add(row)
                if index % 2 == 0 { left.add(row) } else { right.add(row) }
            }
            left.merge(right)
            #expect(left.n == whole.n)
            #expect(close(left.alpha, whole.alpha, tolerance: 1e-9))
            if let alpha = whole.alpha { #expect(alpha <= 1 + 1e-12) }
        }
    }

    /// Shares from counts sum to 1.
    @Test func sharesSumToOne() {
        for _ in 0..<200 {
            let counts = (0..<Int.random(in: 1...6)).map { _ in Int.random(in: 0...50) }
            let n = counts.reduce(0, +)
            guard n > 0 else { continue }
            let sum = counts.map { Proportion(k: $0, n: n).value! }.reduce(0, +)
            #expect(abs(sum - 1) < 1e-12)
        }
    }

    @Test func intervalsContainTheEstimateForEveryShareUpTo60() {
        for n in 1...60 {
            for k in 0...n {
                let (low, high) = wilsonInterval(k: k, n: n)!
                let p = Double(k) / Double(n)
                #expect(low <= p && p <= high && low >= 0 && high <= 1)
            }
        }
    }
}

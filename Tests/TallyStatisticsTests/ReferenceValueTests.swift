import Foundation
import Testing
import TallyStatistics
import TallyTestSupport

/// Values computed by SciPy/NumPy (`Fixtures/make_fixtures.py`, output committed as `statistics.json`).
struct Reference: Decodable {
    struct Wilson: Decodable, Sendable, CustomTestStringConvertible {
        var k: Int, n: Int, low: Double, high: Double
        var testDescription: String { "\(k)/\(n)" }
    }
    struct Descriptive: Decodable, Sendable, CustomTestStringConvertible {
        var values: [Double]
        var mean: Double, sd: Double?, median: Double, q1: Double, q3: Double, min: Double, max: Double
        var testDescription: String { "\(values.count) values" }
    }
    var wilson: [Wilson]
    var descriptive: [Descriptive]

    static let loaded: Reference = {
        let url = PackagePaths.fixture("statistics.json", target: "TallyStatisticsTests")
        return try! JSONDecoder().decode(Reference.self, from: Data(contentsOf: url))
    }()
}

func close(_ a: Double?, _ b: Double?, tolerance: Double = 1e-12) -> Bool {
    guard let a, let b else { return a == nil && b == nil }
    return abs(a - b) <= tolerance * max(1, abs(b))
}

@Suite("Statistics against SciPy and NumPy")
struct ReferenceValueTests {
    @Test(arguments: Reference.loaded.wilson)
    func wilsonMatchesSciPy(_ c: Reference.Wilson) {
        let interval = wilsonInterval(k: c.k, n: c.n)
        #expect(close(interval?.low, c.low))
        #expect(close(interval?.high, c.high))
    }

    @Test func referenceSetIsLarge() {
        #expect(Reference.loaded.wilson.count == 30)
        #expect(Reference.loaded.descriptive.count == 16)
    }

    @Test(arguments: Reference.loaded.descriptive)
    func histogramMatchesNumPy(_ c: Reference.Descriptive) {
        let histogram = Histogram(c.values)
        #expect(histogram.n == c.values.count)
        #expect(close(histogram.mean, c.mean))
        #expect(close(histogram.standardDeviation, c.sd, tolerance: 1e-10))
        #expect(close(histogram.median, c.median))
        #expect(close(histogram.quantile(0.25), c.q1))
        #expect(close(histogram.quantile(0.75), c.q3))
        #expect(histogram.min == c.min)
        #expect(histogram.max == c.max)
    }
}

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

    @Test func histogramsMergeExactly() {
        var left = Histogram([1, 2, 2, 5])
        let right = Histogram([2, 9])
        left.merge(right)
        #expect(left == Histogram([1, 2, 2, 5, 2, 9]))
        #expect(left.median == 2)
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

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
    struct Gamma: Decodable, Sendable, CustomTestStringConvertible {
        var a: Double, x: Double, q: Double
        var testDescription: String { "Q(\(a), \(x))" }
    }
    struct ChiSquare: Decodable, Sendable, CustomTestStringConvertible {
        var table: [[Int]]
        var chi2: Double, df: Int, p: Double, cramers_v: Double, min_expected: Double, below5: Int
        var testDescription: String { "\(table)" }
    }
    struct Alpha: Decodable, Sendable, CustomTestStringConvertible {
        var rows: [[Double]]
        var alpha: Double
        var testDescription: String { "\(rows.count)×\(rows.first?.count ?? 0)" }
    }
    struct ZTest: Decodable, Sendable, CustomTestStringConvertible {
        var k1: Int, n1: Int, k2: Int, n2: Int, z: Double, p: Double
        var testDescription: String { "\(k1)/\(n1) vs \(k2)/\(n2)" }
    }
    struct Trim: Decodable, Sendable, CustomTestStringConvertible {
        var values: [Double]
        var drop_highest: Int, drop_lowest: Int
        var mean: Double?
        var n: Int
        var testDescription: String { "\(values.count) values" }
    }
    var wilson: [Wilson]
    var descriptive: [Descriptive]
    var gamma: [Gamma]
    var chisq: [ChiSquare]
    var alpha: [Alpha]
    var ztest: [ZTest]
    var trim: [Trim]

    /// The fixture, or no values when it cannot be read (`fixtureHasEveryValue` then fails).
    static let loaded: Reference = {
        let url = PackagePaths.fixture("statistics.json", target: "TallyStatisticsTests")
        let empty = Reference(wilson: [], descriptive: [], gamma: [], chisq: [], alpha: [], ztest: [], trim: [])
        return (try? JSONDecoder().decode(Reference.self, from: Data(contentsOf: url))) ?? empty
    }()
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

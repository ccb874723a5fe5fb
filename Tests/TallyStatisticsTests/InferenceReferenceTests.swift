import Foundation
import Testing
import TallyStatistics
import TallyTestSupport

@Suite("Tests and reliability against SciPy, statsmodels and NumPy")
struct InferenceReferenceTests {
    @Test(arguments: Reference.loaded.gamma)
    func incompleteGammaMatchesSciPy(_ c: Reference.Gamma) {
        #expect(close(regularizedGammaQ(c.a, c.x), c.q, tolerance: 1e-12))
    }

    @Test(arguments: Reference.loaded.chisq)
    func chiSquareMatchesSciPy(_ c: Reference.ChiSquare) throws {
        let test = try #require(ChiSquareTest(table: c.table))
        #expect(close(test.statistic, c.chi2, tolerance: 1e-10))
        #expect(test.degreesOfFreedom == c.df)
        #expect(close(test.p, c.p, tolerance: 1e-9))
        #expect(close(test.cramersV, c.cramers_v, tolerance: 1e-10))
        #expect(close(test.minimumExpected, c.min_expected))
        #expect(test.cellsExpectedBelow5 == c.below5)
    }

    @Test(arguments: Reference.loaded.alpha)
    func alphaMatchesNumPy(_ c: Reference.Alpha) {
        var covariance = ItemCovariance(items: c.rows[0].count)
        for row in c.rows { covariance.add(row) }
        #expect(close(covariance.alpha, c.alpha, tolerance: 1e-9))
        #expect(covariance.alpha! <= 1)
    }

    @Test(arguments: Reference.loaded.ztest)
    func zTestMatchesStatsmodels(_ c: Reference.ZTest) {
        let result = twoProportionZTest(k1: c.k1, n1: c.n1, k2: c.k2, n2: c.n2)
        #expect(close(result?.z, c.z, tolerance: 1e-10))
        #expect(close(result?.p, c.p, tolerance: 1e-10))
    }

    @Test(arguments: Reference.loaded.trim)
    func trimmingMatchesSortedSlices(_ c: Reference.Trim) {
        let trimmed = Histogram(c.values).trimmed(dropHighest: c.drop_highest, dropLowest: c.drop_lowest)
        #expect(trimmed.n == c.n)
        #expect(close(trimmed.mean, c.mean))
    }

    @Test func fixtureSetsAreComplete() {
        let r = Reference.loaded
        #expect((r.gamma.count, r.chisq.count, r.alpha.count, r.ztest.count, r.trim.count) == (10, 11, 8, 5, 6))
    }
}

import Testing
@testable import TallyScan

@Suite("Homography")
struct HomographyTests {
    /// A known projective map, written out by hand: a turn of 3°, a scale of 1.02, a shear, a
    /// shift and a slight tilt (g, h ≠ 0).
    static func known(_ p: (x: Double, y: Double)) -> (x: Double, y: Double) {
        let a = 7.9 * 0.9986, b = -7.9 * 0.0523, c = 40.0, d = 7.9 * 0.0523 + 0.05, e = 7.9 * 0.9986, f = 25.0, g = 1e-5, h = -2e-5
        let w = g * p.x + h * p.y + 1
        return ((a * p.x + b * p.y + c) / w, (d * p.x + e * p.y + f) / w)
    }

    @Test func fourPointsFixTheMapEverywhere() throws {
        let corners: [(x: Double, y: Double)] = [(12, 12), (198, 12), (198, 285), (12, 285)]
        let fitted = try #require(Homography.fitting(from: corners, to: corners.map(Self.known)))
        for point in [(30.0, 40.0), (105, 148.5), (190, 270), (0, 0), (210, 297)] {
            let expected = Self.known(point), got = fitted.apply(point)
            #expect(abs(got.x - expected.x) < 1e-6 && abs(got.y - expected.y) < 1e-6, "\(point): \(got) vs \(expected)")
        }
    }

    @Test func theIdentityIsFoundForUnmovedPoints() throws {
        let corners: [(x: Double, y: Double)] = [(0, 0), (1, 0), (1, 1), (0, 1)]
        let fitted = try #require(Homography.fitting(from: corners, to: corners))
        for (got, want) in zip(fitted.coefficients, Homography.identity.coefficients) { #expect(abs(got - want) < 1e-12) }
    }

    @Test func threePointsOnALineHaveNoFit() {
        let from: [(x: Double, y: Double)] = [(0, 0), (1, 1), (2, 2), (0, 5)]
        #expect(Homography.fitting(from: from, to: from.map { ($0.x * 2, $0.y * 2) }) == nil)
        #expect(Homography.fitting(from: [(0, 0), (1, 0), (1, 1)], to: [(0, 0), (1, 0), (1, 1)]) == nil)
    }
}

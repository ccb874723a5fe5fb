/// A projective transform of the plane (a page as the scanner saw it: shifted, turned, scaled,
/// skewed, tilted): (x, y) ↦ ((a·x + b·y + c) / (g·x + h·y + 1), (d·x + e·y + f) / (g·x + h·y + 1)).
public struct Homography: Sendable, Equatable {
    /// a, b, c, d, e, f, g, h.
    public var coefficients: [Double]

    /// The identity.
    public static let identity = Homography(coefficients: [1, 0, 0, 0, 1, 0, 0, 0])

    public init(coefficients: [Double]) {
        precondition(coefficients.count == 8, "a homography has 8 coefficients")
        self.coefficients = coefficients
    }

    /// Where `point` goes.
    @inlinable public func apply(_ point: (x: Double, y: Double)) -> (x: Double, y: Double) {
        let k = coefficients
        let w = k[6] * point.x + k[7] * point.y + 1
        return ((k[0] * point.x + k[1] * point.y + k[2]) / w, (k[3] * point.x + k[4] * point.y + k[5]) / w)
    }

    /// The transform taking each of four `from` points to the `to` point at the same place, by
    /// solving the 8 linear equations (Gaussian elimination with partial pivoting). `nil` when
    /// the points are degenerate (three on a line) or not four.
    public static func fitting(from: [(x: Double, y: Double)], to: [(x: Double, y: Double)]) -> Homography? {
        guard from.count == 4, to.count == 4 else { return nil }
        var m = [[Double]]()
        for (p, q) in zip(from, to) {
            m.append([p.x, p.y, 1, 0, 0, 0, -p.x * q.x, -p.y * q.x, q.x])
            m.append([0, 0, 0, p.x, p.y, 1, -p.x * q.y, -p.y * q.y, q.y])
        }
        guard let solution = solve(m) else { return nil }
        return Homography(coefficients: solution)
    }

    /// Solves an n × (n + 1) augmented system; nil when singular.
    static func solve(_ matrix: [[Double]]) -> [Double]? {
        var m = matrix
        let n = m.count
        let scale = m.flatMap { $0.dropLast() }.map(abs).max() ?? 0
        guard scale > 0 else { return nil }
        for column in 0..<n {
            guard let pivot = (column..<n).max(by: { abs(m[$0][column]) < abs(m[$1][column]) }), abs(m[pivot][column]) > 1e-12 * scale else { return nil }
            m.swapAt(column, pivot)
            for row in 0..<n where row != column {
                let factor = m[row][column] / m[column][column]
                if factor == 0 { continue }
                for k in column...n { m[row][k] -= factor * m[column][k] }
            }
        }
        return (0..<n).map { m[$0][n] / m[$0][$0] }
    }
}

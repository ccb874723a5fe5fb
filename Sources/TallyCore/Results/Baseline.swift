import Foundation
import TallyStatistics

/// The figures of an earlier round, read from its results.json, to compare with.
public struct Baseline: Sendable {
    struct Rates: Sendable { var byName: [String: Proportion] }
    struct UnitFigures: Sendable {
        var index: Double?
        /// Question id → rates of the question (key `""`) or of each matrix row (key: the row label).
        var rates: [String: [String: Rates]]
    }

    var units: [String: UnitFigures]
    public var file: String

    /// Reads a results.json written by Tally (schema 1).
    public static func load(_ path: String) throws(TallyError) -> Baseline {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .invalidRequest("\(path): cannot read the baseline results (check the path)")
        }
        guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            root["schema"] as? Int == ResultsDocument.schema, let units = root["units"] as? [[String: Any]]
        else {
            throw .invalidRequest("\(path): not a results.json of schema \(ResultsDocument.schema) written by tally")
        }
        var baseline = Baseline(units: [:], file: path)
        for unit in units {
            guard let name = unit["unit"] as? String else { continue }
            var figures = UnitFigures(index: (unit["index"] as? NSNumber)?.doubleValue, rates: [:])
            for question in unit["questions"] as? [[String: Any]] ?? [] {
                guard let id = question["id"] as? String else { continue }
                var byRow: [String: Rates] = [:]
                if let rows = question["rows"] as? [String: Any] {
                    for (label, row) in rows { byRow[label] = rates(row as? [String: Any]) }
                } else {
                    byRow[""] = rates(question)
                }
                figures.rates[id] = byRow
            }
            baseline.units[name] = figures
        }
        return baseline
    }

    private static func rates(_ object: [String: Any]?) -> Rates {
        var result = Rates(byName: [:])
        for (name, value) in object?["rates"] as? [String: Any] ?? [:] {
            guard let rate = value as? [String: Any], let k = rate["k"] as? Int, let n = rate["n"] as? Int, k >= 0, k <= n else { continue }
            result.byName[name] = Proportion(k: k, n: n)
        }
        return result
    }

    /// Adds the change since this round to every rate and to the index of the units it knows.
    public func apply(to results: inout [UnitResult]) {
        for u in results.indices {
            guard let old = units[results[u].unit], results[u].void == nil else { continue }
            if let now = results[u].index, let before = old.index {
                results[u].indexChange = IndexChange(from: before, points: now - before)
            }
            for q in results[u].questions.indices {
                let id = results[u].questions[q].id
                guard let byRow = old.rates[id] else { continue }
                if results[u].questions[q].whole != nil, let rates = byRow[""] {
                    Self.compare(&results[u].questions[q].whole!, with: rates)
                }
                for r in results[u].questions[q].rows.indices {
                    guard let rates = byRow[results[u].questions[q].rows[r].label] else { continue }
                    Self.compare(&results[u].questions[q].rows[r].figures, with: rates)
                }
            }
        }
    }

    private static func compare(_ row: inout RowFigures, with old: Rates) {
        for rate in row.overall.rates {
            guard let before = old.byName[rate.name], before.n > 0, rate.proportion.n > 0 else { continue }
            let now = rate.proportion
            let test = twoProportionZTest(k1: before.k, n1: before.n, k2: now.k, n2: now.n)
            row.changes[rate.name] = RateChange(
                from: before, points: (now.value! - before.value!) * 100, z: test?.z, p: test?.p)
        }
    }
}

/// A rate against the same rate in an earlier round.
public struct RateChange: Sendable, Equatable {
    public var from: Proportion
    /// (now − before) × 100, in percentage points.
    public var points: Double
    /// Two-proportion z statistic (positive when the rate rose) and its two-sided p; `nil` when untestable.
    public var z: Double?
    public var p: Double?
}

/// The index against the earlier round's.
public struct IndexChange: Sendable, Equatable {
    public var from: Double
    public var points: Double
}

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
    package var file: String

    /// Reads a results.json written by Tally (schema 1).
    public static func load(_ path: String) throws(TallyError) -> Baseline {
        let file: ResultsFile
        do {
            file = try ResultsFile.read(path)
        } catch {
            if error == .unreadable { throw .invalidRequest("\(path): cannot read the baseline results (check the path)") }
            throw .invalidRequest("\(path): not a results.json of schema \(ResultsDocument.schema) written by tally")
        }
        var baseline = Baseline(units: [:], file: path)
        for unit in file.units {
            var figures = UnitFigures(index: unit.index, rates: [:])
            for question in unit.questions {
                guard let id = question["id"]?.string else { continue }
                var byRow: [String: Rates] = [:]
                if let rows = question["rows"]?.pairs {
                    for (label, row) in rows { byRow[label] = rates(row) }
                } else {
                    byRow[""] = rates(question)
                }
                figures.rates[id] = byRow
            }
            baseline.units[unit.name] = figures
        }
        return baseline
    }

    private static func rates(_ object: JSONValue) -> Rates {
        var result = Rates(byName: [:])
        for (name, rate) in object["rates"]?.pairs ?? [] {
            guard let k = rate["k"]?.int, let n = rate["n"]?.int, k >= 0, k <= n else { continue }
            result.byName[name] = Proportion(k: k, n: n)
        }
        return result
    }

    /// Adds the change since this round to every rate and to the index of the units it knows.
    package func apply(to results: inout [UnitResult]) {
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

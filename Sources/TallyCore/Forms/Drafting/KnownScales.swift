/// The answer scales a drafted form recognises in an export's values (issue 17): the scales
/// of 民主测评 and of public questionnaires, best option first, with the scores and the
/// customary rates that go with them. Values that match none are kept as the export writes
/// them, in order of first appearance.
struct KnownScale: Sendable {
    /// The scale's name in the drafted form's `scales:`.
    var name: String
    /// Best first, as exports spell them.
    var labels: [String]
    /// 0–100 scores, best first; `nil` for a scale that is not scored (是/否).
    var scores: [Double]?
    /// The customary rates (好评率 = 好 + 较好 …).
    var rates: [(name: String, options: [String])] = []
    /// Whether the scale belongs to an evaluation (测评) rather than a survey.
    var evaluation = false
    /// A numeric scale (1–5, 1–7, 1–10, 0–10): scored by its numbers, kept out of the 0–100 index.
    var numeric = false

    /// Answers that say “I cannot judge”: options with `counted: false`, left out of every base.
    static let dontKnow: Set<String> = ["不了解", "不清楚", "说不清", "说不清楚", "不好说", "不知道", "无法评价", "不好评价"]

    static let verbal: [KnownScale] = [
        KnownScale(
            name: "goodness", labels: ["好", "较好", "一般", "差"], scores: [100, 80, 60, 0],
            rates: [("好评率", ["好", "较好"]), ("差评率", ["差"])], evaluation: true),
        KnownScale(
            name: "goodness", labels: ["好", "较好", "一般", "较差"], scores: [100, 80, 60, 0],
            rates: [("好评率", ["好", "较好"]), ("差评率", ["较差"])], evaluation: true),
        KnownScale(
            name: "competence", labels: ["优秀", "称职", "基本称职", "不称职"], scores: [100, 80, 60, 0],
            rates: [("优秀率", ["优秀"]), ("优秀和称职率", ["优秀", "称职"]), ("不称职率", ["不称职"])], evaluation: true),
        KnownScale(
            name: "approval", labels: ["满意", "基本满意", "不满意"], scores: [100, 60, 0],
            rates: [("满意率", ["满意", "基本满意"]), ("不满意率", ["不满意"])]),
        KnownScale(
            name: "satisfaction", labels: ["非常满意", "满意", "一般", "不满意", "非常不满意"], scores: [100, 75, 50, 25, 0],
            rates: [("满意率", ["非常满意", "满意"]), ("不满意率", ["不满意", "非常不满意"])]),
        KnownScale(
            name: "satisfaction", labels: ["非常满意", "比较满意", "一般", "不太满意", "非常不满意"], scores: [100, 75, 50, 25, 0],
            rates: [("满意率", ["非常满意", "比较满意"]), ("不满意率", ["不太满意", "非常不满意"])]),
        KnownScale(
            name: "satisfaction", labels: ["很满意", "比较满意", "一般", "不太满意", "很不满意"], scores: [100, 75, 50, 25, 0],
            rates: [("满意率", ["很满意", "比较满意"]), ("不满意率", ["不太满意", "很不满意"])]),
        KnownScale(
            name: "agreement", labels: ["非常同意", "同意", "一般", "不同意", "非常不同意"], scores: [100, 75, 50, 25, 0],
            rates: [("同意率", ["非常同意", "同意"]), ("不同意率", ["不同意", "非常不同意"])]),
        KnownScale(
            name: "agreement", labels: ["完全同意", "比较同意", "一般", "不太同意", "完全不同意"], scores: [100, 75, 50, 25, 0],
            rates: [("同意率", ["完全同意", "比较同意"]), ("不同意率", ["不太同意", "完全不同意"])]),
        KnownScale(
            name: "agreement", labels: ["非常符合", "比较符合", "一般", "不太符合", "完全不符合"], scores: [100, 75, 50, 25, 0],
            rates: [("符合率", ["非常符合", "比较符合"])]),
        KnownScale(
            name: "familiarity", labels: ["非常了解", "比较了解", "一般", "不太了解", "完全不了解"], scores: nil),
        KnownScale(name: "yes-no", labels: ["是", "否"], scores: nil),
        KnownScale(name: "yes-no", labels: ["有", "没有"], scores: nil),
    ]

    /// A numeric scale from `low` to `high`, scored by its numbers.
    static func numeric(_ low: Int, _ high: Int) -> KnownScale {
        KnownScale(
            name: "points-\(low)-\(high)", labels: (low...high).map(String.init), scores: (low...high).map(Double.init), numeric: true)
    }

    /// The known scale that holds every value (don't-know answers aside), most of it seen;
    /// `nil` when none does.
    static func match(_ values: [String]) -> KnownScale? {
        let counted = Set(values).subtracting(dontKnow)
        guard !counted.isEmpty else { return nil }
        let candidates = verbal.filter { counted.isSubset(of: Set($0.labels)) && (counted.count >= 2 || $0.labels.count <= 2) }
        if let best = candidates.max(by: { a, b in
            (Double(counted.count) / Double(a.labels.count), -a.labels.count) < (Double(counted.count) / Double(b.labels.count), -b.labels.count)
        }) {
            return best
        }
        // Whole numbers on a customary range.
        let numbers = counted.compactMap { Int($0) }
        guard numbers.count == counted.count, let low = numbers.min(), let high = numbers.max(), high > low else { return nil }
        for (from, to) in [(1, 5), (1, 7), (1, 10), (0, 10)] where low >= from && high <= to && (high - low + 1) * 2 >= (to - from + 1) {
            return numeric(from, to)
        }
        return nil
    }
}

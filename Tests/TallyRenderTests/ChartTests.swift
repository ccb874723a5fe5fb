import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import TallyCore
@testable import TallyRender
import TallyTestSupport

/// The XML of a part parses (Foundation's XMLParser: a reader independent of our writer).
func parsesAsXML(_ data: Data) -> Bool {
    XMLParser(data: data).parse()
}

@Suite("Charts")
struct ChartTests {
    @Test func segmentsFillTheBarInProportion() throws {
        let svg = SVGCharts.stackedShares(title: "t", categories: ["好", "较好", "差"], bars: [ShareBar(label: "全体", counts: [1, 1, 2])])
        let widths = svg.components(separatedBy: "<rect x=\"").dropFirst().compactMap { part -> Double? in
            guard let range = part.range(of: "width=\"") else { return nil }
            return Double(part[range.upperBound...].prefix { $0 != "\"" })
        }
        // Three segments, the bar's outline, then three legend swatches (12 wide). By hand: the
        // label 全体 takes the narrowest label column (60), n the last 60 of 480: a 360 plot.
        #expect(widths.prefix(4).map { ($0 * 10).rounded() / 10 } == [90, 90, 180, 360])
        #expect(widths.suffix(3) == [12, 12, 12])
        // Each bar says its n; the shares have one decimal, as the tables do.
        #expect(svg.contains(">n=4</text>") && svg.contains(">25.0%</text>") && svg.contains(">50.0%</text>"))
        #expect(parsesAsXML(Data(svg.utf8)))
    }

    @Test func emptyBarsAndMissingValuesAreSaidNotDrawn() {
        let empty = SVGCharts.stackedShares(title: "t", categories: ["好"], bars: [ShareBar(label: "乙", counts: [0])])
        #expect(empty.contains("无有效回答") && !empty.contains("y=\"31.0\""))
        let bars = SVGCharts.bars(title: "t", items: [ValueBar(label: "甲", value: 80), ValueBar(label: "乙", value: nil)], maximum: 100, unit: "分")
        #expect(bars.components(separatedBy: "<rect").count - 1 == 1)
        #expect(bars.contains(">80.0分</text>") && bars.contains(">—</text>"))
    }

    @Test func labelsAreEscaped() {
        let svg = SVGCharts.bars(title: "<script>", items: [ValueBar(label: "\"><img onerror=alert(1)>", value: 1)], maximum: 1, unit: "")
        #expect(!svg.contains("<script>") && !svg.contains("<img"))
        #expect(svg.contains("&lt;script&gt;") && svg.contains("&quot;&gt;&lt;img onerror=alert(1)&gt;"))
        #expect(parsesAsXML(Data(svg.utf8)))
    }
}

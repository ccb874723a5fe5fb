import TallyCore
import Foundation

/// Small SVG charts for the HTML report: self-contained, no script, every text escaped.
package enum SVGCharts {
    /// Colours from best to worst option (scales list the best option first).
    static let palette = ["#2e7d32", "#7cb342", "#f9a825", "#ef6c00", "#c62828", "#6d4c41", "#455a64", "#8e24aa"]

    static let width = 640.0
    static let labelWidth = 132.0
    static let rowHeight = 26.0

    static func number(_ value: Double) -> String { NumberText.decimal(value) }

    /// Horizontal bars split into the share of each category, one bar per entity; a bar with
    /// no answers says so instead of drawing nothing.
    ///
    /// Each segment's width is `count / bar total × plot width`, so the segments of a bar fill
    /// the plot exactly.
    package static func stackedShares(title: String, categories: [String], bars: [ShareBar]) -> String {
        let plot = width - labelWidth - 12
        let legendRows = (categories.count + 3) / 4
        let height = 28 + Double(bars.count) * rowHeight + 10 + Double(legendRows) * 20
        var svg = header(height: height, title: title)
        for (index, bar) in bars.enumerated() {
            let y = 28 + Double(index) * rowHeight
            svg += text(bar.label, x: labelWidth - 8, y: y + 16, anchor: "end")
            let total = bar.counts.reduce(0, +)
            guard total > 0 else {
                svg += text("无有效回答", x: labelWidth, y: y + 16, anchor: "start", fill: "#757575")
                continue
            }
            var x = labelWidth
            for (category, count) in bar.counts.enumerated() where count > 0 {
                let share = Double(count) / Double(total)
                let segment = share * plot
                let name = category < categories.count ? categories[category] : ""
                svg += "<rect x=\"\(number(x))\" y=\"\(number(y + 3))\" width=\"\(number(segment))\" height=\"\(number(rowHeight - 6))\" fill=\"\(palette[category % palette.count])\"><title>\(HTMLEscaping.escape(name)) \(count)（\(number(share * 100))%）</title></rect>\n"
                if segment >= 34 {
                    svg += text("\(Int((share * 100).rounded()))%", x: x + segment / 2, y: y + 17, anchor: "middle", fill: "#ffffff", size: 11)
                }
                x += segment
            }
        }
        let legendTop = 28 + Double(bars.count) * rowHeight + 10
        for (index, name) in categories.enumerated() {
            let x = labelWidth + Double(index % 4) * (plot / 4)
            let y = legendTop + Double(index / 4) * 20
            svg += "<rect x=\"\(number(x))\" y=\"\(number(y))\" width=\"12\" height=\"12\" fill=\"\(palette[index % palette.count])\"/>\n"
            svg += text(name, x: x + 16, y: y + 11, anchor: "start", size: 12)
        }
        return svg + "</svg>\n"
    }

    /// Horizontal bars of a value on 0…maximum (a leader's score, a unit's index), labelled
    /// with the value; an entity without a value is marked, not drawn as zero.
    package static func bars(title: String, items: [ValueBar], maximum: Double, unit: String) -> String {
        let plot = width - labelWidth - 60
        let height = 28 + Double(items.count) * rowHeight + 8
        var svg = header(height: height, title: title)
        for (index, item) in items.enumerated() {
            let y = 28 + Double(index) * rowHeight
            svg += text(item.label, x: labelWidth - 8, y: y + 16, anchor: "end")
            guard let value = item.value, maximum > 0 else {
                svg += text("—", x: labelWidth, y: y + 16, anchor: "start", fill: "#757575")
                continue
            }
            let length = max(0, min(1, value / maximum)) * plot
            svg += "<rect x=\"\(number(labelWidth))\" y=\"\(number(y + 3))\" width=\"\(number(length))\" height=\"\(number(rowHeight - 6))\" fill=\"#1565c0\"/>\n"
            svg += text(number(value) + unit, x: labelWidth + length + 6, y: y + 17, anchor: "start", size: 12)
        }
        return svg + "</svg>\n"
    }

    private static func header(height: Double, title: String) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"\(number(width))\" height=\"\(number(height))\" viewBox=\"0 0 \(number(width)) \(number(height))\" role=\"img\" aria-label=\"\(HTMLEscaping.escape(title))\">\n"
            + text(title, x: 0, y: 16, anchor: "start", weight: "bold")
    }

    private static func text(
        _ content: String, x: Double, y: Double, anchor: String, fill: String = "#212121", size: Int = 13, weight: String = "normal"
    ) -> String {
        "<text x=\"\(number(x))\" y=\"\(number(y))\" text-anchor=\"\(anchor)\" font-size=\"\(size)\" font-weight=\"\(weight)\" fill=\"\(fill)\">\(HTMLEscaping.escape(content))</text>\n"
    }
}

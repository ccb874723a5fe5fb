import TallyCore
import Foundation

/// Small SVG charts for the HTML report: self-contained, no script, every text escaped.
package enum SVGCharts {
    /// Colours from best to worst option (scales list the best option first), by the number
    /// of options: blue for good, red for bad, and neighbours that differ in lightness as well
    /// as in hue (CIE L* apart by 15 or more, also under a simulation of protanopia and
    /// deuteranopia; `PaletteTests`), so that 一般 and 差 stay apart in grey print and for a
    /// reader with red–green colour-vision deficiency.
    static func palette(_ count: Int) -> [String] {
        switch count {
        case ...2: ["#08306b", "#fc8d59"]
        case 3: ["#08306b", "#9ecae1", "#d7301f"]
        case 4: ["#08306b", "#6baed6", "#fee0b6", "#d7301f"]
        case 5: ["#08306b", "#6baed6", "#f0f0f0", "#fc8d59", "#a50f15"]
        case 6: ["#08306b", "#4292c6", "#c6dbef", "#a50f15", "#fc9272", "#525252"]
        default: ["#08306b", "#4292c6", "#c6dbef", "#737373", "#fdd0a2", "#b84300", "#3f0d00", "#bdbdbd"]
        }
    }

    /// Text on a segment: white or near-black, whichever contrasts more with the colour
    /// (WCAG's ratio of relative luminances).
    static func ink(on colour: String) -> String {
        contrast(colour, "#ffffff") >= contrast(colour, "#212121") ? "#ffffff" : "#212121"
    }

    /// WCAG 2 contrast ratio of two `#rrggbb` colours: (L1 + 0.05) / (L2 + 0.05), L1 the lighter.
    static func contrast(_ a: String, _ b: String) -> Double {
        func luminance(_ hex: String) -> Double {
            let value = Int(hex.dropFirst(), radix: 16) ?? 0
            let channels = [value >> 16, (value >> 8) & 0xFF, value & 0xFF].map { channel -> Double in
                let c = Double(channel) / 255
                return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
            }
            return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]
        }
        let (x, y) = (luminance(a), luminance(b))
        return (max(x, y) + 0.05) / (min(x, y) + 0.05)
    }

    static let width = 480.0
    static let labelWidth = 112.0
    static let rowHeight = 26.0

    static func number(_ value: Double) -> String { NumberText.decimal(value) }

    /// Horizontal bars split into the share of each category, one bar per entity; a bar with
    /// no answers says so instead of drawing nothing.
    ///
    /// Each segment's width is `count / bar total × plot width`, so the segments of a bar fill
    /// the plot exactly.
    package static func stackedShares(title: String, categories: [String], bars: [ShareBar]) -> String {
        // Labels as wide as the longest needs, up to 40% of the width (longer ones shortened with …).
        let labelWidth = min(width * 0.4, max(60, (bars.map { displayWidth($0.label) }.max() ?? 0) + 12))
        let plot = width - labelWidth - 60  // room for n at the right of each bar
        let colours = palette(categories.count)
        // The legend in as many columns as its longest label allows, across the whole width.
        let longest = categories.map { label in label.unicodeScalars.reduce(0.0) { $0 + ($1.value > 0x2E80 ? 12 : 7) } }.max() ?? 0
        let columns = max(1, min(5, Int(width / (longest + 28))))
        let legendRows = (categories.count + columns - 1) / columns
        let height = 28 + Double(bars.count) * rowHeight + 10 + Double(legendRows) * 20
        var svg = header(height: height, title: title)
        for (index, bar) in bars.enumerated() {
            let y = 28 + Double(index) * rowHeight
            svg += text(shortened(bar.label, to: labelWidth - 10), x: labelWidth - 8, y: y + 16, anchor: "end")
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
                let colour = colours[category % colours.count]
                // Percentages with one decimal, as in the tables.
                let percent = NumberText.percent(share)
                svg += "<rect x=\"\(number(x))\" y=\"\(number(y + 3))\" width=\"\(number(segment))\" height=\"\(number(rowHeight - 6))\" fill=\"\(colour)\"><title>\(HTMLEscaping.escape(name)) \(count)（\(percent)）</title></rect>\n"
                if segment >= 40 {
                    svg += text(percent, x: x + segment / 2, y: y + 17, anchor: "middle", fill: ink(on: colour), size: 11)
                }
                x += segment
            }
            // An outline, so that a light segment at the end of a bar still shows where it stops.
            svg += "<rect x=\"\(number(labelWidth))\" y=\"\(number(y + 3))\" width=\"\(number(plot))\" height=\"\(number(rowHeight - 6))\" fill=\"none\" stroke=\"#9e9e9e\" stroke-width=\"0.5\"/>\n"
            svg += text("n=\(total)", x: labelWidth + plot + 6, y: y + 17, anchor: "start", size: 12)
        }
        let legendTop = 28 + Double(bars.count) * rowHeight + 10
        for (index, name) in categories.enumerated() {
            let x = Double(index % columns) * (width / Double(columns))
            let y = legendTop + Double(index / columns) * 20
            svg += "<rect x=\"\(number(x))\" y=\"\(number(y))\" width=\"12\" height=\"12\" fill=\"\(colours[index % colours.count])\" stroke=\"#757575\" stroke-width=\"0.5\"/>\n"
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

    /// The width of a label at 13 px: CJK characters 13, others 7.5.
    static func displayWidth(_ text: String) -> Double {
        text.unicodeScalars.reduce(0.0) { $0 + ($1.value > 0x2E80 ? 13 : 7.5) }
    }

    /// A label cut to `width` with …, whole otherwise (the full text stays in the table).
    static func shortened(_ text: String, to width: Double) -> String {
        guard displayWidth(text) > width else { return text }
        var kept = ""
        for character in text {
            if displayWidth(kept + String(character)) + 13 > width { break }
            kept.append(character)
        }
        return kept + "…"
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

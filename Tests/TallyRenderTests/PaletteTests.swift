import Foundation
import Testing

@testable import TallyRender

/// The chart colours stay apart by lightness, for everyone: CIE L* of neighbouring options
/// differ by 15 or more as drawn and as seen with protanopia or deuteranopia (Machado,
/// Oliveira & Fernandes 2009, severity 1, applied in linear sRGB).
@Suite struct PaletteTests {
    static let simulations: [String: [[Double]]] = [
        "normal": [[1, 0, 0], [0, 1, 0], [0, 0, 1]],
        "protanopia": [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]],
        "deuteranopia": [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]],
    ]

    /// CIE L* of an sRGB colour `#rrggbb` as seen through `matrix`.
    static func lightness(_ hex: String, _ matrix: [[Double]]) -> Double {
        let channels = [1, 3, 5].map { offset -> Double in
            let start = hex.index(hex.startIndex, offsetBy: offset)
            let value = Double(Int(hex[start..<hex.index(start, offsetBy: 2)], radix: 16)!) / 255
            return value <= 0.04045 ? value / 12.92 : pow((value + 0.055) / 1.055, 2.4)
        }
        let seen = matrix.map { row in min(1, max(0, zip(row, channels).map(*).reduce(0, +))) }
        let y = 0.2126 * seen[0] + 0.7152 * seen[1] + 0.0722 * seen[2]
        return y > 0.008856 ? 116 * cbrt(y) - 16 : 903.3 * y
    }

    @Test(arguments: 2...9)
    func neighboursDifferInLightness(options: Int) {
        let colours = (0..<options).map { SVGCharts.palette(options)[$0 % SVGCharts.palette(options).count] }
        for (name, matrix) in Self.simulations {
            for (a, b) in zip(colours, colours.dropFirst()) {
                let difference = abs(Self.lightness(a, matrix) - Self.lightness(b, matrix))
                #expect(difference >= 15, "\(options) options, \(name): \(a) and \(b) differ by L* \(difference)")
            }
        }
    }

    /// The percentage on a segment is readable: contrast 4.5:1 or more (WCAG AA for normal text).
    /// The ratio itself is checked against two values worked out separately from the WCAG
    /// formula in Python (white on #08306b 12.76, #212121 on #6baed6 6.63).
    @Test func textOnASegmentContrasts() {
        #expect(abs(SVGCharts.contrast("#08306b", "#ffffff") - 12.76) < 0.01)
        #expect(abs(SVGCharts.contrast("#6baed6", "#212121") - 6.63) < 0.01)
        for count in 2...8 {
            for colour in SVGCharts.palette(count) {
                let ink = SVGCharts.ink(on: colour)
                #expect(SVGCharts.contrast(colour, ink) >= 4.5, "\(colour) with ink \(ink): \(SVGCharts.contrast(colour, ink))")
            }
        }
    }
}

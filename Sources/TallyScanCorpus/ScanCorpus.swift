import Foundation
import TallyPaper
import TallyScan
import TallyStatistics

/// A test corpus of scans made from our own ballot: its pages rendered at a given resolution,
/// boxes marked by a seeded random hand (ticks, crosses, fills, light pencil, marks overrunning
/// the box, corrections), then distorted as a scanner or a careless feed would (turned, skewed,
/// scaled, shifted, noise, JPEG, a grey background, upside down). Each box's truth is kept, so a
/// reading can be checked box by box (`make bench-scan`, the scan tests).
public struct ScanCorpus {
    /// What a hand did to a box.
    public enum Mark: String, CaseIterable, Sendable {
        case none, tick, cross, filled, light, overrun
        /// A short stray stroke (a pen resting on the box): no choice, and too much ink to call
        /// the box empty with confidence; read as empty or sent to a person, never as marked.
        case stray
        /// What a correct reading is: chosen (`true`), not chosen (`false`).
        public var chosen: Bool { [.tick, .cross, .light, .overrun].contains(self) }
    }

    /// How a page is spoiled after marking.
    public struct Distortion: Sendable, CustomStringConvertible {
        public var degrees = 0.0
        public var scale = 1.0
        /// Horizontal shear (x += skew · y).
        public var skew = 0.0
        public var shiftMM = (x: 0.0, y: 0.0)
        /// Gaussian noise's standard deviation in grey levels.
        public var noise = 0.0
        /// The paper's grey (255: white).
        public var paper: UInt8 = 255
        public var jpegQuality: Int?
        public var upsideDown = false

        public init() {}

        public var description: String {
            var parts: [String] = []
            if degrees != 0 { parts.append(String(format: "%+.1f°", degrees)) }
            if scale != 1 { parts.append(String(format: "×%.3f", scale)) }
            if skew != 0 { parts.append(String(format: "skew %.3f", skew)) }
            if noise > 0 { parts.append(String(format: "noise %.0f", noise)) }
            if paper < 255 { parts.append("paper \(paper)") }
            if let jpegQuality { parts.append("jpeg \(jpegQuality)") }
            if upsideDown { parts.append("upside down") }
            return parts.isEmpty ? "clean" : parts.joined(separator: ", ")
        }
    }

    /// The seeded generator (SplitMix64): the same seed, the same corpus.
    public typealias Random = SplitMix64

    /// Draws a stroke through `points` (pixels), `width` pixels wide, in grey `ink`, darkening only.
    public static func stroke(_ image: inout GreyImage, _ points: [(x: Double, y: Double)], width: Double, ink: UInt8) {
        for (a, b) in zip(points, points.dropFirst()) {
            let half = width / 2 + 1
            let x0 = Int(min(a.x, b.x) - half), x1 = Int(max(a.x, b.x) + half) + 1
            let y0 = Int(min(a.y, b.y) - half), y1 = Int(max(a.y, b.y) + half) + 1
            let dx = b.x - a.x, dy = b.y - a.y
            let length2 = max(1e-9, dx * dx + dy * dy)
            for y in max(0, y0)..<min(image.height, max(0, y1)) {
                for x in max(0, x0)..<min(image.width, max(0, x1)) {
                    let px = Double(x) + 0.5, py = Double(y) + 0.5
                    let t = max(0, min(1, ((px - a.x) * dx + (py - a.y) * dy) / length2))
                    let cx = a.x + t * dx - px, cy = a.y + t * dy - py
                    let coverage = max(0, min(1, width / 2 + 0.5 - (cx * cx + cy * cy).squareRoot()))
                    guard coverage > 0 else { continue }
                    let old = Double(image.pixels[y * image.width + x])
                    let new = old * (1 - coverage) + Double(ink) * coverage
                    image.pixels[y * image.width + x] = UInt8(min(old, new).rounded())
                }
            }
        }
    }

    /// Marks `box` (mm, on an upright page at `perMM` pixels a millimetre) as `mark`.
    public static func mark(_ image: inout GreyImage, box: BallotLayout.Box, _ mark: Mark, perMM: Double, random: inout Random) {
        func at(_ u: Double, _ v: Double, spread: Double = 1) -> (x: Double, y: Double) {
            let cx = box.x_mm + box.w_mm / 2, cy = box.y_mm + box.h_mm / 2
            return ((cx + (u - 0.5) * box.w_mm * spread) * perMM, (cy + (v - 0.5) * box.h_mm * spread) * perMM)
        }
        func jitter() -> Double { random.uniform(-0.07...0.07) }
        let pen = random.uniform(0.45...0.7) * perMM
        let ink = UInt8(random.uniform(15...70))
        switch mark {
        case .none:
            break
        case .tick, .light, .overrun:
            let spread = mark == .overrun ? random.uniform(1.5...1.9) : random.uniform(0.8...1.0)
            let points = [at(0.15 + jitter(), 0.55 + jitter(), spread: spread), at(0.4 + jitter(), 0.82 + jitter(), spread: spread), at(0.88 + jitter(), 0.12 + jitter(), spread: spread)]
            if mark == .light {
                stroke(&image, points, width: random.uniform(0.3...0.45) * perMM, ink: UInt8(random.uniform(150...180)))
            } else {
                stroke(&image, points, width: pen, ink: ink)
            }
        case .stray:
            let start = at(random.uniform(0.3...0.6), random.uniform(0.3...0.6))
            let length = random.uniform(0.6...0.9) * perMM, angle = random.uniform(0...(2 * .pi))
            stroke(&image, [start, (start.x + length * cos(angle), start.y + length * sin(angle))], width: random.uniform(0.4...0.5) * perMM, ink: ink)
        case .cross:
            stroke(&image, [at(0.15 + jitter(), 0.15 + jitter()), at(0.85 + jitter(), 0.85 + jitter())], width: pen, ink: ink)
            stroke(&image, [at(0.85 + jitter(), 0.15 + jitter()), at(0.15 + jitter(), 0.85 + jitter())], width: pen, ink: ink)
        case .filled:
            // Back and forth across the box with a broad stroke, over its edges a little.
            var v = -0.05
            var points: [(x: Double, y: Double)] = []
            while v <= 1.05 {
                points.append(at(-0.05 + jitter(), v))
                points.append(at(1.05 + jitter(), v + 0.06))
                v += 0.12
            }
            stroke(&image, points, width: max(pen, 0.9 * perMM), ink: ink)
        }
    }

    /// `image` spoiled by `distortion`: turned about its centre, scaled, sheared and shifted
    /// (bilinear resampling; the paper beyond the page), then the paper's grey, noise, JPEG.
    public static func distort(_ image: GreyImage, _ distortion: Distortion, perMM: Double, random: inout Random) -> GreyImage {
        var out = GreyImage(width: image.width, height: image.height)
        let angle = distortion.degrees * .pi / 180
        let c = cos(angle), s = sin(angle)
        let cx = Double(image.width) / 2, cy = Double(image.height) / 2
        let sx = distortion.shiftMM.x * perMM, sy = distortion.shiftMM.y * perMM
        // Output (x, y) → source: undo the shift, the turn, the shear and the scale.
        for y in 0..<out.height {
            for x in 0..<out.width {
                var u = Double(x) + 0.5 - cx - sx, v = Double(y) + 0.5 - cy - sy
                (u, v) = (c * u + s * v, -s * u + c * v)
                u -= distortion.skew * v
                u /= distortion.scale
                v /= distortion.scale
                let fx = u + cx - 0.5, fy = v + cy - 0.5
                let x0 = Int(fx.rounded(.down)), y0 = Int(fy.rounded(.down))
                let ax = fx - Double(x0), ay = fy - Double(y0)
                let top = Double(image.value(x: x0, y: y0)) * (1 - ax) + Double(image.value(x: x0 + 1, y: y0)) * ax
                let bottom = Double(image.value(x: x0, y: y0 + 1)) * (1 - ax) + Double(image.value(x: x0 + 1, y: y0 + 1)) * ax
                var value = (top * (1 - ay) + bottom * ay) * Double(distortion.paper) / 255
                if distortion.noise > 0 { value += random.gaussian() * distortion.noise }
                out.pixels[y * out.width + x] = UInt8(max(0, min(255, value.rounded())))
            }
        }
        if let quality = distortion.jpegQuality, let compressed = try? ImageFiles.jpegRoundTrip(out, quality: quality) { out = compressed }
        return distortion.upsideDown ? out.rotatedHalfTurn() : out
    }

    /// The pages of a PDF (our ballot) at `dpi`.
    public static func render(pdf: [UInt8], dpi: Double) throws -> [GreyImage] {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tally-corpus-\(UUID().uuidString).pdf")
        try Data(pdf).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let pages = try PDFPages(path: url.path)
        return (0..<pages.count).compactMap { pages.render(page: $0, dpi: dpi) }
    }

    /// Pages as a PDF of images, each filling an A4 page (what a scanner's "scan to PDF" writes).
    public static func scanPDF(_ pages: [GreyImage]) throws -> [UInt8] {
        let canvas = PDFCanvas(title: "scan")
        for (index, page) in pages.enumerated() {
            if index > 0 { canvas.newPage() }
            canvas.image(page, x: 0, y: 0, width: 210, height: 297)
        }
        return try canvas.finish()
    }
}

extension SplitMix64 {
    /// A number drawn evenly from `range`.
    public mutating func uniform(_ range: ClosedRange<Double>) -> Double { Double.random(in: range, using: &self) }

    /// A standard normal number (Box–Muller).
    public mutating func gaussian() -> Double {
        let u = max(1e-12, uniform(0...1)), v = uniform(0...1)
        return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
    }
}

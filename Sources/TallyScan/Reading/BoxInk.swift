import TallyPaper

/// How much of a box is inked, and what that means (docs/scanning.md, "Marks").
public enum BoxInk {
    /// Millimetres left out inside each edge of a box: its printed outline (0.3 mm) and the
    /// placement's error stay outside what is measured.
    public static let inset = 0.7

    /// The share of the box's inside covered by ink, 0…1: the mean, over one sample a pixel,
    /// of `clamp((paper − v − 25) / 100, 0, 1)`, where v is a pixel's grey and `paper` the
    /// page's. The 25 levels under the paper's grey are scanner noise and JPEG ringing, not ink;
    /// a pen (v ≤ 130 under white paper) counts 1, a light pencil (v ≈ 185) about 0.45.
    /// An empty box measures 0.
    public static func measure(_ image: GreyImage, box: BallotLayout.Box, transform: Homography, pixelsPerMM: Double, paper: Int) -> Double {
        measureRect(image, box: box, transform: transform, pixelsPerMM: pixelsPerMM, paper: paper)
    }

    /// What a box's ink says.
    public enum Reading: String, Sendable, Codable {
        /// Not chosen: no ink.
        case empty
        /// Chosen: a tick or a cross.
        case marked
        /// Filled in (涂黑): a choice taken back, so not chosen (the ballot's rule).
        case filled
        /// Neither clearly: a person decides.
        case doubtful
    }

    /// Below this: empty.
    public static let emptyBelow = 0.02
    /// From this up to `markedBelow`: marked (between `emptyBelow` and this: doubtful).
    /// A pen's tick inside a 5 mm box measures 0.12 or more; a stray stroke of a millimetre
    /// about 0.07; a light pencil tick 0.05 to 0.11 (so marked or doubtful).
    public static let markedFrom = 0.09
    /// Up to here a mark, however heavy; from `filledFrom`: filled (between: doubtful).
    public static let markedBelow = 0.55
    public static let filledFrom = 0.80

    /// The reading of a box whose ink is `ink`.
    public static func classify(_ ink: Double) -> Reading {
        switch ink {
        case ..<emptyBelow: .empty
        case ..<markedFrom: .doubtful
        case ..<markedBelow: .marked
        case ..<filledFrom: .doubtful
        default: .filled
        }
    }
}

extension BoxInk {
    /// A field's ink, as `measure`, leaving out the printed rules of an opinion's lines
    /// (a band of 1 mm about each, every 7.5 mm).
    static func fieldInk(_ image: GreyImage, field: BallotLayout.Field, transform: Homography, pixelsPerMM: Double, paper: Int) -> Double {
        let box = BallotLayout.Box(question: field.question, row: field.row, option: "", x_mm: field.x_mm, y_mm: field.y_mm, w_mm: field.w_mm, h_mm: field.h_mm)
        guard field.kind == "text" else { return measure(image, box: box, transform: transform, pixelsPerMM: pixelsPerMM, paper: paper) }
        // Between the rules: three bands of the field, each measured alone.
        var total = 0.0
        var bands = 0.0
        var top = field.y_mm
        while top + 7.5 <= field.y_mm + field.h_mm + 0.01 {
            let band = BallotLayout.Box(question: field.question, row: nil, option: "", x_mm: field.x_mm + 3, y_mm: top + 0.3, w_mm: field.w_mm - 3, h_mm: 6.2)
            total += measureRect(image, box: band, transform: transform, pixelsPerMM: pixelsPerMM, paper: paper)
            bands += 1
            top += 7.5
        }
        return bands > 0 ? total / bands : 0
    }

    /// `measure` over a box's whole rectangle less the inset, sampled one a pixel in each direction.
    static func measureRect(_ image: GreyImage, box: BallotLayout.Box, transform: Homography, pixelsPerMM: Double, paper: Int) -> Double {
        let inner = (x: box.x_mm + inset, y: box.y_mm + inset, w: box.w_mm - 2 * inset, h: box.h_mm - 2 * inset)
        guard inner.w > 0, inner.h > 0 else { return 0 }
        let nx = max(4, Int((inner.w * pixelsPerMM).rounded(.up))), ny = max(4, Int((inner.h * pixelsPerMM).rounded(.up)))
        var total = 0.0
        for i in 0..<nx {
            for j in 0..<ny {
                let point = transform.apply((inner.x + inner.w * (Double(i) + 0.5) / Double(nx), inner.y + inner.h * (Double(j) + 0.5) / Double(ny)))
                total += min(1, max(0, Double(paper - Int(image.value(x: Int(point.x), y: Int(point.y))) - 25) / 100))
            }
        }
        return total / Double(nx * ny)
    }
}

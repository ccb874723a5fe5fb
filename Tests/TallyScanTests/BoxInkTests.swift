import Testing
import TallyPaper
@testable import TallyScan

@Suite("Box ink")
struct BoxInkTests {
    /// A 10 px/mm page of white with a 5 mm box at (10, 10) mm, the box's inside as given.
    static func page(inside value: (Int, Int) -> UInt8) -> GreyImage {
        var image = GreyImage(width: 300, height: 300)
        for y in 0..<300 {
            for x in 0..<300 where (100..<150).contains(x) && (100..<150).contains(y) { image.pixels[y * 300 + x] = value(x, y) }
        }
        return image
    }

    static let box = BallotLayout.Box(question: "q", row: nil, option: "好", x_mm: 10, y_mm: 10, w_mm: 5, h_mm: 5)
    static let scale = Homography(coefficients: [10, 0, 0, 0, 10, 0, 0, 0])

    func ink(_ image: GreyImage, paper: Int = 255) -> Double {
        BoxInk.measure(image, box: Self.box, transform: Self.scale, pixelsPerMM: 10, paper: paper)
    }

    @Test func blankIsNoneAndBlackIsAll() {
        #expect(ink(Self.page { _, _ in 255 }) == 0)
        #expect(ink(Self.page { _, _ in 0 }) == 1)
        // Grey 180 on white: (255 − 180 − 25) / 100 = 0.5 everywhere.
        #expect(abs(ink(Self.page { _, _ in 180 }) - 0.5) < 1e-9)
        // Noise within 25 levels of the paper is no ink.
        #expect(ink(Self.page { x, y in UInt8(231 + (x * 7 + y * 13) % 24) }) == 0)
    }

    @Test func theLeftHalfBlackIsHalf() {
        // The measured square is 5 − 2 × 0.7 = 3.6 mm (36 samples a side) from x = 10.7 mm:
        // black up to x = 12.5 mm covers 18 of the 36 columns.
        let value = ink(Self.page { x, _ in x < 125 ? 0 : 255 })
        #expect(abs(value - 0.5) < 1e-9)
    }

    @Test func theOutlineIsNotInk() {
        // The printed outline (0.3 mm) and 0.3 mm of misplacement stay outside the inset.
        let outlined = Self.page { x, y in (x < 106 || x >= 144 || y < 106 || y >= 144) ? 0 : 255 }
        #expect(ink(outlined) == 0)
    }

    @Test func readingsByThreshold() {
        #expect(BoxInk.classify(0) == .empty)
        #expect(BoxInk.classify(0.019) == .empty)
        #expect(BoxInk.classify(0.02) == .doubtful)
        #expect(BoxInk.classify(0.089) == .doubtful)
        #expect(BoxInk.classify(0.09) == .marked)
        #expect(BoxInk.classify(0.54) == .marked)
        #expect(BoxInk.classify(0.6) == .doubtful)
        #expect(BoxInk.classify(0.8) == .filled)
        #expect(BoxInk.classify(1) == .filled)
    }

    @Test func aGreyPaperMovesTheScale() {
        // On paper of grey 210, a pixel of 210 is paper and 85 is ink: (210 − 85 − 25) / 100 = 1.
        #expect(ink(Self.page { _, _ in 210 }, paper: 210) == 0)
        #expect(ink(Self.page { _, _ in 85 }, paper: 210) == 1)
    }
}

import Foundation
import Testing
import TallyCore
import TallyPaper
@testable import TallyScan
import TallyScanCorpus

/// Each kind of mark under each kind of spoiling, read box by box against the marks made.
@Suite("Reading marked scans")
struct ReadingTests {
    static let form = try! FormLoader.load("leadership-evaluation")
    static let ballot = try! ScannableBallot(form: form, unit: "县司法局")
    static let pdf = try! ballot.pdf(title: form.title)
    static var reader: PageReader { PageReader(layout: ballot.layout, layoutPrint: ballot.layoutPrint) }

    /// The page marked with every kind of mark in turn, box by box (a fixed seed).
    static func marked(dpi: Double) throws -> (GreyImage, [ScanCorpus.Mark]) {
        var image = try ScanCorpus.render(pdf: pdf, dpi: dpi)[0]
        var random = ScanCorpus.Random(seed: 7)
        let kinds = ScanCorpus.Mark.allCases
        var marks: [ScanCorpus.Mark] = []
        for (number, box) in ballot.layout.pages[0].boxes.enumerated() {
            let mark = kinds[number % kinds.count]
            ScanCorpus.mark(&image, box: box, mark, perMM: dpi / 25.4, random: &random)
            marks.append(mark)
        }
        return (image, marks)
    }

    /// Each box read as it was marked: nothing → empty; a tick, cross or overrunning tick →
    /// marked; a filled box → filled; a light pencil tick → marked or doubtful (never empty); a
    /// stray stroke → empty or doubtful (never marked).
    func expectRead(_ image: GreyImage, _ marks: [ScanCorpus.Mark], upsideDown: Bool = false, _ what: String) {
        let reading = Self.reader.read(image)
        #expect(reading.status == .read, "\(what)")
        #expect(reading.upsideDown == upsideDown, "\(what)")
        guard reading.boxes.count == marks.count else {
            Issue.record("\(what): \(reading.boxes.count) boxes read")
            return
        }
        for (entry, mark) in zip(reading.boxes, marks) {
            let ok: Bool =
                switch mark {
                case .none: entry.reading == .empty
                case .tick, .cross, .overrun: entry.reading == .marked
                case .filled: entry.reading == .filled
                case .light: entry.reading == .marked || entry.reading == .doubtful
                case .stray: entry.reading == .empty || entry.reading == .doubtful
                }
            #expect(ok, "\(what): \(mark) read as \(entry.reading) (ink \(entry.ink)) at \(entry.box.question) \(entry.box.row ?? "") \(entry.box.option)")
        }
    }

    @Test(arguments: [150.0, 200, 300])
    func cleanScans(dpi: Double) throws {
        let (image, marks) = try Self.marked(dpi: dpi)
        expectRead(image, marks, "clean at \(Int(dpi)) dpi")
    }

    static let spoilings: [(String, ScanCorpus.Distortion)] = {
        func make(_ change: (inout ScanCorpus.Distortion) -> Void) -> ScanCorpus.Distortion {
            var d = ScanCorpus.Distortion()
            change(&d)
            return d
        }
        return [
            ("turned +3°", make { $0.degrees = 3 }),
            ("turned −3°, shifted", make { $0.degrees = -3; $0.shiftMM = (2.5, -2) }),
            ("skewed", make { $0.skew = 0.012 }),
            ("scaled 97%", make { $0.scale = 0.97 }),
            ("scaled 103%", make { $0.scale = 1.03 }),
            ("noise σ 12", make { $0.noise = 12 }),
            ("JPEG 50", make { $0.jpegQuality = 50 }),
            ("grey paper", make { $0.paper = 205 }),
            ("upside down, turned, everything", make { $0.upsideDown = true; $0.degrees = 2; $0.noise = 8; $0.paper = 215; $0.jpegQuality = 50; $0.scale = 1.02 }),
        ]
    }()

    @Test(arguments: 0..<spoilings.count)
    func spoiledScans(index: Int) throws {
        let (name, distortion) = Self.spoilings[index]
        let (image, marks) = try Self.marked(dpi: 150)
        var random = ScanCorpus.Random(seed: UInt64(index))
        let spoiled = ScanCorpus.distort(image, distortion, perMM: 150 / 25.4, random: &random)
        expectRead(spoiled, marks, upsideDown: distortion.upsideDown, name)
    }
}

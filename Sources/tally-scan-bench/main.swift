import Foundation
import TallyCore
import TallyPaper
import TallyScan
import TallyScanCorpus

// `make bench-scan`: a corpus of marked, spoiled scans of our own ballot, read back through the
// whole path (scan PDF → poppler → marks → QR → boxes → review), each box checked against the
// truth the generator kept. Prints the shares read automatically and sent to review, the silent
// errors (a box read wrong and not sent to review) and pages read a second.
//
//   tally-scan-bench [--form ID] [--sheets N] [--dpi D] [--seed S] [--clean] [--keep SCAN.pdf]
//
// --keep writes the scan PDF there (to try `tally scan` or the web app on it).

var form = "leadership-evaluation", sheets = 40, dpi = 200.0, seed: UInt64 = 1, clean = false
var keep: String?
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let argument = arguments.next() {
    switch argument {
    case "--form": form = arguments.next() ?? form
    case "--sheets": sheets = Int(arguments.next() ?? "") ?? sheets
    case "--dpi": dpi = Double(arguments.next() ?? "") ?? dpi
    case "--seed": seed = UInt64(arguments.next() ?? "") ?? seed
    case "--clean": clean = true
    case "--keep": keep = arguments.next()
    default:
        FileHandle.standardError.write(Data("usage: tally-scan-bench [--form ID] [--sheets N] [--dpi D] [--seed S] [--clean] [--keep SCAN.pdf]\n".utf8))
        exit(64)
    }
}

do {
    let loaded = try FormLoader.load(form)
    let unit = "县司法局"
    let ballot = try ScannableBallot(form: loaded, unit: unit)
    let pdf = try ballot.pdf(title: loaded.title)
    let blank = try ScanCorpus.render(pdf: pdf, dpi: dpi)
    let perMM = dpi / 25.4
    var random = ScanCorpus.Random(seed: seed)
    var truths: [[ScanCorpus.Mark]] = []
    var spoiled: [GreyImage] = []  // kept only to dump (SCAN_BENCH_DUMP)
    let dump = ProcessInfo.processInfo.environment["SCAN_BENCH_DUMP"]
    var distortions: [ScanCorpus.Distortion] = []
    var doubles: [Set<Int>] = []  // per page, the boxes of a question marked twice on purpose
    let scanCanvas = PDFCanvas(title: "scan")
    var kinds: [String: Int] = [:]
    let started = Date()
    for _ in 0..<sheets {
        for (index, page) in blank.enumerated() {
            var image = page
            let layoutPage = ballot.layout.pages[index]
            var marks = [ScanCorpus.Mark](repeating: .none, count: layoutPage.boxes.count)
            var pageDoubles = Set<Int>()
            var groups: [String: [Int]] = [:]
            for (number, box) in layoutPage.boxes.enumerated() { groups[box.question + "\u{1}" + (box.row ?? ""), default: []].append(number) }
            for key in groups.keys.sorted() {
                let numbers = groups[key]!
                let multi = loaded.questions.first { $0.id == layoutPage.boxes[numbers[0]].question }?.type == .multi
                if multi {
                    for number in numbers where random.uniform(0...1) < 0.3 { marks[number] = [.tick, .cross, .tick, .overrun].randomElement(using: &random)! }
                    continue
                }
                let roll = random.uniform(0...1)
                let chosen = numbers.randomElement(using: &random)!
                if roll < 0.70 {
                    marks[chosen] = [.tick, .tick, .cross, .overrun].randomElement(using: &random)!
                } else if roll < 0.78 {
                    marks[chosen] = .light
                } else if roll < 0.90, numbers.count > 1 {
                    // A correction: one box filled in, another ticked.
                    let other = numbers.filter { $0 != chosen }.randomElement(using: &random)!
                    marks[other] = .filled
                    marks[chosen] = .tick
                } else if roll < 0.95 {
                    continue  // unanswered
                } else {
                    marks[chosen] = .tick
                    if let other = numbers.filter({ $0 != chosen }).randomElement(using: &random) {
                        marks[other] = .cross
                        pageDoubles.formUnion([chosen, other])
                    }
                }
            }
            // A stray stroke on one empty box in 30 (a pen resting on the paper).
            for number in marks.indices where marks[number] == .none && random.uniform(0...1) < 1.0 / 30 { marks[number] = .stray }
            for (number, box) in layoutPage.boxes.enumerated() {
                ScanCorpus.mark(&image, box: box, marks[number], perMM: perMM, random: &random)
                kinds[marks[number].rawValue, default: 0] += 1
            }
            var distortion = ScanCorpus.Distortion()
            if !clean {
                distortion.degrees = random.uniform(-3...3)
                distortion.scale = random.uniform(0.97...1.03)
                distortion.skew = random.uniform(-0.01...0.01)
                distortion.shiftMM = (random.uniform(-3...3), random.uniform(-3...3))
                distortion.noise = random.uniform(0...12)
                distortion.paper = UInt8(random.uniform(205...255))
                distortion.jpegQuality = random.uniform(0...1) < 0.5 ? 50 : nil
                distortion.upsideDown = random.uniform(0...1) < 0.2
            }
            let page = ScanCorpus.distort(image, distortion, perMM: perMM, random: &random)
            if truths.count > 0 { scanCanvas.newPage() }
            scanCanvas.image(page, x: 0, y: 0, width: 210, height: 297)
            if dump != nil { spoiled.append(page) }
            distortions.append(distortion)
            doubles.append(pageDoubles)
            truths.append(marks)
        }
    }
    let generated = Date().timeIntervalSince(started)
    let scan = keep.map { URL(fileURLWithPath: $0) } ?? FileManager.default.temporaryDirectory.appendingPathComponent("tally-scan-bench-\(seed).pdf")
    try Data(scanCanvas.finish()).write(to: scan)
    defer { if keep == nil { try? FileManager.default.removeItem(at: scan) } }

    var session = try ScanSession(form: loaded, unit: unit)
    session.dpi = dpi
    let readStart = Date()
    try session.add(file: scan.path)
    let result = session.result()
    let seconds = Date().timeIntervalSince(readStart)

    var boxes = 0, automatic = 0, reviewed = 0, silent = 0, unplaced = 0, clear = 0, clearAutomatic = 0
    var silentKinds: [String: Int] = [:]
    var reviewKinds: [String: Int] = [:]
    let reviewIDs = Set(result.review.map(\.id))
    for (index, page) in session.pages.enumerated() {
        guard let reading = page.reading, reading.status == .read else {
            unplaced += 1
            print("page \(index + 1) not placed (\(distortions[index])): \(page.reading.map { "\($0.status)" } ?? "repeat")")
            if let dump {
                try Data(CairoImages.png(spoiled[index])).write(to: URL(fileURLWithPath: "\(dump)/page-\(index + 1).png"))
            }
            continue
        }
        for (number, entry) in reading.boxes.enumerated() {
            boxes += 1
            let isClear = ![.light, .stray].contains(truths[index][number]) && !doubles[index].contains(number)
            if isClear { clear += 1 }
            if reviewIDs.contains("\(page.hash.prefix(8))-b\(number)") {
                reviewed += 1
                reviewKinds[truths[index][number].rawValue + (entry.reading == .doubtful ? " (doubtful)" : " (two marks)"), default: 0] += 1
                continue
            }
            automatic += 1
            if isClear { clearAutomatic += 1 }
            let truth = truths[index][number]
            if (entry.reading == .marked) != truth.chosen {
                silent += 1
                silentKinds["\(truth.rawValue)→\(entry.reading.rawValue) (ink \(String(format: "%.3f", entry.ink)))", default: 0] += 1
            }
        }
    }
    let pages = session.pages.count
    print("form \(form), \(sheets) sheets, \(pages) pages at \(Int(dpi)) dpi, seed \(seed)\(clean ? ", clean" : ", spoiled")")
    print("marks: " + kinds.keys.sorted().map { "\($0) \(kinds[$0]!)" }.joined(separator: ", "))
    print("pages not placed: \(unplaced)")
    print(String(format: "boxes: %d; read automatically %d (%.2f%%); sent to review %d (%.2f%%); silent errors %d", boxes, automatic, 100 * Double(automatic) / Double(max(1, boxes)), reviewed, 100 * Double(reviewed) / Double(max(1, boxes)), silent))
    print(String(format: "boxes marked clearly (no light pencil, no stray stroke, no question marked twice on purpose): %d; read automatically %.2f%%", clear, 100 * Double(clearAutomatic) / Double(max(1, clear))))
    print("to review, by the mark made: " + reviewKinds.keys.sorted().map { "\($0) \(reviewKinds[$0]!)" }.joined(separator: ", "))
    for (kind, count) in silentKinds.sorted(by: { $0.key < $1.key }) { print("  silent: \(kind) ×\(count)") }
    print(String(format: "reading: %.2f s, %.2f pages/s (generating the corpus took %.1f s)", seconds, Double(pages) / seconds, generated))
} catch {
    FileHandle.standardError.write(Data("\(error)\n".utf8))
    exit(1)
}

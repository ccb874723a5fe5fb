import Crypto
import Foundation
import TallyCore
import TallyCSV
import TallyPaper

/// Scanned ballots of one form and one unit read into a response file: pages from PDFs and
/// images in the order given, each placed and measured (`PageReader`), pages gathered into
/// sheets (a ballot's pages 1…n in a row), every doubtful box and every written field sent to a
/// person (`ReviewItem`), and once every item is decided, one row per sheet in the form's keying
/// sheet's shape. Nothing is guessed: a page that cannot be placed is listed with its reason, a
/// sheet missing a page is listed and not counted, a page seen before is said to be a repeat.
public struct ScanSession {
    public let form: Form
    public let layout: BallotLayout
    let reader: PageReader
    let ballot: PhoneBallot
    /// Every page read, in order.
    public private(set) var pages: [ScannedPage] = []
    /// The dots per inch PDF pages are rasterised at.
    public var dpi = 200.0
    /// Pages read before, in earlier scans of this unit (page hash → `file 第n页`): a page with
    /// one of these hashes is a repeat, counted once (the same scan uploaded again).
    public var seen: [String: String] = [:]

    /// Reads scans of `form`'s scannable ballot for `unit`, laid out as `tally forms ballot --scannable` lays it.
    public init(form: Form, unit: String) throws {
        try self.init(form: form, ballot: ScannableBallot(form: form, unit: unit))
    }

    init(form: Form, ballot: ScannableBallot) {
        self.form = form
        layout = ballot.layout
        reader = PageReader(layout: ballot.layout, layoutPrint: ballot.layoutPrint)
        self.ballot = PhoneBallot(form: form)
    }

    /// Reads scans against a layout written when the ballots were printed (`--layout`), for
    /// ballots printed by another version of tally or with other fonts.
    public init(form: Form, layout: BallotLayout) {
        self.form = form
        self.layout = layout
        reader = PageReader(layout: layout, layoutPrint: ScannableBallot.fingerprint(layout.json()))
        ballot = PhoneBallot(form: form)
    }

    /// Reads every page of the file at `path` (PDF, PNG, JPEG or TIFF), one at a time.
    public mutating func add(file path: String) throws(PaperError) {
        let name = URL(fileURLWithPath: path).lastPathComponent
        if path.lowercased().hasSuffix(".pdf") {
            let document = try PDFPages(path: path)
            if document.count == 0 { pages.append(ScannedPage(file: name, index: 1, hash: "", reading: nil, empty: true)) }
            for index in 0..<document.count {
                guard let image = document.render(page: index, dpi: dpi) else { continue }
                add(image, file: name, index: index + 1)
            }
        } else {
            add(try ImageFiles.read(path: path), file: name, index: 1)
        }
    }

    /// Reads one page image (page `index` of `file`).
    public mutating func add(_ image: GreyImage, file: String, index: Int) {
        let hash = SHA256.hash(data: image.pixels).map { String(format: "%02x", $0) }.joined()
        let earlier = pages.first(where: { $0.hash == hash && !$0.empty }).map { "\($0.file) 第\($0.index)页" } ?? seen[hash]
        if let earlier {
            var page = ScannedPage(file: file, index: index, hash: hash, reading: nil, empty: false)
            page.repeatOf = earlier
            pages.append(page)
            return
        }
        var reading = reader.read(image)
        var page = ScannedPage(file: file, index: index, hash: hash, reading: reading, empty: false)
        switch reading.status {
        case .read:
            // Crops of what a person may have to look at: doubtful or clashing boxes, written fields.
            // Each inked box is shown in its row (the other boxes of its question or matrix row),
            // framed, so that a person sees the whole answer it belongs to.
            // Only boxes that can become review items are cut: doubtful ones, and marked ones
            // where their question (not a multi-select) or matrix row has another mark.
            var rows: [String: [BallotLayout.Box]] = [:]
            var marked: [String: Int] = [:]
            for entry in reading.boxes {
                rows[Self.key(entry.box), default: []].append(entry.box)
                if entry.reading == .marked { marked[Self.key(entry.box), default: 0] += 1 }
            }
            for (number, entry) in reading.boxes.enumerated() {
                let clash = entry.reading == .marked && (marked[Self.key(entry.box)] ?? 0) > 1 && form.question(entry.box.question)?.type != .multi
                guard entry.reading == .doubtful || clash else { continue }
                let row = Self.rowRectangle(rows[Self.key(entry.box)] ?? [entry.box], around: entry.box)
                page.crops[number] = reading.crop(x: row.x, y: row.y, width: row.w, height: row.h, margin: 3, frame: entry.box)
            }
            for (number, entry) in reading.fields.enumerated() where entry.ink >= BoxInk.emptyBelow {
                page.fieldCrops[number] = reading.crop(x: entry.field.x_mm, y: entry.field.y_mm, width: entry.field.w_mm, height: entry.field.h_mm, margin: 1.5)
            }
        case .unreadable:
            // The whole page at half the resolution, for keying by hand.
            page.wholePage = PageReading.wholePage(Self.halved(image))
        case .blank:
            break
        }
        reading.image = nil
        page.reading = reading
        pages.append(page)
    }

    /// The rectangle holding a row's boxes, cut to 60 mm about `box` (a multi-select's options
    /// share one "row" down the page).
    static func rowRectangle(_ boxes: [BallotLayout.Box], around box: BallotLayout.Box) -> (x: Double, y: Double, w: Double, h: Double) {
        let near = boxes.filter { abs($0.y_mm - box.y_mm) < 1 && abs($0.x_mm - box.x_mm) < 60 }
        let x0 = near.map(\.x_mm).min() ?? box.x_mm, x1 = near.map { $0.x_mm + $0.w_mm }.max() ?? box.x_mm + box.w_mm
        return (x0, box.y_mm, x1 - x0, box.h_mm)
    }

    static func halved(_ image: GreyImage) -> GreyImage {
        var out = GreyImage(width: image.width / 2, height: image.height / 2)
        for y in 0..<out.height {
            for x in 0..<out.width {
                let sum = Int(image.value(x: 2 * x, y: 2 * y)) + Int(image.value(x: 2 * x + 1, y: 2 * y)) + Int(image.value(x: 2 * x, y: 2 * y + 1)) + Int(image.value(x: 2 * x + 1, y: 2 * y + 1))
                out.pixels[y * out.width + x] = UInt8(sum / 4)
            }
        }
        return out
    }
}

/// One page of a scan as read.
public struct ScannedPage: Sendable {
    /// The file's name and the page in it (1-based).
    public var file: String
    public var index: Int
    /// SHA-256 of the page's pixels (hex): a page scanned and given twice is recognised.
    public var hash: String
    public var reading: PageReading?
    /// A PDF with no page at all.
    public var empty: Bool
    /// The page this one repeats (`file 第n页`).
    public var repeatOf: String?
    /// PNG crops by box number and field number, and the whole page when it could not be placed.
    var crops: [Int: [UInt8]?] = [:]
    var fieldCrops: [Int: [UInt8]?] = [:]
    var wholePage: [UInt8]?

    init(file: String, index: Int, hash: String, reading: PageReading?, empty: Bool) {
        self.file = file
        self.index = index
        self.hash = hash
        self.reading = reading
        self.empty = empty
    }

    /// The page's short id in review items: the first 8 hex digits of its hash.
    var shortHash: String { String(hash.prefix(8)) }
}

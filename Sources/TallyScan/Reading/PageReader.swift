import Foundation
import TallyPaper

/// One scanned page read against the ballot it should be: its QR code (form, unit, layout,
/// page), its orientation, its corner marks and so the transform from the ballot's millimetres
/// to the scan's pixels, and every box's ink.
public struct PageReading: Sendable {
    /// What became of the page.
    public enum Status: Sendable, Equatable {
        /// Placed and every box measured.
        case read
        /// No ink to speak of (the back of a one-sided sheet fed through a duplex scanner): skipped.
        case blank
        /// Not placed: the reason, and the page goes to a person whole.
        case unreadable(PageProblem)
    }

    public var status: Status
    /// The ballot's page number and page count, from the QR code.
    public var page: Int?
    public var pages: Int?
    /// The scan was upside down (turned before reading).
    public var upsideDown = false
    /// Each box of the ballot's page with its ink and reading, in the layout's order.
    public var boxes: [(box: BallotLayout.Box, ink: Double, reading: BoxInk.Reading)] = []
    /// Each field (a score, an opinion) with its ink: written in when above `BoxInk.emptyBelow`.
    public var fields: [(field: BallotLayout.Field, ink: Double)] = []
    /// The largest distance (mm) between where the QR code is printed and where the fitted
    /// transform puts it: a check on the placement.
    public var placementError: Double?
    /// The oriented image and the transform, kept to cut crops.
    var image: GreyImage?
    var transform: Homography?
    var pixelsPerMM = 0.0
}

/// Why a page could not be placed; words in `ScanWords`.
public enum PageProblem: Error, Sendable, Equatable {
    /// No QR code could be read (a photo of a screen, a page of something else, a torn corner).
    case noCode
    /// A QR code, but not one of tally's ballots.
    case notABallot
    /// A ballot of another form (its id).
    case otherForm(String)
    /// A ballot printed for another unit.
    case otherUnit
    /// Printed from another layout of this form (another version of tally or of the form).
    case otherLayout
    /// The page number is not one of the ballot's pages.
    case noSuchPage(Int)
    /// Corner marks not found (which: 左上, 右上, 右下, 左下).
    case marksMissing([String])
    /// The marks and the QR code disagree about where the page is (mm).
    case misplaced(Double)
}

/// Reads one page image against a ballot's layout.
public struct PageReader: Sendable {
    public let layout: BallotLayout
    /// The layout's fingerprint as printed in each page's QR code.
    public let layoutPrint: String

    public init(layout: BallotLayout, layoutPrint: String) {
        self.layout = layout
        self.layoutPrint = layoutPrint
    }

    /// The page's parts of the QR text `TALLY1;form;unit;layout;k/n`; nil when not ours.
    static func parse(_ text: String) -> (form: String, unit: String, layout: String, page: Int, pages: Int)? {
        let parts = text.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 5, parts[0] == "TALLY1" else { return nil }
        let numbers = parts[4].split(separator: "/").compactMap { Int($0) }
        guard numbers.count == 2 else { return nil }
        return (parts[1].removingPercentEncoding ?? parts[1], parts[2], parts[3], numbers[0], numbers[1])
    }

    /// `image` with every pixel darker than `threshold` black and the rest white.
    static func binarised(_ image: GreyImage, threshold: Int) -> GreyImage {
        GreyImage(width: image.width, height: image.height, pixels: image.pixels.map { Int($0) < threshold ? 0 : 255 })
    }

    /// Reads `image`.
    public func read(_ image: GreyImage) -> PageReading {
        var result = PageReading(status: .read)
        let paper = PageGeometry.paperLevel(image)
        // A blank page: hardly a pixel 80 levels under the paper.
        var dark = 0
        var index = 0
        while index < image.pixels.count {
            if Int(image.pixels[index]) < paper - 80 { dark += 1 }
            index += 3
        }
        if image.pixels.isEmpty || Double(dark) / Double(max(1, image.pixels.count / 3)) < 0.0005 {
            result.status = .blank
            return result
        }
        // The QR code: in the top band (upright) or the bottom band (upside down), else anywhere.
        let band = image.height * 18 / 100
        var found: (symbol: QRSymbols.Symbol, offsetY: Int)?
        // Each band as it is, then made black and white (JPEG's ringing and a grey paper can
        // keep zbar from finding a small code's finder patterns).
        search: for (y, h) in [(0, band), (image.height - band, band), (0, image.height)] {
            let part = image.crop(x: 0, y: y, width: image.width, height: h)
            for candidate in [part, Self.binarised(part, threshold: paper * 60 / 100)] {
                if let symbol = QRSymbols.read(candidate).first(where: { $0.text.hasPrefix("TALLY1;") }) {
                    found = (symbol, y)
                    break search
                }
            }
        }
        guard let found else {
            let any = QRSymbols.read(image)
            result.status = .unreadable(any.isEmpty ? .noCode : .notABallot)
            return result
        }
        guard let code = Self.parse(found.symbol.text) else {
            result.status = .unreadable(.notABallot)
            return result
        }
        guard code.form == layout.form else {
            result.status = .unreadable(.otherForm(code.form))
            return result
        }
        guard code.unit == ScannableBallot.fingerprint(Data(layout.unit.utf8)) else {
            result.status = .unreadable(.otherUnit)
            return result
        }
        guard code.layout == layoutPrint, code.pages == layout.pages.count else {
            result.status = .unreadable(.otherLayout)
            return result
        }
        guard let page = layout.pages.first(where: { $0.page == code.page }) else {
            result.status = .unreadable(.noSuchPage(code.page))
            return result
        }
        result.page = code.page
        result.pages = code.pages
        var oriented = image
        var qrCenter = found.symbol.center
        qrCenter.y += Double(found.offsetY)
        if qrCenter.y > Double(image.height) / 2 {
            oriented = image.rotatedHalfTurn()
            qrCenter = (Double(image.width) - qrCenter.x, Double(image.height) - qrCenter.y)
            result.upsideDown = true
        }
        // Corner marks, each looked for around where an unscaled, unturned page has it.
        let perMM = Double(oriented.width) / page.width_mm
        let threshold = max(40, paper * 55 / 100)
        var centres: [(x: Double, y: Double)] = []
        var missing: [String] = []
        for (mark, name) in zip(page.marks, ["左上", "右上", "右下", "左下"]) {
            let expected = (x: mark.x_mm * perMM, y: mark.y_mm * perMM)
            if let blob = PageGeometry.mark(in: oriented, near: expected, radius: 16 * perMM, side: mark.side_mm * perMM, threshold: threshold) {
                centres.append(blob.centroid)
            } else {
                missing.append(name)
            }
        }
        guard missing.isEmpty, let transform = Homography.fitting(from: page.marks.map { ($0.x_mm, $0.y_mm) }, to: centres) else {
            result.status = .unreadable(.marksMissing(missing.isEmpty ? ["左上", "右上", "右下", "左下"] : missing))
            return result
        }
        // The QR code's centre, as printed and as found, must agree.
        let printed = transform.apply((page.qr.x_mm + page.qr.side_mm / 2, page.qr.y_mm + page.qr.side_mm / 2))
        let error = PageGeometry.distance(printed, qrCenter) / perMM
        result.placementError = error
        guard error < 3 else {
            result.status = .unreadable(.misplaced(error))
            return result
        }
        result.boxes = page.boxes.map { box in
            let ink = BoxInk.measure(oriented, box: box, transform: transform, pixelsPerMM: perMM, paper: paper)
            return (box, ink, BoxInk.classify(ink))
        }
        result.fields = page.fields.map { field in
            (field, BoxInk.fieldInk(oriented, field: field, transform: transform, pixelsPerMM: perMM, paper: paper))
        }
        result.image = oriented
        result.transform = transform
        result.pixelsPerMM = perMM
        return result
    }
}

extension PageReading {
    /// A crop around a rectangle of the ballot (mm), with `margin` mm about it, as PNG; with
    /// `frame`, a rectangle of the ballot (a box) drawn round in black, 0.8 mm outside it, so that
    /// the person sees which box of the row is asked about.
    public func crop(x: Double, y: Double, width: Double, height: Double, margin: Double, frame: BallotLayout.Box? = nil) -> [UInt8]? {
        guard let image, let transform else { return nil }
        let corners = [(x - margin, y - margin), (x + width + margin, y - margin), (x + width + margin, y + height + margin), (x - margin, y + height + margin)].map { transform.apply($0) }
        let x0 = Int(corners.map(\.x).min()!), y0 = Int(corners.map(\.y).min()!)
        let x1 = Int(corners.map(\.x).max()!.rounded(.up)), y1 = Int(corners.map(\.y).max()!.rounded(.up))
        var cut = image.crop(x: x0, y: y0, width: max(1, x1 - x0), height: max(1, y1 - y0))
        if let frame {
            let a = transform.apply((frame.x_mm - 0.8, frame.y_mm - 0.8)), b = transform.apply((frame.x_mm + frame.w_mm + 0.8, frame.y_mm + frame.h_mm + 0.8))
            let left = Int(a.x) - x0, top = Int(a.y) - y0, right = Int(b.x) - x0, bottom = Int(b.y) - y0
            let thick = max(2, Int(pixelsPerMM * 0.35))
            for row in max(0, top - thick)..<min(cut.height, bottom + thick) {
                for column in max(0, left - thick)..<min(cut.width, right + thick) {
                    let inside = row >= top && row < bottom && column >= left && column < right
                    if !inside { cut.pixels[row * cut.width + column] = 0 }
                }
            }
        }
        return try? CairoImages.png(cut)
    }

    /// The whole page as PNG (for a page no machine could place).
    static func wholePage(_ image: GreyImage) -> [UInt8]? { try? CairoImages.png(image) }
}

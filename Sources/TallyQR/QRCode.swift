import CPNG
import CQREncode

/// A QR code made by Debian's libqrencode, as a square of dark and light modules, and drawn as
/// SVG (for a print page) or PNG (for a .docx, through libpng). The only module that touches
/// either library.
public struct QRCode: Sendable, Equatable {
    /// How much of the symbol may be damaged and still read (a slip folded or smudged).
    public enum Correction: Sendable {
        /// About 7%.
        case low
        /// About 15%: slips.
        case medium
        /// About 25%.
        case quartile
        /// About 30%.
        case high

        var level: QRecLevel {
            switch self {
            case .low: QR_ECLEVEL_L
            case .medium: QR_ECLEVEL_M
            case .quartile: QR_ECLEVEL_Q
            case .high: QR_ECLEVEL_H
            }
        }
    }

    /// Why no code was made.
    public enum Failure: Error, Sendable, Equatable {
        /// The text is longer than the largest QR code holds at this correction.
        case tooLong(bytes: Int)
        /// The text holds a NUL byte (libqrencode reads C strings).
        case containsNUL
        /// libpng could not write the image (its message).
        case png(String)
    }

    /// Modules per side (21 for version 1, up to 177).
    public let width: Int
    /// `width × width` modules, row by row from the top; `true` is dark.
    public let modules: [Bool]

    /// The smallest QR code of `text` (UTF-8, 8-bit mode) at `correction`.
    public init(_ text: String, correction: Correction = .medium) throws(Failure) {
        guard !text.utf8.contains(0) else { throw .containsNUL }
        guard let symbol = QRcode_encodeString8bit(text, 0, correction.level) else { throw .tooLong(bytes: text.utf8.count) }
        defer { QRcode_free(symbol) }
        let width = Int(symbol.pointee.width)
        // libqrencode's bytes: the lowest bit says dark; the others are its own bookkeeping.
        let data = UnsafeBufferPointer(start: symbol.pointee.data, count: width * width)
        self.width = width
        modules = data.map { $0 & 1 == 1 }
    }

    /// Whether the module at `row`, `column` is dark.
    public func isDark(row: Int, column: Int) -> Bool { modules[row * width + column] }

    /// The quiet zone the standard asks around a symbol, in modules.
    public static let quietZone = 4

    /// An SVG of the code, `size` user units wide (with its quiet zone), dark modules as one
    /// path of unit squares; `crispEdges` so that a browser never blurs them.
    public func svg(size: Double) -> String {
        let side = width + 2 * Self.quietZone
        var path = ""
        for row in 0..<width {
            var column = 0
            while column < width {
                guard isDark(row: row, column: column) else {
                    column += 1
                    continue
                }
                var run = 1
                while column + run < width, isDark(row: row, column: column + run) { run += 1 }
                path += "M\(column + Self.quietZone) \(row + Self.quietZone)h\(run)v1h-\(run)z"
                column += run
            }
        }
        let number = size == size.rounded() ? String(Int(size)) : String(size)
        return #"<svg xmlns="http://www.w3.org/2000/svg" width="\#(number)" height="\#(number)" viewBox="0 0 \#(side) \#(side)" shape-rendering="crispEdges" role="img">"#
            + #"<rect width="\#(side)" height="\#(side)" fill="white"/><path d="\#(path)" fill="black"/></svg>"#
    }

    /// A greyscale PNG of the code with its quiet zone, each module `scale` pixels square.
    /// Deterministic: libpng writes no time or text chunk.
    public func png(scale: Int) throws(Failure) -> [UInt8] {
        let side = (width + 2 * Self.quietZone) * scale
        var pixels = [UInt8](repeating: 255, count: side * side)
        for row in 0..<width {
            for column in 0..<width where isDark(row: row, column: column) {
                let top = (row + Self.quietZone) * scale, left = (column + Self.quietZone) * scale
                for y in top..<top + scale {
                    for x in left..<left + scale { pixels[y * side + x] = 0 }
                }
            }
        }
        var image = png_image()
        image.version = png_uint_32(PNG_IMAGE_VERSION)
        image.width = png_uint_32(side)
        image.height = png_uint_32(side)
        image.format = png_uint_32(PNG_FORMAT_GRAY)
        var size: png_alloc_size_t = 0
        // First the size it needs, then the bytes (libpng's two-call memory API).
        defer { png_image_free(&image) }
        var bytes: [UInt8] = []
        if png_image_write_to_memory(&image, nil, &size, 0, pixels, png_int_32(side), nil) != 0 {
            bytes = [UInt8](repeating: 0, count: Int(size))
            let written = bytes.withUnsafeMutableBytes { buffer in
                png_image_write_to_memory(&image, buffer.baseAddress, &size, 0, pixels, png_int_32(side), nil)
            }
            if written != 0 { return Array(bytes.prefix(Int(size))) }
        }
        let message = withUnsafeBytes(of: image.message) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        throw .png(message)
    }
}

import CZBar

/// QR codes found in a grey image by Debian's libzbar (the same decoder as `zbarimg`).
public enum QRSymbols {
    /// One decoded symbol: its text and where its corners were found (pixels).
    public struct Symbol: Sendable, Equatable {
        public var text: String
        /// The symbol's outline as zbar reports it (four points for a QR code).
        public var points: [(x: Double, y: Double)]
        /// The mean of `points`.
        public var center: (x: Double, y: Double) {
            guard !points.isEmpty else { return (0, 0) }
            return (points.map(\.x).reduce(0, +) / Double(points.count), points.map(\.y).reduce(0, +) / Double(points.count))
        }

        public static func == (a: Symbol, b: Symbol) -> Bool {
            a.text == b.text && a.points.count == b.points.count && zip(a.points, b.points).allSatisfy { $0.x == $1.x && $0.y == $1.y }
        }
    }

    /// Every QR code zbar reads in `image`, in the order it reports them; empty when none.
    public static func read(_ image: GreyImage) -> [Symbol] {
        guard image.width > 0, image.height > 0, let scanner = zbar_image_scanner_create() else { return [] }
        defer { zbar_image_scanner_destroy(scanner) }
        zbar_image_scanner_set_config(scanner, ZBAR_NONE, ZBAR_CFG_ENABLE, 0)
        zbar_image_scanner_set_config(scanner, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1)
        guard let zimage = zbar_image_create() else { return [] }
        defer { zbar_image_destroy(zimage) }
        // 'Y800': 8-bit grey, one byte a pixel.
        let y800: UInt = 0x3030_3859
        zbar_image_set_format(zimage, y800)
        zbar_image_set_size(zimage, UInt32(image.width), UInt32(image.height))
        return image.pixels.withUnsafeBufferPointer { buffer -> [Symbol] in
            zbar_image_set_data(zimage, buffer.baseAddress, UInt(buffer.count), nil)
            guard zbar_scan_image(scanner, zimage) > 0 else { return [] }
            var symbols: [Symbol] = []
            var symbol = zbar_image_first_symbol(zimage)
            while let current = symbol {
                let length = Int(zbar_symbol_get_data_length(current))
                let bytes = zbar_symbol_get_data(current).map { UnsafeRawBufferPointer(start: $0, count: length) }
                let text = bytes.map { String(decoding: $0, as: UTF8.self) } ?? ""
                let corners = (0..<zbar_symbol_get_loc_size(current)).map {
                    (x: Double(zbar_symbol_get_loc_x(current, $0)), y: Double(zbar_symbol_get_loc_y(current, $0)))
                }
                symbols.append(Symbol(text: text, points: corners))
                symbol = zbar_symbol_next(current)
            }
            // Detach the pixels before they go out of scope.
            zbar_image_set_data(zimage, nil, 0, nil)
            return symbols
        }
    }
}

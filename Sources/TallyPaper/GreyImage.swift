/// A greyscale raster, row by row from the top-left: 0 is black, 255 white. What every scan
/// becomes before it is read, whatever it came as (a PDF page, a PNG).
public struct GreyImage: Sendable, Equatable {
    public let width: Int
    public let height: Int
    /// `width × height` bytes.
    public var pixels: [UInt8]

    /// An image of `width × height` pixels of `value` (white by default).
    public init(width: Int, height: Int, value: UInt8 = 255) {
        self.width = max(0, width)
        self.height = max(0, height)
        pixels = [UInt8](repeating: value, count: self.width * self.height)
    }

    public init(width: Int, height: Int, pixels: [UInt8]) {
        precondition(pixels.count == width * height, "a grey image holds width × height bytes")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// The pixel at column `x`, row `y`; white outside the image.
    @inlinable public func value(x: Int, y: Int) -> UInt8 {
        guard x >= 0, y >= 0, x < width, y < height else { return 255 }
        return pixels[y * width + x]
    }

    /// The part of the image in the rectangle (clipped to the image; white where it lies outside).
    public func crop(x: Int, y: Int, width w: Int, height h: Int) -> GreyImage {
        var out = GreyImage(width: w, height: h)
        for row in 0..<out.height {
            for column in 0..<out.width { out.pixels[row * out.width + column] = value(x: x + column, y: y + row) }
        }
        return out
    }

    /// The image turned half a turn (a page fed upside down).
    public func rotatedHalfTurn() -> GreyImage { GreyImage(width: width, height: height, pixels: pixels.reversed()) }
}

import CPangoCairo

/// Grey images to and from cairo's image surfaces: a rendered page made grey, crops written as PNG.
public enum CairoImages {
    /// A cairo image surface (RGB24, ARGB32 over white, or A8) as grey: 0.299 R + 0.587 G + 0.114 B.
    static func grey(_ surface: OpaquePointer?) -> GreyImage {
        let width = Int(cairo_image_surface_get_width(surface))
        let height = Int(cairo_image_surface_get_height(surface))
        let stride = Int(cairo_image_surface_get_stride(surface))
        let format = cairo_image_surface_get_format(surface)
        guard width > 0, height > 0, let data = cairo_image_surface_get_data(surface) else { return GreyImage(width: 0, height: 0) }
        var out = [UInt8](repeating: 255, count: width * height)
        for y in 0..<height {
            let row = data + y * stride
            for x in 0..<width {
                if format == CAIRO_FORMAT_A8 {
                    out[y * width + x] = 255 - row[x]
                    continue
                }
                // Native-endian 32-bit pixels: 0xAARRGGBB (premultiplied when ARGB32).
                let pixel = UnsafeRawPointer(row + 4 * x).loadUnaligned(as: UInt32.self)
                let alpha = format == CAIRO_FORMAT_ARGB32 ? Int(pixel >> 24) : 255
                let r = Int((pixel >> 16) & 0xFF), g = Int((pixel >> 8) & 0xFF), b = Int(pixel & 0xFF)
                let luminance = (299 * r + 587 * g + 114 * b) / 1000
                out[y * width + x] = UInt8(min(255, luminance + (255 - alpha)))
            }
        }
        return GreyImage(width: width, height: height, pixels: out)
    }

    final class Sink { var bytes: [UInt8] = [] }

    /// A cairo RGB24 image surface holding `image` (the caller destroys it); nil for an empty image.
    static func surface(_ image: GreyImage) -> OpaquePointer? {
        guard image.width > 0, image.height > 0 else { return nil }
        let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(image.width), Int32(image.height))
        guard let data = cairo_image_surface_get_data(surface) else {
            cairo_surface_destroy(surface)
            return nil
        }
        let stride = Int(cairo_image_surface_get_stride(surface))
        for y in 0..<image.height {
            let row = UnsafeMutableRawPointer(data + y * stride)
            for x in 0..<image.width {
                let v = UInt32(image.pixels[y * image.width + x])
                row.storeBytes(of: (v << 16) | (v << 8) | v, toByteOffset: 4 * x, as: UInt32.self)
            }
        }
        cairo_surface_mark_dirty(surface)
        return surface
    }

    /// `image` as PNG bytes (8-bit RGB, grey).
    public static func png(_ image: GreyImage) throws(PaperError) -> [UInt8] {
        guard let surface = surface(image) else { throw .drawing("an empty image has no PNG") }
        defer { cairo_surface_destroy(surface) }
        let sink = Sink()
        let write: cairo_write_func_t = { closure, data, length in
            guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
            Unmanaged<Sink>.fromOpaque(closure).takeUnretainedValue().bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
            return CAIRO_STATUS_SUCCESS
        }
        let status = cairo_surface_write_to_png_stream(surface, write, Unmanaged.passUnretained(sink).toOpaque())
        guard status == CAIRO_STATUS_SUCCESS else { throw .drawing(String(cString: cairo_status_to_string(status))) }
        return sink.bytes
    }
}

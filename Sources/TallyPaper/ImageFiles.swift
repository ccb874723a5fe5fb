import CGdkPixbuf
import Glibc

/// Scans saved as images (PNG, JPEG, TIFF — the formats a scanner or a phone writes), read by
/// Debian's gdk-pixbuf and turned grey.
public enum ImageFiles {
    /// The image at `path` as grey (0.299 R + 0.587 G + 0.114 B, transparency over white); a
    /// damaged or unknown file throws with gdk-pixbuf's words. A multi-page TIFF gives its first page.
    public static func read(path: String) throws(PaperError) -> GreyImage {
        var error: UnsafeMutablePointer<GError>?
        guard let pixbuf = gdk_pixbuf_new_from_file(path, &error) else {
            let message = error.map { String(cString: $0.pointee.message) } ?? "gdk-pixbuf could not read it"
            if let error { g_error_free(error) }
            throw .unreadableImage(path: path, message: message)
        }
        defer { g_object_unref(UnsafeMutableRawPointer(pixbuf)) }
        guard gdk_pixbuf_get_bits_per_sample(pixbuf) == 8, gdk_pixbuf_get_n_channels(pixbuf) >= 3 else {
            throw .unreadableImage(path: path, message: "not an 8-bit RGB image")
        }
        let image = grey(pixbuf)
        guard image.width > 0 else { throw .unreadableImage(path: path, message: "no pixels") }
        return image
    }
}

extension ImageFiles {
    /// `image` saved as JPEG at `quality` (1–100) by gdk-pixbuf and read back: what a scanner's
    /// compression does to a page.
    public static func jpegRoundTrip(_ image: GreyImage, quality: Int) throws(PaperError) -> GreyImage {
        guard image.width > 0, image.height > 0 else { return image }
        var rgb = [UInt8](repeating: 0, count: image.width * image.height * 3)
        for (index, v) in image.pixels.enumerated() {
            rgb[3 * index] = v
            rgb[3 * index + 1] = v
            rgb[3 * index + 2] = v
        }
        var error: UnsafeMutablePointer<GError>?
        var buffer: UnsafeMutablePointer<gchar>?
        var size: gsize = 0
        let saved: Bool = rgb.withUnsafeMutableBufferPointer { pixels in
            guard let pixbuf = gdk_pixbuf_new_from_data(
                pixels.baseAddress, GDK_COLORSPACE_RGB, 0, 8, Int32(image.width), Int32(image.height), Int32(image.width * 3), nil, nil)
            else { return false }
            defer { g_object_unref(UnsafeMutableRawPointer(pixbuf)) }
            var keys: [UnsafeMutablePointer<CChar>?] = [strdup("quality"), nil]
            var values: [UnsafeMutablePointer<CChar>?] = [strdup(String(max(1, min(100, quality)))), nil]
            defer {
                free(keys[0])
                free(values[0])
            }
            return gdk_pixbuf_save_to_bufferv(pixbuf, &buffer, &size, "jpeg", &keys, &values, &error) != 0
        }
        guard saved, let buffer else {
            let message = error.map { String(cString: $0.pointee.message) } ?? "gdk-pixbuf could not write JPEG"
            if let error { g_error_free(error) }
            throw .drawing(message)
        }
        defer { g_free(buffer) }
        let loader = gdk_pixbuf_loader_new_with_type("jpeg", nil)
        defer { g_object_unref(UnsafeMutableRawPointer(loader)) }
        let bytes = UnsafeRawPointer(buffer).assumingMemoryBound(to: guchar.self)
        guard gdk_pixbuf_loader_write(loader, bytes, size, nil) != 0, gdk_pixbuf_loader_close(loader, nil) != 0,
            let pixbuf = gdk_pixbuf_loader_get_pixbuf(loader)
        else { throw .drawing("gdk-pixbuf could not read its own JPEG") }
        return grey(pixbuf)
    }

    static func grey(_ pixbuf: OpaquePointer) -> GreyImage {
        let width = Int(gdk_pixbuf_get_width(pixbuf)), height = Int(gdk_pixbuf_get_height(pixbuf))
        let stride = Int(gdk_pixbuf_get_rowstride(pixbuf)), channels = Int(gdk_pixbuf_get_n_channels(pixbuf))
        let alpha = gdk_pixbuf_get_has_alpha(pixbuf) != 0
        guard width > 0, height > 0, channels >= 3, let data = gdk_pixbuf_read_pixels(pixbuf) else { return GreyImage(width: 0, height: 0) }
        var out = [UInt8](repeating: 255, count: width * height)
        for y in 0..<height {
            let row = data + y * stride
            for x in 0..<width {
                let p = row + x * channels
                let luminance = (299 * Int(p[0]) + 587 * Int(p[1]) + 114 * Int(p[2])) / 1000
                let a = alpha ? Int(p[3]) : 255
                out[y * width + x] = UInt8((luminance * a + 255 * (255 - a)) / 255)
            }
        }
        return GreyImage(width: width, height: height, pixels: out)
    }
}

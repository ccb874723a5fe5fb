import CPangoCairo
import CPoppler
import Foundation

/// A PDF's pages rasterised one at a time by Debian's poppler (a scanner's stack, or our own
/// ballot in the tests): only the page being read is held, so a 500-page scan reads in the
/// memory of one page.
public final class PDFPages {
    private let document: OpaquePointer
    /// The number of pages.
    public let count: Int

    /// Opens the PDF at `path`; a damaged, encrypted or non-PDF file throws with poppler's words.
    public init(path: String) throws(PaperError) {
        var error: UnsafeMutablePointer<GError>?
        guard let uri = g_filename_to_uri(URL(fileURLWithPath: path).standardizedFileURL.path, nil, &error) else {
            let message = error.map { String(cString: $0.pointee.message) } ?? "not a file name"
            if let error { g_error_free(error) }
            throw .unreadablePDF(path: path, message: message)
        }
        defer { g_free(uri) }
        guard let document = poppler_document_new_from_file(uri, nil, &error) else {
            let message = error.map { String(cString: $0.pointee.message) } ?? "poppler could not open it"
            if let error { g_error_free(error) }
            throw .unreadablePDF(path: path, message: message)
        }
        self.document = document
        count = Int(poppler_document_get_n_pages(document))
    }

    deinit { g_object_unref(UnsafeMutableRawPointer(document)) }

    /// Page `index` (0-based) at `dpi` dots per inch, on white; nil when the page is missing.
    public func render(page index: Int, dpi: Double) -> GreyImage? {
        guard index >= 0, index < count, let page = poppler_document_get_page(document, Int32(index)) else { return nil }
        defer { g_object_unref(UnsafeMutableRawPointer(page)) }
        var widthPt = 0.0
        var heightPt = 0.0
        poppler_page_get_size(page, &widthPt, &heightPt)
        let scale = dpi / 72
        let width = max(1, Int((widthPt * scale).rounded()))
        let height = max(1, Int((heightPt * scale).rounded()))
        let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(width), Int32(height))
        defer { cairo_surface_destroy(surface) }
        let cr = cairo_create(surface)
        cairo_set_source_rgb(cr, 1, 1, 1)
        cairo_paint(cr)
        cairo_scale(cr, scale, scale)
        poppler_page_render_for_printing(page, cr)
        cairo_destroy(cr)
        cairo_surface_flush(surface)
        return CairoImages.grey(surface)
    }
}

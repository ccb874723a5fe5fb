import CPangoCairo

/// A PDF drawn with Debian's cairo, its text laid out by pango in Noto CJK fonts: every length in
/// millimetres from the page's top-left corner, font sizes in points. The only code that touches
/// cairo's PDF surface or pango; the ballot's layout above it measures and places, this draws.
///
/// The output is deterministic: the same calls give the same bytes (the creation date is fixed,
/// hinting is off so that widths do not depend on the device). Text is drawn as glyph outlines.
public final class PDFCanvas {
    /// The font family of every text (fonts-noto-cjk).
    public static let family = "Noto Sans CJK SC"
    static let pointsPerMillimetre = 72.0 / 25.4

    public let widthMM: Double
    public let heightMM: Double
    private let sink: Sink
    private let surface: OpaquePointer
    private let cr: OpaquePointer
    private let context: OpaquePointer
    private var finished = false

    /// Where cairo's stream writes go.
    final class Sink {
        var bytes: [UInt8] = []
    }

    /// A PDF of pages `widthMM × heightMM` (A4: 210 × 297), with `title` in its metadata.
    public init(widthMM: Double = 210, heightMM: Double = 297, title: String) {
        self.widthMM = widthMM
        self.heightMM = heightMM
        sink = Sink()
        let write: cairo_write_func_t = { closure, data, length in
            guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
            let sink = Unmanaged<Sink>.fromOpaque(closure).takeUnretainedValue()
            sink.bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
            return CAIRO_STATUS_SUCCESS
        }
        surface = cairo_pdf_surface_create_for_stream(
            write, Unmanaged.passUnretained(sink).toOpaque(), widthMM * Self.pointsPerMillimetre, heightMM * Self.pointsPerMillimetre)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "tally")
        // A fixed date: the same ballot twice is the same file.
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, "2000-01-01T00:00:00Z")
        cr = cairo_create(surface)
        cairo_scale(cr, Self.pointsPerMillimetre, Self.pointsPerMillimetre)
        context = pango_cairo_create_context(cr)
        let options = cairo_font_options_create()
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
        pango_cairo_context_set_font_options(context, options)
        cairo_font_options_destroy(options)
        // Positions in millimetres: pango's default rounding to whole units would move every
        // glyph by up to half a millimetre.
        pango_context_set_round_glyph_positions(context, 0)
    }

    deinit {
        g_object_unref(UnsafeMutableRawPointer(context))
        cairo_destroy(cr)
        cairo_surface_destroy(surface)
    }

    /// How a text sits in its width.
    public enum Alignment: Sendable { case left, center }

    /// The height (mm) `text` takes wrapped to `width` mm at `size` points.
    public func measure(_ text: String, width: Double, size: Double, bold: Bool = false) -> Double {
        withLayout(text, width: width, size: size, bold: bold, alignment: .left) { layout in
            var ink = PangoRectangle()
            var logical = PangoRectangle()
            pango_layout_get_extents(layout, &ink, &logical)
            return Double(logical.height) / Double(PANGO_SCALE)
        }
    }

    /// Draws `text` wrapped to `width` mm with its top-left at (`x`, `y`); returns its height (mm).
    @discardableResult
    public func text(_ text: String, x: Double, y: Double, width: Double, size: Double, bold: Bool = false, alignment: Alignment = .left) -> Double {
        withLayout(text, width: width, size: size, bold: bold, alignment: alignment) { layout in
            cairo_set_source_rgb(cr, 0, 0, 0)
            cairo_move_to(cr, x, y)
            // As outlines, not as a font subset: Debian's cairo 1.16 drops some glyphs when it
            // subsets Noto Sans CJK's CFF (如 prints blank at the regular weight), and a ballot
            // must print every character. The PDF then has no text layer to copy from.
            pango_cairo_layout_path(cr, layout)
            cairo_fill(cr)
            var ink = PangoRectangle()
            var logical = PangoRectangle()
            pango_layout_get_extents(layout, &ink, &logical)
            return Double(logical.height) / Double(PANGO_SCALE)
        }
    }

    fileprivate func withUnwrapped(_ text: String, size: Double, bold: Bool) -> Double {
        withLayout(text, width: -1, size: size, bold: bold, alignment: .left) { layout in
            var ink = PangoRectangle()
            var logical = PangoRectangle()
            pango_layout_get_extents(layout, &ink, &logical)
            return Double(logical.width) / Double(PANGO_SCALE)
        }
    }

    private func withLayout<T>(_ text: String, width: Double, size: Double, bold: Bool, alignment: Alignment, _ body: (OpaquePointer) -> T) -> T {
        pango_cairo_update_context(cr, context)
        let layout = pango_layout_new(context)!
        defer { g_object_unref(UnsafeMutableRawPointer(layout)) }
        let font = pango_font_description_new()!
        defer { pango_font_description_free(font) }
        pango_font_description_set_family(font, Self.family)
        pango_font_description_set_weight(font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL)
        pango_font_description_set_absolute_size(font, size / Self.pointsPerMillimetre * Double(PANGO_SCALE))
        pango_layout_set_font_description(layout, font)
        pango_layout_set_width(layout, width < 0 ? -1 : Int32((width * Double(PANGO_SCALE)).rounded()))
        pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR)
        pango_layout_set_alignment(layout, alignment == .center ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT)
        pango_layout_set_text(layout, text, -1)
        return body(layout)
    }

    /// A rectangle, outlined with `line` mm (nil: none) and filled black when `filled`.
    public func rectangle(x: Double, y: Double, width: Double, height: Double, line: Double?, filled: Bool = false) {
        cairo_set_source_rgb(cr, 0, 0, 0)
        cairo_rectangle(cr, x, y, width, height)
        if filled { cairo_fill_preserve(cr) }
        if let line {
            cairo_set_line_width(cr, line)
            cairo_stroke(cr)
        } else {
            cairo_new_path(cr)
        }
    }

    /// A straight line `line` mm wide.
    public func line(from start: (Double, Double), to end: (Double, Double), width line: Double) {
        cairo_set_source_rgb(cr, 0, 0, 0)
        cairo_set_line_width(cr, line)
        cairo_move_to(cr, start.0, start.1)
        cairo_line_to(cr, end.0, end.1)
        cairo_stroke(cr)
    }

    /// Ends the page and begins the next.
    public func newPage() { cairo_show_page(cr) }

    /// Ends the last page and returns the PDF's bytes.
    public func finish() throws(PaperError) -> [UInt8] {
        if !finished {
            cairo_show_page(cr)
            cairo_surface_finish(surface)
            finished = true
        }
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else { throw .drawing(String(cString: cairo_status_to_string(status))) }
        return sink.bytes
    }
}

extension PDFCanvas {
    /// The width (mm) of `text` on one line at `size` points.
    public func width(of text: String, size: Double, bold: Bool = false) -> Double {
        withUnwrapped(text, size: size, bold: bold)
    }
}

extension PDFCanvas {
    /// Draws `image` filling the rectangle (a scanned page placed on a PDF page).
    public func image(_ image: GreyImage, x: Double, y: Double, width: Double, height: Double) {
        guard let surface = CairoImages.surface(image) else { return }
        defer { cairo_surface_destroy(surface) }
        cairo_save(cr)
        cairo_translate(cr, x, y)
        cairo_scale(cr, width / Double(image.width), height / Double(image.height))
        cairo_set_source_surface(cr, surface, 0, 0)
        cairo_paint(cr)
        cairo_restore(cr)
    }
}

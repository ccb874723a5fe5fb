/// Why a document could not be drawn, opened or read: the library's own words where it gives
/// them (poppler's, cairo's), never a participant's marks.
public enum PaperError: Error, Sendable, Equatable {
    /// The file is not a PDF poppler can open (damaged, encrypted, not a PDF): poppler's message.
    case unreadablePDF(path: String, message: String)
    /// The image file could not be read (not a PNG, damaged): cairo's status.
    case unreadableImage(path: String, message: String)
    /// cairo could not draw or write (its status).
    case drawing(String)
}

extension PaperError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .unreadablePDF(let path, let message):
            "error: \(path): not a PDF that can be read (\(message)). Scan the ballots to PDF again, or save the pages as PNG/JPEG/TIFF images."
        case .unreadableImage(let path, let message):
            "error: \(path): not an image that can be read (\(message)). Give a PDF, PNG, JPEG or TIFF scan."
        case .drawing(let message):
            "error: the PDF could not be drawn (cairo: \(message))."
        }
    }
}

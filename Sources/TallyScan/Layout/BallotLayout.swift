import Foundation

/// Where everything a machine reads is on a scannable ballot (`--layout layout.json`): per page,
/// its size and every box in millimetres from the page's top-left corner. `boxes` are the boxes
/// a choice is ticked in (the respondent's category with `question: "respondents"`); `fields`
/// are the places a participant writes (a score, an opinion), which a person reads.
public struct BallotLayout: Codable, Sendable, Equatable {
    public struct Box: Codable, Sendable, Equatable, Hashable {
        /// The question's id, or `respondents` for the category boxes.
        public var question: String
        /// A matrix row's label (the person rated); absent otherwise.
        public var row: String?
        /// The option's label.
        public var option: String
        public var x_mm: Double
        public var y_mm: Double
        public var w_mm: Double
        public var h_mm: Double
    }

    /// A place to write: a score (`number`) or an opinion (`text`).
    public struct Field: Codable, Sendable, Equatable {
        public var question: String
        public var row: String?
        /// `number` or `text`.
        public var kind: String
        public var x_mm: Double
        public var y_mm: Double
        public var w_mm: Double
        public var h_mm: Double
    }

    /// One of the four corner marks: a filled square centred at (`x_mm`, `y_mm`).
    public struct Mark: Codable, Sendable, Equatable {
        public var x_mm: Double
        public var y_mm: Double
        public var side_mm: Double
    }

    public struct Page: Codable, Sendable, Equatable {
        /// 1, 2, …
        public var page: Int
        public var width_mm: Double
        public var height_mm: Double
        /// Top-left, top-right, bottom-right, bottom-left.
        public var marks: [Mark]
        /// The page's QR code: its top-left corner and side, quiet zone included.
        public var qr: Mark
        public var boxes: [Box]
        public var fields: [Field]
    }

    /// The form's id and the unit the ballot is for.
    public var form: String
    public var unit: String
    public var pages: [Page]

    /// The layout as JSON, keys sorted, numbers to 0.01 mm: the same layout, the same bytes.
    public func json() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(rounded())) ?? Data()
    }

    /// Reads a layout written by `json()`.
    public static func read(_ data: Data) throws -> BallotLayout { try JSONDecoder().decode(BallotLayout.self, from: data) }

    func rounded() -> BallotLayout {
        func r(_ v: Double) -> Double { (v * 100).rounded() / 100 }
        var copy = self
        for p in copy.pages.indices {
            copy.pages[p].boxes = copy.pages[p].boxes.map { Box(question: $0.question, row: $0.row, option: $0.option, x_mm: r($0.x_mm), y_mm: r($0.y_mm), w_mm: r($0.w_mm), h_mm: r($0.h_mm)) }
            copy.pages[p].fields = copy.pages[p].fields.map { Field(question: $0.question, row: $0.row, kind: $0.kind, x_mm: r($0.x_mm), y_mm: r($0.y_mm), w_mm: r($0.w_mm), h_mm: r($0.h_mm)) }
        }
        return copy
    }
}

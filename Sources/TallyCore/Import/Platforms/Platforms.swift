/// Every platform Tally knows, and what the importer takes from all of them together.
enum Platforms {
    /// In the order a header is tried against them (the first that recognises it wins);
    /// `generic` last.
    static let all: [Platform] = [
        .wenjuanxingText, .tencent, .limeSurvey, .limeSurveyFullText, .qualtrics, .kobo, .googleForms, .jinshuju, .generic,
    ]

    /// The platform that wrote a header (cells trimmed and width-folded).
    static func platform(of headers: [String]) -> Platform {
        let set = Set(headers)
        return all.first { $0.recognises(headers, set) } ?? .generic
    }

    /// Which platform wrote a header (cells trimmed and width-folded). 问卷星's two downloads
    /// share their metadata columns: `numberedHeaders` (`第N题(…)` columns) tells them apart.
    static func recognise(_ headers: [String], numberedHeaders: Bool) -> ExportShape {
        let set = Set(headers)
        let platform = all.first { $0.recognises(headers, set) } ?? .generic
        return platform.shape == .wjxText && numberedHeaders ? .wjxNumbered : platform.shape
    }

    /// Duration columns, tried in this order after a form's own `duration_column`s.
    static let durationColumns: [String] = [Platform.wenjuanxingText, .tencent, .jinshuju, .generic, .limeSurvey, .qualtrics]
        .flatMap(\.durationColumns)

    /// Start and end timestamp columns, when no duration column is found.
    static let startEnd: [(start: String, end: String)] = all.compactMap(\.startEnd)

    /// Columns that are empty for unfinished responses (compared without case).
    static let completionColumns: [String] = all.flatMap(\.completionColumns)

    /// Cells that mean "no answer": empty, or any platform's marker.
    static let missingMarkers: Set<String> = Set([""] + ([Platform.wenjuanxingNumbered] + all).flatMap(\.missingMarkers))

    /// Where a multi-select cell is split once labels are found: every platform's joins.
    static let multiSelectSeparators: Set<Character> = ["┋", "|", ";", "；", ",", "，", "、", " ", "\n", "\r", "\t"]
}

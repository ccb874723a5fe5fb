/// Every platform Tally knows, and what the importer takes from all of them together.
enum Platforms {
    /// In the order a header is tried against them (the first that recognises it wins);
    /// `generic` last.
    static let all: [Platform] = [
        .wenjuanxingText, .tencent, .microsoftForms, .limeSurvey, .limeSurveyFullText, .qualtrics, .wenjuanwang, .kobo, .googleForms, .jinshuju, .generic,
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

    /// Why a header is taken for a platform's, in words (`inspect`).
    static func reason(_ headers: [String]) -> String {
        let trimmed = headers.map { TextFolding.trim(TextFolding.foldWidth($0)) }
        let test = platform(of: trimmed).recognition
        if !test.startsWith.isEmpty {
            if Array(trimmed.prefix(test.startsWith.count)) == test.startsWith { return "the header starts with " + test.startsWith.joined(separator: ",") }
            return "it has the columns " + test.twoOf.filter(trimmed.contains).joined(separator: ", ")
        }
        if !test.firstColumn.isEmpty { return "the first column is " + (trimmed.first ?? "") }
        let found = (test.hasColumn + test.alongside).filter(trimmed.contains)
        if !found.isEmpty {
            return "it has the column" + (found.count == 1 ? " " : "s ") + found.joined(separator: ", ")
        }
        if let mark = test.headerMarks.first(where: { mark in trimmed.contains { $0.contains(mark) } }) {
            return "a header carries \(mark)"
        }
        return "no platform's columns were found; questions are found by their header text"
    }

    /// Duration columns, tried in this order after a form's own `duration_column`s.
    static let durationColumns: [String] = [Platform.wenjuanxingText, .tencent, .jinshuju, .generic, .limeSurvey, .qualtrics, .wenjuanwang]
        .flatMap(\.durationColumns)

    /// Start and end timestamp columns, when no duration column is found.
    static let startEnd: [(start: String, end: String)] = all.flatMap(\.startEnd)

    /// Columns that are empty for unfinished responses (compared without case).
    static let completionColumns: [String] = all.flatMap(\.completionColumns)

    /// Cells that mean "no answer": empty, or any platform's marker.
    static let missingMarkers: Set<String> = Set([""] + ([Platform.wenjuanxingNumbered] + all).flatMap(\.missingMarkers))

    /// Where a multi-select cell is split once labels are found: every platform's joins.
    static let multiSelectSeparators: Set<Character> = ["┋", "|", ";", "；", ",", "，", "、", " ", "\n", "\r", "\t"]
}

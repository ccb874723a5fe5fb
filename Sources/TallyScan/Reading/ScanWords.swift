import Foundation
import TallyCSV

/// The words of the scan's reports (a clerk reads them): why a page was not placed, and the
/// files `tally scan` writes.
public enum ScanWords {
    /// Why a page could not be placed, and what to do.
    public static func problem(_ problem: PageProblem, layout: BallotLayout) -> String {
        switch problem {
        case .noCode: "找不到页面二维码（不是本工具打印的测评票，或二维码被遮挡、污损）：请人工录入"
        case .notABallot: "页面上的二维码不是本工具测评票的：请人工录入"
        case .otherForm(let id): "这是另一种表单（\(id)）的测评票，不是 \(layout.form) 的：请按它的表单另行读取"
        case .otherUnit: "这是为另一单位打印的测评票，不是“\(layout.unit)”的：请按它的单位另行读取"
        case .otherLayout: "这张票的版式与本单位现在的测评票不同（打印后表单或工具版本变了）：请用打印时写出的版式文件读取（tally scan --layout），或人工录入"
        case .noSuchPage(let page): "二维码说是第\(page)页，这张票没有这一页：请人工录入"
        case .marksMissing(let which): "找不到\(which.joined(separator: "、"))角的定位黑块（页面被裁切、折角或遮挡）：请重扫或人工录入"
        case .misplaced(let mm): "定位黑块与二维码的位置对不上（差\(String(format: "%.1f", mm))毫米，页面可能变形或不是整页）：请重扫或人工录入"
        }
    }

    /// The response file's name in the output folder.
    public static func responseFileName(unit: String) -> String { "扫描票-\(unit).csv" }

    /// `scan-pages.csv`: one line per page read.
    public static func pagesCSV(_ result: ScanResult) -> [UInt8] {
        var writer = CSVWriter()
        writer.append(["文件", "页", "状态", "说明", "票页", "张", "倒置", "页哈希", "整页图"])
        for line in result.pages {
            writer.append([
                line.file, String(line.page), line.status, line.note, line.ballotPage, line.sheet.map(String.init) ?? "", line.upsideDown ? "是" : "", line.hash,
                line.image ?? "",
            ])
        }
        return writer.bytes
    }

    /// `scan-review.csv`: every item for a person; the 判定 column is theirs to fill (选 / 不选,
    /// or what a handwritten field says) and the file goes back as `--decisions`.
    public static func reviewCSV(_ result: ScanResult) -> [UInt8] {
        var writer = CSVWriter()
        writer.append(["编号", "类型", "文件", "页", "张", "题目", "对象", "选项", "墨迹", "裁图", "判定"])
        for item in result.review {
            writer.append([
                item.id, item.kind.rawValue, item.file, String(item.page), String(item.sheet), item.question, item.row ?? "", item.option ?? "",
                String(format: "%.0f%%", item.ink * 100), item.crop, item.decision ?? "",
            ])
        }
        return writer.bytes
    }

    /// Why a decisions file could not be used.
    public enum DecisionsError: Error, Sendable, Equatable {
        /// The file has no 编号 or no 判定 column.
        case missingColumn(file: String, column: String)
    }

    /// The decisions of a filled-in `scan-review.csv`: id → decision, rows with an empty 判定 left out.
    public static func decisions(path: String) throws -> [String: String] {
        let reader = try CSVReader(path: path)
        var idColumn: Int?, decisionColumn: Int?
        var decisions: [String: String] = [:]
        var first = true
        try reader.forEachRecord { record in
            if first {
                first = false
                idColumn = record.fields.firstIndex { $0.trimmingCharacters(in: .whitespaces) == "编号" }
                decisionColumn = record.fields.firstIndex { $0.trimmingCharacters(in: .whitespaces) == "判定" }
                return
            }
            guard let idColumn, let decisionColumn, idColumn < record.fields.count, decisionColumn < record.fields.count else { return }
            let decision = record.fields[decisionColumn].trimmingCharacters(in: .whitespaces)
            if !decision.isEmpty { decisions[record.fields[idColumn].trimmingCharacters(in: .whitespaces)] = decision }
        }
        if idColumn == nil { throw DecisionsError.missingColumn(file: path, column: "编号") }
        if decisionColumn == nil { throw DecisionsError.missingColumn(file: path, column: "判定") }
        return decisions
    }
}

extension ScanSession {
    /// The response file of `result`'s sheets: the keying sheet's columns (票号 = the sheet's
    /// number) and a last column 扫描页 naming each sheet's pages.
    public func responseFile(_ result: ScanResult) -> [UInt8] {
        var writer = CSVWriter()
        writer.append(ballot.header + ["扫描页"])
        for (index, sheet) in result.sheets.enumerated() {
            writer.append(ballot.row(number: index + 1, group: sheet.group, unit: layout.unit, answers: sheet.answers) + [sheet.pages])
        }
        return writer.bytes
    }
}

extension ScanWords.DecisionsError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .missingColumn(let file, let column):
            "error: \(file): no column \(column). Give the scan-review.csv that tally scan wrote, with the 判定 column filled in (选 / 不选, or what a handwritten field says)."
        }
    }
}

extension ScannableBallotError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .rowTooTall(let question):
            "error: “\(question)” is too long for one page of the ballot: shorten the question's text in the form."
        }
    }
}

import Foundation
import Hummingbird
import TallyCore
import TallyRender

/// A run's page: its status, messages and downloads, named for what they are.
extension TallyServer {
    struct RunPage {
        struct Link {
            var href: String
            var label: String
        }
        struct UnitRow {
            var name: String
            /// The name percent-encoded for a link's query (stored: Mustache reads stored properties).
            var query: String
            var view: String
            var files: [Link]
            var hasMore: Bool
            var more: [Link]
        }
        struct Cell {
            var label: String
            var text: String
            var short: Bool
        }
        struct Row { var cells: [Cell] }

        var id: Int64
        var number: Int
        var campaign: Int64
        var title: String
        var status: String
        var errors: [String]
        var warnings: [String]
        var done: Bool
        var units: [UnitRow]
        var rejectedCount: Int
        var hasRejected: Bool
        var rejected: [Row]
        var placeholder = "{{tally:findings}}"
        var csrf: String
    }

    /// The columns of the rejected table: the unit's, then rejected.csv's.
    static let rejectedColumns = ["单位", "文件", "行", "记录", "列", "内容", "原因"]

    /// A unit's files a clerk opens, in the order they are listed.
    static let mainFiles = ["findings.docx", "appendix.docx", "report.docx", "ballots.csv", "rejected.csv"]

    /// What a unit's output file is, for its link and its download's name; the files a clerk
    /// opens first are `mainFiles`, the rest go under 更多.
    static func fileWords(_ name: String) -> (label: String, download: String)? {
        switch name {
        case "findings.docx": ("测评情况（Word 文档）", "测评情况.docx")
        case "appendix.docx": ("数据明细（Word 文档）", "数据明细.docx")
        case "report.docx": ("单位报告（已放入测评情况）", "报告.docx")
        case "ballots.csv": ("计票清单（表格）", "计票清单.csv")
        case "rejected.csv": ("无效票和无效答案（表格）", "无效票.csv")
        case "findings.html": ("测评情况（网页）", "测评情况.html")
        case "findings.md": ("测评情况（纯文本）", "测评情况.md")
        case "appendix.md": ("数据明细（纯文本）", "数据明细.md")
        case "report.md": ("单位报告（纯文本，已放入测评情况）", "报告.md")
        default: nil
        }
    }

    /// The name a run's file downloads as: `县公安局-测评情况.docx`, `测评结果汇总.html`; a file
    /// without words of its own keeps its folder's name before its own.
    static func downloadName(_ path: String) -> String {
        let parts = path.split(separator: "/").map(String.init)
        guard let name = parts.last else { return "file" }
        if parts.count == 1 {
            switch name {
            case "summary.html": return "测评结果汇总.html"
            case "summary.md": return "测评结果汇总.md"
            case "results.json": return "测评结果数据.json"
            default: return name
            }
        }
        return "\(parts[0])-\(fileWords(name)?.download ?? name)"
    }

    static func href(_ run: Int64, _ path: String) -> String {
        "/runs/\(run)/files/" + (path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? path)
    }

    func runPage(_ request: Request, id: Int64) throws -> Response {
        guard let record = try store.run(id), let campaign = try store.campaign(record.campaignId) else { throw ServerError.notFound("run \(id)") }
        let run = view(record, files: true)
        let files = run.files ?? []
        // The run's own folders, in the campaign's unit order where a unit still has that name.
        let folders = Set(files.compactMap { $0.contains("/") ? String($0.split(separator: "/")[0]) : nil }).subtracting([OutputFiles.unassignedFolder])
        let ordered = OutputFiles.folderNames(try store.units(of: campaign.id!).map(\.name)).filter(folders.contains)
        let units = (ordered + folders.subtracting(ordered).sorted()).map { folder in
            let mine = files.filter { $0.hasPrefix(folder + "/") }
            let main = Self.mainFiles.compactMap { name in
                mine.contains(folder + "/" + name) ? Self.fileWords(name).map { RunPage.Link(href: Self.href(id, folder + "/" + name), label: $0.label) } : nil
            }
            let more = mine.map { String($0.dropFirst(folder.count + 1)) }.filter { !Self.mainFiles.contains($0) }
                .map { name in RunPage.Link(href: Self.href(id, folder + "/" + name), label: Self.fileWords(name)?.label ?? name) }
            return RunPage.UnitRow(name: folder, query: Pages.query(folder), view: Self.href(id, folder + "/findings.html"), files: main, hasMore: !more.isEmpty, more: more)
        }
        // Rejected ballots and answers, as a table.
        var rejected: [[String]] = []
        for file in files where file.hasSuffix("rejected.csv") {
            guard let url = engine.file(of: id, path: file), let text = try? String(contentsOf: url, encoding: .utf8) else { continue }
            for line in text.split(whereSeparator: \.isNewline).dropFirst() {
                var cells = Self.csvCells(String(line))
                // The file as it was uploaded: the campaign folder names it responses/<upload>-<name>.
                if let path = cells.first { cells[0] = Engine.uploadedName(path) }
                rejected.append([String(file.dropLast("/rejected.csv".count))] + cells)
            }
        }
        let page = RunPage(
            id: id, number: record.number ?? Int(id), campaign: campaign.id!, title: campaign.title, status: Pages.statusWord(run.status),
            errors: run.errors, warnings: run.warnings, done: run.status == "done", units: units, rejectedCount: rejected.count,
            hasRejected: !rejected.isEmpty,
            rejected: rejected.prefix(500).map { row in
                RunPage.Row(cells: zip(Self.rejectedColumns, row).map { RunPage.Cell(label: $0, text: $1, short: $1.count <= 6) })
            },
            csrf: csrf(request) ?? "")
        return render("run", title: "第\(page.number)次统计", page, request)
    }
}

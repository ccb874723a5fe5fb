import Foundation
import Hummingbird
import TallyCore
import TallyRender

/// A page for a participant with only words on it: a used or unknown code, a closed unit, thanks.
struct BallotMessage {
    var title: String
    var message: String
    var done = false
    /// The page to type a code on (`/b`), with the mistake when one was typed.
    var askCode = false
    var error: String? = nil
    var script = ""

    static func typeCode(error: String?) -> BallotMessage {
        BallotMessage(title: "扫码测评", message: "请输入测评票上的测评码（11位，字母不分大小写）", askCode: true, error: error)
    }
}

/// The phone ballot (Server/Templates/phone-ballot.mustache): the form's questions as inputs named by
/// position (`q3`, a matrix row `q3r0`), with what was chosen before kept (a refusal, the
/// confirmation step).
struct BallotView {
    struct Option {
        var label: String
        var checked: Bool
    }
    struct Row {
        var label: String
        var name: String
        var options: [Option]
        /// A numeric matrix's number as typed.
        var value: String
    }
    struct Rule {
        var words: String
        var option: String?
        /// A numeric matrix's bounds, as the page's script compares them.
        var atLeast: String?
        var below: String?
        var max: Int?
        var min: Int?
    }
    struct Item {
        var number: Int
        var text: String
        var name: String
        var single: Bool
        var multi: Bool
        /// 可多选 after the text, unless the text says it.
        var multiHint: Bool
        var matrix: Bool
        var numericMatrix: Bool
        var isNumber: Bool
        var isText: Bool
        var options: [Option]
        var rows: [Row]
        var maxChoices: Int?
        var rules: [Rule]
        /// Rules the page does not count (one answer for everyone), said above the matrix.
        var notes: [String]
        var value: String
        var minimum: String?
        var maximum: String?
        var range: String?
    }

    var code: String
    var title: String
    var unit: String
    var group: String?
    var noun: String
    var instructions: [String]
    var items: [Item]
    var error: String? = nil
    var confirming = false
    var script = CollectionScripts.ballot

    init(code: String, entry: CodeEntry, ballot: PhoneBallot, fields: [String: [String]]) {
        self.code = code
        title = ballot.title
        unit = entry.unit
        group = entry.group
        noun = ballot.survey ? "问卷" : "测评票"
        var instructions: [String] = []
        if ballot.items.contains(where: { !$0.numeric && $0.kind != "text" }) { instructions.append("每题选一项；注明可多选的题目可选多项。") }
        if ballot.items.contains(where: \.numeric) { instructions.append("评分题请在每人的格中填写分数，分数范围见题目。") }
        instructions.append("本\(noun)不记名，提交后不能修改；测评码只能使用一次。")
        self.instructions = instructions
        func plain(_ value: Double?) -> String? {
            value.map { $0 == $0.rounded() && abs($0) < 1e15 ? String(Int($0)) : String($0) }
        }
        items = ballot.items.enumerated().map { index, item in
            let name = "q\(index)"
            let chosen = fields[name] ?? []
            let rows = item.rows.enumerated().map { rowIndex, label in
                let rowName = "\(name)r\(rowIndex)"
                return Row(
                    label: label, name: rowName, options: item.options.map { Option(label: $0, checked: fields[rowName]?.first == $0) },
                    value: fields[rowName]?.first ?? "")
            }
            let range = item.numeric ? plain(item.minimum).flatMap { low in plain(item.maximum).map { "\(low)～\($0)" } } : nil
            return Item(
                number: index + 1, text: item.text, name: name, single: item.kind == "single", multi: item.kind == "multi",
                multiHint: item.kind == "multi" && !item.text.contains("多选"),
                matrix: item.kind == "matrix" && !item.numeric, numericMatrix: item.kind == "matrix" && item.numeric,
                isNumber: item.kind == "number", isText: item.kind == "text",
                options: item.options.map { Option(label: $0, checked: chosen.contains($0)) },
                rows: rows,
                maxChoices: item.maxChoices,
                rules: item.rules.filter { !$0.sameAnswerEverywhere }.map {
                    Rule(words: ClerkWords.rule($0), option: $0.option, atLeast: plain($0.atLeast), below: plain($0.below), max: $0.maxRows, min: $0.minRows)
                },
                notes: item.rules.filter(\.sameAnswerEverywhere).map(ClerkWords.rule),
                value: chosen.first ?? "", minimum: plain(item.minimum), maximum: plain(item.maximum), range: range)
        }
    }

    /// The answers the page's fields give (unanswered questions left out).
    static func answers(_ fields: [String: [String]], ballot: PhoneBallot) -> [String: PhoneBallot.Answer] {
        var answers: [String: PhoneBallot.Answer] = [:]
        for (index, item) in ballot.items.enumerated() {
            let name = "q\(index)"
            let given = (fields[name] ?? []).filter { !$0.isEmpty }
            switch item.kind {
            case "multi":
                if !given.isEmpty { answers[item.id] = .options(given) }
            case "matrix":
                var rows: [String: String] = [:]
                for (rowIndex, label) in item.rows.enumerated() {
                    if let value = fields["\(name)r\(rowIndex)"]?.first?.trimmingCharacters(in: .whitespaces), !value.isEmpty { rows[label] = value }
                }
                if !rows.isEmpty { answers[item.id] = .rows(rows) }
            case "text":
                if let text = given.first?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty { answers[item.id] = .option(text) }
            default:
                if let value = given.first?.trimmingCharacters(in: .whitespaces), !value.isEmpty { answers[item.id] = .option(value) }
            }
        }
        return answers
    }
}

extension TallyServer {
    struct CollectPage {
        struct GroupCount {
            var label: String
            var field: String
            var issued: Int
            var returned: Int
        }
        struct UnitCard {
            var name: String
            var state: String
            var open: Bool
            var closed: Bool
            var started: Bool
            var groups: [GroupCount]
            var plain: Bool
            var issued: Int
            var returned: Int
            var slips: String
            var slipsDocx: String
            var paperIssued: Int?
        }
        var id: Int64
        var title: String
        var units: [UnitCard]
        var notice: String?
        var error: String?
        /// Said when the page was opened by a loopback address, which the slips' QR codes would carry.
        var loopback: String?
        var csrf: String
    }

    /// The team's 扫码测评 page: per unit, codes to issue per category, slips to print, ballots
    /// returned of codes issued, and closing (or reopening) its collection.
    func collectPage(_ request: Request, id: Int64, notice: String? = nil, error: String? = nil, status: HTTPResponse.Status = .ok) throws -> Response {
        guard let campaign = try store.campaign(id) else { throw ServerError.notFound("campaign \(id)") }
        let progress = try store.progress(of: id)
        let cards = try store.units(of: id).map { unit -> CollectPage.UnitCard in
            let groups = (try? engine.form(campaign, unit.form ?? campaign.form)).map { PhoneBallot(form: $0).groups } ?? []
            let mine = progress.filter { $0.unit == unit.name }
            let collection = try store.collection(of: unit.id!)
            let link = "/api/v1/campaigns/\(id)/units/\(Pages.query(unit.name))/slips"
            return CollectPage.UnitCard(
                name: unit.name,
                state: collection == nil ? "未发放测评码" : collection!.closed ? "已结束收票" : "正在收票",
                open: collection?.closed == false, closed: collection?.closed == true, started: collection != nil,
                groups: groups.enumerated().map { index, label in
                    let line = mine.first { $0.group == label }
                    return CollectPage.GroupCount(label: label, field: "n\(index)", issued: line?.issued ?? 0, returned: line?.returned ?? 0)
                },
                plain: groups.isEmpty, issued: mine.reduce(0) { $0 + $1.issued }, returned: mine.reduce(0) { $0 + $1.returned },
                slips: link + "?format=html", slipsDocx: link, paperIssued: unit.issued)
        }
        let base = publicBase(request)
        let loopback = Self.isLoopbackBase(base)
            ? "这个页面是用本机地址（\(base)）打开的，测评票二维码中的地址也会是它，手机无法访问。请在服务器以局域网地址启动后（tally-server --host 0.0.0.0 并设置密码，见 docs/web.md），用那个地址打开本页再打印测评票。"
            : nil
        let page = CollectPage(id: id, title: campaign.title, units: cards, notice: notice, error: error, loopback: loopback, csrf: csrf(request) ?? "")
        return render("collect", title: "扫码测评 - \(campaign.title)", page, request, status: status)
    }

    struct ProgressPage {
        struct Line {
            var unit: String
            var group: String
            var key: String
            var counts: String
        }
        var title: String
        var source: String
        var lines: [Line]
        var script = CollectionScripts.progress
    }

    /// The screen for the room: per unit and category, 已收回 x / 发出 y, refreshed every 3 s.
    func progressPage(_ request: Request, id: Int64) throws -> Response {
        guard let campaign = try store.campaign(id) else { throw ServerError.notFound("campaign \(id)") }
        let lines = try store.progress(of: id).map {
            ProgressPage.Line(unit: $0.unit, group: $0.group ?? "—", key: $0.unit + "\u{1F}" + ($0.group ?? ""), counts: "\($0.returned) / \($0.issued)")
        }
        return ServerResponses.html(PageRenderer.shared.render(
            "progress", ProgressPage(title: campaign.title, source: "/api/v1/campaigns/\(id)/progress", lines: lines)))
    }
}

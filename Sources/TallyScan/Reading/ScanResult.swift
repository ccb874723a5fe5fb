import Foundation
import TallyCore
import TallyCSV

/// A box or a field a person must decide: a doubtful mark, two marks where one is asked, or
/// handwriting (a score, an opinion) to be keyed.
public struct ReviewItem: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// Ink neither clearly a mark nor clearly none (or nearly filled): 选 or 不选.
        case doubtful = "勾选存疑"
        /// More than one box marked where one answer is asked: 选 or 不选, box by box.
        case clash = "一题多选"
        /// A score or an opinion written by hand: the decision is what it says.
        case handwriting = "手写内容"
    }

    /// `<page hash 8>-b<box>` or `-f<field>`: the same page gives the same id in every run.
    public var id: String
    public var kind: Kind
    public var file: String
    public var page: Int
    public var sheet: Int
    public var question: String
    public var row: String?
    public var option: String?
    /// The ink share measured (0…1); for handwriting, of the field.
    public var ink: Double
    /// The crop's path under the output folder.
    public var crop: String
    /// The person's decision as given (`--decisions`), nil while undecided.
    public var decision: String?

    /// For a box: `true` chosen, `false` not, nil undecided or not understood.
    var chosen: Bool? {
        guard let decision = decision?.trimmingCharacters(in: .whitespaces) else { return nil }
        if ["选", "是", "√", "✓", "1", "y", "yes", "已选"].contains(decision.lowercased()) { return true }
        if ["不选", "否", "×", "✗", "0", "n", "no", "未选", "空"].contains(decision.lowercased()) { return false }
        return nil
    }
}

/// What a scan gave: each page's line (`scan-pages.csv`), the review items, the complete sheets'
/// answers, the sheets missing a page, and the crops and unplaced pages to write.
public struct ScanResult: Sendable {
    /// One line of `scan-pages.csv`.
    public struct PageLine: Sendable, Equatable {
        public var file: String
        public var page: Int
        /// 已读, 需复核, 无法识别, 空白页, 重复, 缺页.
        public var status: String
        public var note: String
        public var ballotPage: String
        public var sheet: Int?
        public var upsideDown: Bool
        public var hash: String
        /// The whole page's image under the output folder, for a page that could not be placed.
        public var image: String?
    }

    public var pages: [PageLine] = []
    public var review: [ReviewItem] = []
    /// Decisions given for items no page of this scan has (ids as given).
    public var unmatchedDecisions: [String] = []
    /// Items whose decision was given but not understood.
    public var unclearDecisions: [String] = []
    /// Complete sheets, in order: their pages and answers.
    public var sheets: [(pages: String, group: String?, answers: [String: PhoneBallot.Answer])] = []
    /// Sheets missing a page: which pages came.
    public var incompleteSheets: [String] = []
    /// Crops and whole pages: path under the output folder → PNG.
    public var images: [(path: String, bytes: [UInt8])] = []

    /// Items still to decide.
    public var pending: [ReviewItem] { review.filter { $0.kind == .handwriting ? $0.decision == nil : $0.chosen == nil } }
    /// Pages that could not be placed.
    public var unreadable: Int { pages.filter { $0.status == "无法识别" }.count }
}

extension ScanSession {
    /// Gathers the pages read into sheets and answers, applying `decisions` (review id → decision).
    public func result(decisions: [String: String] = [:]) -> ScanResult {
        var result = ScanResult()
        var used = Set<String>()
        // Sheets: runs of pages 1…n.
        var current: [(page: ScannedPage, line: Int)] = []
        var sheetCount = 0
        var sheetsPages: [[(page: ScannedPage, line: Int)]] = []

        func closeCurrent(complete: Bool) {
            guard !current.isEmpty else { return }
            if complete {
                sheetsPages.append(current)
            } else {
                let names = current.map { "\($0.page.file) 第\($0.page.index)页" }.joined(separator: "、")
                result.incompleteSheets.append(names)
                for entry in current {
                    result.pages[entry.line].status = "缺页"
                    result.pages[entry.line].note = "这张票的其他页没有接着扫到（共\(layout.pages.count)页）：未计入，请找到整张票重扫，或人工录入"
                }
            }
            current = []
        }

        for page in pages {
            var line = ScanResult.PageLine(file: page.file, page: page.index, status: "", note: "", ballotPage: "", sheet: nil, upsideDown: false, hash: String(page.hash.prefix(16)), image: nil)
            if page.empty {
                line.status = "无法识别"
                line.note = "PDF 里没有页面"
                result.pages.append(line)
                continue
            }
            if let first = page.repeatOf {
                line.status = "重复"
                line.note = "与\(first)完全相同：同一张扫描件又给了一次，只计一次"
                result.pages.append(line)
                continue
            }
            guard let reading = page.reading else { continue }
            line.upsideDown = reading.upsideDown
            switch reading.status {
            case .blank:
                line.status = "空白页"
                line.note = "没有字迹（双面扫描的背面）：跳过"
                result.pages.append(line)
                continue
            case .unreadable(let problem):
                line.status = "无法识别"
                line.note = ScanWords.problem(problem, layout: layout)
                let path = "scan-review/\(page.file)-第\(page.index)页.png"
                if let png = page.wholePage {
                    result.images.append((path, png))
                    line.image = path
                }
                result.pages.append(line)
                continue
            case .read:
                break
            }
            let number = reading.page ?? 1
            line.ballotPage = "\(number)/\(reading.pages ?? layout.pages.count)"
            line.status = "已读"
            result.pages.append(line)
            let lineIndex = result.pages.count - 1
            if number == 1 {
                closeCurrent(complete: false)
            } else if current.last.flatMap({ $0.page.reading?.page }) != number - 1 {
                closeCurrent(complete: false)
                result.pages[lineIndex].status = "缺页"
                result.pages[lineIndex].note = "前面没有这张票的第\(number - 1)页：未计入，请找到整张票重扫，或人工录入"
                result.incompleteSheets.append("\(page.file) 第\(page.index)页")
                continue
            }
            current.append((page, lineIndex))
            if number == layout.pages.count { closeCurrent(complete: true) }
        }
        closeCurrent(complete: false)

        for sheetPages in sheetsPages {
            sheetCount += 1
            var chosen: [String: [String]] = [:]  // "question\u{1}row" → labels chosen
            var written: [String: String] = [:]
            for entry in sheetPages {
                let page = entry.page
                guard let reading = page.reading else { continue }
                result.pages[entry.line].sheet = sheetCount
                // Boxes by the answer they belong to (a question, or a matrix row).
                var groups: [String: [Int]] = [:]
                for (number, box) in reading.boxes.enumerated() { groups[Self.key(box.box), default: []].append(number) }
                var needsReview = false
                for key in groups.keys.sorted() {
                    let numbers = groups[key]!
                    let multi = form.question(reading.boxes[numbers[0]].box.question)?.type == .multi
                    let marked = numbers.filter { reading.boxes[$0].reading == .marked }
                    for number in numbers {
                        let entryBox = reading.boxes[number]
                        var kind: ReviewItem.Kind?
                        if entryBox.reading == .doubtful { kind = .doubtful }
                        if entryBox.reading == .marked, marked.count > 1, !multi { kind = .clash }
                        var isChosen = entryBox.reading == .marked
                        if let kind {
                            var item = ReviewItem(
                                id: "\(page.shortHash)-b\(number)", kind: kind, file: page.file, page: page.index, sheet: sheetCount,
                                question: questionText(entryBox.box.question), row: entryBox.box.row, option: entryBox.box.option, ink: entryBox.ink,
                                crop: "scan-review/\(page.shortHash)-b\(number).png", decision: decisions[ "\(page.shortHash)-b\(number)"])
                            if item.decision != nil { used.insert(item.id) }
                            if item.decision != nil, item.chosen == nil { result.unclearDecisions.append(item.id) }
                            if let crop = page.crops[number] ?? nil { result.images.append((item.crop, crop)) }
                            isChosen = item.chosen ?? false
                            if item.chosen == nil { needsReview = true }
                            item.decision = item.decision?.trimmingCharacters(in: .whitespaces)
                            result.review.append(item)
                        }
                        if isChosen { chosen[key, default: []].append(entryBox.box.option) }
                    }
                }
                for (number, entryField) in reading.fields.enumerated() where entryField.ink >= BoxInk.emptyBelow {
                    let id = "\(page.shortHash)-f\(number)"
                    let decision = decisions[id]
                    if decision != nil { used.insert(id) }
                    let item = ReviewItem(
                        id: id, kind: .handwriting, file: page.file, page: page.index, sheet: sheetCount, question: questionText(entryField.field.question),
                        row: entryField.field.row, option: nil, ink: entryField.ink, crop: "scan-review/\(id).png", decision: decision)
                    if let crop = page.fieldCrops[number] ?? nil { result.images.append((item.crop, crop)) }
                    if decision == nil { needsReview = true }
                    if let decision, !decision.trimmingCharacters(in: .whitespaces).isEmpty {
                        written[Self.key(question: entryField.field.question, row: entryField.field.row)] = decision.trimmingCharacters(in: .whitespaces)
                    }
                    result.review.append(item)
                }
                if needsReview {
                    result.pages[entry.line].status = "需复核"
                    result.pages[entry.line].note = "有存疑的勾选或手写内容，见 scan-review.csv"
                }
            }
            let names = sheetPages.map { "\($0.page.file) 第\($0.page.index)页" }.joined(separator: "、")
            result.sheets.append(answers(chosen: chosen, written: written, pages: names))
        }
        result.unmatchedDecisions = decisions.keys.filter { !used.contains($0) }.sorted()
        return result
    }

    static func key(_ box: BallotLayout.Box) -> String { key(question: box.question, row: box.row) }
    static func key(question: String, row: String?) -> String { question + "\u{1}" + (row ?? "") }

    func questionText(_ id: String) -> String { id == "respondents" ? "测评人身份" : form.question(id)?.text ?? id }

    /// A sheet's answers as a phone ballot's: one label, several joined by 、 (which the engine
    /// then rejects as no option, listed with its reason), a multi-select's list.
    func answers(chosen: [String: [String]], written: [String: String], pages: String) -> (pages: String, group: String?, answers: [String: PhoneBallot.Answer]) {
        var answers: [String: PhoneBallot.Answer] = [:]
        let group = chosen[Self.key(question: "respondents", row: nil)].map { $0.joined(separator: "、") }
        for question in form.questions where question.id != form.respondents?.question {
            switch question.type {
            case .single:
                if let labels = chosen[Self.key(question: question.id, row: nil)], !labels.isEmpty { answers[question.id] = .option(labels.joined(separator: "、")) }
            case .multi:
                if let labels = chosen[Self.key(question: question.id, row: nil)], !labels.isEmpty { answers[question.id] = .options(labels) }
            case .matrix:
                var rows: [String: String] = [:]
                for row in question.rows {
                    if question.numericAnswers {
                        if let value = written[Self.key(question: question.id, row: row.label)] { rows[row.label] = value }
                    } else if let labels = chosen[Self.key(question: question.id, row: row.label)], !labels.isEmpty {
                        rows[row.label] = labels.joined(separator: "、")
                    }
                }
                if !rows.isEmpty { answers[question.id] = .rows(rows) }
            case .number, .text:
                if let value = written[Self.key(question: question.id, row: nil)] { answers[question.id] = .option(value) }
            }
        }
        return (pages, group, answers)
    }
}

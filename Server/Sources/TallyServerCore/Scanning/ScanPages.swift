import Foundation
import Hummingbird
import TallyCore

/// The team's pages for scanned paper ballots: print the scannable ballot, upload a scan, and
/// the review queue — each doubtful box as its crop with the question and option, two buttons.
extension TallyServer {
    struct ScanningPage {
        struct Batch {
            var batchId: Int64
            var filename: String
            var state: String
            var pending: Bool
        }
        struct UnitCard {
            var name: String
            var ballot: String
            var batches: [Batch]
        }
        var id: Int64
        var title: String
        var units: [UnitCard]
        var notice: String?
        var error: String?
        var csrf: String
    }

    struct ScanReviewPage {
        struct Line {
            var page: Int
            var status: String
            var note: String
            var problem: Bool
            var image: String?
        }
        struct Item {
            var item: String
            var kind: String
            var where_: String
            var what: String
            var ink: String
            var crop: String
            var handwriting: Bool
            var decision: String?
        }
        var id: Int64
        var batch: Int64
        var title: String
        var unit: String
        var filename: String
        var joined: Bool
        var summary: String
        var pages: [Line]
        var pending: [Item]
        var decided: [Item]
        var hasDecided: Bool
        var notice: String?
        var error: String?
        var csrf: String
    }

    func scanningPage(_ request: Request, id: Int64, notice: String? = nil, error: String? = nil, status: HTTPResponse.Status = .ok) throws -> Response {
        guard let campaign = try store.campaign(id) else { throw ServerError.notFound("campaign \(id)") }
        let batches = try store.scanBatches(of: id)
        let cards = try store.units(of: id).map { unit in
            ScanningPage.UnitCard(
                name: unit.name, ballot: "/campaigns/\(id)/scans/ballot?unit=\(Pages.query(unit.name))",
                batches: batches.filter { $0.unitId == unit.id }.map { batch in
                    ScanningPage.Batch(
                        batchId: batch.id, filename: batch.filename,
                        state: batch.joined ? (batch.sheets == 0 ? "没有读出测评票" : "已计入答卷（\(batch.sheets)张）") : "待人工判定\(batch.pending)项（读出\(batch.sheets)张）", pending: !batch.joined)
                })
        }
        let page = ScanningPage(id: id, title: campaign.title, units: cards, notice: notice, error: error, csrf: csrf(request) ?? "")
        return render("scanning", title: "扫描读票 - \(campaign.title)", page, request, status: status)
    }

    func scanReviewPage(_ request: Request, id: Int64, batch batchId: Int64, notice: String? = nil, error: String? = nil, status: HTTPResponse.Status = .ok) throws -> Response {
        guard let campaign = try store.campaign(id), let batch = try store.scanBatch(batchId), batch.campaignId == id else {
            throw ServerError.notFound("scan \(batchId)")
        }
        let unit = try store.units(of: id).first { $0.id == batch.unitId }?.name ?? ""
        let lines = (try? JSONDecoder().decode([ScanPageLine].self, from: Data(batch.pages.utf8))) ?? []
        let items = try store.scanItems(of: batchId).map { item in
            ScanReviewPage.Item(
                item: item.itemId, kind: item.kind, where_: "第\(item.page)页（第\(item.sheet)张）",
                what: [item.question, item.rowLabel, item.option.map { "“\($0)”" }].compactMap { $0 }.joined(separator: " · "),
                ink: String(format: "%.0f%%", item.ink * 100), crop: "/campaigns/\(id)/scans/\(batchId)/items/\(item.itemId).png",
                handwriting: item.kind == "手写内容", decision: item.decision)
        }
        let pending = items.filter { $0.decision == nil }
        let read = lines.filter { ["已读", "需复核"].contains($0.status) }.count
        let state =
            batch.joined
            ? (batch.sheets == 0 ? "，没有可计入的测评票。" : "，已计入本单位答卷。")
            : "；还有\(pending.count)项待人工判定，判定完后自动计入本单位答卷。"
        let summary = "共\(lines.count)页，读出\(read)页、\(batch.sheets)张测评票" + state
        let page = ScanReviewPage(
            id: id, batch: batchId, title: campaign.title, unit: unit, filename: batch.filename, joined: batch.joined, summary: summary,
            pages: lines.map { line in
                ScanReviewPage.Line(
                    page: line.page, status: line.status, note: line.note, problem: !["已读", "需复核", "空白页"].contains(line.status),
                    image: line.status == "无法识别" ? "/campaigns/\(id)/scans/\(batchId)/pages/\(line.page).png" : nil)
            },
            pending: pending, decided: items.filter { $0.decision != nil }, hasDecided: items.contains { $0.decision != nil }, notice: notice, error: error, csrf: csrf(request) ?? "")
        return render("scan-review", title: "扫描件复核 - \(batch.filename)", page, request, status: status)
    }

    func addScanning(_ router: Router<TallyRequestContext>) {
        router.get("/campaigns/{id}/scans") { request, context in
            await self.answer(request) { try self.scanningPage(request, id: try Self.id(context)) }
        }
        router.get("/campaigns/{id}/scans/ballot") { request, context in
            await self.answer(request) {
                let id = try Self.id(context)
                let unit = request.uri.queryParameters["unit"].map(String.init) ?? ""
                let ballot = try await Offload.run { try self.scannableBallot(campaign: id, unit: unit) }
                return ServerResponses.bytes(ballot.bytes, type: Self.contentType("x.pdf"), download: ballot.filename)
            }
        }
        router.post("/campaigns/{id}/scans") { request, context in
            await self.answer(request) {
                let id = try Self.id(context)
                let parts = try await self.multipart(request)
                let unit = parts.field("unit") ?? ""
                guard let file = parts.file("file"), !file.bytes.isEmpty else {
                    return try self.scanningPage(request, id: id, error: "请选择扫描件（PDF 或图片）", status: .badRequest)
                }
                do {
                    let batch = try await Offload.run { try self.uploadScan(campaign: id, unit: unit, file: file) }
                    return ServerResponses.redirect("/campaigns/\(id)/scans/\(batch.id!)")
                } catch let error as ServerError {
                    if case .notFound = error { throw error }
                    return try self.scanningPage(request, id: id, error: error.description, status: ServerResponses.status(of: error))
                }
            }
        }
        router.get("/campaigns/{id}/scans/{batch}") { request, context in
            await self.answer(request) { try self.scanReviewPage(request, id: try Self.id(context), batch: try Self.id(context, "batch")) }
        }
        router.get("/campaigns/{id}/scans/{batch}/items/{item}") { request, context in
            await self.answer(request) {
                let (id, batchId) = (try Self.id(context), try Self.id(context, "batch"))
                let item = (context.parameters.get("item") ?? "").replacingOccurrences(of: ".png", with: "")
                guard let batch = try self.store.scanBatch(batchId), batch.campaignId == id, let png = try self.store.scanItemCrop(batch: batchId, item: item) else {
                    throw ServerError.notFound("crop")
                }
                return ServerResponses.bytes(png, type: Self.contentType("x.png"))
            }
        }
        router.get("/campaigns/{id}/scans/{batch}/pages/{page}") { request, context in
            await self.answer(request) {
                let (id, batchId) = (try Self.id(context), try Self.id(context, "batch"))
                let page = Int((context.parameters.get("page") ?? "").replacingOccurrences(of: ".png", with: "")) ?? 0
                guard let batch = try self.store.scanBatch(batchId), batch.campaignId == id, let png = try self.store.scanImage(batch: batchId, page: page) else {
                    throw ServerError.notFound("page")
                }
                return ServerResponses.bytes(png, type: Self.contentType("x.png"))
            }
        }
        router.post("/campaigns/{id}/scans/{batch}/items/{item}") { request, context in
            await self.answer(request) {
                let (id, batchId) = (try Self.id(context), try Self.id(context, "batch"))
                let item = context.parameters.get("item") ?? ""
                let fields = Self.formFields(try await self.body(request, limit: 64 * 1024))
                do {
                    let decided = try await Offload.run { try self.decideScan(batch: batchId, campaign: id, item: item, decision: fields["decision"] ?? "") }
                    if decided.joined {
                        return try self.scanReviewPage(request, id: id, batch: batchId, notice: "判定完毕：\(decided.sheets)张测评票已计入本单位答卷，可以统计了")
                    }
                    return ServerResponses.redirect("/campaigns/\(id)/scans/\(batchId)#queue")
                } catch let error as ServerError {
                    if case .notFound = error { throw error }
                    return try self.scanReviewPage(request, id: id, batch: batchId, error: error.description, status: ServerResponses.status(of: error))
                }
            }
        }
    }
}

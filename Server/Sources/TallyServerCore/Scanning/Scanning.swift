import Foundation
import TallyCore
import TallyScan

/// Scanned paper ballots in the web app (docs/scanning.md): a unit's scannable ballot to print;
/// a scan uploaded to a unit, read, its doubtful boxes queued for a person; and, once the queue is
/// empty, the scan read again with the decisions into a response file that joins the unit's
/// uploads like any other.
extension TallyServer {
    /// The unit's scannable ballot, as a PDF.
    func scannableBallot(campaign id: Int64, unit name: String) throws -> (filename: String, bytes: [UInt8]) {
        let (_, form) = try collectingUnit(campaign: id, name: name)
        let ballot = try ScannableBallot(form: form, unit: name)
        return ("测评票-\(name).pdf", try ballot.pdf(title: form.title))
    }

    /// What a scan's bytes are: a PDF or an image gdk-pixbuf reads, by their first bytes.
    static func scanKind(_ bytes: [UInt8]) -> String? {
        if bytes.starts(with: Array("%PDF".utf8)) { return "pdf" }
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) { return "png" }
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return "jpg" }
        if bytes.starts(with: [0x49, 0x49, 0x2A, 0x00]) || bytes.starts(with: [0x4D, 0x4D, 0x00, 0x2A]) { return "tif" }
        return nil
    }

    /// Reads `bytes` (a scan named `filename`) for the unit, with the decisions given.
    func readScan(unit: UnitRecord, form: Form, filename: String, bytes: Data, seen: [String: String], decisions: [String: String]) throws -> (ScanSession, ScanResult) {
        guard let kind = Self.scanKind(Array(bytes)) else {
            throw ServerError.unsupported("“\(filename)”不是扫描件：请上传扫描仪生成的 PDF，或 PNG、JPEG、TIFF 图片")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tally-scan-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // The name the clerk gave, with the kind its bytes are; the reader goes by the suffix.
        let stem = URL(fileURLWithPath: Engine.safeName(filename)).deletingPathExtension().lastPathComponent
        let path = folder.appendingPathComponent("\(stem.isEmpty ? "扫描件" : stem).\(kind)")
        try bytes.write(to: path)
        var session = try ScanSession(form: form, unit: unit.name)
        session.seen = seen
        do {
            try session.add(file: path.path)
        } catch {
            throw ServerError.rejected("“\(filename)”读不出来：\(error)")
        }
        return (session, session.result(decisions: decisions))
    }

    /// A scan uploaded for a unit: read, stored with its review items; joined at once when
    /// nothing needs a person.
    func uploadScan(campaign id: Int64, unit name: String, file: FormPart) throws -> ScanBatchRecord {
        let (unit, form) = try collectingUnit(campaign: id, name: name)
        let filename = Engine.safeName(file.filename ?? "扫描件.pdf")
        let bytes = Data(file.bytes)
        let seen = try store.scannedPages(unit: unit.id!)
        let (session, result) = try readScan(unit: unit, form: form, filename: filename, bytes: bytes, seen: seen, decisions: [:])
        let lines = result.pages.map { ScanPageLine(page: $0.page, status: $0.status, note: $0.note, sheet: $0.sheet, upsideDown: $0.upsideDown, hash: $0.hash) }
        let images = Dictionary(result.images.map { ($0.path, Data($0.bytes)) }, uniquingKeysWith: { a, _ in a })
        let items = result.review.enumerated().map { position, item in
            ScanItemRecord(
                batchId: 0, itemId: item.id, position: position, kind: item.kind.rawValue, page: item.page, sheet: item.sheet, question: item.question,
                rowLabel: item.row, option: item.option, ink: item.ink, crop: images[item.crop], decision: nil)
        }
        let unplaced = result.pages.compactMap { line in line.image.flatMap { images[$0] }.map { (page: line.page, png: $0) } }
        // Pages read (not repeats, not blank) are remembered, so the same scan is recognised later.
        let hashes = session.pages.filter { $0.repeatOf == nil && !$0.empty && $0.reading?.status == .read }.map { (hash: $0.hash, label: "\(filename) 第\($0.index)页") }
        guard !result.pages.isEmpty else { throw ServerError.rejected("“\(filename)”里没有页面") }
        let batch = try store.insertScan(
            ScanBatchRecord(
                id: nil, campaignId: id, unitId: unit.id!, filename: filename, bytes: bytes,
                pages: String(decoding: try JSONEncoder().encode(lines), as: UTF8.self), sheets: result.sheets.count, uploadId: nil, joined: false,
                createdAt: Date()),
            items: items, images: unplaced, hashes: hashes)
        if result.pending.isEmpty { try joinScan(batch: batch.id!, campaign: id) }
        return try store.scanBatch(batch.id!) ?? batch
    }

    /// Records a decision (选 / 不选, or what handwriting says); joins the scan when it was the last.
    func decideScan(batch id: Int64, campaign: Int64, item: String, decision: String) throws -> (joined: Bool, sheets: Int) {
        guard let batch = try store.scanBatch(id), batch.campaignId == campaign else { throw ServerError.notFound("scan \(id)") }
        guard !batch.joined else { throw ServerError.conflict("这份扫描件已经计入答卷，不能再改") }
        let text = decision.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { throw ServerError.rejected("请选择“选”或“不选”，或填写手写内容") }
        guard try store.decideScanItem(batch: id, item: item, decision: text) else { throw ServerError.notFound("item \(item)") }
        if try store.scanItems(of: id).allSatisfy({ $0.decision != nil }) {
            return (true, try joinScan(batch: id, campaign: campaign))
        }
        return (false, batch.sheets)
    }

    /// Reads the scan again with every decision and adds its ballots to the unit's uploads.
    @discardableResult
    func joinScan(batch id: Int64, campaign: Int64) throws -> Int {
        guard let batch = try store.scanBatch(id) else { throw ServerError.notFound("scan \(id)") }
        guard let unit = try store.units(of: campaign).first(where: { $0.id == batch.unitId }) else { throw ServerError.notFound("unit") }
        let (_, form) = try collectingUnit(campaign: campaign, name: unit.name)
        let decisions = Dictionary(try store.scanItems(of: id).compactMap { item in item.decision.map { (item.itemId, $0) } }, uniquingKeysWith: { a, _ in a })
        let (session, result) = try readScan(
            unit: unit, form: form, filename: batch.filename, bytes: batch.bytes, seen: try store.scannedPages(unit: unit.id!, before: id), decisions: decisions)
        guard result.pending.isEmpty else { throw ServerError.conflict("还有\(result.pending.count)项没有判定") }
        var upload: Int64?
        if !result.sheets.isEmpty {
            let stem = URL(fileURLWithPath: batch.filename).deletingPathExtension().lastPathComponent
            let file = FormPart(name: "file", filename: "扫描票-\(unit.name)-\(stem).csv", bytes: session.responseFile(result))
            upload = try self.upload(campaign: campaign, file: file, unit: unit.name, sheet: nil).id
        }
        try store.markScanJoined(batch: id, upload: upload)
        return result.sheets.count
    }
}

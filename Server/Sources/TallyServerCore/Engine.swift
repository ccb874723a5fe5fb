import Foundation
import TallyCore
import TallyRender
import TallyWorkbook
import ZIPFoundation

/// Everything the app does with the engine: ordinary engine calls on files in the workspace,
/// so the same inputs give the same bytes as the command line.
public struct Engine: Sendable {
    let workspace: Workspace
    let store: Store

    /// A form by reference: a built-in id, or an uploaded form's id (`forms/<id>.yaml`).
    /// A form by its id: an uploaded one, else a built-in one. Never a path: a campaign or a
    /// request naming `/etc/passwd` or `../x.yaml` gets "no such form", and nothing is read.
    func loadForm(_ reference: String) throws -> Form {
        guard !reference.isEmpty, reference.count <= 100,
            reference.allSatisfy({ ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" })
        else { throw ServerError.rejected("没有这张测评表：\(Engine.safeName(reference))（测评表以编号指定，如 leadership-evaluation）") }
        let uploaded = workspace.forms.appendingPathComponent("\(reference).yaml")
        if FileManager.default.fileExists(atPath: uploaded.path) { return try FormLoader.load(uploaded.path) }
        guard let builtin = TallyService.builtinForm(reference) else { throw ServerError.rejected("没有这张测评表：\(reference)") }
        return builtin
    }

    /// A form's YAML by its id: an uploaded form's file, else a built-in form's text.
    func formYAML(_ reference: String) throws -> String {
        _ = try loadForm(reference)  // the checks on a reference
        let uploaded = workspace.forms.appendingPathComponent("\(reference).yaml")
        if let data = FileManager.default.contents(atPath: uploaded.path) { return String(decoding: data, as: UTF8.self) }
        guard let text = TallyService.builtinFormYAML(reference) else { throw ServerError.rejected("没有这张测评表：\(reference)") }
        return text
    }

    /// The campaign's copy of a form, with the clerk's choices written in; `nil` when it has none.
    func adjustedYAML(_ campaign: CampaignRecord, _ reference: String) throws -> String? {
        guard let adjustments = campaign.formAdjustments[reference], !adjustments.isEmpty else { return nil }
        return try adjustments.apply(to: try formYAML(reference), file: "\(reference).yaml")
    }

    /// The form a campaign reads with, by its reference: its copy when the clerk made choices.
    func form(_ campaign: CampaignRecord, _ reference: String) throws -> Form {
        guard let yaml = try adjustedYAML(campaign, reference) else { return try loadForm(reference) }
        return try TallyService.checkForm(yaml, name: "\(reference).yaml")
    }

    /// The form reference as a campaign file writes it: a built-in id, or `forms/<id>.yaml`.
    func campaignReference(_ reference: String) -> String {
        FileManager.default.fileExists(atPath: workspace.forms.appendingPathComponent("\(reference).yaml").path) ? "forms/\(reference).yaml" : reference
    }

    /// The kind of an upload from its bytes: `xlsx` for a workbook, `csv` for text; `nil` for
    /// anything else (see `refusal(of:name:)` for what to say).
    static func kind(of bytes: [UInt8]) -> String? {
        switch fileKind(bytes) {
        case .workbook: return "xlsx"
        case .text:
            if bytes.prefix(4096).contains(0) && !(bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF])) { return nil }
            return "csv"
        default: return nil
        }
    }

    /// The engine's `FileKind` of an upload held in memory (a zip's parts read by ZIPFoundation).
    static func fileKind(_ bytes: [UInt8]) -> FileKind {
        FileKind.of(head: Array(bytes.prefix(16))) {
            guard let archive = try? Archive(data: Data(bytes), accessMode: .read, pathEncoding: nil) else { return [] }
            return archive.map(\.path)
        }
    }

    /// Why a file that is neither CSV nor a workbook is refused, in words that say what it is and
    /// what to upload instead (the engine's words for it); `name` is the name it was uploaded with.
    static func refusal(of bytes: [UInt8], name: String) -> String {
        switch fileKind(bytes) {
        case .empty: return "“\(safeName(name))”是空文件。请上传问卷平台导出的 CSV 文件或 Excel 录入表（.xlsx）。"
        case .text, .workbook:
            return "“\(safeName(name))”不是 CSV 文本，也不是 Excel 工作簿。请上传问卷平台导出的 CSV 文件或 Excel 录入表（.xlsx）。"
        case let kind: return ClerkWords.error(.notResponses(file: safeName(name), kind: kind), fileName: { $0 })
        }
    }

    /// What the importer sees in a stored upload, mapped onto the campaign's form; messages
    /// name the file as it was uploaded.
    func inspect(digest: String, kind: String, sheet: String?, form: Form?, name: String) throws -> TallyService.InspectSummary {
        ClerkWords.inspectSummary(try inspectReport(digest: digest, kind: kind, sheet: sheet, form: form, name: name), form: form, name: name)
    }

    /// What the importer sees in a stored upload, as the engine reports it.
    func inspectReport(digest: String, kind: String, sheet: String?, form: Form?, name: String) throws -> InspectReport {
        let folder = workspace.root.appendingPathComponent("tmp").appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // The engine tells a workbook by its extension: give it a name that says so.
        let path = try linkedCopy(digest, kind: kind, in: folder, name: name.lowercased().hasSuffix(".\(kind)") ? name : "\(name).\(kind)")
        var options = ImportOptions()
        options.sheet = sheet
        let report: InspectReport
        do {
            report = try Tally.inspect(file: path, form: form, options: options)
        } catch {
            throw ServerError.rejected(ClerkWords.error(error, forms: form.map { [$0] } ?? [], fileName: { _ in name }))
        }
        return report
    }

    /// A stored upload's answers that match no option of their question: (column header, cell,
    /// count, the nearest option), most frequent first; empty when scoring the file as it is
    /// would stop (its columns are to be fixed first).
    func unknownAnswers(digest: String, kind: String, sheet: String?, form: Form, name: String) -> [(header: String, value: String, count: Int, nearest: String?)] {
        let folder = workspace.root.appendingPathComponent("tmp").appendingPathComponent(UUID().uuidString)
        guard (try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)) != nil else { return [] }
        defer { try? FileManager.default.removeItem(at: folder) }
        guard let path = try? linkedCopy(digest, kind: kind, in: folder, name: name.lowercased().hasSuffix(".\(kind)") ? name : "\(name).\(kind)") else { return [] }
        var options = ImportOptions()
        options.sheet = sheet
        options.allowMissingColumns = true
        guard let document = try? Tally.score(form: form, files: [path], options: options) else { return [] }
        var counts: [String: (header: String, value: String, count: Int, nearest: String?)] = [:]
        for unit in document.units {
            for entry in unit.rejected {
                guard case .unknownAnswer(let nearest) = entry.reason else { continue }
                let key = entry.column + "\u{1F}" + entry.value
                counts[key, default: (entry.column, entry.value, 0, nearest)].count += 1
            }
        }
        return counts.values.sorted { ($0.count, $1.header, $1.value) > ($1.count, $0.header, $0.value) }
    }

    /// A hard link (or copy) of a stored file with the extension its kind needs.
    func linkedCopy(_ digest: String, kind: String, in folder: URL, name: String? = nil) throws -> String {
        let target = folder.appendingPathComponent(name ?? "\(UUID().uuidString).\(kind)")
        do {
            try FileManager.default.linkItem(at: workspace.file(digest), to: target)
        } catch {
            try FileManager.default.copyItem(at: workspace.file(digest), to: target)
        }
        return target.path
    }

    /// A file name people gave, made safe to stand in a folder: no path, no control characters.
    static func safeName(_ name: String) -> String {
        let last = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? "file"
        let cleaned = String(last.unicodeScalars.filter { $0.value >= 0x20 && $0 != ":" }.map(Character.init)).trimmingCharacters(in: .whitespaces)
        return cleaned.isEmpty || cleaned == "." || cleaned == ".." ? "file" : String(cleaned.prefix(120))
    }

    /// The campaign as a folder `tally run` reads: `campaign.yaml`, `forms/`, `responses/`.
    /// Uploads for a unit are that unit's responses; an upload for no unit feeds every unit
    /// (its unit column decides).
    func writeCampaignFolder(_ id: Int64, into folder: URL) throws {
        guard let campaign = try store.campaign(id) else { throw ServerError.notFound("campaign \(id)") }
        let units = try store.units(of: id)
        let uploads = try store.uploads(of: id)
        let fm = FileManager.default
        try fm.createDirectory(at: folder.appendingPathComponent("responses"), withIntermediateDirectories: true)
        var forms = Set([campaign.form])
        for unit in units { if let form = unit.form { forms.insert(form) } }
        var adjusted: Set<String> = []
        for form in forms.sorted() {
            // The campaign's copy, with the clerk's choices as column: and aliases: (a built-in
            // form's too: the copy, never the built-in form, carries them).
            if let yaml = try adjustedYAML(campaign, form) {
                try fm.createDirectory(at: folder.appendingPathComponent("forms"), withIntermediateDirectories: true)
                try Data(yaml.utf8).write(to: folder.appendingPathComponent("forms/\(form).yaml"))
                adjusted.insert(form)
            } else if fm.fileExists(atPath: workspace.forms.appendingPathComponent("\(form).yaml").path) {
                try fm.createDirectory(at: folder.appendingPathComponent("forms"), withIntermediateDirectories: true)
                try fm.copyItem(at: workspace.forms.appendingPathComponent("\(form).yaml"), to: folder.appendingPathComponent("forms/\(form).yaml"))
            }
        }
        func reference(_ form: String) -> String { adjusted.contains(form) ? "forms/\(form).yaml" : campaignReference(form) }
        var yaml = "# Written by tally-server: `tally run campaign.yaml` gives the same results.\n"
        yaml += "title: \(Self.quoted(campaign.title))\n"
        if let team = campaign.team, !team.isEmpty { yaml += "team: \(Self.quoted(team))\n" }
        let methods = campaign.methods.flatMap { try? JSONDecoder().decode([String].self, from: Data($0.utf8)) } ?? []
        if !methods.isEmpty { yaml += "methods: [\(methods.map(Self.quoted).joined(separator: ", "))]\n" }
        yaml += "form: \(Self.quoted(reference(campaign.form)))\n"
        // An earlier run to compare with: its results.json goes in as the baseline.
        if let baseline = campaign.baselineRunId, let results = file(of: baseline, path: "results.json") {
            try fm.createDirectory(at: folder.appendingPathComponent("baseline"), withIntermediateDirectories: true)
            try fm.copyItem(at: results, to: folder.appendingPathComponent("baseline/results.json"))
            yaml += "baseline: \"baseline/results.json\"\n"
        }
        yaml += "units:\n"
        // 扫码测评: a unit's codes are ballots issued, besides any paper ones the clerk entered;
        // how they were collected is said unless the clerk said it.
        let codes = try store.codesIssued(in: id)
        var names: [Int64: String] = [:]
        for upload in uploads {
            let name = "\(upload.id!)-\(Self.safeName(upload.filename))"
            let withExtension = name.lowercased().hasSuffix(".\(upload.kind)") ? name : "\(name).\(upload.kind)"
            _ = try linkedCopy(upload.sha256, kind: upload.kind, in: folder.appendingPathComponent("responses"), name: withExtension)
            names[upload.id!] = withExtension
        }
        for unit in units {
            yaml += "  - name: \(Self.quoted(unit.name))\n"
            let phone = codes[unit.id!] ?? 0
            if let issued = unit.issued.map({ $0 + phone }) ?? (phone > 0 ? phone : nil) { yaml += "    issued: \(issued)\n" }
            if let form = unit.form { yaml += "    form: \(Self.quoted(reference(form)))\n" }
            let mine = uploads.filter { $0.unit == nil || $0.unit == unit.name }
            let collected = try store.collection(of: unit.id!)?.uploadId
            let method = unit.method ?? (phone == 0 ? nil : mine.contains { $0.id != collected } || (unit.issued ?? 0) > 0 ? "现场扫码测评与纸质测评相结合" : "现场扫码测评")
            if let method { yaml += "    method: \(Self.quoted(method))\n" }
            let groups = unit.groups.flatMap { try? JSONDecoder().decode([String: String].self, from: Data($0.utf8)) } ?? [:]
            if !groups.isEmpty {
                yaml += "    groups: { \(groups.sorted { $0.key < $1.key }.map { "\(Self.quoted($0.key)): \(Self.quoted($0.value))" }.joined(separator: ", ")) }\n"
            }
            let entries = mine.map { upload -> String in
                let path = Self.quoted("responses/\(names[upload.id!]!)")
                return upload.sheet.map { "{ file: \(path), sheet: \(Self.quoted($0)) }" } ?? path
            }
            yaml += "    responses: [\(entries.joined(separator: ", "))]\n"
        }
        try Workspace.writeDurably(Array(yaml.utf8), to: folder.appendingPathComponent("campaign.yaml"), temporaryIn: workspace.root.appendingPathComponent("tmp"))
    }

    static func quoted(_ text: String) -> String { YAMLText.quoted(text) }

    /// Every form a campaign's units use, for the words of an error about one of them.
    func campaignForms(_ id: Int64) -> [Form] {
        guard let campaign = try? store.campaign(id) else { return [] }
        let references = [campaign.form] + ((try? store.units(of: id)) ?? []).compactMap(\.form)
        return references.compactMap { try? form(campaign, $0) }
    }

    /// A path the engine names as the clerk uploaded it: a run's copy `…/responses/12-县司法局.csv`
    /// is `县司法局.csv`.
    @Sendable static func uploadedName(_ path: String) -> String {
        let name = Substring(URL(fileURLWithPath: path).lastPathComponent)
        let digits = name.prefix { $0.isASCII && $0.isNumber }
        return !digits.isEmpty && name.dropFirst(digits.count).first == "-" ? String(name.dropFirst(digits.count + 1)) : String(name)
    }

    /// Runs a campaign: its folder written into the run's, `tally run`'s outputs beside it, the
    /// whole renamed into place when done; the record updated last.
    func run(_ run: RunRecord) throws -> RunRecord {
        var run = run
        let partial = workspace.partialRun(run.id!)
        try? FileManager.default.removeItem(at: partial)
        let input = partial.appendingPathComponent("campaign")
        var errors: [String] = []
        var warnings: [String] = []
        do {
            let uploads = try store.uploads(of: run.campaignId)
            // A unit still collecting phone ballots has no results yet (docs/collection.md).
            let collecting = try store.units(of: run.campaignId).filter { try store.collection(of: $0.id!)?.closed == false }
            if !collecting.isEmpty {
                throw ServerError.conflict(
                    collecting.map { "单位“\($0.name)”的扫码测评还在收票" }.joined(separator: "；") + "：请先在“扫码测评”页结束收票，再统计")
            }
            let waiting = try store.units(of: run.campaignId).filter { unit in !uploads.contains { $0.unit == nil || $0.unit == unit.name } }
            if !waiting.isEmpty {
                throw ServerError.rejected(waiting.map { "单位“\($0.name)”还没有上传答卷" }.joined(separator: "；") + "：请先上传，或上传一份含“单位”一列的全部单位答卷")
            }
            try writeCampaignFolder(run.campaignId, into: input)
            let campaign = try Campaign.load(input.appendingPathComponent("campaign.yaml").path)
            // The ballot ledger and evidence.json, as `tally run` writes them (docs/results.md).
            var options = ImportOptions()
            let ledger = try LedgerOutput.Session(options: &options)
            defer { ledger.cleanUp() }
            let document = try Tally.run(campaign, options: options)
            let outputs = try TallyService.runFiles(document, campaign: campaign)
            for (path, bytes) in outputs.files {
                let target = partial.appendingPathComponent("out").appendingPathComponent(path)
                try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                guard FileManager.default.createFile(atPath: target.path, contents: Data(bytes)) else {
                    throw ServerError.failure("统计结果未能写入工作区（磁盘已满或不可写）")
                }
            }
            let out = partial.appendingPathComponent("out")
            let ledgerFiles = try LedgerOutput.write(document, into: out.path)
            let evidence = Evidence(
                command: ["run", "campaign/campaign.yaml", "--out", Evidence.outPlaceholder],
                inputs: try Evidence.runInputs(campaign, campaignPath: input.appendingPathComponent("campaign.yaml").path, shownAs: "campaign/campaign.yaml"),
                outputs: try Evidence.outputs(outputs.files.map(\.path), hashed: ledgerFiles, in: out.path))
            try Data(try evidence.bytes()).write(to: out.appendingPathComponent(Evidence.fileName))
            for unit in document.units {
                // Each warning names its unit already.
                warnings += ClerkWords.warnings(of: unit, fileName: Self.uploadedName)
            }
            let phoneCodes = try store.codesIssued(in: run.campaignId)
            for unit in try store.units(of: run.campaignId) where unit.issued == nil && phoneCodes[unit.id!] == nil {
                warnings.append("\(unit.name)没有填写发出票数：报告中没有发出票数和收回率。如要写上，请在测评页“单位”表中补填后重新统计。")
            }
            if document.unassigned.rows > 0 {
                warnings.append("有\(document.unassigned.rows)行答卷的“单位”不是本测评的单位，没有计入任何单位（见结果中的“未归属单位”无效票清单）。请核对单位名称的写法。")
            }
            let target = workspace.run(run.id!)
            try? FileManager.default.removeItem(at: target)
            try FileManager.default.moveItem(at: partial, to: target)
            run.status = "done"
        } catch {
            try? FileManager.default.removeItem(at: partial)
            errors.append(ClerkWords.error(error, forms: campaignForms(run.campaignId), fileName: Self.uploadedName))
            run.status = "failed"
        }
        run.errors = Self.json(errors)
        run.warnings = Self.json(warnings)
        run.finishedAt = Date()
        try store.update(run)
        return run
    }

    static func json(_ strings: [String]) -> String {
        String(decoding: (try? JSONEncoder().encode(strings)) ?? Data("[]".utf8), as: UTF8.self)
    }

    /// A finished run's evidence pack (evidence.json, the campaign folder it read, every output),
    /// made in a temporary file: its bytes.
    func evidencePack(of run: Int64) throws -> Data {
        let folder = workspace.run(run)
        let zip = workspace.root.appendingPathComponent("tmp").appendingPathComponent("evidence-\(run)-\(UUID().uuidString).zip")
        try FileManager.default.createDirectory(at: zip.deletingLastPathComponent(), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: zip) }
        _ = try EvidencePack.pack(out: folder.appendingPathComponent("out").path, to: zip.path, directory: folder.path)
        return try Data(contentsOf: zip)
    }

    /// The files of a finished run's output tree, sorted.
    func files(of run: Int64) -> [String] {
        let out = workspace.run(run).appendingPathComponent("out")
        let all = FileManager.default.enumerator(atPath: out.path)?.compactMap { $0 as? String } ?? []
        return all.filter { path in
            var folder: ObjCBool = false
            return FileManager.default.fileExists(atPath: out.appendingPathComponent(path).path, isDirectory: &folder) && !folder.boolValue
        }.sorted()
    }

    /// A file of a run's output tree, by its path there; `nil` for anything outside it.
    func file(of run: Int64, path: String) -> URL? {
        let parts = path.split(separator: "/").map(String.init)
        guard !parts.isEmpty, !parts.contains(where: { $0 == ".." || $0 == "." || $0.isEmpty }) else { return nil }
        let url = parts.reduce(workspace.run(run).appendingPathComponent("out")) { $0.appendingPathComponent($1) }
        var folder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &folder), !folder.boolValue else { return nil }
        return url
    }

    /// Unpacks a zip into `folder`, refusing any entry whose path would leave it.
    /// The most entries and the most bytes, inflated, that an imported zip may hold: a zip
    /// bomb (1 MB inflating to 1 GB, or entries that overlap) is refused before it fills the disk.
    static let maximumZipEntries = 10_000
    static let maximumInflatedBytes: Int64 = 512 * 1024 * 1024

    /// A zip's files into `folder`: refused whole (nothing kept) when an entry leaves the folder,
    /// a path repeats, or the entries or their inflated size pass the limits above — the sizes the
    /// zip declares are checked first, and the bytes really inflated are counted as they come.
    static func unzip(_ data: Data, into folder: URL) throws {
        let archive: Archive
        do {
            archive = try Archive(data: data, accessMode: .read)
        } catch {
            throw ServerError.unsupported("上传的文件不是 zip 压缩包")
        }
        let entries = Array(archive.filter { $0.type == .file })
        guard entries.count <= maximumZipEntries else {
            throw ServerError.rejected("压缩包内文件过多（\(entries.count)个，最多\(maximumZipEntries)个）")
        }
        let declared = entries.reduce(UInt64(0)) { $0.addingReportingOverflow($1.uncompressedSize).partialValue }
        let tooBig = ServerError.rejected("压缩包解压后超过\(maximumInflatedBytes / 1024 / 1024) MB，不予导入")
        guard declared <= UInt64(maximumInflatedBytes), !entries.contains(where: { $0.uncompressedSize > UInt64(maximumInflatedBytes) }) else { throw tooBig }
        var seen = Set<String>()
        for entry in entries where !seen.insert(entry.path).inserted {
            throw ServerError.rejected("压缩包中“\(Engine.safeName(entry.path))”出现了两次，不予导入")
        }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var inflated: Int64 = 0
        do {
            for entry in entries {
                let parts = entry.path.split(separator: "/").map(String.init)
                guard !parts.isEmpty, !entry.path.hasPrefix("/"), !parts.contains(where: { $0 == ".." || $0 == "." }) else {
                    throw ServerError.rejected("压缩包中的“\(Engine.safeName(entry.path))”指向文件夹之外，不予导入")
                }
                let target = parts.reduce(folder) { $0.appendingPathComponent($1) }
                try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                guard FileManager.default.createFile(atPath: target.path, contents: nil) else {
                    throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: target.path])
                }
                let handle = try FileHandle(forWritingTo: target)
                defer { try? handle.close() }
                _ = try archive.extract(entry) { chunk in
                    inflated += Int64(chunk.count)
                    if inflated > maximumInflatedBytes { throw tooBig }
                    try handle.write(contentsOf: chunk)
                }
            }
        } catch {
            try? FileManager.default.removeItem(at: folder)
            throw error
        }
    }

    /// A zip of a folder's files, paths relative to it, in sorted order.
    static func zip(_ folder: URL) throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        let paths = (FileManager.default.enumerator(atPath: folder.path)?.compactMap { $0 as? String } ?? []).sorted()
        for path in paths {
            let url = folder.appendingPathComponent(path)
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), !isFolder.boolValue else { continue }
            let data = try Data(contentsOf: url)
            try archive.addEntry(
                with: path, type: .file, uncompressedSize: Int64(data.count), modificationDate: Date(timeIntervalSince1970: 946_684_800),
                compressionMethod: .deflate
            ) { position, size in data.subdata(in: Int(position)..<Int(position) + size) }
        }
        return archive.data ?? Data()
    }
}

/// Errors the routes answer with a status.
public enum ServerError: Error, CustomStringConvertible {
    case notFound(String)
    case badRequest(String)
    case unsupported(String)
    case rejected(String)
    /// The request clashes with the campaign's state (a run still going): 409.
    case conflict(String)
    case failure(String)

    public var description: String {
        switch self {
        case .notFound: "找不到要找的内容：可能已经删除，或地址有误"
        case .badRequest(let why), .unsupported(let why), .rejected(let why), .conflict(let why), .failure(let why): why
        }
    }
}

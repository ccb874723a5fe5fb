import Crypto
import Foundation
import TallyCore

/// The output formats `score` and `run` can write.
public enum OutputFormat: String, CaseIterable, Sendable {
    case md, html, docx, json, csv
}

/// The files of an output folder, as relative paths and bytes (CLI.md, "What run and score write").
public enum OutputFiles {
    /// The folder of rows that name no unit; no unit's folder is ever this.
    public static let unassignedFolder = "_unassigned"
    /// The longest folder name in UTF-8 bytes (a path component may hold 255), leaving room
    /// for a suffix.
    static let longestFolderName = 200

    /// Each unit's output folder, in order: the unit's name where it is a safe folder name
    /// (no `/`, `\`, control character, leading `.`, not `_unassigned`, at most 200 bytes);
    /// otherwise the name made safe (those characters `_`, shortened at a character) with `-`
    /// and the first 8 hex digits of the name's SHA-256 — more where even that is taken. So two
    /// units never share a folder (`a/b` and `a_b`, `..` and `_.`), whatever their order, and a
    /// name that is already safe keeps its folder. Empty input gives none.
    public static func folderNames(_ units: [String]) -> [String] {
        let safe = units.map { safeName($0) == $0 && $0 != unassignedFolder }
        var used = Set(zip(units, safe).filter(\.1).map(\.0))
        used.insert(unassignedFolder)
        return zip(units, safe).map { unit, isSafe in
            guard !isSafe else { return unit }
            let digest = SHA256.hash(data: Data(unit.utf8)).map { String(format: "%02x", $0) }.joined()
            let base = safeName(unit)
            var length = 8
            var name = base + "-" + digest.prefix(length)
            while used.contains(name), length < digest.count {
                length *= 2
                name = base + "-" + digest.prefix(length)
            }
            used.insert(name)
            return name
        }
    }

    /// The output folder of `unit` among the document's `units` (`folderNames`).
    public static func folderName(_ unit: String, among units: [String]) -> String {
        let names = folderNames(units)
        return units.firstIndex(of: unit).map { names[$0] } ?? folderNames([unit])[0]
    }

    /// A name with `/`, `\` and control characters (C0, DEL, C1) as `_`, a leading `.` as `_`,
    /// shortened to `longestFolderName` bytes at a character; `_` for an empty name.
    static func safeName(_ unit: String) -> String {
        var name = ""
        for character in unit {
            let control = character.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }
            let next = character == "/" || character == "\\" || control ? "_" : String(character)
            if name.utf8.count + next.utf8.count > longestFolderName { break }
            name += next
        }
        if name.hasPrefix(".") { name = "_" + name.dropFirst() }
        return name.isEmpty ? "_" : name
    }

    /// results.json, with each unit's findings section (`units[].section`) for `tally attach`.
    public static func resultsJSON(_ document: ResultsDocument) -> String {
        String(decoding: resultsJSONBytes(document), as: UTF8.self)
    }

    /// `resultsJSON` as UTF-8 bytes, ready to write.
    public static func resultsJSONBytes(_ document: ResultsDocument) -> [UInt8] {
        guard case .object(var top) = document.json(wording: ResultsPhrases()), let position = top.firstIndex(where: { $0.0 == "units" }),
            case .array(let units) = top[position].1
        else { return document.json(wording: ResultsPhrases()).serializedBytes() }
        let sections = document.units.concurrentMap { FindingsSection(unit: $0).build().json() }
        top[position].1 = .array(
            zip(units, sections).map { json, section in
                guard case .object(var pairs) = json else { return json }
                pairs.append(("section", section))
                return .object(pairs)
            })
        return JSONValue.object(top).serializedBytes()
    }

    /// A unit's report with its findings attached (`report.md` or `report.docx`), when its
    /// campaign entry names one.
    public static func attachedReport(
        _ unit: UnitResult, report: String, document: ResultsDocument
    ) throws -> (path: String, bytes: [UInt8], placed: Bool) {
        guard let data = FileManager.default.contents(atPath: report) else {
            throw AttachError.unsupportedReport(report + " (cannot read the file)")
        }
        // Figures as a reader of results.json sees them (the numbers as written).
        let results = try ResultsFile(bytes: resultsJSONBytes(document))
        let outcome = try ReportAttacher.attach(
            report: report, bytes: Array(data), section: FindingsSection(unit: unit).build(), results: results, unit: unit.unit)
        let suffix = URL(fileURLWithPath: report).pathExtension.lowercased() == "docx" ? "docx" : "md"
        return ("\(folderName(unit.unit, among: document.units.map(\.unit)))/report.\(suffix)", outcome.bytes, outcome.placed)
    }

    /// Every file for `formats`, in a fixed order.
    public static func files(_ document: ResultsDocument, formats: Set<OutputFormat>) throws -> [(path: String, bytes: [UInt8])] {
        var files: [(String, [UInt8])] = []
        if formats.contains(.json) { files.append(("results.json", resultsJSONBytes(document))) }
        if formats.contains(.md) { files.append(("summary.md", Array(SummaryMarkdown(document: document).render().utf8))) }
        if formats.contains(.html) {
            let title = document.campaign ?? "测评结果汇总"
            let language = document.units.first?.form.language.rawValue ?? "zh"
            let heading = language == "zh" ? "\(title)：测评结果汇总" : "\(title): summary"
            files.append(("summary.html", Array(HTMLRenderer.document(
                title: heading, language: language, sections: [SummarySection.build(document)], heading: heading, wide: true).utf8)))
        }
        for (unit, folder) in zip(document.units, folderNames(document.units.map(\.unit))) {
            let section = FindingsSection(unit: unit).build()
            // findings.md and .docx: the body, ready to paste; the appendix in a file of its own (CLI.md).
            let appendix = section.appendix
            if formats.contains(.md) {
                files.append(("\(folder)/findings.md", Array(MarkdownRenderer.render(section.body).utf8)))
                if let appendix { files.append(("\(folder)/appendix.md", Array(MarkdownRenderer.render(appendix).utf8))) }
            }
            if formats.contains(.docx) {
                files.append(("\(folder)/findings.docx", Array(try DOCXPackage.make(title: unit.unit, sections: [section.body]))))
                if let appendix { files.append(("\(folder)/appendix.docx", Array(try DOCXPackage.make(title: unit.unit, sections: [appendix])))) }
            }
            if formats.contains(.html) {
                files.append(("\(folder)/findings.html", Array(HTMLRenderer.document(
                    title: unit.unit, language: unit.form.language.rawValue, sections: [section]).utf8)))
            }
            if formats.contains(.csv) {
                files.append(("\(folder)/rejected.csv", RejectedCSV.bytes(unit.rejected, language: unit.form.language, wording: ResultsPhrases())))
            }
        }
        if formats.contains(.csv) && !document.unassigned.rejected.isEmpty {
            let language = document.units.first?.form.language ?? .zh
            files.append(("\(unassignedFolder)/rejected.csv", RejectedCSV.bytes(document.unassigned.rejected, language: language, wording: ResultsPhrases())))
        }
        return files
    }
}

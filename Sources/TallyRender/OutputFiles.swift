import Foundation
import TallyCore

/// The output formats `score` and `run` can write.
public enum OutputFormat: String, CaseIterable, Sendable {
    case md, html, docx, json, csv
}

/// The files of an output folder, as relative paths and bytes (CLI.md, "What run and score write").
public enum OutputFiles {
    /// A unit's folder name: the unit's name with `/`, `\` and control characters replaced, never hidden.
    public static func folderName(_ unit: String) -> String {
        var name = String(unit.map { $0 == "/" || $0 == "\\" || $0.asciiValue.map { $0 < 0x20 } == true ? "_" : $0 })
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
        return ("\(folderName(unit.unit))/report.\(suffix)", outcome.bytes, outcome.placed)
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
        for unit in document.units {
            let folder = folderName(unit.unit)
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
            files.append(("_unassigned/rejected.csv", RejectedCSV.bytes(document.unassigned.rejected, language: language, wording: ResultsPhrases())))
        }
        return files
    }
}

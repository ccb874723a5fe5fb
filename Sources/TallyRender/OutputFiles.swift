import TallyCore

/// The output formats `score` and `run` can write.
public enum OutputFormat: String, CaseIterable, Sendable {
    case md, json, csv
}

/// The files of an output folder, as relative paths and bytes (CLI.md, "What run and score write").
public enum OutputFiles {
    /// A unit's folder name: the unit's name with `/`, `\` and control characters replaced, never hidden.
    public static func folderName(_ unit: String) -> String {
        var name = String(unit.map { $0 == "/" || $0 == "\\" || $0.asciiValue.map { $0 < 0x20 } == true ? "_" : $0 })
        if name.hasPrefix(".") { name = "_" + name.dropFirst() }
        return name.isEmpty ? "_" : name
    }

    /// Every file for `formats`, in a fixed order.
    public static func files(_ document: ResultsDocument, formats: Set<OutputFormat>) -> [(path: String, bytes: [UInt8])] {
        var files: [(String, [UInt8])] = []
        if formats.contains(.json) { files.append(("results.json", Array(document.json().serialized().utf8))) }
        if formats.contains(.md) { files.append(("summary.md", Array(SummaryMarkdown(document: document).render().utf8))) }
        for unit in document.units {
            let folder = folderName(unit.unit)
            if formats.contains(.md) {
                files.append(("\(folder)/findings.md", Array(FindingsMarkdown(unit: unit, campaign: document.campaign).render().utf8)))
            }
            if formats.contains(.csv) {
                files.append(("\(folder)/rejected.csv", RejectedCSV.bytes(unit.rejected, language: unit.form.language)))
            }
        }
        if formats.contains(.csv) && !document.unassigned.rejected.isEmpty {
            let language = document.units.first?.form.language ?? .zh
            files.append(("_unassigned/rejected.csv", RejectedCSV.bytes(document.unassigned.rejected, language: language)))
        }
        return files
    }
}

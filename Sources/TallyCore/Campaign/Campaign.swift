import Foundation

/// A campaign file (CLI.md, "Campaign file"): the units of an inspection, each with its
/// form, issued count and response files.
public struct Campaign: Sendable {
    package struct Unit: Sendable {
        package var name: String
        /// The form reference as written (a path relative to the campaign, or a built-in id).
        package var form: String
        package var issued: Int?
        /// Response files, resolved (globs expanded, sorted), as paths.
        package var responses: [String]
        /// The unit report to attach the findings to, resolved.
        package var report: String?
        /// How the ballots were collected, in words (`现场发放纸质测评票`), for 基本情况.
        package var method: String?
        /// Group labels for this unit's report (`groups: { staff: 干部职工 }`), group id → label.
        package var groups: [(id: String, label: String)] = []
        package var position: SourcePosition
        /// Where the campaign file names this unit's form (the unit's own `form:`, else the
        /// campaign's), for an error about the form.
        package var formPosition: SourcePosition?
    }

    public var title: String
    /// Who did the work (`县政法队伍教育整顿第二专项巡查组`): the subject of the methods sentence.
    package var team: String?
    /// The inspection's methods, in the report's order (`methods: [听取汇报, 查阅资料, …]`).
    package var methods: [String] = []
    package var units: [Unit]
    /// An earlier round's results.json to compare with, resolved.
    package var baseline: String?
    /// The campaign file's folder; relative paths are resolved against it.
    package var folder: String
    /// The most ballots a unit may be said to have issued (`issued:`, `--issued`): far above any
    /// real 民主测评, and far below where a count could overflow.
    public static let maximumIssued = 10_000_000
    package var file: String

    /// Loads and checks a campaign file. Paths are relative to its folder and may not leave
    /// it unless written as absolute paths.
    ///
    /// - Parameter confined: every path (responses, globs' matches, forms given by path,
    ///   reports, the baseline) must lie inside the campaign's folder, symbolic links followed:
    ///   an absolute path or one leading out is an error naming the entry, and nothing outside
    ///   is read or listed. For campaigns that come from someone else (the web app's import).
    public static func load(_ path: String, confined: Bool = false) throws(FormError) -> Campaign {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw FormError("cannot read the campaign file (missing, unreadable, or not UTF-8)", key: "", at: SourcePosition(file: path, line: 0, column: 0))
        }
        let root = try composeYAML(text, file: path, what: "campaign file")
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        let fence = confined ? Fence(folder: folder) : nil
        func resolve(_ path: String, at value: YAMLValue) throws(FormError) -> String {
            try Campaign.resolve(path, folder: folder, at: value, fence: fence)
        }
        let top = try YAMLValue(node: root, path: "", file: path).mapping()
        let title = try top.optional("title")?.nonEmptyString() ?? URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        let team = try top.optional("team")?.nonEmptyString()
        var methods: [String] = []
        for value in try top.optional("methods")?.list() ?? [] { methods.append(try value.nonEmptyString()) }
        let defaultForm = try top.optional("form")?.nonEmptyString()
        var units: [Unit] = []
        let unitsValue = try top.required("units")
        for item in try unitsValue.sequence() {
            let map = try item.mapping()
            let nameValue = try map.required("name")
            let name = try nameValue.nonEmptyString()
            if let control = name.unicodeScalars.first(where: { $0.properties.generalCategory == .control }) {
                let code = String(control.value, radix: 16, uppercase: true)
                throw nameValue.error("the unit name holds a control character (U+\(String(repeating: "0", count: max(0, 4 - code.count)) + code)); delete it")
            }
            if units.contains(where: { $0.name == name }) { throw nameValue.error("duplicate unit '\(name)'") }
            guard let form = try map.optional("form")?.nonEmptyString() ?? defaultForm else {
                throw item.error("no form: give 'form' for this unit or for the whole campaign")
            }
            if let fence, form.contains("/") || form.hasSuffix(".yaml") || form.hasSuffix(".yml") {
                // A form given by path must be inside the folder too.
                _ = try Campaign.resolve(form, folder: folder, at: map.optional("form") ?? top.optional("form") ?? item, fence: fence)
            }
            var issued: Int?
            if let value = map.optional("issued") {
                issued = try value.integer()
                if issued! < 0 { throw value.error("cannot be negative") }
                if issued! > Campaign.maximumIssued { throw value.error("is more than \(Campaign.maximumIssued) ballots: check the number") }
            }
            let responsesValue = try map.required("responses")
            var responses: [String] = []
            for entry in try responsesValue.list() {
                // A path or glob, or `{ file: 录入.xlsx, sheet: 县公安局 }` for one sheet of a workbook.
                var sheet: String?
                let patternValue: YAMLValue
                if case .mapping = entry.node {
                    let source = try entry.mapping()
                    patternValue = try source.required("file")
                    sheet = try source.optional("sheet")?.nonEmptyString()
                    try source.finish()
                } else {
                    patternValue = entry
                }
                let matches = try expand(try patternValue.nonEmptyString(), folder: folder, at: patternValue, fence: fence)
                for match in matches.map({ ResponseSource.encode($0, sheet: sheet) }) where !responses.contains(match) {
                    responses.append(match)
                }
            }
            let report = try map.optional("report").map { value throws(FormError) -> String in
                try resolve(try value.nonEmptyString(), at: value)
            }
            let method = try map.optional("method")?.nonEmptyString()
            var groups: [(id: String, label: String)] = []
            if let value = map.optional("groups") {
                let renames = try value.mapping()
                for key in renames.keys { groups.append((key, try renames.required(key).nonEmptyString())) }
            }
            try map.finish()
            units.append(
                Unit(
                    name: name, form: form, issued: issued, responses: responses, report: report, method: method, groups: groups,
                    position: item.position, formPosition: (map.optional("form") ?? top.optional("form"))?.position))
        }
        if units.isEmpty { throw unitsValue.error("a campaign needs at least one unit") }
        let baseline = try top.optional("baseline").map { value throws(FormError) -> String in
            try resolve(try value.nonEmptyString(), at: value)
        }
        try top.finish()
        return Campaign(title: title, team: team, methods: methods, units: units, baseline: baseline, folder: folder, file: path)
    }

    /// `path` inside `folder` (absolute paths as they are); `nil` when `..` would leave the folder.
    /// A unit's form: a path relative to the campaign's folder when such a file exists, else a
    /// built-in id or title. A form that cannot be found is the campaign's mistake: the error
    /// names the line of the campaign file that names the form.
    package func form(of unit: Unit) throws(FormError) -> Form {
        let relative = Campaign.inside(unit.form, folder: folder)
        let reference = relative.map { FileManager.default.fileExists(atPath: $0) } == true ? relative! : unit.form
        do {
            return try FormLoader.load(reference)
        } catch {
            guard error.position.line == 0, error.position.file == reference else { throw error }
            throw FormError("form '\(unit.form)': \(error.message)", key: "", at: unit.formPosition ?? unit.position)
        }
    }

    package static func inside(_ path: String, folder: String) -> String? {
        if path.hasPrefix("/") { return path }
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            if part == "." || part.isEmpty { continue }
            if part == ".." {
                if parts.isEmpty { return nil }
                parts.removeLast()
            } else {
                parts.append(part)
            }
        }
        return folder + "/" + parts.joined(separator: "/")
    }

    /// The folder a confined campaign may not leave, its symbolic links resolved.
    struct Fence {
        let real: String
        init(folder: String) { real = URL(fileURLWithPath: folder).resolvingSymlinksInPath().path }

        /// Whether `path`, symbolic links followed, is the folder or inside it.
        func holds(_ path: String) -> Bool {
            let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
            return resolved == real || resolved.hasPrefix(real + "/")
        }
    }

    /// A path relative to the campaign's folder; `..` that leaves the folder is refused, and
    /// in a confined campaign an absolute path or a link leading out too.
    static func resolve(_ path: String, folder: String, at value: YAMLValue, fence: Fence? = nil) throws(FormError) -> String {
        if fence != nil, path.hasPrefix("/") {
            throw value.error("'\(path)' is outside the campaign's folder: a campaign read here may name only files inside its own folder")
        }
        guard let resolved = inside(path, folder: folder) else {
            throw value.error(
                fence == nil
                    ? "'\(path)' leaves the campaign's folder; write an absolute path if that is meant"
                    : "'\(path)' leaves the campaign's folder: a campaign read here may name only files inside its own folder")
        }
        if let fence, !fence.holds(resolved) {
            throw value.error("'\(path)' leads outside the campaign's folder (a link): a campaign read here may name only files inside its own folder")
        }
        return resolved
    }

    /// Expands `*`, `?` and `[…]` in the file-name part of a pattern; sorted, so runs are repeatable.
    static func expand(_ pattern: String, folder: String, at value: YAMLValue, fence: Fence? = nil) throws(FormError) -> [String] {
        let path = try resolve(pattern, folder: folder, at: value, fence: fence)
        let url = URL(fileURLWithPath: path)
        let name = url.lastPathComponent
        guard name.contains(where: { "*?[".contains($0) }) else { return [path] }
        let directory = url.deletingLastPathComponent().path
        if directory.contains(where: { "*?[".contains($0) }) {
            throw value.error("wildcards are allowed in the file name only, not in folders")
        }
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        let matches = entries.filter { fnmatch(name, $0, 0) == 0 && !$0.hasPrefix(".") }.sorted()
        if matches.isEmpty { throw value.error("no file matches '\(pattern)'") }
        if let fence, let outside = matches.first(where: { !fence.holds(directory + "/" + $0) }) {
            throw value.error("'\(outside)' leads outside the campaign's folder (a link): a campaign read here may name only files inside its own folder")
        }
        return matches.map { directory + "/" + $0 }
    }

    /// A path as shown to people: relative to the current folder when inside it.
    /// A response file as the campaign file names it: relative to the campaign's folder (with
    /// its sheet), or as it is when outside it.
    package func relative(_ file: String) -> String {
        let (path, sheet) = ResponseSource.decode(file)
        let base = URL(fileURLWithPath: folder).standardizedFileURL.path + "/"
        let full = URL(fileURLWithPath: path).standardizedFileURL.path
        let shown = full.hasPrefix(base) ? String(full.dropFirst(base.count)) : path
        return sheet.map { "\(shown) (\($0))" } ?? shown
    }

    package static func display(_ file: String) -> String {
        let (path, sheet) = ResponseSource.decode(file)
        let current = FileManager.default.currentDirectoryPath + "/"
        let shown = path.hasPrefix(current) ? String(path.dropFirst(current.count)) : path
        return sheet.map { "\(shown) (\($0))" } ?? shown
    }
}

import Crypto
import Foundation
import TallyBuildInfo
import TallyCore

/// What proves a run (`evidence.json` beside results.json): the tool that made it, the command
/// as given, and the SHA-256 of every input it read and every output it wrote. Paths are as the
/// command gave them (relative to where it ran), or relative to the campaign's folder for what
/// a campaign names. No time, no machine: the same run gives the same bytes.
public struct Evidence: Codable, Equatable, Sendable {
    public struct Tool: Codable, Equatable, Sendable {
        public var name = "tally"
        public var version: String
        public var commit: String
    }

    /// One file read. `base` is `campaign` for a path relative to the campaign's folder.
    public struct Input: Codable, Equatable, Sendable {
        /// `responses`, `form`, `campaign`, `baseline` or `report`.
        public var role: String
        public var path: String
        public var base: String?
        /// A built-in form is no file: its id, and the hash of its embedded YAML.
        public var builtin: String?
        public var sha256: String
        public var bytes: Int
    }

    public struct Output: Codable, Equatable, Sendable {
        public var path: String
        public var sha256: String
        public var bytes: Int
    }

    public var schema = 1
    public var tool: Tool
    /// The command's arguments after `tally`, as given.
    public var command: [String]
    public var inputs: [Input]
    public var outputs: [Output]

    /// The tool's version (`tally --version`).
    public static let version = "0.1.0"

    /// The file's name in an output folder.
    public static let fileName = "evidence.json"

    public init(command: [String], inputs: [Input], outputs: [Output]) {
        tool = Tool(version: Self.version, commit: BuildInfo.commit)
        self.command = command
        self.inputs = inputs
        self.outputs = outputs
    }

    /// Where `command` had the output folder: two runs into two folders record the same command.
    public static let outPlaceholder = "<out>"

    /// The arguments with the value of `--out` written as `<out>`.
    public static func recordedCommand(_ arguments: [String]) -> [String] {
        var result: [String] = []
        var outValueNext = false
        for argument in arguments {
            if outValueNext {
                result.append(outPlaceholder)
                outValueNext = false
            } else if argument == "--out" {
                result.append(argument)
                outValueNext = true
            } else if argument.hasPrefix("--out=") {
                result.append("--out=" + outPlaceholder)
            } else {
                result.append(argument)
            }
        }
        return result
    }

    /// The JSON, keys sorted, indented: byte-identical for the same run.
    public func bytes() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(self)) + [0x0A]
    }

    public static func decode(_ data: Data) throws -> Evidence {
        try JSONDecoder().decode(Evidence.self, from: data)
    }

    /// Lower-case hex SHA-256.
    public static func sha256(_ data: some DataProtocol) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    /// SHA-256 over bytes handed in pieces.
    public struct Hasher {
        private var state = SHA256()
        public init() {}
        public mutating func update(_ data: Data) { state.update(data: data) }
        public func finish() -> String { state.finalize().map { String(format: "%02x", $0) }.joined() }
    }

    /// The hash of a file, read in chunks; `nil` when it cannot be read.
    public static func sha256(file path: String) -> (hash: String, bytes: Int)? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        var hasher = SHA256()
        var count = 0
        while let chunk = try? handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            hasher.update(data: chunk)
            count += chunk.count
        }
        return (hasher.finalize().map { String(format: "%02x", $0) }.joined(), count)
    }
}

extension Evidence {
    /// The inputs of `score`: the form, each response file (a workbook as a whole), the baseline.
    public static func scoreInputs(form: Form, formReference: String, files: [String], baseline: String?) throws -> [Input] {
        var inputs = [try formInput(form, reference: formReference, base: nil)]
        for file in files { inputs.append(try fileInput("responses", ResponseSource.decode(file).path, base: nil)) }
        if let baseline { inputs.append(try fileInput("baseline", baseline, base: nil)) }
        return inputs
    }

    /// The inputs of `run`: the campaign file as given, then what it names relative to its
    /// folder: each form that is a file, each response file, each unit's report, the baseline.
    ///
    /// - Parameter shownAs: the campaign file's path as evidence.json names it (default: `campaignPath`).
    public static func runInputs(_ campaign: Campaign, campaignPath: String, shownAs: String? = nil) throws -> [Input] {
        var inputs = [try fileInput("campaign", campaignPath, shownAs: shownAs, base: nil)]
        var seen: Set<String> = []
        func add(_ role: String, _ path: String) throws {
            let relative = campaign.relative(path)
            guard seen.insert(role + "\u{0}" + relative).inserted else { return }
            inputs.append(try fileInput(role, path, shownAs: relative, base: "campaign"))
        }
        for unit in campaign.units {
            if let formFile = Campaign.inside(unit.form, folder: campaign.folder), FileManager.default.fileExists(atPath: formFile) {
                try add("form", formFile)
            } else if !seen.contains("builtin\u{0}" + unit.form) {
                seen.insert("builtin\u{0}" + unit.form)
                let form = try campaign.form(of: unit)
                inputs.append(try formInput(form, reference: unit.form, base: "campaign"))
            }
            for file in unit.responses { try add("responses", ResponseSource.decode(file).path) }
            if let report = unit.report { try add("report", report) }
        }
        if let baseline = campaign.baseline { try add("baseline", baseline) }
        return inputs
    }

    static func formInput(_ form: Form, reference: String, base: String?) throws -> Input {
        if form.source.hasPrefix("builtin:") {
            let id = String(form.source.dropFirst("builtin:".count))
            let yaml = Array((BuiltinForms.yaml[id] ?? "").utf8)
            return Input(role: "form", path: reference, base: base, builtin: id, sha256: sha256(yaml), bytes: yaml.count)
        }
        return try fileInput("form", reference, base: base)
    }

    static func fileInput(_ role: String, _ path: String, shownAs shown: String? = nil, base: String?) throws -> Input {
        guard let (hash, bytes) = sha256(file: path) else {
            throw EvidenceError("\(path): error: cannot read it to record its SHA-256")
        }
        return Input(role: role, path: shown ?? path, base: base, builtin: nil, sha256: hash, bytes: bytes)
    }

    /// The outputs among `paths` (relative to `folder`) and `hashed` (hashed as they were
    /// written), sorted; the others hashed from the disk.
    public static func outputs(_ paths: [String], hashed: [Output] = [], in folder: String) throws -> [Output] {
        let known = Dictionary(hashed.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        return try Set(paths + hashed.map(\.path)).sorted().map { path in
            if let output = known[path] { return output }
            guard let (hash, bytes) = sha256(file: folder + "/" + path) else {
                throw EvidenceError("\(folder)/\(path): error: cannot read it to record its SHA-256")
            }
            return Output(path: path, sha256: hash, bytes: bytes)
        }
    }
}

/// A message about evidence: what went wrong, where, and what to do.
public struct EvidenceError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

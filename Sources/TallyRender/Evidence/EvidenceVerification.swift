import Foundation
import TallyCore

/// Checks a run against its evidence (`tally verify`): every input and output is the one
/// recorded (SHA-256), the tool is not older than the one that made it, and the run, repeated
/// from the inputs, writes every output again byte for byte. The repeat itself is the caller's
/// (the `tally` executable runs itself); this decides what to run and compares what it wrote.
public enum EvidenceVerification {
    /// How to repeat a run: the arguments (the output folder replaced), where to run them, and
    /// where the recorded outputs are.
    public struct Plan: Sendable {
        public var evidence: Evidence
        public var arguments: [String]
        public var workingDirectory: String
        public var recordedOutputs: String
        /// Inputs checked, for the message.
        public var inputsChecked: Int
    }

    /// Checks an extracted pack at `root` and plans its repeat into `rerun`.
    public static func plan(pack root: String, rerun: String) throws -> Plan {
        let evidence = try EvidencePack.readEvidence(folder: root)
        try checkVersion(evidence)
        var checked = 0
        for (index, input) in evidence.inputs.enumerated() {
            guard let packed = EvidencePack.packedPath(input, index: index, evidence: evidence) else {
                try checkBuiltin(input)
                continue
            }
            try checkHash(root + "/" + packed, recorded: input.sha256, what: "input '\(input.path)'", fix: "the pack was edited")
            checked += 1
        }
        try checkOutputs(evidence, in: root + "/outputs")
        if let outside = evidence.inputs.first(where: { $0.builtin == nil && !EvidencePack.isContained($0.path) && $0.role != "campaign" }) {
            throw EvidenceError(
                "error: every file is as recorded, but the run cannot be repeated with the same file names: '\(outside.path)' was named "
                    + "by an absolute path or one outside the working folder, and results.json names files as they were given; "
                    + "run again with relative paths (or from a campaign file beside its files) to make a pack that verify can repeat")
        }
        var arguments = evidence.command
        let working: String
        if evidence.command.first == "run", let campaign = evidence.inputs.first(where: { $0.role == "campaign" }) {
            let packed = root + "/inputs/campaign/" + URL(fileURLWithPath: campaign.path).lastPathComponent
            arguments = arguments.map { $0 == campaign.path ? packed : $0 }
            working = root
        } else {
            working = root + "/inputs"
            try FileManager.default.createDirectory(atPath: working, withIntermediateDirectories: true)
        }
        return Plan(
            evidence: evidence, arguments: withOut(arguments, rerun), workingDirectory: working, recordedOutputs: root + "/outputs",
            inputsChecked: checked)
    }

    /// Checks output folder `out`, with the inputs in place as the run found them (from the
    /// current folder), and plans its repeat into `rerun`.
    public static func plan(folder out: String, rerun: String) throws -> Plan {
        let evidence = try EvidencePack.readEvidence(folder: out)
        try checkVersion(evidence)
        var checked = 0
        for input in evidence.inputs {
            guard let disk = EvidencePack.diskPath(input, evidence: evidence) else {
                try checkBuiltin(input)
                continue
            }
            try checkHash(disk, recorded: input.sha256, what: "input '\(disk)'", fix: "it was edited, or verify is run from another folder than the run")
            checked += 1
        }
        try checkOutputs(evidence, in: out)
        return Plan(
            evidence: evidence, arguments: withOut(evidence.command, rerun),
            workingDirectory: FileManager.default.currentDirectoryPath, recordedOutputs: out, inputsChecked: checked)
    }

    /// The first output of the repeat in `rerun` that differs from the recorded one: its path
    /// and, for text, the 1-based line; `nil` when every output is byte-identical.
    public static func firstDifference(_ plan: Plan, rerun: String) -> String? {
        for output in plan.evidence.outputs {
            let recorded = FileManager.default.contents(atPath: plan.recordedOutputs + "/" + output.path) ?? Data()
            guard let repeated = FileManager.default.contents(atPath: rerun + "/" + output.path) else {
                return "\(output.path): the repeated run did not write it"
            }
            guard recorded != repeated else { continue }
            let text = ["csv", "md", "json", "html"].contains(URL(fileURLWithPath: output.path).pathExtension.lowercased())
            guard text else { return "\(output.path): the bytes differ" }
            let a = recorded.split(separator: 0x0A, omittingEmptySubsequences: false)
            let b = repeated.split(separator: 0x0A, omittingEmptySubsequences: false)
            let line = (0..<min(a.count, b.count)).first { a[$0] != b[$0] }.map { $0 + 1 } ?? min(a.count, b.count) + 1
            return "\(output.path):\(line): this line differs"
        }
        return nil
    }

    /// The arguments with the output folder replaced by `rerun` (added when the run had none).
    static func withOut(_ arguments: [String], _ rerun: String) -> [String] {
        var result = arguments.map { $0 == Evidence.outPlaceholder ? rerun : $0 == "--out=" + Evidence.outPlaceholder ? "--out=" + rerun : $0 }
        if result == arguments { result += ["--out", rerun] }
        return result
    }

    static func checkVersion(_ evidence: Evidence) throws {
        guard evidence.schema <= 1 else { throw EvidenceError("error: evidence.json has schema \(evidence.schema), newer than this tally (\(Evidence.version)) reads; use the version that made it") }
        let made = evidence.tool.version.split(separator: ".").map { Int($0) ?? 0 }
        let ours = Evidence.version.split(separator: ".").map { Int($0) ?? 0 }
        if made.lexicographicallyPrecedes(ours) || made == ours { return }
        throw EvidenceError(
            "error: this run was made by tally \(evidence.tool.version) (commit \(evidence.tool.commit)), newer than this tally "
                + "\(Evidence.version); verify it with that version or a later one")
    }

    static func checkBuiltin(_ input: Evidence.Input) throws {
        guard let id = input.builtin else { return }
        let yaml = Array((BuiltinForms.yaml[id] ?? "").utf8)
        guard Evidence.sha256(yaml) == input.sha256 else {
            throw EvidenceError(
                "error: the built-in form '\(id)' of this tally is not the one the run used (its SHA-256 differs); verify with the tally that made the run (commit in evidence.json)")
        }
    }

    static func checkHash(_ path: String, recorded: String, what: String, fix: String) throws {
        guard let (hash, _) = Evidence.sha256(file: path) else { throw EvidenceError("\(path): error: \(what) is missing; \(fix)") }
        guard hash == recorded else { throw EvidenceError("\(path): error: \(what) is not the file the run read (its SHA-256 differs from evidence.json): \(fix)") }
    }

    static func checkOutputs(_ evidence: Evidence, in folder: String) throws {
        for output in evidence.outputs {
            try checkHash(folder + "/" + output.path, recorded: output.sha256, what: "output '\(output.path)'", fix: "it was changed after the run")
        }
    }
}

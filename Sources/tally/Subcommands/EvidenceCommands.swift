import ArgumentParser
import Foundation
import TallyRender

struct EvidenceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evidence",
        abstract: "Evidence of a run: its inputs, outputs and evidence.json in one archive.",
        subcommands: [Pack.self])

    struct Pack: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Pack an output folder, its evidence.json and the inputs it names into one .zip.",
            discussion: """
                Run it from the folder the run was made in (inputs are found as the command named them). \
                Every file is checked against the SHA-256 evidence.json recorded before it is packed. \
                The pack holds respondents' answers (ballots.csv and the response files): keep it as 内部资料.
                """)

        @Argument(help: "The output folder of 'tally run' or 'tally score --out'.")
        var out: String

        @Option(help: "The archive to write (.zip).")
        var to: String

        func run() throws {
            do {
                let packed = try EvidencePack.pack(out: out, to: to)
                Diagnostics.note("wrote \(to): evidence.json, \(packed.inputs) input files and \(packed.outputs) outputs")
            } catch {
                throw Diagnostics.fail(error)
            }
        }
    }
}

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Repeat a run from its evidence and compare every output byte for byte.",
        discussion: """
            Takes an evidence pack (.zip) or an output folder whose inputs are in place (run from the folder the \
            run was made in). Checks every input and output against evidence.json, repeats the run, and says \
            一致 when every output is written again byte for byte; otherwise names the first file (and line) \
            that differs and exits 1.
            """)

    @Argument(help: "An evidence pack (.zip), or an output folder with evidence.json.")
    var target: String

    func run() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("tally-verify-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let rerun = scratch.appendingPathComponent("rerun").path
        let plan: EvidenceVerification.Plan
        do {
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: target, isDirectory: &isFolder), isFolder.boolValue {
                plan = try EvidenceVerification.plan(folder: target, rerun: rerun)
            } else {
                let root = scratch.appendingPathComponent("pack").path
                try EvidencePack.extract(target, into: root)
                plan = try EvidenceVerification.plan(pack: root, rerun: rerun)
            }
        } catch {
            Diagnostics.error("不一致（未能核对）: \(error)")
            throw ExitCode.failure
        }
        // The run again, by this same tally, quietly.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe")
        process.arguments = plan.arguments + ["--quiet"]
        process.currentDirectoryURL = URL(fileURLWithPath: plan.workingDirectory)
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            Diagnostics.error("error: cannot run tally again (\(error))")
            throw ExitCode.failure
        }
        let said = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            Diagnostics.error("不一致: the repeated run stopped:\n" + String(decoding: said, as: UTF8.self))
            throw ExitCode.failure
        }
        if let difference = EvidenceVerification.firstDifference(plan, rerun: rerun) {
            Diagnostics.error("不一致: \(difference)")
            throw ExitCode.failure
        }
        print("一致: \(plan.inputsChecked) input files and \(plan.evidence.outputs.count) outputs are as recorded, "
            + "and the run repeated by tally \(Evidence.version) wrote every output again byte for byte.")
    }
}

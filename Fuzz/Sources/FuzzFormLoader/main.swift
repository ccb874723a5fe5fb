import Foundation
import TallyCore
import TallyRender

/// Parses arbitrary text as a form. Any `FormError` is fine; it must carry a position
/// inside the text (or 0 for the whole file), and a crash is a bug. A form that loads scores a
/// real 问卷星 export (its thresholds, limits, weights and scores meet real counts, which is
/// where extreme numbers used to trap) and its findings are written.
enum Sample {
    static let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../../Samples/leadership/wjx-text-utf8.csv").standardized.path
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    do {
        let form = try FormLoader.parse(text, file: "fuzz.yaml")
        precondition(!form.questions.isEmpty, "a form loaded without questions")
        var options = ImportOptions()
        options.allowMissingColumns = true
        options.skipBadRows = true
        options.skipRules = ["min_seconds", "incomplete", "duplicate_respondent"]
        options.threads = 1
        if let document = try? Tally.score(form: form, files: [Sample.path], unit: "u", issued: 60, options: options) {
            for unit in document.units {
                precondition(unit.ballots.rows == unit.ballots.valid + unit.ballots.invalid, "ballots do not reconcile")
                _ = FindingsMarkdown(unit: unit).render()
            }
        }
    } catch {
        // libyaml ends a line at LF, CR, CRLF, NEL, LS and PS.
        var lines = 1
        var previous: Unicode.Scalar = " "
        for scalar in text.unicodeScalars {
            if ["\n", "\r", "\u{85}", "\u{2028}", "\u{2029}"].contains(scalar) && !(previous == "\r" && scalar == "\n") { lines += 1 }
            previous = scalar
        }
        precondition(error.position.line <= lines + 1, "error points past the end of the text")
    }
    return 0
}

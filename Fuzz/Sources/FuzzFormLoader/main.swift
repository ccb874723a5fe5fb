import Foundation
import TallyCore

/// Parses arbitrary text as a form. Any `FormError` is fine; it must carry a position
/// inside the text (or 0 for the whole file), and a crash is a bug.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    do {
        let form = try FormLoader.parse(text, file: "fuzz.yaml")
        precondition(!form.questions.isEmpty, "a form loaded without questions")
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

import Testing
import TallyRender

/// The one escaper, against payloads of every class (issue 26, point 3): no `<`, `>`, `"` or `'`
/// survives as a scalar, whatever follows it; every `&` starts an entity.
@Suite("HTML escaping")
struct HTMLEscapingTests {
    static let payloads = [
        "x\"\u{0338} onload=alert(1) x=\"\u{0338}",  // a quote joined to a combining mark: one Character
        "<\u{0338}script>alert(1)</script\u{0301}>",
        "'\u{20DD} onmouseover='alert(1)",
        "&\u{0300}lt;",
        "\u{202E}\"gnp.exe\u{202C}",  // a bidi override around a quote
        "普通题干“好”与‘较好’",
    ]

    @Test(arguments: payloads)
    func noMarkupScalarSurvives(_ payload: String) {
        let escaped = HTMLEscaping.escape(payload)
        #expect(!escaped.unicodeScalars.contains { "<>\"'".unicodeScalars.contains($0) }, "\(escaped.debugDescription)")
        // Every & begins one of the five entities (compared by scalars: a combining mark after
        // the entity's `;` makes one Character of them).
        let scalars = Array(escaped.unicodeScalars)
        for (index, scalar) in scalars.enumerated() where scalar == "&" {
            let tail = scalars[index...]
            #expect(["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"].contains { tail.starts(with: $0.unicodeScalars) })
        }
    }

    @Test func theCombiningMarkAfterAQuoteIsKeptAfterItsEntity() {
        #expect(HTMLEscaping.escape("a\"\u{0338}b") == "a&quot;\u{0338}b")
        #expect(HTMLEscaping.escape("中文") == "中文")
    }
}

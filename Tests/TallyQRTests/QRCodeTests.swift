import Foundation
import Testing
import TallyQR
import TallyTestSupport

/// QR codes made by libqrencode, read back by another program: zbar's `zbarimg` (Debian's
/// zbar-tools, installed by `make deps`).
@Suite("QR codes")
struct QRCodeTests {
    @Test(arguments: [
        "http://192.168.1.20:8080/b/7KQ2MX9RTA4",
        "https://tally.example.cn/b/ABCDEFGHJKM",
        "测评码 县司法局 23456789AB",
    ])
    func whatIsEncodedIsReadBack(text: String) async throws {
        let code = try QRCode(text)
        #expect(code.width >= 21 && code.width <= 177 && (code.width - 17) % 4 == 0)
        #expect(try await ZBar.decoded(png: code.png(scale: 4)) == text)
    }

    @Test func aDifferentTextIsADifferentCodeAndTheSameTextTheSame() throws {
        let one = try QRCode("http://127.0.0.1:8080/b/23456789ABC")
        #expect(try QRCode("http://127.0.0.1:8080/b/23456789ABC") == one)
        #expect(try QRCode("http://127.0.0.1:8080/b/23456789ABD") != one)
        #expect(try one.png(scale: 3) == one.png(scale: 3))
    }

    @Test func theSVGDrawsEveryDarkModuleAndNoOther() throws {
        let code = try QRCode("http://127.0.0.1:8080/b/23456789ABC")
        let svg = code.svg(size: 120)
        // Each run of dark modules is one `M x y h n` square strip: their lengths sum to the dark count.
        let runs = svg.split(separator: "M").dropFirst().map { piece in
            Int(piece.split(separator: "h")[1].split(separator: "v")[0])!
        }
        #expect(runs.reduce(0, +) == code.modules.filter { $0 }.count)
        #expect(svg.hasPrefix(#"<svg xmlns="http://www.w3.org/2000/svg" width="120" height="120""#))
    }

    @Test func textThatCannotBeACodeIsRefused() {
        #expect(throws: QRCode.Failure.tooLong(bytes: 8_000)) { try QRCode(String(repeating: "a", count: 8_000)) }
        #expect(throws: QRCode.Failure.containsNUL) { try QRCode("a\u{0}b") }
    }
}

import Testing
@_spi(Engine) @testable import TallyCSV
import TallyTestSupport

/// `CSVFieldTable` against a dictionary, on random fields of 0 to 40 bytes that share
/// prefixes and lengths (the cases where two-word keys and byte comparison could go wrong),
/// in several namespaces, read with and without slack after the buffer.
@Suite("Field table")
struct FieldTableTests {
    /// A one-record view of `fields`, laid out one after another as the reader does.
    static func withRecord<T>(_ fields: [[UInt8]], slack: Int, _ body: (CSVRawRecord) -> T) -> T {
        let bytes = fields.flatMap { $0 } + Array(repeating: 0xAA, count: slack)
        var bounds = [0]
        for field in fields { bounds.append(bounds.last! + field.count) }
        return bytes.withUnsafeBytes { raw in
            bounds.withUnsafeBufferPointer { bounds in
                let used = UnsafeRawBufferPointer(rebasing: raw[..<(raw.count - slack)])
                return body(CSVRawRecord(bytes: used, readable: raw.count, bounds: bounds, count: fields.count, line: 1, row: 1))
            }
        }
    }

    @Test(arguments: [0, 16])
    func agreesWithADictionary(slack: Int) {
        var random = SplitMix64(seed: UInt64(slack) + 1)
        let stems: [[UInt8]] = [Array("好".utf8), Array("基本满意".utf8), Array("0123456789abcdef".utf8), []]
        var table = CSVFieldTable<Int>(namespaces: 3, limit: 40)
        var reference: [String: Int] = [:]
        var stored = [0, 0, 0]
        for step in 0..<5000 {
            var field = stems[Int(random.next() % 4)]
            for _ in 0..<Int(random.next() % 25) { field.append(UInt8(random.next() % 3) + 0x61) }
            let namespace = Int(random.next() % 3)
            let name = "\(namespace):\(field)"
            // What follows the field changes from record to record, as in a file.
            let after = (0..<Int(random.next() % 20)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            Self.withRecord([[0x2C], field, after], slack: slack) { record in
                #expect(table.value(of: record, field: 1, namespace: namespace) == reference[name], "\(name)")
                if step % 2 == 0 {
                    let fits = reference[name] != nil || stored[namespace] < 40
                    #expect(table.remember(step, of: record, field: 1, namespace: namespace) == fits)
                    if fits {
                        if reference[name] == nil { stored[namespace] += 1 }
                        reference[name] = step
                    }
                }
            }
        }
        #expect(stored.allSatisfy { $0 == 40 }, "each namespace filled up to its limit: \(stored)")
    }

    @Test func theLastFieldOfABufferWithoutSlackIsReadByteByByte() {
        var table = CSVFieldTable<String>()
        _ = Self.withRecord([Array("一般".utf8)], slack: 0) { record in
            table.remember("一般", of: record, field: 0)
        }
        Self.withRecord([Array("x".utf8), Array("一般".utf8)], slack: 16) { record in
            #expect(table.value(of: record, field: 1) == "一般")
            #expect(table.value(of: record, field: 0) == nil)
        }
    }
}

/// Picks the field separator of a CSV sample: `,`, `;` or tab.
///
/// For each candidate it counts separators outside quotes on the first lines (up to 50);
/// the candidate whose count is non-zero on the header and equal on most other lines wins,
/// then the one with the most columns, then the order `,` `;` tab. A sample with
/// none of them (a one-column file) gives `,`.
public enum DelimiterSniffer {
    public static let candidates: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "\t")]

    public static func sniff(_ sample: [UInt8]) -> UInt8 {
        var best: (delimiter: UInt8, agreeing: Int, columns: Int) = (UInt8(ascii: ","), -1, 0)
        for candidate in candidates {
            let counts = countsPerLine(sample, delimiter: candidate, maxLines: 50)
            guard let header = counts.first, header > 0 else { continue }
            let agreeing = counts.dropFirst().filter { $0 == header }.count
            if agreeing > best.agreeing || (agreeing == best.agreeing && header > best.columns) {
                best = (candidate, agreeing, header)
            }
        }
        return best.delimiter
    }

    /// Separators per record, quotes respected (a quoted line break does not end a record).
    static func countsPerLine(_ sample: [UInt8], delimiter: UInt8, maxLines: Int) -> [Int] {
        var counts: [Int] = []
        var current = 0
        var quoted = false
        var sawContent = false
        for byte in sample {
            if byte == UInt8(ascii: "\"") {
                quoted.toggle()
                sawContent = true
            } else if !quoted && (byte == 10 || byte == 13) {
                if sawContent { counts.append(current) }
                current = 0
                sawContent = false
                if counts.count >= maxLines { return counts }
            } else {
                sawContent = true
                if !quoted && byte == delimiter { current += 1 }
            }
        }
        // A last line without its line break may be cut off by the sample's end: leave it out
        // unless it is the only one.
        if sawContent && counts.isEmpty { counts.append(current) }
        return counts
    }
}

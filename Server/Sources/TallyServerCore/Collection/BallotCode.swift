/// 测评码: one-time codes for phone ballots (docs/collection.md).
///
/// Ten characters drawn by the system's cryptographically secure generator
/// (`SystemRandomNumberGenerator`: getrandom on Linux) from 31 characters that cannot be taken
/// for one another (no 0/O, 1/I/L), then a check character: 31¹⁰ ≈ 8.2 × 10¹⁴ codes, 49 bits.
/// The check is Σ (i + 1)·vᵢ mod 31 over the ten values: 31 is prime and the weights differ, so
/// any one character mistyped and any two neighbours swapped give a code that fails the check,
/// told apart from a code that was never issued before the database is asked.
enum BallotCode {
    static let alphabet = Array("23456789ABCDEFGHJKMNPQRSTUVWXYZ")
    static let randomLength = 10
    static var length: Int { randomLength + 1 }

    /// A new code. (Uniform: `Int.random(in:using:)` rejects the generator's biased values.)
    static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        let values = (0..<randomLength).map { _ in Int.random(in: 0..<alphabet.count, using: &generator) }
        return String((values + [check(values)]).map { alphabet[$0] })
    }

    static func check(_ values: [Int]) -> Int {
        values.enumerated().reduce(0) { ($0 + ($1.offset + 1) * $1.element) % alphabet.count }
    }

    /// The code as typed or scanned, upper-cased, spaces and dashes dropped; `nil` when it is
    /// not eleven characters of the alphabet with the right check character.
    static func normalised(_ text: String) -> String? {
        let kept = text.uppercased().filter { $0 != " " && $0 != "-" }
        guard kept.count == length else { return nil }
        var values: [Int] = []
        for character in kept {
            guard let value = alphabet.firstIndex(of: character) else { return nil }
            values.append(value)
        }
        return check(Array(values.prefix(randomLength))) == values.last! ? kept : nil
    }

    /// The code as printed on a slip, in groups easy to read aloud: `7KQ2 MX9R TA4`.
    static func spaced(_ code: String) -> String {
        let characters = Array(code)
        return stride(from: 0, to: characters.count, by: 4).map { String(characters[$0..<min($0 + 4, characters.count)]) }.joined(separator: " ")
    }
}

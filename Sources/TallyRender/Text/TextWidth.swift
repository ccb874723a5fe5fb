/// How wide a text prints in a fixed-width grid (table columns in Word and Excel): a CJK
/// character takes two columns, anything else one.
enum TextWidth {
    static func columns(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + ($1.value > 0x2E80 ? 2 : 1) }
    }
}

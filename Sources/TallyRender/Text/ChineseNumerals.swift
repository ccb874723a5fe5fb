import TallyCore

extension NumberText {
    /// 1 → 一, 2 → 二, … 10 → 十, 11 → 十一, 20 → 二十, 21 → 二十一 (up to 99).
    package static func chineseNumeral(_ number: Int) -> String {
        let digits = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"]
        guard number > 0 && number < 100 else { return String(number) }
        if number < 10 { return digits[number] }
        let tens = number / 10
        let ones = number % 10
        return (tens == 1 ? "" : digits[tens]) + "十" + (ones == 0 ? "" : digits[ones])
    }
}

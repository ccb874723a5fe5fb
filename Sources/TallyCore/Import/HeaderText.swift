import Foundation

/// Column headers reduced to what identifies a question.
///
/// A header and a question's text are equal when, once both are normalised: a leading
/// number (`1、` `1.` `Q3.` `(3)` `第3题`) is removed; trailing `：` `:` `*` and type hints in
/// brackets (`(单选题)` `（多选）` `（可多选）` `[必答]`) are removed; full-width is folded
/// to half-width; blanks are trimmed.
enum HeaderText {
    /// The normalised text of a header or a question.
    static func normalise(_ header: String) -> String {
        var text = TextFolding.trim(TextFolding.foldWidth(decodeEntities(header)))
        text = dropLeadingNumber(text).text
        var changed = true
        while changed {
            changed = false
            let before = text
            text = TextFolding.trim(text)
            while let last = text.last, last == ":" || last == "*" || last == "：" || last == "?" || last == "？" {
                text.removeLast()
            }
            text = dropTrailingHint(text)
            changed = text != before
        }
        return String(String.UnicodeScalarView(TextFolding.trim(text).unicodeScalars.filter { !TextFolding.isBlank($0) }))
    }

    /// The question number a header starts with, and the header without it.
    ///
    /// `5、您的评价` → (5, "您的评价"); `Q3. x` → (3, "x"); `第3题` → (3, ""); `(3) x` → (3, "x").
    static func dropLeadingNumber(_ text: String) -> (number: Int?, text: String) {
        let scalars = Array(text)
        var index = 0
        // A question number has a few digits; a longer run (an id, a phone number) is no number,
        // and could overflow an Int (found by fuzzing).
        func digits() -> Int? {
            var value = 0
            var count = 0
            while index < scalars.count, let digit = scalars[index].wholeNumberValue, scalars[index].isASCII {
                value = count < 9 ? value * 10 + digit : value
                index += 1
                count += 1
            }
            return count > 0 && count <= 9 ? value : nil
        }
        // 第N题
        if scalars.first == "第" {
            index = 1
            if let number = digits(), index < scalars.count, scalars[index] == "题" {
                return (number, TextFolding.trim(String(scalars[(index + 1)...])))
            }
            return (nil, text)
        }
        // (N) or （N）
        if scalars.first == "(" {
            index = 1
            if let number = digits(), index < scalars.count, scalars[index] == ")" {
                return (number, TextFolding.trim(String(scalars[(index + 1)...])))
            }
            return (nil, text)
        }
        index = 0
        if let first = scalars.first, first == "Q" || first == "q" { index = 1 }
        let start = index
        guard let number = digits() else { return (nil, text) }
        // 问卷网's `Q2_题干`.
        if start == 1, index < scalars.count, scalars[index] == "_" {
            return (number, TextFolding.trim(String(scalars[(index + 1)...])))
        }
        if index == scalars.count {
            // A bare number ("3") or code ("Q3") is a whole header, not a prefix.
            return start == 1 ? (number, "") : (nil, text)
        }
        let separators: Set<Character> = ["、", ".", "．", ":", "：", ")", "）", " "]
        // A clerk's `Q2您的性别`: a Q-number glued to the (Chinese) text.
        if start == 1, !scalars[index].isASCII, scalars[index].isLetter {
            return (number, TextFolding.trim(String(scalars[index...])))
        }
        guard separators.contains(scalars[index]) else { return (nil, text) }
        // "3.5分" is not a numbered header: a digit right after the dot.
        if scalars[index] == ".", index + 1 < scalars.count, scalars[index + 1].isNumber { return (nil, text) }
        index += 1
        var rest = TextFolding.trim(String(scalars[index...]))
        // LimeSurvey's `9 - 题干`.
        if scalars[index - 1] == " ", rest.hasPrefix("- ") || rest.hasPrefix("– ") { rest = TextFolding.trim(String(rest.dropFirst(2))) }
        return (number, rest)
    }

    /// An option's text without 腾讯问卷's fill-in placeholder: `其他____{fillblank-345b}` and
    /// `其他____________` are `其他`. Other text is returned as it is.
    static func optionText(_ text: String) -> String {
        var result = text
        while let open = result.range(of: "{fillblank"), let close = result[open.upperBound...].firstIndex(of: "}") {
            result.removeSubrange(open.lowerBound...close)
        }
        var underscores = 0
        while result.hasSuffix("_") || result.hasSuffix("＿") {
            result.removeLast()
            underscores += 1
        }
        if underscores == 1 { result += "_" }
        return TextFolding.trim(result)
    }

    /// 腾讯问卷's fill-in column of the option or question before it: `…[选项填空]`.
    static func isFillInColumn(_ header: String) -> Bool {
        TextFolding.trim(TextFolding.foldWidth(header)).hasSuffix("[选项填空]")
    }

    /// A bracketed type hint at the end: `(单选题)` `（多选）` `[必答]` `【可多选】`.
    static func dropTrailingHint(_ text: String) -> String {
        let pairs: [(Character, Character)] = [("(", ")"), ("（", "）"), ("[", "]"), ("【", "】")]
        for (open, close) in pairs where text.last == close {
            guard let start = text.lastIndex(of: open) else { continue }
            let inner = String(text[text.index(after: start)..<text.index(before: text.endIndex)])
            if isTypeHint(inner) { return String(text[..<start]) }
        }
        return text
    }

    /// English hints that platforms add in brackets (Google Forms, Qualtrics, LimeSurvey).
    static let englishHints = ["multiple choice allowed", "select all that apply", "optional", "required", "choose one", "check all that apply"]

    /// `&gt;` `&amp;` `&#39;` … decoded, as 问卷星 writes `>` `&` `'` in its headers.
    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var result = text
        for (entity, character) in [("&gt;", ">"), ("&lt;", "<"), ("&quot;", "\""), ("&apos;", "'"), ("&#39;", "'"), ("&nbsp;", " ")] {
            result = result.replacingOccurrences(of: entity, with: character)
        }
        return result.replacingOccurrences(of: "&amp;", with: "&")
    }

    static let hintWords = ["单选", "多选", "可多选", "必答", "必填", "选填", "填空", "矩阵", "量表", "排序", "最多选", "至多选", "限选", "不定项", "请选择"]

    static func isTypeHint(_ inner: String) -> Bool {
        let folded = TextFolding.trim(inner)
        if folded.isEmpty { return false }
        if englishHints.contains(folded.lowercased()) { return true }
        return hintWords.contains { folded.hasPrefix($0) || folded.contains($0 + "题") } || folded.hasSuffix("题")
            && folded.count <= 6
    }

    /// A header that joins a stem and a sub-item (a matrix row or a multi-select option).
    struct Composite: Equatable {
        var stem: String
        var sub: String
        /// Which shape it was written in.
        var separator: String
    }

    /// The opening bracket that matches the closing one `text` ends with, counting nesting.
    static func matchingOpen(in text: String, open: Character, close: Character) -> String.Index? {
        var depth = 0
        var index = text.endIndex
        while index > text.startIndex {
            index = text.index(before: index)
            if text[index] == close { depth += 1 } else if text[index] == open {
                depth -= 1
                if depth == 0 { return index }
            }
        }
        return nil
    }

    /// Every way a header can be read as stem + sub-item, most specific first:
    /// `题干—行` (also `——` `－` `-`), `题干:行`/`题干：行`, `题干 [行]`/`题干[行]`, `N(行)`,
    /// `第N题(行)`, `Q4[SQ001]`, `group/question/choice`.
    static func composites(_ header: String) -> [Composite] {
        let text = TextFolding.trim(TextFolding.foldWidth(header))
        var result: [Composite] = []
        func add(_ stem: Substring, _ sub: Substring, _ separator: String) {
            let s = TextFolding.trim(String(stem))
            let r = TextFolding.trim(String(sub))
            if !s.isEmpty && !r.isEmpty { result.append(Composite(stem: s, sub: r, separator: separator)) }
        }
        // Bracketed sub-item at the end: stem[sub], stem(sub), stem【sub】. The sub-item may hold
        // brackets of its own (`第5题(其他(请注明))`): the opening bracket is the one that matches
        // the last, counting nesting.
        for (open, close) in [("[", "]"), ("(", ")"), ("【", "】")] where text.hasSuffix(close) {
            if let start = matchingOpen(in: text, open: Character(open), close: Character(close)) {
                let inner = text[text.index(after: start)..<text.index(before: text.endIndex)]
                if !isTypeHint(String(inner)) { add(text[..<start], inner, open) }
            }
        }
        for dash in ["——", "—", "－", "-"] {
            if let range = text.range(of: dash) { add(text[..<range.lowerBound], text[range.upperBound...], "—") }
        }
        for colon in [":"] {
            if let range = text.range(of: colon, options: .backwards) {
                add(text[..<range.lowerBound], text[range.upperBound...], ":")
            }
        }
        if let slash = text.lastIndex(of: "/") { add(text[..<slash], text[text.index(after: slash)...], "/") }
        // 问卷网's `Q2_题干_行`.
        if dropLeadingNumber(text).number != nil, text.hasPrefix("Q") || text.hasPrefix("q"),
            let underscore = text.lastIndex(of: "_"), text.firstIndex(of: "_") != underscore
        {
            add(text[..<underscore], text[text.index(after: underscore)...], "_")
        }
        return result
    }
}

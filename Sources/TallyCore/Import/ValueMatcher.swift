/// Matches cell values to options by label, code or alias (never by score), after trimming,
/// full-width folding and, for codes, case folding. In a numbered export a number n is the
/// n-th option.
struct ValueMatcher: Sendable {
    let options: [AnswerOption]
    private var byLabel: [String: Int] = [:]
    private var byCode: [String: Int] = [:]
    /// Labels and aliases with every blank removed (`不了 解` is `不了解`), case-folded.
    private var byCompact: [String: Int] = [:]
    /// Labels and aliases, longest first, for reading multi-select cells.
    let phrases: [(text: String, option: Int)]
    /// The option coded `other` (其他), which takes unmatched multi-select items as fill-ins.
    let otherOption: Int?
    /// Whether some label or alias holds a separator or a fill-in bracket: then a cell cannot be
    /// split before labels are matched.
    let phrasesNeedScanning: Bool

    init(options: [AnswerOption]) {
        self.options = options
        var phrases: [(String, Int)] = []
        for (index, option) in options.enumerated() {
            let label = TextFolding.valueKey(option.label)
            byLabel[label] = byLabel[label] ?? index
            phrases.append((label, index))
            for alias in option.aliases {
                let key = TextFolding.valueKey(alias)
                byLabel[key] = byLabel[key] ?? index
                phrases.append((key, index))
            }
            if let code = option.code { byCode[TextFolding.codeKey(code)] = index }
        }
        // Case-insensitive labels and aliases come after exact ones.
        for (index, option) in options.enumerated() {
            for text in [option.label] + option.aliases {
                let key = TextFolding.codeKey(text)
                byCode[key] = byCode[key] ?? index
                let compact = Self.compact(key)
                byCompact[compact] = byCompact[compact] ?? index
            }
        }
        self.phrases = phrases.filter { !$0.0.isEmpty }.sorted { $0.0.count > $1.0.count || ($0.0.count == $1.0.count && $0.1 < $1.1) }
        otherOption = options.firstIndex { $0.code.map(TextFolding.codeKey) == "other" }
        phrasesNeedScanning = self.phrases.contains { phrase in
            phrase.0.unicodeScalars.contains { MultiSelectReader.separatorScalars.contains($0) || "〖〗:：".unicodeScalars.contains($0) }
        }
    }

    /// The option a trimmed, width-folded value names; `nil` when none.
    ///
    /// - Parameter numbered: read a bare number n as the n-th option (问卷星 按选项序号).
    func match(_ key: String, numbered: Bool = false) -> Int? {
        if numbered, let number = Self.wholeNumber(key), number >= 1, number <= options.count { return number - 1 }
        if let index = byLabel[key] { return index }
        if let index = byCode[key.lowercased()] { return index }
        // A spreadsheet's round trip: `7.0` is the code `7`.
        if let number = Self.wholeNumber(key), String(number) != key, let index = byCode[String(number)] { return index }
        // Blanks typed inside a label: `不了 解`.
        let compact = Self.compact(key.lowercased())
        if compact != key.lowercased(), let index = byCompact[compact] { return index }
        // 腾讯问卷 writes the option's letter before it: `A.发现了问题`, `B、较好`.
        if let rest = Self.droppingOptionLetter(key), let index = byLabel[rest] ?? byCode[rest.lowercased()] { return index }
        // 问卷星 writes an option's fill-in after it: `其他〖网络上〗` is the option 其他.
        if let label = Self.droppingFillIn(key) { return match(label, numbered: false) }
        // 腾讯问卷's blank for a fill-in: `其他____`, `其他____{fillblank-345b}` (after its letter).
        let plain = HeaderText.optionText(Self.droppingOptionLetter(key) ?? key)
        if !plain.isEmpty, plain != key, let index = byLabel[plain] ?? byCode[plain.lowercased()] { return index }
        return nil
    }

    /// `其他〖网络上〗` → `其他`; `nil` when the value does not end with a 〖…〗 fill-in after some text.
    static func droppingFillIn(_ key: String) -> String? {
        guard key.hasSuffix("〗"), let open = key.firstIndex(of: "〖"), open > key.startIndex else { return nil }
        return TextFolding.trim(String(key[..<open]))
    }

    /// `A.发现了问题` → `发现了问题`; `nil` when the value does not start with a letter and a dot.
    static func droppingOptionLetter(_ key: String) -> String? {
        let scalars = key.unicodeScalars
        guard scalars.count > 2, let first = scalars.first, ("A"..."Z").contains(first) || ("a"..."z").contains(first) else { return nil }
        let second = scalars[scalars.index(after: scalars.startIndex)]
        guard second == "." || second == "、" || second == "．" || second == ")" else { return nil }
        return TextFolding.trim(String(String.UnicodeScalarView(scalars.dropFirst(2))))
    }

    /// The option a value that matched nothing most likely meant (for the reason a user reads).
    func nearestLabel(_ key: String) -> String? {
        let names = options.flatMap { [$0.label] + $0.aliases }
        guard let name = nearest(to: key, in: names) else { return nil }
        return options.first { $0.label == name || $0.aliases.contains(name) }?.label
    }

    /// `7`, `7.0`, `7.00` → 7; anything else (`7.5`, `七`) → `nil`.
    static func wholeNumber(_ key: String) -> Int? {
        if let number = Int(key) { return number }
        guard key.contains("."), key.first?.isNumber == true || key.first == "-", let value = Double(key),
            value == value.rounded(), abs(value) < 1e9
        else { return nil }
        return Int(value)
    }

    /// A text with its blanks removed.
    static func compact(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.filter { !TextFolding.isBlank($0) }))
    }
}

/// Cell values that mean "no answer".
enum MissingMarker {
    static let markers = Platforms.missingMarkers

    /// The most Unicode scalars a marker has (a longer trimmed cell is never missing).
    static let longest = markers.map(\.unicodeScalars.count).max()!

    /// `true` when a trimmed, width-folded cell is empty or a platform's missing marker.
    static func isMissing(_ key: String) -> Bool { markers.contains(key) }
}

/// Reads a multi-select cell into chosen options and fill-in texts.
///
/// Labels and aliases are matched first, longest first (a label may contain a comma); what
/// is left is split on `┋ | ; ； , ， 、`, blanks and line breaks, and each piece is matched
/// as a label, code or alias. A label followed by `〖…〗` (问卷星) or `:text`/`：text` (金数据)
/// keeps the text. A piece that matches nothing selects the option coded `other`, keeping the
/// piece as its text, or else is unknown.
struct MultiSelectReader {
    let matcher: ValueMatcher
    static let separators = Platforms.multiSelectSeparators
    static let separatorScalars = Set(Platforms.multiSelectSeparators.flatMap(\.unicodeScalars))

    struct Selection: Equatable {
        var chosen: [Int] = []
        var fillIns: [Int: String] = [:]
        var unknown: [String] = []
    }

    func read(_ cell: String, numbered: Bool) -> Selection {
        if let quick = split(cell, numbered: numbered) { return quick }
        var selection = Selection()
        var rest = Array(TextFolding.foldWidth(cell))
        func isBoundary(_ index: Int) -> Bool { index < 0 || index >= rest.count || Self.separators.contains(rest[index]) }
        for (phrase, option) in matcher.phrases {
            let needle = Array(phrase)
            var start = 0
            while start + needle.count <= rest.count {
                guard rest[start..<(start + needle.count)].elementsEqual(needle), isBoundary(start - 1) else {
                    start += 1
                    continue
                }
                var end = start + needle.count
                var fillIn: String?
                if end < rest.count, rest[end] == "〖", let close = rest[end...].firstIndex(of: "〗") {
                    fillIn = String(rest[(end + 1)..<close])
                    end = close + 1
                } else if end < rest.count, rest[end] == ":" || rest[end] == "：" {
                    var stop = end + 1
                    while stop < rest.count, !["┋", "|", ";", "；", "\n"].contains(rest[stop]) { stop += 1 }
                    fillIn = String(rest[(end + 1)..<stop])
                    end = stop
                }
                guard isBoundary(end) || end == rest.count else {
                    start += 1
                    continue
                }
                if !selection.chosen.contains(option) { selection.chosen.append(option) }
                if let fillIn, !TextFolding.trim(fillIn).isEmpty { selection.fillIns[option] = TextFolding.trim(fillIn) }
                rest.replaceSubrange(start..<end, with: ["┋"])
                start += 1
            }
        }
        for piece in String(rest).split(whereSeparator: { Self.separators.contains($0) }) {
            let key = TextFolding.valueKey(String(piece))
            if key.isEmpty || MissingMarker.isMissing(key) { continue }
            if let option = matcher.match(key, numbered: numbered) {
                if !selection.chosen.contains(option) { selection.chosen.append(option) }
            } else if let other = matcher.otherOption {
                if !selection.chosen.contains(other) { selection.chosen.append(other) }
                selection.fillIns[other] = [selection.fillIns[other], key].compactMap { $0 }.joined(separator: "；")
            } else {
                selection.unknown.append(key)
            }
        }
        selection.chosen.sort()
        return selection
    }

    /// The common case, fast: no label holds a separator, and every item between separators is a
    /// label, code or alias. `nil` sends the cell to the full reading (fill-ins, `other`, unknowns).
    private func split(_ cell: String, numbered: Bool) -> Selection? {
        guard !matcher.phrasesNeedScanning else { return nil }
        var selection = Selection()
        for piece in TextFolding.foldWidth(cell).unicodeScalars.split(whereSeparator: { Self.separatorScalars.contains($0) }) {
            let key = String(piece)
            if MissingMarker.isMissing(key) { continue }
            guard let option = matcher.match(key, numbered: numbered) else { return nil }
            if !selection.chosen.contains(option) { selection.chosen.append(option) }
        }
        selection.chosen.sort()
        return selection
    }
}

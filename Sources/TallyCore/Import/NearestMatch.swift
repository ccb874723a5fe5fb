// "Did you mean": the candidate nearest to a word, by edit distance over characters.

/// The candidate close enough to `word` to be what was meant: one edit for words of
/// three or four characters, two for longer ones, none for shorter ones.
func closest(to word: String, in candidates: some Sequence<String>) -> String? {
    let allowed = word.count >= 5 ? 2 : word.count >= 3 ? 1 : 0
    var best: (word: String, distance: Int)?
    for candidate in candidates {
        let distance = editDistance(word, candidate)
        guard distance <= allowed, distance > 0 else { continue }
        if let current = best, current.distance < distance || (current.distance == distance && current.word < candidate) {
            continue
        }
        best = (candidate, distance)
    }
    return best?.word
}

func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a)
    let b = Array(b)
    if a.isEmpty { return b.count }
    var previous = Array(0...b.count)
    for i in 1...a.count {
        var current = [i] + Array(repeating: 0, count: b.count)
        for j in 1..<(b.count + 1) {
            current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        previous = current
    }
    return previous[b.count]
}

/// The candidate nearest to `value` (compared width-folded and trimmed), for telling a user what
/// a value that matched nothing may have meant: the smallest edit distance, provided the two
/// share something (the distance is below the longer one's length); ties go to the earlier
/// candidate. `nil` when nothing is near.
func nearest(to value: String, in candidates: [String]) -> String? {
    let key = TextFolding.valueKey(value)
    var best: (candidate: String, distance: Int)?
    for candidate in candidates {
        let other = TextFolding.valueKey(candidate)
        let distance = editDistance(key, other)
        guard distance < max(key.count, other.count) else { continue }
        if best == nil || distance < best!.distance { best = (candidate, distance) }
    }
    return best?.candidate
}

extension BuiltinForms {
    /// The id of the built-in form whose `title:` is `title` (blanks and widths folded), if any.
    static func id(titled title: String) -> String? {
        let wanted = TextFolding.valueKey(title)
        guard !wanted.isEmpty else { return nil }
        return yaml.keys.sorted().first { id in
            yaml[id]!.split(separator: "\n").first { $0.hasPrefix("title:") }.map {
                TextFolding.valueKey(String($0.dropFirst("title:".count))) == wanted
            } ?? false
        }
    }
}

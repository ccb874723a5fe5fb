extension Platform {
    /// Google Forms: a timestamp first, `题干 [行]` for matrix rows.
    static let googleForms = Platform(
        shape: .googleForms,
        recognition: .firstColumn(["Timestamp", "时间戳记"]),
        headerForms: ["题干 [行]"],
        multiSelectJoins: [", "])
}

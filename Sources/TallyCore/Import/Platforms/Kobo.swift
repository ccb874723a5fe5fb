extension Platform {
    /// KoboToolbox or ODK: `;`-separated, `group/question` paths, choice names.
    static let kobo = Platform(
        shape: .kobo,
        recognition: .hasColumn(any: ["_uuid", "_submission_time"]),
        headerForms: ["group/question", "group/question/choice"],
        multiSelectJoins: [" "],
        startEnd: [(start: "start", end: "end")])
}

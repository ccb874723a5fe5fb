extension Platform {
    /// Anything else: a sheet keyed in by hand, or an export matched by header text.
    static let generic = Platform(
        shape: .generic,
        recognition: .anything,
        headerForms: ["题干", "题干:行", "题干(行)", "题干-行"],
        missingMarkers: ["NA"],
        multiSelectJoins: ["|", ";", "；", ",", "，", "、", " ", "line breaks", "tabs"],
        durationColumns: ["答题用时"])
}

extension Platform {
    /// Qualtrics "Export data → CSV": column names, then a row of question texts, then a row of
    /// `{"ImportId":…}` (neither is a ballot); `Finished` 0 marks an unfinished response.
    static let qualtrics = Platform(
        shape: .qualtrics,
        recognition: .hasColumn(any: ["ResponseId", "ResponseID"], alongside: ["Finished", "Duration (in seconds)"]),
        headerForms: ["QID name in row 1, question text in row 2", "Q2 - Topics"],
        durationColumns: ["Duration (in seconds)"],
        completionColumns: ["finished"],
        headerRows: 3)
}

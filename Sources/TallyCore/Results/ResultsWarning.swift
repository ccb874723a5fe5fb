/// Something a user must know about a run that is not an error: figures were computed, but a
/// value, a column or a rule was not used as the form intended (FORMS.md, "Nothing is silently
/// dropped"). Data only: TallyRender words it (stderr, results.json `warnings[].message`, the
/// report). `--strict` turns any warning into exit status 1.
public struct ResultsWarning: Sendable, Equatable {
    public enum Code: String, Sendable, CaseIterable {
        /// Respondent-group cells that name no group (counted under 类别无法识别).
        case unknownGroup = "unknown_group"
        /// No valid ballot of a unit has a known group: no weighting was possible.
        case noWeighting = "no_weighting"
        /// A column that looks like a question's or an option's binds to nothing.
        case unboundColumn = "unbound_column"
        /// Two or more columns have the same header.
        case duplicateHeader = "duplicate_header"
        /// A validity rule could not apply and was skipped on request (`--skip-rule`).
        case ruleSkipped = "rule_skipped"
        /// No sheet was named and the first had no header the form fits: another sheet was read.
        case sheetChosen = "sheet_chosen"
    }

    /// One thing the warning is about: a value (a group cell, a header, a rule name) with how
    /// many times it occurred and, where there is one, the nearest thing it may have meant.
    public struct Item: Sendable, Equatable {
        public var value: String
        public var count: Int
        public var nearest: String?
        /// 1-based column, for a column warning.
        package var column: Int?
        /// The same, for a program outside the engine (the web app's mapping view).
        public var columnNumber: Int? { column }

        package init(value: String, count: Int, nearest: String? = nil, column: Int? = nil) {
            self.value = value
            self.count = count
            self.nearest = nearest
            self.column = column
        }
    }

    public var code: Code
    /// The unit it concerns; `nil` for a file's warning.
    public var unit: String?
    /// The file it concerns; `nil` for a unit's warning.
    public var file: String?
    public var items: [Item]
    /// For `noWeighting`: the valid ballots concerned; for `ruleSkipped`: the rule's setting
    /// (e.g. `min_seconds` 30); otherwise the items' total.
    public var count: Int
    /// The form's language, for its words.
    package var language: Form.Language

    package init(code: Code, unit: String? = nil, file: String? = nil, items: [Item] = [], count: Int? = nil, language: Form.Language) {
        self.code = code
        self.unit = unit
        self.file = file
        self.items = items
        self.count = count ?? items.reduce(0) { $0 + $1.count }
        self.language = language
    }
}

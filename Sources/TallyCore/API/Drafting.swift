import Foundation

extension Tally {
    /// Drafts a form from exports (`tally forms draft`): questions in the export's order with
    /// short ids, types from the columns' shape and values, options as the export spells them
    /// in the order of a known scale, the respondents and unit columns guessed, the customary
    /// rates and an index; every guess marked `# 请核对`.
    ///
    /// The draft is checked before it is returned: it parses as a form, and every question
    /// finds its column (a question whose text alone would not find it gets `column:`).
    ///
    /// - Returns: the YAML text, and the form it parses to.
    public static func draftForm(files: [String], options: ImportOptions = ImportOptions()) throws(TallyError) -> (yaml: String, form: Form) {
        let table = try ExportTable.read(files, options: options)
        guard !table.records.isEmpty else { throw .noResponses(file: files[0]) }
        let questions = DraftQuestionReader(table: table).questions()
        guard !questions.isEmpty else {
            throw .invalidRequest("\(files[0]): no column looks like a question (only platform columns such as 序号 and 提交答卷时间)")
        }
        var writer = DraftWriter(table: table, questions: questions)
        writer.headerRows = options.headerRows
        writer.guessRoles()
        writer.assignIDs()
        let title = URL(fileURLWithPath: ResponseSource.decode(files[0]).path).deletingPathExtension().lastPathComponent
        // Questions whose text does not find their column get `column:`; two rounds settle it.
        for _ in 0..<2 {
            let form = try parse(writer.yaml(formTitle: title))
            var matcher = ColumnMatcher(form: form, header: table.header, texts: table.texts)
            let map = matcher.build(numberedOverride: nil)
            let written = writer.questions.indices.filter { $0 != writer.respondents && $0 != writer.unit }
            var missing: Set<Int> = []
            for (position, index) in written.enumerated() {
                let expected = writer.questions[index].columns[0]
                switch map.bindings[position] {
                case .cell(let column)?: if column != expected { missing.insert(index) }
                case .perOption(let columns)?: if columns.compactMap({ $0 }).first != expected { missing.insert(index) }
                case .rows(let columns)?: if columns.compactMap({ $0 }).first != expected { missing.insert(index) }
                case nil: missing.insert(index)
                }
            }
            if missing.isSubset(of: writer.needsColumn) { break }
            writer.needsColumn.formUnion(missing)
        }
        let yaml = writer.yaml(formTitle: title)
        return (yaml, try parse(yaml))
    }

    /// Fits a form (a built-in id or a path) to an export without changing what it measures
    /// (`tally forms draft --from-form`): every id, label, score, rate and rule stays; only
    /// `column:` and `aliases:` are added where the export's spelling needs them, each said in
    /// a comment at the top. Results stay comparable with other rounds of the same form.
    public static func adaptForm(_ reference: String, files: [String], options: ImportOptions = ImportOptions()) throws(TallyError) -> (yaml: String, form: Form) {
        let base: Form
        do {
            base = try FormLoader.load(reference)
        } catch {
            throw .form(error)
        }
        let table = try ExportTable.read(files, options: options)
        var adapter = FormAdapter(form: base, table: table)
        let text = FileManager.default.contents(atPath: reference).map { String(decoding: $0, as: UTF8.self) } ?? BuiltinForms.yaml[reference] ?? ""
        let body = try adapter.adapt(text)
        var heading = ["# 由 `tally forms draft --from-form \(reference)` 按 \(files.joined(separator: "、")) 改写：题目、选项、计分和规则不变。"]
        heading += adapter.notes.isEmpty
            ? ["# 导出文件的每一列、每个选项都已能读出，未作改动。"]
            : adapter.notes.map { "# 请核对: " + $0 }
        let yaml = heading.joined(separator: "\n") + "\n" + body
        return (yaml, try parse(yaml))
    }

    private static func parse(_ yaml: String) throws(TallyError) -> Form {
        do {
            return try FormLoader.parse(yaml, file: "draft.yaml")
        } catch {
            throw .invalidRequest("the drafted form does not check (\(error)); please report this with the export's header row")
        }
    }
}

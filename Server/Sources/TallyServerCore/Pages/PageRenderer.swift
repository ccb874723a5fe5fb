import Mustache
import TallyRender

/// The pages' Mustache templates (Server/Templates, embedded by scripts/embed-templates.py),
/// rendered with one escaper: the engine's `HTMLEscaping`, which works on Unicode scalars.
/// Mustache's own HTML escaping works on Characters, so a quote followed by a combining mark
/// would pass it raw (issue 26): every template, partials too, is parsed with a content type of
/// ours put at its start, so `{{value}}` always goes through `HTMLEscaping.escape`.
/// `{{{value}}}` (unescaped) is for HTML the app made itself: a page's rendered body.
struct PageRenderer: Sendable {
    static let contentType = "TALLY_HTML"

    struct Escaping: MustacheContentType {
        func escapeText(_ text: String) -> String { HTMLEscaping.escape(text) }
    }

    let library: MustacheLibrary

    /// The templates, parsed once; a template that does not parse is a programming error caught
    /// by the tests (PageTemplateTests), so it stops the server at start, not a request later.
    static let shared: PageRenderer = {
        MustacheContentTypes.register(Escaping(), named: contentType)
        var library = MustacheLibrary()
        for (name, text) in PageTemplates.text.sorted(by: { $0.key < $1.key }) {
            do {
                try library.register("{{% CONTENT_TYPE: \(contentType)}}" + text, named: name)
            } catch {
                fatalError("Server/Templates/\(name).mustache does not parse: \(error)")
            }
        }
        return PageRenderer(library: library)
    }()

    /// A template filled with `model` (a struct read by its property names, or a dictionary).
    func render(_ name: String, _ model: Any) -> String {
        guard let text = library.render(model, withTemplate: name) else { fatalError("no template \(name)") }
        return text
    }
}

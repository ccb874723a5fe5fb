import Foundation
import Testing
@testable import TallyServerCore

/// The pages' templates: the embedded copy is the files' text, every template parses, and every
/// value goes through the engine's escaper (Mustache's own passes a quote with a combining mark).
@Suite("Page templates")
struct PageTemplateTests {
    static let folder = RouteTests.repository.appendingPathComponent("Server/Templates")

    @Test func theEmbeddedTemplatesAreTheFiles() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path).filter { $0.hasSuffix(".mustache") }.sorted()
        #expect(files.map { String($0.dropLast(".mustache".count)) } == PageTemplates.text.keys.sorted(), "run `make templates`")
        for file in files {
            let text = try String(contentsOf: Self.folder.appendingPathComponent(file), encoding: .utf8)
            #expect(PageTemplates.text[String(file.dropLast(".mustache".count))] == text.trimmingCharacters(in: .newlines), "\(file): run `make templates`")
        }
        // Each parses (a mistake would stop the server at start).
        for name in PageTemplates.text.keys { #expect(PageRenderer.shared.library.getTemplate(named: name) != nil, "\(name)") }
    }

    @Test func aQuoteWithACombiningMarkIsEscapedInEveryTemplate() {
        let attack = "x\"\u{0338} onload=alert(1) x=\"\u{0338}<script>"
        let page = Pages.page("error", title: attack, model: Pages.ErrorPage(message: attack, back: attack), csrf: nil)
        #expect(!page.contains("\"\u{0338} onload") && !page.contains("<script>"))
        #expect(page.contains("&quot;\u{0338} onload") && page.contains("&lt;script&gt;"))
        // A partial-free template with a section: values in it are escaped the same way.
        let login = Pages.login(message: attack)
        #expect(!login.contains("<script>") && login.contains("&quot;\u{0338}"))
    }
}

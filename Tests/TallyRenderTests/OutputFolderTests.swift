import Foundation
import Testing
@testable import TallyRender

/// Output folders made from unit names (issue 26, point 9): two units never share one.
@Suite("Output folders")
struct OutputFolderTests {
    @Test func safeNamesKeepTheirFolder() {
        #expect(OutputFiles.folderNames(["县司法局", "县公安局", "a_b", "_x"]) == ["县司法局", "县公安局", "a_b", "_x"])
        #expect(OutputFiles.folderNames([]) == [])
    }

    @Test func namesThatWouldCollideGetFoldersOfTheirOwn() {
        let pairs = [["a/b", "a_b"], ["..", "_."], [".hidden", "_hidden"], ["A", "A\u{1}"], ["x\u{7F}", "x\u{85}", "x_"], ["_unassigned"]]
        for units in pairs {
            for order in [units, units.reversed()] {
                let folders = OutputFiles.folderNames(order)
                #expect(Set(folders).count == order.count, "\(order) → \(folders)")
                #expect(!folders.contains(OutputFiles.unassignedFolder), "\(order)")
                // Readable: the made-safe name, then a short digest; never a separator or control.
                for folder in folders {
                    #expect(!folder.contains("/") && !folder.contains("\\") && !folder.hasPrefix("."))
                    #expect(!folder.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
                }
            }
            // The same folder whatever the order.
            #expect(OutputFiles.folderNames(units) == OutputFiles.folderNames(units.reversed()).reversed())
        }
        let folders = OutputFiles.folderNames(["a/b", "a_b"])
        #expect(folders[1] == "a_b" && folders[0].hasPrefix("a_b-") && folders[0].count == "a_b-".count + 8)
    }

    @Test func longNamesAreShortenedToFitAPathComponent() {
        let long = String(repeating: "测", count: 120)  // 360 bytes
        let folders = OutputFiles.folderNames([long, long + "甲"])
        #expect(Set(folders).count == 2)
        for folder in folders { #expect(folder.utf8.count <= 255 && folder.hasPrefix(String(repeating: "测", count: 66))) }
    }
}

import Foundation
import Glibc
import Testing

/// A database file in a fresh temporary directory, removed afterwards.
func withDatabase(_ body: (String) throws -> Void) throws {
    var template = Array("/tmp/ncsqlite-XXXXXX".utf8CString)
    let made = try #require(mkdtemp(&template))
    let directory = String(cString: made)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    try body("\(directory)/test.sqlite")
}

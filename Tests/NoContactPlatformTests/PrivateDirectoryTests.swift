import Glibc
import NoContactPlatform
import Testing

/// Private directories: created 0700 with their parents, tightened when ours, refused when
/// they are files. (A directory of another user needs a second uid: the end-to-end tests of the
/// store and the socket cover that refusal.)
@Suite("Private directories")
struct PrivateDirectoryTests {
    static func scratch() -> String {
        var template = Array("/tmp/nc-private-XXXXXX".utf8CString)
        let path = template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)) }
        return path
    }

    static func mode(_ path: String) -> mode_t {
        var status = stat()
        #expect(stat(path, &status) == 0)
        return status.st_mode & 0o777
    }

    @Test func createsMissingParentsPrivately() throws {
        let root = Self.scratch()
        defer { _ = system("rm -rf '\(root)'") }
        try PrivateDirectory.ensure("\(root)/a/b/c")
        #expect(Self.mode("\(root)/a") == 0o700)
        #expect(Self.mode("\(root)/a/b/c") == 0o700)
    }

    @Test func tightensAnOpenDirectoryOfOurs() throws {
        let root = Self.scratch()
        defer { _ = system("rm -rf '\(root)'") }
        #expect(chmod(root, 0o755) == 0)
        try PrivateDirectory.ensure(root)
        #expect(Self.mode(root) == 0o700)
    }

    @Test func refusesAFile() throws {
        let root = Self.scratch()
        defer { _ = system("rm -rf '\(root)'") }
        let file = "\(root)/file"
        let descriptor = open(file, O_CREAT | O_WRONLY, 0o600)
        #expect(descriptor >= 0)
        close(descriptor)
        #expect(throws: PrivateDirectory.Problem.notADirectory(path: file)) { try PrivateDirectory.ensure(file) }
        #expect(PrivateDirectory.Problem.notADirectory(path: file).description == "\(file) is not a directory")
    }
}

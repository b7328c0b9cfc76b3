import Glibc
import NoContactPlatform
import Testing

@Suite("File contents")
struct FileContentsTests {
    @Test func readsAWholeFile() throws {
        let directory = PrivateDirectoryTests.scratch()
        defer { rmdir(directory) }
        let path = "\(directory)/config.toml"
        defer { unlink(path) }
        let text = String(repeating: "é", count: 70_000)
        let descriptor = open(path, O_WRONLY | O_CREAT, 0o600)
        #expect(Array(text.utf8).withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) } == text.utf8.count)
        close(descriptor)
        #expect(FileContents.read(path, limit: 1 << 20) == .success(Array(text.utf8)))
        #expect(FileContents.read(path, limit: 100) == .failure(.tooLarge(size: 140_000)))
    }

    @Test func saysWhyItCannotRead() {
        let directory = PrivateDirectoryTests.scratch()
        defer { rmdir(directory) }
        #expect(FileContents.read("\(directory)/absent.toml", limit: 10) == .failure(.missing))
        #expect(FileContents.read("\(directory)/absent/config.toml", limit: 10) == .failure(.missing))
        #expect(FileContents.read(directory, limit: 10) == .failure(.unreadable(errno: EISDIR)))
    }

    /// A file that is not a regular one (it could be endless) is read up to the limit, no more.
    @Test func stopsAnEndlessFileAtTheLimit() {
        #expect(FileContents.read("/dev/zero", limit: 100_000) == .failure(.tooLarge(size: 131_072)))
    }
}

import Dispatch
import Glibc
import Synchronization
import Testing

@testable import NoContactDaemon

/// The pthreads and read/write helpers that replaced Foundation's `Thread` and `FileHandle`.
@Suite("Daemon platform helpers")
struct PlatformHelperTests {
    @Test func detachedThreadRunsTheWorkOnAThreadOfItsOwn() {
        let caller = pthread_self()
        let ranOn = Mutex<pthread_t?>(nil)
        let done = DispatchSemaphore(value: 0)
        DetachedThread.start {
            ranOn.withLock { $0 = pthread_self() }
            done.signal()
        }
        #expect(done.wait(timeout: .now() + .seconds(10)) == .success)
        let thread = ranOn.withLock { $0 }
        #expect(thread != nil && pthread_equal(thread ?? caller, caller) == 0)
    }

    /// Many at once: each runs exactly once (the retained closure is taken exactly once).
    @Test func detachedThreadsEachRunOnce() {
        let count = Mutex(0)
        let group = DispatchGroup()
        for _ in 0..<64 {
            group.enter()
            DetachedThread.start {
                count.withLock { $0 += 1 }
                group.leave()
            }
        }
        #expect(group.wait(timeout: .now() + .seconds(10)) == .success)
        #expect(count.withLock { $0 } == 64)
    }

    /// More than one pipe buffer (64 KiB) through a pipe: the writer loops over short writes
    /// and the reader reads to the end.
    @Test func fileDescriptorIOCarriesEveryByteThroughAPipe() throws {
        var ends: [Int32] = [0, 0]
        try #require(pipe(&ends) == 0)
        let bytes = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let written = Mutex(false)
        let writer = ends[1]
        DetachedThread.start {
            let ok = FileDescriptorIO.write(bytes, to: writer)
            written.withLock { $0 = ok }
            close(writer)
        }
        let read = FileDescriptorIO.readToEnd(ends[0])
        close(ends[0])
        #expect(read == bytes)
        #expect(written.withLock { $0 })
    }

    /// A reader that is gone: the write reports failure instead of trapping (SIGPIPE ignored,
    /// as the daemon and its config-check child run).
    @Test func fileDescriptorIOReportsAWriteToAClosedPipe() throws {
        var ends: [Int32] = [0, 0]
        try #require(pipe(&ends) == 0)
        close(ends[0])
        let previous = signal(SIGPIPE, SIG_IGN)
        defer { signal(SIGPIPE, previous) }
        #expect(FileDescriptorIO.write(Array("report".utf8), to: ends[1]) == false)
        close(ends[1])
    }
}

import Testing

@testable import NoContactSystemd

/// The rules of sd_listen_fds for which descriptors are ours.
struct ListenFDsTests {
    @Test func descriptorsForThisProcessFromThree() {
        #expect(ListenFDs.passed(listenPID: "42", listenFDs: "1", processID: 42) == [3])
        #expect(ListenFDs.passed(listenPID: "42", listenFDs: "3", processID: 42) == [3, 4, 5])
    }

    /// Variables meant for another process (a parent that was activated), or unusable ones.
    @Test func noneWhenNotOurs() {
        #expect(ListenFDs.passed(listenPID: "41", listenFDs: "1", processID: 42) == [])
        #expect(ListenFDs.passed(listenPID: nil, listenFDs: "1", processID: 42) == [])
        #expect(ListenFDs.passed(listenPID: "42", listenFDs: nil, processID: 42) == [])
        #expect(ListenFDs.passed(listenPID: "42", listenFDs: "0", processID: 42) == [])
        #expect(ListenFDs.passed(listenPID: "42", listenFDs: "-1", processID: 42) == [])
        #expect(ListenFDs.passed(listenPID: "42", listenFDs: "x", processID: 42) == [])
        #expect(ListenFDs.passed(listenPID: "42", listenFDs: "1025", processID: 42) == [])
    }
}

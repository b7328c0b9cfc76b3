import Dispatch
import Glibc

/// Starts work on a thread of its own, with pthreads, for work that blocks for long (waiting
/// for a child process): on one of Dispatch's shared worker threads it would tie that thread up.
///
/// Foundation's `Thread` did this before; the daemon links no Foundation (issue 15), so this is
/// the part of it we used: a detached thread that runs one closure and ends. (The names we gave
/// those threads were longer than the 15 bytes Linux keeps, so they never showed; Swift's Glibc
/// module does not declare `pthread_setname_np`, so these threads stay unnamed too.)
enum DetachedThread {
    /// Runs `body` on a new detached thread. If the system refuses a new thread (EAGAIN at the
    /// thread limit), `body` runs on a Dispatch worker instead: on a shared thread, but it runs,
    /// so what it must do (reap a child, leave a group) still happens.
    static func start(_ body: @escaping @Sendable () -> Void) {
        let work = Unmanaged.passRetained(Work(body)).toOpaque()
        var thread = pthread_t()
        let status = pthread_create(
            &thread, nil,
            { raw in
                guard let raw else { return nil }
                Unmanaged<Work>.fromOpaque(raw).takeRetainedValue().body()
                return nil
            }, work)
        if status == 0 {
            // Nobody joins it: its resources go back to the system when it ends.
            pthread_detach(thread)
        } else {
            Unmanaged<Work>.fromOpaque(work).release()
            DispatchQueue.global().async(execute: body)
        }
    }

    /// What crosses into the new thread: a class so that it travels as one retained pointer.
    private final class Work: Sendable {
        let body: @Sendable () -> Void

        init(_ body: @escaping @Sendable () -> Void) {
            self.body = body
        }
    }
}

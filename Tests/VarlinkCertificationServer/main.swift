// varlink-certification-server ADDRESS
//
// Hosts org.varlink.certification with our Varlink module on the Unix socket ADDRESS (a path,
// or "unix:PATH" as the reference tools write it), so that the reference client can certify
// the server:  python -m varlink.tests.test_certification --client --varlink=unix:PATH
// Runs until SIGTERM or SIGINT, then removes the socket.
import Dispatch
import Glibc
import NIOPosix
import Varlink

let arguments = CommandLine.arguments.dropFirst()
guard arguments.count == 1, let address = arguments.first, !address.hasPrefix("-") else {
    StandardError.write("usage: varlink-certification-server [unix:]SOCKET-PATH\n")
    exit(2)
}
let path = address.hasPrefix("unix:") ? String(address.dropFirst("unix:".count)) : address

let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
let server: VarlinkServer
do {
    server = try VarlinkServer.bind(path: path, handler: CertificationService(), group: group)
} catch {
    StandardError.write("varlink-certification-server: cannot listen on \(path): \(error)\n")
    exit(1)
}
print("Listening on unix:\(path)")
fflush(nil)  // all streams: the test waits for this line through a pipe

// Signals arrive on the main queue (top-level code is on the main actor, which dispatchMain
// serves); the default actions are off so that the process stays until the socket is removed.
let stop: () -> Never = {
    server.close()
    try? group.syncShutdownGracefully()
    unlink(path)
    exit(0)
}
let signalSources = [SIGTERM, SIGINT].map { number in
    signal(number, SIG_IGN)
    let source = DispatchSource.makeSignalSource(signal: number, queue: .main)
    source.setEventHandler { stop() }
    source.resume()
    return source
}
withExtendedLifetime(signalSources) {
    dispatchMain()
}

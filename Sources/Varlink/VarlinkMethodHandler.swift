/// The methods a server answers, besides `org.varlink.service` which the server answers itself.
///
/// The server calls the handler on its event loop, one call per connection at a time: answer
/// quickly, and move slow work elsewhere (a `more` call can reply later from any thread).
public protocol VarlinkMethodHandler: Sendable {
    /// What `org.varlink.service.GetInfo` reports.
    var info: VarlinkServiceInfo { get }
    /// The interfaces this handler implements; their descriptions must parse
    /// (`VarlinkServer.bind` and `adopt` refuse the handler otherwise).
    var interfaces: [VarlinkInterface] { get }
    /// Answers one call to one of `interfaces`. Throw `VarlinkError` for an error reply.
    ///
    /// Also called for `oneway` calls, whose answer (or error) is dropped.
    func handle(_ call: VarlinkCall) throws(VarlinkError) -> [String: JSONValue]
    /// Called instead of `handle` for calls with `more: true`. Send replies on `replies` now or later,
    /// from any thread. The default implementation sends `handle`'s answer as the one, final reply.
    ///
    /// A throw is sent as the error reply and ends the stream. Until the stream ends, later calls
    /// on the same connection wait (varlink answers one call at a time per connection).
    func handleMore(_ call: VarlinkCall, replies: VarlinkReplyStream) throws(VarlinkError)
}

extension VarlinkMethodHandler {
    /// Sends `handle`'s answer as the one, final reply (a throw becomes the error reply).
    public func handleMore(_ call: VarlinkCall, replies: VarlinkReplyStream) throws(VarlinkError) {
        replies.finish(try handle(call))
    }
}

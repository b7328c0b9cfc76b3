import Dispatch
import NoContactCore
import NoContactService
import Varlink

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `History` over varlink, page by page: a long history does not fit in one message (1 MiB),
/// and the daemon should not hold it whole. Called with `more`, each reply carries one page;
/// without it, one reply carries everything while that fits, and ResultTooLarge otherwise.
enum HistoryPages {
    /// Entries read from the store for one page (and at most sent in one reply).
    static let maximumEntries = 500
    /// A page ends before the entry that would take it past this many bytes of JSON: well
    /// under the message limit, so that a page of long reflections still fits. (A single entry
    /// larger than it goes alone.)
    static let targetBytes = 256 << 10
    /// What the entries of one reply may take: the message limit, less room for the envelope
    /// (`{"parameters":{"entries":[…]},"continues":true}` and the commas between entries).
    static let maximumReplyBytes = VarlinkServer.defaultMaximumMessageSize - (4 << 10)

    /// One page, encoded.
    struct Page {
        var entries: [JSONValue] = []
        var bytes = 0
        /// Where the next page starts.
        var next: HistoryCursor?
        var isLast = false
    }

    /// The page after `after`, cut at `targetBytes`.
    static func read(
        _ service: any NoContactService, since: Date?, kinds: [HistoryKind]?, after: HistoryCursor?
    ) throws(VarlinkError) -> Page {
        let entries: [PagedHistoryEntry]
        do {
            entries = try service.historyPage(since: since, kinds: kinds, after: after, limit: maximumEntries)
        } catch {
            throw ControlInterface.Handler.varlinkError(for: error)
        }
        var page = Page()
        for paged in entries {
            let value = try encode(paged.entry)
            // Nil only for non-finite numbers, which the store never returns; counted as
            // the limit so that such an entry goes alone (and becomes the server's error reply).
            let size = VarlinkCoding.encodedSize(of: value) ?? targetBytes
            if !page.entries.isEmpty, page.bytes + size + 1 > targetBytes {
                // The rest is read again for the next page: cheaper than holding it.
                return page
            }
            page.entries.append(value)
            page.bytes += size + 1
            page.next = paged.cursor
        }
        page.isLast = entries.count < maximumEntries
        return page
    }

    /// Everything, for a call without `more`; ResultTooLarge once it would not fit in one
    /// reply, so that the daemon holds at most one reply's worth before refusing.
    static func whole(_ service: any NoContactService, since: Date?, kinds: [HistoryKind]?) throws(VarlinkError) -> [String: JSONValue] {
        var entries: [JSONValue] = []
        var bytes = 0
        var after: HistoryCursor?
        while true {
            let page = try read(service, since: since, kinds: kinds, after: after)
            bytes += page.bytes
            guard bytes <= maximumReplyBytes else { throw tooLarge() }
            entries += page.entries
            if page.isLast { return ["entries": .array(entries)] }
            after = page.next
        }
    }

    /// Streams the pages on `replies`: each next page is read once the one before was written,
    /// so that a slow client holds up only its own stream, and the daemon holds one page.
    static func stream(_ service: any NoContactService, since: Date?, kinds: [HistoryKind]?, replies: VarlinkReplyStream) {
        send(after: nil, service, since: since, kinds: kinds, replies: replies)
    }

    private static func send(
        after: HistoryCursor?, _ service: any NoContactService, since: Date?, kinds: [HistoryKind]?, replies: VarlinkReplyStream
    ) {
        // The client hung up or was dropped: read nothing more.
        guard !replies.isEnded else { return }
        let page: Page
        do {
            page = try read(service, since: since, kinds: kinds, after: after)
        } catch {
            replies.fail(error)
            return
        }
        guard !page.isLast else {
            replies.finish(["entries": .array(page.entries)])
            return
        }
        let next = page.next
        replies.yield(["entries": .array(page.entries)]) {
            // whenWritten runs on the connection's event loop, which must not wait on the store.
            queue.async { send(after: next, service, since: since, kinds: kinds, replies: replies) }
        }
    }

    /// Where pages after the first are read: one at a time per stream, as their writes complete.
    private static let queue = DispatchQueue(label: "nocontact.history-pages", attributes: .concurrent)

    static func tooLarge() -> VarlinkError {
        VarlinkError(
            name: "\(ControlInterface.name).ResultTooLarge",
            parameters: [
                "limit": .int(Int64(VarlinkServer.defaultMaximumMessageSize)),
                "message": .string(
                    "the history is larger than one reply can carry (\(VarlinkServer.defaultMaximumMessageSize) bytes): call History with \"more\" to get it page by page"
                ),
            ])
    }

    private static func encode(_ entry: HistoryEntry) throws(VarlinkError) -> JSONValue {
        do {
            return .object(try VarlinkCoding.object(from: entry))
        } catch {
            throw VarlinkError(
                name: "\(ControlInterface.name).StorageFailed", parameters: ["message": .string("cannot encode the reply: \(error)")])
        }
    }
}

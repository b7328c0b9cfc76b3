import Testing

@testable import NoContactSystemd

struct DBusAddressTests {
    @Test func parsesUnixAddresses() throws {
        #expect(try DBusAddress.parse("unix:path=/run/user/1000/bus") == [.path("/run/user/1000/bus")])
        #expect(try DBusAddress.parse("unix:path=/tmp/a%20b%2cc,guid=0123") == [.path("/tmp/a b,c")])
        #expect(try DBusAddress.parse("unix:abstract=/tmp/dbus-XYZ,guid=1") == [.abstract(Array("/tmp/dbus-XYZ".utf8))])
    }

    /// A list is tried in order; entries of transports we do not speak are skipped.
    @Test func skipsUnsupportedEntriesOfAList() throws {
        #expect(try DBusAddress.parse("tcp:host=localhost,port=1;unix:path=/b;") == [.path("/b")])
    }

    @Test func rejectsWhatCannotBeUsed() {
        #expect(throws: DBusAddress.ParseError.empty) { try DBusAddress.parse("") }
        #expect(throws: DBusAddress.ParseError.unsupportedTransport("tcp:host=x")) { try DBusAddress.parse("tcp:host=x") }
        #expect(throws: DBusAddress.ParseError.noSocket("unix:dir=/tmp")) { try DBusAddress.parse("unix:dir=/tmp") }
        #expect(throws: DBusAddress.ParseError.malformed("unix:path=/a%2")) { try DBusAddress.parse("unix:path=/a%2") }
        #expect(throws: DBusAddress.ParseError.malformed("no-colon")) { try DBusAddress.parse("no-colon") }
    }
}

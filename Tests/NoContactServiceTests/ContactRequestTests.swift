import Foundation
import NoContactCore
import NoContactService
import Testing

/// A contact request carries its kind as a value; on the wire it stays the name the interface
/// documents ("slip", "received", or the logistics kind).
@Suite("Contact requests")
struct ContactRequestTests {
    @Test(arguments: [(Contact.Kind.slip, "slip"), (.received, "received"), (.logistics("children"), "children")])
    func kindTravelsAsItsName(kind: Contact.Kind, name: String) throws {
        let request = ContactRequest(period: "Sam", kind: kind, note: "a note")
        let object = try JSONSerialization.jsonObject(with: try JSONEncoder().encode(request)) as? [String: Any]
        #expect(object?["kind"] as? String == name)
        let decoded = try JSONDecoder().decode(
            ContactRequest.self, from: Data(#"{"period": "Sam", "kind": "\#(name)", "note": "a note"}"#.utf8))
        #expect(decoded == request)
    }
}

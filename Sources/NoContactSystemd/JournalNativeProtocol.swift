/// The bytes of one entry in journald's native protocol, as `sd_journal_sendv` writes them.
///
/// A field is `NAME=value\n`, unless its value contains a newline: then it is the binary-safe
/// form `NAME\n`, the value's length as a 64-bit little-endian integer, the value, `\n`
/// (https://systemd.io/JOURNAL_NATIVE_PROTOCOL/). Pure: no I/O.
package enum JournalNativeProtocol {
    /// The datagram (or memfd contents) for `fields`, in order.
    package static func encode(_ fields: [JournalField]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(fields.reduce(0) { $0 + $1.name.utf8.count + $1.value.utf8.count + 10 })
        for field in fields {
            bytes.append(contentsOf: field.name.utf8)
            if field.value.utf8.contains(UInt8(ascii: "\n")) {
                bytes.append(UInt8(ascii: "\n"))
                withUnsafeBytes(of: UInt64(field.value.utf8.count).littleEndian) { bytes.append(contentsOf: $0) }
            } else {
                bytes.append(UInt8(ascii: "="))
            }
            bytes.append(contentsOf: field.value.utf8)
            bytes.append(UInt8(ascii: "\n"))
        }
        return bytes
    }
}

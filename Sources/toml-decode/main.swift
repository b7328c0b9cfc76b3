// The toml-test decoder interface (see shared/toml-test/README.md): TOML on standard input;
// valid documents print as tagged JSON on standard output with exit 0, invalid ones print
// `line:column: message` on standard error and exit 1.
//
// The JSON is written by hand so that this tool, like the TOML target, needs no Foundation.

import Glibc
import TOML

/// Every byte of standard input: read(2) directly, because readLine would repair invalid
/// UTF-8 that the parser must see and refuse.
func readStandardInput() -> [UInt8] {
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let count = buffer.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
        if count > 0 {
            bytes.append(contentsOf: buffer[0..<count])
        } else if count == 0 || errno != EINTR {
            return bytes
        }
    }
}

/// A JSON string literal for `text`.
func jsonString(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case _ where scalar.value < 0x20 || scalar.value == 0x7F:
            let hex = String(scalar.value, radix: 16)
            out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        default:
            out.unicodeScalars.append(scalar)
        }
    }
    return out + "\""
}

func tagged(_ type: String, _ value: String) -> String {
    "{\"type\":\"\(type)\",\"value\":\(jsonString(value))}"
}

func json(_ value: TOMLValue) -> String {
    switch value.content {
    case let .string(text): return tagged("string", text)
    case let .integer(number): return tagged("integer", String(number))
    case let .float(number):
        if number.isNaN { return tagged("float", "nan") }
        if number.isInfinite { return tagged("float", number < 0 ? "-inf" : "inf") }
        return tagged("float", String(number))
    case let .boolean(flag): return tagged("bool", flag ? "true" : "false")
    case let .offsetDateTime(dateTime): return tagged("datetime", dateTime.description)
    case let .localDateTime(dateTime): return tagged("datetime-local", dateTime.description)
    case let .localDate(date): return tagged("date-local", date.description)
    case let .localTime(time): return tagged("time-local", time.description)
    case let .array(elements): return "[" + elements.map(json).joined(separator: ",") + "]"
    case let .table(table): return json(table)
    }
}

func json(_ table: TOMLTable) -> String {
    "{" + table.entries.map { jsonString($0.key.name) + ":" + json($0.value) }.joined(separator: ",") + "}"
}

do {
    let table = try TOMLParser.parse(bytes: readStandardInput())
    print(json(table))
} catch {
    var message = "\(error)\n"
    message.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
    exit(1)
}

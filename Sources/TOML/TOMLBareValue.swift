/// Turns the text of an unquoted value (what `TOMLScanner.scanBareValue` read) into a
/// boolean, integer, float, date or time, checking it against the TOML 1.0 grammar.
package enum TOMLBareValue {
    package static func parse(_ text: [UInt8], at start: TOMLPosition) throws(TOMLError) -> TOMLValue.Content {
        let display = String(decoding: text, as: UTF8.self)
        switch display {
        case "true": return .boolean(true)
        case "false": return .boolean(false)
        case "inf", "+inf": return .float(.infinity)
        case "-inf": return .float(-.infinity)
        case "nan", "+nan": return .float(.nan)
        case "-nan": return .float(-.nan)
        default: break
        }
        guard let first = text.first else {
            throw TOMLError(.unexpectedCharacter(found: "nothing", expected: "a value"), at: start)
        }
        let looksLikeDate = text.count >= 5 && text[0..<4].allSatisfy(isDigit) && text[4] == UInt8(ascii: "-")
        let looksLikeTime = text.count >= 3 && text[0..<2].allSatisfy(isDigit) && text[2] == UInt8(ascii: ":")
        if looksLikeDate || looksLikeTime {
            return try parseDateTime(text, display: display, at: start)
        }
        guard isDigit(first) || first == UInt8(ascii: "+") || first == UInt8(ascii: "-") else {
            throw TOMLError(.invalidValue(text: display), at: start)
        }
        return try parseNumber(text, display: display, at: start)
    }

    // MARK: - Numbers

    private static func parseNumber(_ text: [UInt8], display: String, at start: TOMLPosition) throws(TOMLError) -> TOMLValue.Content {
        func fail(_ reason: String) -> TOMLError {
            TOMLError(.invalidNumber(text: display, reason: reason), at: start)
        }
        var body = text[...]
        var negative = false
        if let sign = body.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
            negative = sign == UInt8(ascii: "-")
            body = body.dropFirst()
        }
        if body.count >= 2, body[body.startIndex] == UInt8(ascii: "0"),
            let radix = radix(body[body.startIndex + 1])
        {
            guard body.count == text.count else {
                throw fail("hexadecimal, octal and binary numbers cannot have a sign")
            }
            let digits = try digitsWithUnderscores(body.dropFirst(2), radix: radix, fail: fail)
            var value: Int64 = 0
            for digit in digits {
                let (shifted, overflow1) = value.multipliedReportingOverflow(by: Int64(radix))
                let (sum, overflow2) = shifted.addingReportingOverflow(Int64(digit))
                if overflow1 || overflow2 { throw TOMLError(.integerOutOfRange(text: display), at: start) }
                value = sum
            }
            return .integer(value)
        }
        guard let lead = body.first, isDigit(lead) else {
            throw fail("a number starts with a digit after its sign")
        }
        let isFloat = body.contains(UInt8(ascii: ".")) || body.contains(UInt8(ascii: "e")) || body.contains(UInt8(ascii: "E"))
        if isFloat {
            return .float(try parseFloat(text, body: body, fail: fail))
        }
        let digits = try digitsWithUnderscores(body, radix: 10, fail: fail)
        if digits.count > 1 && digits[0] == 0 {
            throw fail("leading zeros are not allowed (write 7, not 07)")
        }
        // Accumulate as a negative number: Int64.min has no positive counterpart.
        var value: Int64 = 0
        for digit in digits {
            let (shifted, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = shifted.subtractingReportingOverflow(Int64(digit))
            if overflow1 || overflow2 { throw TOMLError(.integerOutOfRange(text: display), at: start) }
            value = sum
        }
        if !negative {
            guard value != .min else { throw TOMLError(.integerOutOfRange(text: display), at: start) }
            value = -value
        }
        return .integer(value)
    }

    private static func radix(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "x"): return 16
        case UInt8(ascii: "o"): return 8
        case UInt8(ascii: "b"): return 2
        default: return nil
        }
    }

    /// The digit values of `text`, where single underscores may separate digits.
    private static func digitsWithUnderscores(
        _ text: ArraySlice<UInt8>, radix: Int, fail: (String) -> TOMLError
    ) throws(TOMLError) -> [UInt8] {
        var digits: [UInt8] = []
        var previousWasDigit = false
        for byte in text {
            if byte == UInt8(ascii: "_") {
                guard previousWasDigit else { throw fail("an underscore must sit between two digits") }
                previousWasDigit = false
                continue
            }
            guard let value = hexValue(byte), Int(value) < radix else {
                let name = radix == 16 ? "hexadecimal" : radix == 8 ? "octal" : radix == 2 ? "binary" : "decimal"
                throw fail("'\(String(UnicodeScalar(byte)))' is not a \(name) digit")
            }
            digits.append(value)
            previousWasDigit = true
        }
        guard !digits.isEmpty else { throw fail("there are no digits") }
        guard previousWasDigit else { throw fail("an underscore must sit between two digits") }
        return digits
    }

    /// `[sign] integer-part ( exponent | fraction [exponent] )`, each part made of digits
    /// with single underscores between them, the integer part without leading zeros.
    private static func parseFloat(
        _ text: [UInt8], body: ArraySlice<UInt8>, fail: (String) -> TOMLError
    ) throws(TOMLError) -> Double {
        var at = body.startIndex
        /// Reads digits with underscores from `at`; returns how many digits it read.
        func digitRun(_ part: String) throws(TOMLError) -> Int {
            var count = 0
            var previousWasDigit = false
            while at < body.endIndex {
                let byte = body[at]
                if isDigit(byte) {
                    count += 1
                    previousWasDigit = true
                } else if byte == UInt8(ascii: "_") {
                    guard previousWasDigit else { throw fail("an underscore must sit between two digits") }
                    previousWasDigit = false
                } else {
                    break
                }
                at += 1
            }
            guard count > 0 else { throw fail("the \(part) needs at least one digit") }
            guard previousWasDigit else { throw fail("an underscore must sit between two digits") }
            return count
        }
        let integerStart = at
        let integerDigits = try digitRun("part before the decimal point")
        if integerDigits > 1 && body[integerStart] == UInt8(ascii: "0") {
            throw fail("leading zeros are not allowed (write 7.5, not 07.5)")
        }
        if at < body.endIndex, body[at] == UInt8(ascii: ".") {
            at += 1
            guard at < body.endIndex, isDigit(body[at]) else {
                throw fail("a decimal point needs digits on both sides (write 1.0, not 1.)")
            }
            _ = try digitRun("fraction")
        }
        if at < body.endIndex, body[at] == UInt8(ascii: "e") || body[at] == UInt8(ascii: "E") {
            at += 1
            if at < body.endIndex, body[at] == UInt8(ascii: "+") || body[at] == UInt8(ascii: "-") { at += 1 }
            guard at < body.endIndex, isDigit(body[at]) else { throw fail("the exponent needs digits") }
            _ = try digitRun("exponent")
        }
        guard at == body.endIndex else {
            throw fail("'\(String(UnicodeScalar(body[at])))' does not belong in a number")
        }
        let plain = String(decoding: text.filter { $0 != UInt8(ascii: "_") }, as: UTF8.self)
        guard let value = Double(plain), value.isFinite else {
            throw fail("it is too large for a float")
        }
        return value
    }

    // MARK: - Dates and times

    /// `YYYY-MM-DD`, `HH:MM:SS[.fraction]`, or a date, `T` (or `t`, or a space), a time and
    /// optionally `Z` or `±HH:MM`.
    private static func parseDateTime(_ text: [UInt8], display: String, at start: TOMLPosition) throws(TOMLError) -> TOMLValue.Content {
        func fail(_ reason: String) -> TOMLError {
            TOMLError(.invalidDateTime(text: display, reason: reason), at: start)
        }
        var at = 0
        func number(_ width: Int, _ part: String) throws(TOMLError) -> Int {
            var value = 0
            for _ in 0..<width {
                guard at < text.count, isDigit(text[at]) else { throw fail("the \(part) needs \(width) digits") }
                value = value * 10 + Int(text[at] - UInt8(ascii: "0"))
                at += 1
            }
            return value
        }
        func expect(_ byte: UInt8, _ reason: String) throws(TOMLError) {
            guard at < text.count, text[at] == byte else { throw fail(reason) }
            at += 1
        }
        func time() throws(TOMLError) -> TOMLLocalTime {
            let hour = try number(2, "hour")
            try expect(UInt8(ascii: ":"), "write the time as HH:MM:SS")
            let minute = try number(2, "minute")
            try expect(UInt8(ascii: ":"), "write the time as HH:MM:SS (seconds are required)")
            let second = try number(2, "second")
            var nanosecond = 0
            if at < text.count, text[at] == UInt8(ascii: ".") {
                at += 1
                var digits = 0
                while at < text.count, isDigit(text[at]) {
                    if digits < 9 { nanosecond = nanosecond * 10 + Int(text[at] - UInt8(ascii: "0")) }
                    digits += 1
                    at += 1
                }
                guard digits > 0 else { throw fail("the fraction of a second needs digits after the '.'") }
                for _ in digits..<max(digits, 9) { nanosecond *= 10 }
            }
            guard hour <= 23 else { throw fail("the hour must be 00 to 23") }
            guard minute <= 59 else { throw fail("the minute must be 00 to 59") }
            guard second <= 60 else { throw fail("the second must be 00 to 60") }
            return TOMLLocalTime(hour: hour, minute: minute, second: second, nanosecond: nanosecond)
        }

        if text.count >= 3 && text[2] == UInt8(ascii: ":") {
            let value = try time()
            guard at == text.count else { throw fail("a time of day cannot have anything after it") }
            return .localTime(value)
        }
        let year = try number(4, "year")
        try expect(UInt8(ascii: "-"), "write the date as YYYY-MM-DD")
        let month = try number(2, "month")
        try expect(UInt8(ascii: "-"), "write the date as YYYY-MM-DD")
        let day = try number(2, "day")
        guard (1...12).contains(month) else { throw fail("the month must be 01 to 12") }
        guard day >= 1 && day <= TOMLLocalDate.daysIn(month: month, year: year) else {
            throw fail("that month has no day \(day)")
        }
        let date = TOMLLocalDate(year: year, month: month, day: day)
        if at == text.count { return .localDate(date) }
        guard text[at] == UInt8(ascii: "T") || text[at] == UInt8(ascii: "t") || text[at] == UInt8(ascii: " ") else {
            throw fail("a date and a time are separated by 'T' or a space")
        }
        at += 1
        let clock = try time()
        if at == text.count { return .localDateTime(TOMLLocalDateTime(date: date, time: clock)) }
        let offsetMinutes: Int
        switch text[at] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            at += 1
            offsetMinutes = 0
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            let negative = text[at] == UInt8(ascii: "-")
            at += 1
            let hours = try number(2, "offset hour")
            try expect(UInt8(ascii: ":"), "write the offset as +HH:MM or -HH:MM")
            let minutes = try number(2, "offset minute")
            guard hours <= 23, minutes <= 59 else { throw fail("the offset must be at most 23:59") }
            offsetMinutes = (negative ? -1 : 1) * (hours * 60 + minutes)
        default:
            throw fail("the offset is Z or ±HH:MM")
        }
        guard at == text.count else { throw fail("nothing can follow the offset") }
        return .offsetDateTime(TOMLOffsetDateTime(date: date, time: clock, offsetMinutes: offsetMinutes))
    }
}

import Foundation
import NoContactCore
import Testing

/// Parsing: normalized forms, zones, and the position and wording of errors.
@Suite("CalendarSpec parsing")
struct CalendarSpecParseTests {
    /// Normalized forms are exactly what systemd 252 prints.
    @Test(arguments: [
        ("daily", "*-*-* 00:00:00"),
        ("quarterly", "*-01,04,07,10-01 00:00:00"),
        ("weekly", "Mon *-*-* 00:00:00"),
        ("Mon..Fri 21:00", "Mon..Fri *-*-* 21:00:00"),
        ("Sat,Sun,Mon", "Mon,Sat,Sun *-*-* 00:00:00"),
        ("Mon,Tue,Wed", "Mon..Wed *-*-* 00:00:00"),
        ("Mon,Tue", "Mon,Tue *-*-* 00:00:00"),
        ("18,8,8,12:00", "*-*-* 08,12,18:00:00"),
        ("*-*~1..3/2", "*-*~01..03/2 00:00:00"),
        ("*:*:1.5", "*-*-* *:*:01.500000"),
        ("*:*:1..3/0.5", "*-*-* *:*:01..03/0.500000"),
        ("*:*:00..59", "*-*-* *:*:00..59"),
        ("26-03-29", "2026-03-29 00:00:00"),
        ("0..10/4:00", "*-*-* 00..08/4:00:00"),
        ("@1774699200", "2026-03-28 12:00:00 UTC"),
        ("12:00 utc", "*-*-* 12:00:00 UTC"),
        ("12:00 Europe/Berlin", "*-*-* 12:00:00 Europe/Berlin"),
    ])
    func normalizedForm(text: String, normalized: String) throws {
        let spec = try CalendarSpec(parsing: text, localZone: nil, zones: testZones)
        #expect(spec.normalized == normalized)
        #expect(spec.description == normalized)
        #expect(spec.originalText == text)
    }

    /// A trailing zone is exposed as `zone`; without one it is nil.
    @Test func trailingZone() throws {
        #expect(try CalendarSpec(parsing: "12:00 Europe/Berlin", localZone: nil, zones: testZones).zone?.identifier == "Europe/Berlin")
        #expect(try CalendarSpec(parsing: "12:00 UTC").zone?.offset(at: Date()) == 0)
        #expect(try CalendarSpec(parsing: "12:00").zone == nil)
    }

    /// An abbreviation of the local zone pins standard or daylight time, as systemd's tzname does.
    @Test func localAbbreviation() throws {
        let berlin = testZone("Europe/Berlin")
        let spec = try CalendarSpec(parsing: "12:00 cest", localZone: berlin)
        #expect(spec.normalized == "*-*-* 12:00:00 CEST")
        #expect(spec.zone == nil)
        // Without a local zone, CEST is no zone name at all.
        #expect(throws: CalendarSpecError.self) { try CalendarSpec(parsing: "12:00 CEST") }
    }

    /// Each error names the column where the problem starts and says what would be right.
    @Test(arguments: [
        ("25:00", 1, "hour 25 is out of range 0..23"),
        ("*-*-* 12:61", 10, "minute 61 is out of range 0..59"),
        ("Fri..Mon 12:00", 1, "weekday range Fri..Mon goes backwards"),
        ("Mon..", 1, "weekday range is missing its end"),
        ("Monx 12:00", 1, "'Monx' is not a weekday"),
        ("*-13-01", 3, "month 13 is out of range 1..12"),
        ("2200-01-01", 1, "year 2200 is out of range 1970..2199"),
        ("*-*~29", 5, "day ~29 is out of range"),
        ("*:0/0", 4, "repetition '/0' never advances"),
        ("12:00 Europe/Nowhere", 7, "unexpected 'Europe/Nowhere'"),
        ("12", 1, "expected a time HH:MM[:SS]"),
        ("*:*:1.5..1.7", 5, "shorter than its default 1s step"),
        ("10..5:00", 1, "range 10..5 goes backwards"),
        ("*:59/2", 3, "never repeats within 0..59"),
        ("", 1, "the expression is empty"),
        ("*:*/5", 3, "write '0/N'"),
        ("12:00:00.x", 10, "expected digits after the decimal point"),
        ("2026-01-01T12:00", 11, "unexpected 'T12:00'"),
    ])
    func errorPositions(text: String, column: Int, message: String) {
        do {
            _ = try CalendarSpec(parsing: text, localZone: nil, zones: testZones)
            Issue.record("'\(text)' was accepted")
        } catch {
            #expect(error.expression == text)
            #expect(error.column == column, "\(error)")
            #expect(error.message.contains(message), "\(error)")
        }
    }

    /// Columns count characters, not bytes, so they point at the right place after non-ASCII text.
    @Test func columnsCountCharacters() {
        do {
            _ = try CalendarSpec(parsing: "12:00 Ünknown/Zone")
            Issue.record("accepted")
        } catch {
            #expect(error.column == 7)
        }
    }

    /// Equal text gives equal, equally hashed specs.
    @Test func hashable() throws {
        let a = try CalendarSpec(parsing: "Mon 12:00")
        let b = try CalendarSpec(parsing: "Mon 12:00")
        #expect(a == b)
        #expect(Set([a, b]).count == 1)
        #expect(try CalendarSpec(parsing: "Mon 12:00:00") != a)
    }
}

import TOML

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Turns config text into a validated `Config`, or into a `ConfigError` that lists every
/// problem with its line and column and what to write instead.
///
/// The TOML is parsed by our TOML target, whose tree carries the line and column of every
/// key, value and table; the tables are then read key by key here, so that people are told
/// exactly which value is wrong, where, and what to write instead.
public enum ConfigParser {
    /// Parses and validates `text`, naming `file` in every error; zone names (`timezone`, and
    /// at the end of schedule expressions) are looked up in `zones`.
    public static func parse(_ text: String, file: String, zones: ZoneLookup) throws(ConfigError) -> Config {
        let root: TOMLTable
        do {
            root = try TOMLParser.parse(text)
        } catch {
            // The TOML parser refuses a NUL too (TOML allows one nowhere, so a file with one
            // always ends here), but as a misplaced control character; in a config file a
            // NUL almost always means the file itself is damaged, so say that. Looked for
            // only now, as it costs a walk over the whole text.
            if let position = firstNUL(in: text) {
                throw ConfigError(
                    file: file,
                    issues: [
                        .init(
                            line: position.line, column: position.column,
                            message:
                                "the file contains a NUL byte; a config is plain text (was it saved by the wrong program, or cut short?)")
                    ])
            }
            throw ConfigError(
                file: file,
                issues: [
                    .init(line: error.line, column: error.column, message: "this is not valid TOML: \(error.message)")
                ])
        }
        var reader = ConfigReader(zones: zones)
        let config = reader.readConfig(root, source: file)
        guard reader.issues.isEmpty, let config else {
            // In file order, as a person reads the file (unknown keys are found first).
            let ordered = reader.issues.enumerated().sorted { left, right in
                let leftKey = (left.element.line ?? Int.max, left.element.column ?? 0, left.offset)
                let rightKey = (right.element.line ?? Int.max, right.element.column ?? 0, right.offset)
                return leftKey < rightKey
            }.map(\.element)
            throw ConfigError(file: file, issues: ordered)
        }
        return config
    }

    /// Where the first NUL is, 1-based, columns in Unicode scalars (as every other issue).
    static func firstNUL(in text: String) -> (line: Int, column: Int)? {
        var line = 1
        var column = 1
        for scalar in text.unicodeScalars {
            if scalar == "\0" { return (line, column) }
            if scalar == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return nil
    }
}

/// Reads the TOML tables into the config model, collecting every problem on the way, each
/// at the position the TOML tree gives the key or value it is about.
private struct ConfigReader {
    var issues: [ConfigError.Issue] = []
    let zones: ZoneLookup

    init(zones: ZoneLookup) {
        self.zones = zones
    }

    mutating func readConfig(_ root: TOMLTable, source: String) -> Config? {
        checkKeys(root, in: "the top level", allowed: ["timezone", "period", "prompts", "prompt", "delivery", "socket", "support"])
        var timeZone: Zone?
        if let name = string(root, "timezone", example: "timezone = \"Europe/Berlin\"") {
            timeZone = readTimeZone(name, at: root["timezone"]?.position)
        }
        let periods = readPeriods(root["period"])
        let prompts = readPrompts(root["prompts"], localZone: timeZone)
        let userPrompts = readUserPrompts(root["prompt"])
        let delivery = readDelivery(root["delivery"])
        let socket = readSocket(root["socket"])
        let support = readSupport(root["support"])
        guard issues.isEmpty else { return nil }
        return Config(
            source: source, timeZone: timeZone,
            periods: periods.isEmpty ? Config.builtinDefault.periods : periods,
            prompts: prompts, userPrompts: userPrompts, delivery: delivery, socket: socket, support: support)
    }

    // MARK: Sections

    mutating func readPeriods(_ value: TOMLValue?) -> [PeriodConfig] {
        guard let value else { return [] }
        guard let array = value.array, array.allSatisfy({ $0.table != nil }) else {
            fail(at: value.position, "periods are written as [[period]] tables (two brackets), each with a name and a start")
            return []
        }
        var periods: [PeriodConfig] = []
        var firstLineOfName: [String: Int] = [:]
        if array.count > ConfigLimits.maximumPeriods {
            fail(
                at: array[ConfigLimits.maximumPeriods].position,
                "a config holds at most \(ConfigLimits.maximumPeriods) [[period]] tables, and this is number \(ConfigLimits.maximumPeriods + 1) of \(array.count); remove the ones that have ended"
            )
            return []
        }
        for element in array {
            guard let table = element.table else { continue }
            checkKeys(table, in: "[[period]]", allowed: ["name", "start", "days", "milestones", "allow"])
            let name = string(table, "name", example: "name = \"Sam\"")
            let namePosition = table["name"]?.position
            if table["name"] == nil {
                fail(at: table.position, "this [[period]] needs a name: who you are giving space to, like: name = \"Sam\"")
            } else if let name, name.unicodeScalars.allSatisfy(isSpace) {
                fail(at: namePosition, "the period's name is empty; write who you are giving space to, like: name = \"Sam\"")
            } else if let name, name.count > 64 {
                fail(at: namePosition, "the period's name is \(name.count) characters long; keep it to 64 or fewer")
            } else if let name {
                if let earlier = firstLineOfName[name] {
                    fail(at: namePosition, "another period is already named \"\(name)\" (line \(earlier)); give each period its own name")
                } else {
                    firstLineOfName[name] = namePosition?.line ?? 0
                }
            }
            let start = readStart(table["start"], period: table)
            let days = integer(table, "days", range: 1...3650, what: "the length in days", example: "days = 30")
            var milestones: [Int]?
            if let list = integers(table, "milestones", range: 1...3650, example: "milestones = [7, 14, 30]") {
                milestones = list.map(\.number)
                for (day, position) in list where days.map({ day > $0 }) ?? false {
                    fail(
                        at: position,
                        "milestone day \(day) is after the end of this \(days ?? 0)-day period; remove it or make days longer")
                }
            }
            var allow: [String] = []
            if let kinds = strings(table, "allow", example: "allow = [\"children\", \"bills\"]") {
                for (kind, position) in kinds {
                    if kind.isEmpty || kind.count > 32
                        || !kind.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" })
                    {
                        fail(
                            at: position,
                            "\"\(kind)\" is not a kind of contact; use one short lowercase word, like \"children\" or \"bills\"")
                    }
                }
                allow = kinds.map(\.text)
            }
            if let name, let start {
                periods.append(PeriodConfig(name: name, start: start, days: days, milestones: milestones, allow: allow))
            }
        }
        return periods
    }

    mutating func readStart(_ value: TOMLValue?, period: TOMLTable) -> PeriodStart? {
        let example = "start = 2026-11-20"
        guard let value else {
            fail(at: period.position, "this [[period]] needs a start date, like: \(example)")
            return nil
        }
        switch value.content {
        case let .localDate(date):
            return .date(LocalDate(year: date.year, month: date.month, day: date.day))
        case .offsetDateTime:
            fail(
                at: value.position,
                "write the start without a zone offset, like: start = 2026-11-20T18:30:00; the configured timezone is used")
            return nil
        case let .localDateTime(dateTime):
            let day = LocalDate(year: dateTime.date.year, month: dateTime.date.month, day: dateTime.date.day)
            return .dateTime(day, hour: dateTime.time.hour, minute: dateTime.time.minute, second: dateTime.time.second)
        case let .string(text):
            if let date = LocalDate(iso: text) {
                fail(at: value.position, "write the date without quotes, like: start = \(date)")
            } else {
                fail(at: value.position, "\"\(text)\" is not a date; write the day of the last contact without quotes, like: \(example)")
            }
            return nil
        default:
            fail(at: value.position, "start must be a date, like: \(example) (found \(describe(value)))")
            return nil
        }
    }

    mutating func readPrompts(_ value: TOMLValue?, localZone: Zone?) -> PromptsConfig {
        var prompts = PromptsConfig(schedule: Schedule.configDefault)
        guard let table = section(value, name: "prompts") else { return prompts }
        checkKeys(table, in: "[prompts]", allowed: ["schedule", "order", "builtin", "catch_up", "quiet", "hurt", "situations"])
        if let expressions = strings(table, "schedule", example: "schedule = [\"08:30\", \"21:00\"]", allowSingle: true) {
            if expressions.count > ConfigLimits.maximumScheduleEntries {
                fail(
                    at: expressions[ConfigLimits.maximumScheduleEntries].position,
                    "schedule holds at most \(ConfigLimits.maximumScheduleEntries) times, not \(expressions.count); one calendar expression can stand for many, like \"*:0/30\""
                )
            } else {
                var schedules: [Schedule] = []
                for (expression, position) in expressions {
                    do {
                        schedules.append(try Schedule(parsing: expression, localZone: localZone, zones: zones))
                    } catch {
                        // Point inside the string: one column for the opening quote.
                        fail(
                            at: position, columnOffset: error.column,
                            "\"\(expression)\" is not a calendar expression systemd accepts: \(error.message); write one like \"21:00\" or \"Mon..Fri 08:30\""
                        )
                    }
                }
                prompts.schedule = schedules
            }
        }
        if let order = choice(table, "order", of: PromptOrder.self) { prompts.order = order }
        if let builtin = bool(table, "builtin") { prompts.builtin = builtin }
        if let catchUp = choice(table, "catch_up", of: CatchUpPolicy.self) { prompts.catchUp = catchUp }
        if let quiet = string(table, "quiet", example: "quiet = \"22:30-07:30\"") {
            prompts.quiet = readQuietHours(quiet, at: table["quiet"]?.position)
        }
        if let hurt = bool(table, "hurt") { prompts.hurt = hurt }
        let options = PromptTag.configurableSituations.map(\.rawValue)
        let example = "situations = [\"\(options[0])\"]"
        if let names = strings(table, "situations", example: example) {
            for (name, position) in names {
                if let situation = PromptTag(rawValue: name), PromptTag.configurableSituations.contains(situation) {
                    prompts.situations.insert(situation)
                } else if name == PromptTag.home.rawValue {
                    fail(
                        at: position,
                        "living under one roof is set on the period, as a kind of necessary contact: allow = [\"home\"]")
                } else {
                    let hint = nearest(name, among: options).map { "did you mean \"\($0)\"? " } ?? ""
                    fail(
                        at: position,
                        "\"\(name)\" is not a situation nocontact has prompts for; \(hint)choose from: \(options.joined(separator: ", "))")
                }
            }
        }
        return prompts
    }

    mutating func readQuietHours(_ text: String, at position: TOMLPosition?) -> QuietHours? {
        let ends = text.split(separator: "-", omittingEmptySubsequences: false)
        func minutes(_ part: Substring) -> Int? {
            let fields = part.split(separator: ":", omittingEmptySubsequences: false)
            guard fields.count == 2, fields[1].count == 2, (1...2).contains(fields[0].count),
                let hour = Int(fields[0]), let minute = Int(fields[1]), (0...23).contains(hour), (0...59).contains(minute)
            else { return nil }
            return hour * 60 + minute
        }
        guard ends.count == 2, let start = minutes(ends[0]), let end = minutes(ends[1]) else {
            fail(at: position, "\"\(text)\" is not a window of quiet hours; write start and end times, like: quiet = \"22:30-07:30\"")
            return nil
        }
        guard start != end else {
            fail(
                at: position,
                "quiet hours \"\(text)\" start and end at the same time; write a window, like \"22:30-07:30\", or remove the key")
            return nil
        }
        return QuietHours(startMinute: start, endMinute: end)
    }

    mutating func readUserPrompts(_ value: TOMLValue?) -> [UserPromptConfig] {
        guard let value else { return [] }
        guard let array = value.array, array.allSatisfy(isTable) else {
            fail(at: value.position, "your own prompts are written as [[prompt]] tables (two brackets), each with a text and a theme")
            return []
        }
        if array.count > ConfigLimits.maximumPrompts {
            fail(
                at: array[ConfigLimits.maximumPrompts].position,
                "a config holds at most \(ConfigLimits.maximumPrompts) [[prompt]] tables, and this is number \(ConfigLimits.maximumPrompts + 1) of \(array.count)"
            )
            return []
        }
        var prompts: [UserPromptConfig] = []
        prompts.reserveCapacity(array.count)
        // Each key is looked up once: a config may hold 10,000 of these tables.
        for element in array {
            guard case let .table(table) = element.content else { continue }
            checkKeys(table, in: "[[prompt]]", allowed: ["text", "theme", "days"])
            let textValue = table["text"]
            let text = string(textValue, "text", example: "text = \"What did I learn today?\"")
            if textValue == nil {
                fail(at: table.position, "this [[prompt]] needs a text, like: text = \"What did I learn today?\"")
            } else if let text, isBlank(text) {
                fail(at: textValue?.position, "the prompt's text is empty; write the question you want to be asked")
            } else if let text, text.utf8.count > 500, text.count > 500 {
                // Counting characters walks the text; no more characters than bytes, though.
                fail(at: textValue?.position, "the prompt's text is \(text.count) characters long; keep it to 500 or fewer")
            } else if let text, text.utf8.count > UserPromptConfig.maximumTextBytes {
                // Characters are grapheme clusters, which can be any size: 500 of them once
                // made a 480 KB prompt, sent to every watcher. Bytes bound what is stored and sent.
                fail(
                    at: textValue?.position,
                    "the prompt's text is \(text.utf8.count) bytes long in UTF-8; keep it to \(UserPromptConfig.maximumTextBytes) or fewer")
            }
            var theme: Theme?
            let themeValue = table["theme"]
            if themeValue == nil {
                fail(at: table.position, "this [[prompt]] needs a theme, one of: \(Theme.allCases.map(\.rawValue).joined(separator: ", "))")
            } else if let name = themeValue?.string, let known = themesByName[name] {
                // Looked up by hash: `Theme(rawValue:)` compares with every name in turn,
                // and a config may name a theme 10,000 times.
                theme = known
            } else {
                theme = choice(table, "theme", of: Theme.self)
            }
            let days = readDayRange(table["days"])
            if let text, let theme {
                prompts.append(UserPromptConfig(text: text, theme: theme, days: days))
            }
        }
        return prompts
    }

    mutating func readDayRange(_ value: TOMLValue?) -> ClosedRange<Int>? {
        guard let value else { return nil }
        if let number = value.integer {
            guard number >= 1, let day = Int(exactly: number) else {
                fail(at: value.position, "days start at 1; write a day or a range, like: days = \"8..30\"")
                return nil
            }
            return day...day
        }
        let text = value.string ?? ""
        let bounds = text.split(separator: "..", omittingEmptySubsequences: false)
        guard value.string != nil, bounds.count == 2,
            let low = Int(bounds[0].trimmingSpaces()),
            let high = Int(bounds[1].trimmingSpaces())
        else {
            fail(at: value.position, "days must be a range of days of the period, like: days = \"8..30\"")
            return nil
        }
        guard low >= 1, low <= high else {
            fail(
                at: value.position,
                "\"\(text)\" is not a range of days; the first day must be 1 or more and not after the last, like \"8..30\"")
            return nil
        }
        return low...high
    }

    mutating func readDelivery(_ value: TOMLValue?) -> DeliveryConfig {
        var delivery = DeliveryConfig()
        guard let table = section(value, name: "delivery") else { return delivery }
        checkKeys(table, in: "[delivery]", allowed: ["journal", "desktop", "command", "answer", "discreet"])
        if let journal = bool(table, "journal") { delivery.journal = journal }
        if let discreet = bool(table, "discreet") { delivery.discreet = discreet }
        if let desktop = bool(table, "desktop") { delivery.desktop = desktop }
        if let command = strings(table, "command", example: "command = [\"notify-send\", \"{title}\", \"{body}\"]")?.map(\.text) {
            if command.isEmpty || command[0].isEmpty {
                fail(
                    at: table["command"]?.position,
                    "the command is empty; name a program and its arguments, like: command = [\"notify-send\", \"{title}\", \"{body}\"]")
            } else {
                delivery.command = command
            }
        }
        if let answer = strings(table, "answer", example: "answer = [\"x-terminal-emulator\", \"-e\", \"nocontact\", \"reflect\"]")?.map(
            \.text)
        {
            if answer.isEmpty || answer[0].isEmpty {
                fail(
                    at: table["answer"]?.position,
                    "the answer command is empty; name a program and its arguments, like: answer = [\"x-terminal-emulator\", \"-e\", \"nocontact\", \"reflect\"]"
                )
            } else {
                delivery.answer = answer
            }
        }
        return delivery
    }

    mutating func readSocket(_ value: TOMLValue?) -> SocketConfig {
        var socket = SocketConfig()
        guard let table = section(value, name: "socket") else { return socket }
        checkKeys(table, in: "[socket]", allowed: ["enabled", "path"])
        if let enabled = bool(table, "enabled") { socket.enabled = enabled }
        if let path = string(table, "path", example: "path = \"%t/nocontact/control.socket\"") {
            if !(path.hasPrefix("/") || path.hasPrefix("%t/") || path.hasPrefix("%h/")) {
                fail(
                    at: table["path"]?.position,
                    "the socket path must be absolute; start it with /, %t/ (the runtime directory) or %h/ (home), like \"%t/nocontact/control.socket\""
                )
            } else if path.utf8.count > 100 {
                fail(
                    at: table["path"]?.position,
                    "the socket path is \(path.utf8.count) bytes long; Unix sockets allow about 100, so choose a shorter one")
            } else {
                socket.path = path
            }
        }
        return socket
    }

    mutating func readSupport(_ value: TOMLValue?) -> SupportConfig {
        var support = SupportConfig()
        guard let table = section(value, name: "support") else { return support }
        checkKeys(table, in: "[support]", allowed: ["people", "lines"])
        let personExample = "people = [{ name = \"Alex\", how = \"call or text 0170 1234567\" }]"
        if let people = table["people"] {
            if let array = people.array {
                if array.count > SupportConfig.maximumEntries {
                    fail(at: people.position, "list at most \(SupportConfig.maximumEntries) people here")
                }
                for element in array.prefix(SupportConfig.maximumEntries) {
                    guard let person = element.table else {
                        fail(at: element.position, "each person is a small table with a name and how to reach them, like: \(personExample)")
                        continue
                    }
                    checkKeys(person, in: "a person of [support]", allowed: ["name", "how"])
                    let name = string(person, "name", example: "name = \"Alex\"")
                    let how = string(person, "how", example: "how = \"call or text 0170 1234567\"")
                    guard let name, let how, !name.trimmingSpaces().isEmpty,
                        !how.trimmingSpaces().isEmpty
                    else {
                        fail(at: element.position, "each person needs a name and how to reach them, like: \(personExample)")
                        continue
                    }
                    if name.utf8.count > 200 || how.utf8.count > 200 {
                        fail(at: element.position, "keep a person's name and how to reach them to 200 bytes each")
                        continue
                    }
                    support.people.append(SupportPerson(name: name, how: how))
                }
            } else {
                fail(at: people.position, "people must be a list, like: \(personExample)")
            }
        }
        if let lines = strings(table, "lines", example: "lines = [\"Samaritans (UK): 116 123\"]") {
            if lines.count > SupportConfig.maximumEntries {
                fail(at: table["lines"]?.position, "list at most \(SupportConfig.maximumEntries) lines here")
            }
            for (line, position) in lines where line.trimmingSpaces().isEmpty || line.utf8.count > 200 {
                fail(at: position, "each line is a short text of up to 200 bytes, like \"Samaritans (UK): 116 123\"")
            }
            support.lines = lines.prefix(SupportConfig.maximumEntries).map(\.text)
        }
        return support
    }

    mutating func readTimeZone(_ name: String, at position: TOMLPosition?) -> Zone? {
        if let zone = zones.zone(named: name) {
            return zone
        }
        let suggestion = nearest(name, among: zones.identifiers)
        fail(
            at: position,
            "\"\(name)\" is not a known time zone; \(suggestion.map { "did you mean \"\($0)\"?" } ?? "use a name from the tz database, like \"Europe/Berlin\"")"
        )
        return nil
    }

    // MARK: Typed values

    mutating func section(_ value: TOMLValue?, name: String) -> TOMLTable? {
        guard let value else { return nil }
        guard let table = value.table else {
            fail(at: value.position, "\(name) is a section; write it as a table on its own line: [\(name)]")
            return nil
        }
        return table
    }

    mutating func string(_ table: TOMLTable, _ key: String, example: String) -> String? {
        string(table[key], key, example: example)
    }

    /// `value`, the value of `key`, as text; reported when it is something else.
    mutating func string(_ value: TOMLValue?, _ key: String, example: String) -> String? {
        guard let value else { return nil }
        guard let text = value.string else {
            fail(at: value.position, "\(key) must be text in quotes, like: \(example) (found \(describe(value)))")
            return nil
        }
        return text
    }

    mutating func bool(_ table: TOMLTable, _ key: String) -> Bool? {
        guard let value = table[key] else { return nil }
        guard let flag = value.boolean else {
            fail(at: value.position, "\(key) must be true or false, without quotes (found \(describe(value)))")
            return nil
        }
        return flag
    }

    mutating func integer(_ table: TOMLTable, _ key: String, range: ClosedRange<Int>, what: String, example: String) -> Int? {
        guard let value = table[key] else { return nil }
        guard let number = value.integer else {
            fail(at: value.position, "\(key) must be a whole number, \(what), like: \(example) (found \(describe(value)))")
            return nil
        }
        guard let exact = Int(exactly: number), range.contains(exact) else {
            fail(at: value.position, "\(key) must be between \(range.lowerBound) and \(range.upperBound), \(what) (found \(number))")
            return nil
        }
        return exact
    }

    /// The whole numbers of the list at `key`, each with its position; entries that are not
    /// are reported and left out.
    mutating func integers(_ table: TOMLTable, _ key: String, range: ClosedRange<Int>, example: String) -> [(
        number: Int, position: TOMLPosition
    )]? {
        guard let value = table[key] else { return nil }
        guard let array = value.array else {
            fail(at: value.position, "\(key) must be a list of whole numbers, like: \(example) (found \(describe(value)))")
            return nil
        }
        var numbers: [(number: Int, position: TOMLPosition)] = []
        for element in array {
            // Written out rather than as `integer.flatMap { Int(exactly: $0) }`: Swift 6.3.1's
            // optimizer crashes on that form here (CopyPropagation, "Found outside of lifetime
            // use") in release builds.
            var number: Int?
            if let wide = element.integer { number = Int(exactly: wide) }
            guard let number, range.contains(number) else {
                fail(
                    at: element.position,
                    "each entry of \(key) must be a whole number from \(range.lowerBound) to \(range.upperBound), like: \(example)")
                continue
            }
            numbers.append((number, element.position))
        }
        return numbers
    }

    /// The texts of the list at `key` (or the single text, with `allowSingle`), each with its
    /// position; entries that are not text are reported and left out.
    mutating func strings(_ table: TOMLTable, _ key: String, example: String, allowSingle: Bool = false) -> [(
        text: String, position: TOMLPosition
    )]? {
        guard let value = table[key] else { return nil }
        if allowSingle, let single = value.string { return [(single, value.position)] }
        guard let array = value.array else {
            fail(at: value.position, "\(key) must be a list of texts in quotes, like: \(example) (found \(describe(value)))")
            return nil
        }
        var texts: [(text: String, position: TOMLPosition)] = []
        for element in array {
            guard let text = element.string else {
                fail(at: element.position, "each entry of \(key) must be text in quotes, like: \(example) (found \(describe(element)))")
                continue
            }
            texts.append((text, element.position))
        }
        return texts
    }

    mutating func choice<Choice: RawRepresentable & CaseIterable>(
        _ table: TOMLTable, _ key: String, of: Choice.Type
    ) -> Choice? where Choice.RawValue == String {
        // The usual case first: 10,000 prompts each name a theme.
        if let text = table[key]?.string, let chosen = Choice(rawValue: text) { return chosen }
        let options = Choice.allCases.map(\.rawValue)
        guard let text = string(table, key, example: "\(key) = \"\(options[0])\"") else { return nil }
        let hint = nearest(text, among: options).map { "did you mean \"\($0)\"? " } ?? ""
        fail(at: table[key]?.position, "\"\(text)\" is not a valid \(key); \(hint)choose one of: \(options.joined(separator: ", "))")
        return nil
    }

    // MARK: Problems

    mutating func checkKeys(_ table: TOMLTable, in section: String, allowed: [String]) {
        for entry in table.entries where !allowed.contains(entry.key.name) {
            let key = entry.key.name
            let hint =
                nearest(key, among: allowed).map { "did you mean \"\($0)\"?" }
                ?? "valid keys are: \(allowed.joined(separator: ", "))"
            fail(at: Self.place(of: entry), "unknown key \"\(key)\" in \(section); \(hint)")
        }
    }

    /// Where to point for a key: a section written as `[name]` or `[[name]]` is pointed at by
    /// its header, as a person finds it in the file; any other key by the key itself.
    static func place(of entry: TOMLTable.Entry) -> TOMLPosition {
        if let table = entry.value.table, table.origin == .header { return table.position }
        if let first = entry.value.array?.first?.table, first.origin == .header { return entry.value.position }
        return entry.key.position
    }

    mutating func fail(at position: TOMLPosition?, columnOffset: Int = 0, _ message: String) {
        issues.append(.init(line: position?.line, column: position.map { $0.column + columnOffset }, message: message))
    }

    /// How a person would name the kind of `value`.
    func describe(_ value: TOMLValue) -> String {
        switch value.content {
        case .string: return "text"
        case .integer: return "a whole number"
        case .float: return "a decimal number"
        case .boolean: return "true/false"
        case .localDate: return "a date"
        case .localTime: return "a time"
        case .localDateTime, .offsetDateTime: return "a date and time"
        case .array: return "a list"
        case .table: return "a table"
        }
    }
}

/// Whether `value` is a table, without copying it out.
private func isTable(_ value: TOMLValue) -> Bool {
    if case .table = value.content { return true }
    return false
}

/// The themes by name.
private let themesByName = Dictionary(uniqueKeysWithValues: Theme.allCases.map { ($0.rawValue, $0) })

/// Whether `text` is empty once `trimmingWhitespace()` has removed whitespace and line breaks,
/// without making the trimmed copy. Text starting with a visible ASCII character (nearly
/// every prompt) is decided by its first byte.
private func isBlank(_ text: String) -> Bool {
    if let first = text.utf8.first, first > 0x20, first < 0x7F { return false }
    return text.unicodeScalars.allSatisfy(\.properties.isWhitespace)
}

/// Whether `scalar` is what `trimmingSpaces()` removes: a tab or a Unicode space separator.
private func isSpace(_ scalar: Unicode.Scalar) -> Bool {
    scalar == "\t" || scalar.properties.generalCategory == .spaceSeparator
}

/// The candidate closest to `word` by edit distance, if it is close enough to be a likely typo.
func nearest(_ word: String, among candidates: [String]) -> String? {
    let lowered = word.lowercased()
    let scored = candidates.map { ($0, editDistance(lowered, $0.lowercased())) }
    guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
    return best.1 <= max(2, word.count / 3) ? best.0 : nil
}

/// Levenshtein distance between two strings.
func editDistance(_ left: String, _ right: String) -> Int {
    let a = Array(left.unicodeScalars)
    let b = Array(right.unicodeScalars)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        swap(&previous, &current)
    }
    return previous[b.count]
}

import Foundation
internal import TOMLKit

/// Turns config text into a validated `Config`, or into a `ConfigError` that lists every
/// problem with its line and column and what to write instead.
///
/// The TOML is parsed by TOMLKit; the tables are then read key by key here rather than through
/// `Decodable`, because TOMLKit's decoder reports a wrong type as a missing key and loses the
/// key path, and people need to be told exactly which value is wrong and why.
public enum ConfigParser {
    /// Parses and validates `text`, naming `file` in every error.
    public static func parse(_ text: String, file: String) throws(ConfigError) -> Config {
        // TOMLKit hands the text to C++ as a C string, which ends at the first NUL: whatever
        // follows would be silently ignored (a file of NULs read as an empty, valid config).
        if let position = firstNUL(in: text) {
            throw ConfigError(file: file, issues: [
                .init(line: position.line, column: position.column, message: "the file contains a NUL byte; a config is plain text (was it saved by the wrong program, or cut short?)"),
            ])
        }
        let root: TOMLTable
        do {
            root = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw ConfigError(file: file, issues: [
                .init(
                    line: error.source.begin.line, column: error.source.begin.column,
                    message: "this is not valid TOML: \(error.description)"),
            ])
        } catch {
            throw ConfigError(file: file, issues: [.init(line: nil, column: nil, message: "this is not valid TOML: \(error)")])
        }
        var reader = ConfigReader(locator: TOMLSourceLocator(text: text))
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

/// Reads the TOML tables into the config model, collecting every problem on the way.
private struct ConfigReader {
    let locator: TOMLSourceLocator
    var issues: [ConfigError.Issue] = []

    mutating func readConfig(_ root: TOMLTable, source: String) -> Config? {
        checkKeys(root, path: "", in: "the top level", allowed: ["timezone", "period", "prompts", "prompt", "delivery", "socket", "support"])
        var timeZone: TimeZone?
        if let name = string(root, "timezone", path: "timezone", example: "timezone = \"Europe/Berlin\"") {
            timeZone = readTimeZone(name, path: "timezone")
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

    mutating func readPeriods(_ value: (any TOMLValueConvertible)?) -> [PeriodConfig] {
        guard let value else { return [] }
        guard let array = value.array, array.allSatisfy({ $0.type == .table }) else {
            fail(valueAt: "period", "periods are written as [[period]] tables (two brackets), each with a name and a start")
            return []
        }
        var periods: [PeriodConfig] = []
        var firstLineOfName: [String: Int] = [:]
        for (index, element) in array.enumerated() {
            guard let table = element.table else { continue }
            let path = "period[\(index)]"
            checkKeys(table, path: path, in: "[[period]]", allowed: ["name", "start", "days", "milestones", "allow"])
            let name = string(table, "name", path: "\(path).name", example: "name = \"Sam\"")
            if table["name"] == nil {
                fail(valueAt: path, "this [[period]] needs a name: who you are giving space to, like: name = \"Sam\"")
            } else if let name, name.trimmingCharacters(in: .whitespaces).isEmpty {
                fail(valueAt: "\(path).name", "the period's name is empty; write who you are giving space to, like: name = \"Sam\"")
            } else if let name, name.count > 64 {
                fail(valueAt: "\(path).name", "the period's name is \(name.count) characters long; keep it to 64 or fewer")
            } else if let name {
                if let earlier = firstLineOfName[name] {
                    fail(valueAt: "\(path).name", "another period is already named \"\(name)\" (line \(earlier)); give each period its own name")
                } else {
                    firstLineOfName[name] = locator.value("\(path).name")?.line ?? 0
                }
            }
            let start = readStart(table["start"], path: "\(path).start", periodPath: path)
            let days = integer(table, "days", path: "\(path).days", range: 1...3650, what: "the length in days", example: "days = 30")
            var milestones: [Int]?
            if let list = integers(table, "milestones", path: "\(path).milestones", range: 1...3650, example: "milestones = [7, 14, 30]") {
                milestones = list
                for (milestoneIndex, day) in list.enumerated() where days.map({ day > $0 }) ?? false {
                    fail(valueAt: "\(path).milestones[\(milestoneIndex)]",
                         "milestone day \(day) is after the end of this \(days ?? 0)-day period; remove it or make days longer")
                }
            }
            var allow: [String] = []
            if let kinds = strings(table, "allow", path: "\(path).allow", example: "allow = [\"children\", \"bills\"]") {
                for (kindIndex, kind) in kinds.enumerated() {
                    if kind.isEmpty || kind.count > 32 || !kind.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }) {
                        fail(valueAt: "\(path).allow[\(kindIndex)]",
                             "\"\(kind)\" is not a kind of contact; use one short lowercase word, like \"children\" or \"bills\"")
                    }
                }
                allow = kinds
            }
            if let name, let start {
                periods.append(PeriodConfig(name: name, start: start, days: days, milestones: milestones, allow: allow))
            }
        }
        return periods
    }

    mutating func readStart(_ value: (any TOMLValueConvertible)?, path: String, periodPath: String) -> PeriodStart? {
        let example = "start = 2026-11-20"
        guard let value else {
            fail(valueAt: periodPath, "this [[period]] needs a start date, like: \(example)")
            return nil
        }
        switch value.type {
        case .date:
            guard let date = value.date else { return nil }
            return .date(LocalDate(year: date.year, month: date.month, day: date.day))
        case .dateTime:
            guard let dateTime = value.dateTime else { return nil }
            if dateTime.offset != nil {
                fail(valueAt: path, "write the start without a zone offset, like: start = 2026-11-20T18:30:00; the configured timezone is used")
                return nil
            }
            let day = LocalDate(year: dateTime.date.year, month: dateTime.date.month, day: dateTime.date.day)
            return .dateTime(day, hour: dateTime.time.hour, minute: dateTime.time.minute, second: dateTime.time.second)
        case .string:
            let text = value.string ?? ""
            if let date = LocalDate(iso: text) {
                fail(valueAt: path, "write the date without quotes, like: start = \(date)")
            } else {
                fail(valueAt: path, "\"\(text)\" is not a date; write the day of the last contact without quotes, like: \(example)")
            }
            return nil
        default:
            fail(valueAt: path, "start must be a date, like: \(example) (found \(describe(value.type)))")
            return nil
        }
    }

    mutating func readPrompts(_ value: (any TOMLValueConvertible)?, localZone: TimeZone?) -> PromptsConfig {
        var prompts = PromptsConfig(schedule: Schedule.configDefault)
        guard let table = section(value, name: "prompts") else { return prompts }
        checkKeys(table, path: "prompts", in: "[prompts]", allowed: ["schedule", "order", "builtin", "catch_up", "quiet", "hurt", "situations"])
        if let expressions = strings(table, "schedule", path: "prompts.schedule", example: "schedule = [\"08:30\", \"21:00\"]", allowSingle: true) {
            var schedules: [Schedule] = []
            for (index, expression) in expressions.enumerated() {
                let elementPath = table["schedule"]?.type == .array ? "prompts.schedule[\(index)]" : "prompts.schedule"
                do {
                    schedules.append(try Schedule(parsing: expression, localZone: localZone))
                } catch {
                    // Point inside the string: one column for the opening quote.
                    fail(valueAt: elementPath, columnOffset: error.column,
                         "\"\(expression)\" is not a calendar expression systemd accepts: \(error.message); write one like \"21:00\" or \"Mon..Fri 08:30\"")
                }
            }
            prompts.schedule = schedules
        }
        if let order = choice(table, "order", path: "prompts.order", of: PromptOrder.self) { prompts.order = order }
        if let builtin = bool(table, "builtin", path: "prompts.builtin") { prompts.builtin = builtin }
        if let catchUp = choice(table, "catch_up", path: "prompts.catch_up", of: CatchUpPolicy.self) { prompts.catchUp = catchUp }
        if let quiet = string(table, "quiet", path: "prompts.quiet", example: "quiet = \"22:30-07:30\"") {
            prompts.quiet = readQuietHours(quiet, path: "prompts.quiet")
        }
        if let hurt = bool(table, "hurt", path: "prompts.hurt") { prompts.hurt = hurt }
        let options = PromptTag.configurableSituations.map(\.rawValue)
        let example = "situations = [\"\(options[0])\"]"
        if let names = strings(table, "situations", path: "prompts.situations", example: example) {
            for (index, name) in names.enumerated() {
                if let situation = PromptTag(rawValue: name), PromptTag.configurableSituations.contains(situation) {
                    prompts.situations.insert(situation)
                } else if name == PromptTag.home.rawValue {
                    fail(valueAt: "prompts.situations[\(index)]",
                         "living under one roof is set on the period, as a kind of necessary contact: allow = [\"home\"]")
                } else {
                    let hint = nearest(name, among: options).map { "did you mean \"\($0)\"? " } ?? ""
                    fail(valueAt: "prompts.situations[\(index)]",
                         "\"\(name)\" is not a situation nocontact has prompts for; \(hint)choose from: \(options.joined(separator: ", "))")
                }
            }
        }
        return prompts
    }

    mutating func readQuietHours(_ text: String, path: String) -> QuietHours? {
        let ends = text.split(separator: "-", omittingEmptySubsequences: false)
        func minutes(_ part: Substring) -> Int? {
            let fields = part.split(separator: ":", omittingEmptySubsequences: false)
            guard fields.count == 2, fields[1].count == 2, (1...2).contains(fields[0].count),
                  let hour = Int(fields[0]), let minute = Int(fields[1]), (0...23).contains(hour), (0...59).contains(minute)
            else { return nil }
            return hour * 60 + minute
        }
        guard ends.count == 2, let start = minutes(ends[0]), let end = minutes(ends[1]) else {
            fail(valueAt: path, "\"\(text)\" is not a window of quiet hours; write start and end times, like: quiet = \"22:30-07:30\"")
            return nil
        }
        guard start != end else {
            fail(valueAt: path, "quiet hours \"\(text)\" start and end at the same time; write a window, like \"22:30-07:30\", or remove the key")
            return nil
        }
        return QuietHours(startMinute: start, endMinute: end)
    }

    mutating func readUserPrompts(_ value: (any TOMLValueConvertible)?) -> [UserPromptConfig] {
        guard let value else { return [] }
        guard let array = value.array, array.allSatisfy({ $0.type == .table }) else {
            fail(valueAt: "prompt", "your own prompts are written as [[prompt]] tables (two brackets), each with a text and a theme")
            return []
        }
        var prompts: [UserPromptConfig] = []
        for (index, element) in array.enumerated() {
            guard let table = element.table else { continue }
            let path = "prompt[\(index)]"
            checkKeys(table, path: path, in: "[[prompt]]", allowed: ["text", "theme", "days"])
            let text = string(table, "text", path: "\(path).text", example: "text = \"What did I learn today?\"")
            if table["text"] == nil {
                fail(valueAt: path, "this [[prompt]] needs a text, like: text = \"What did I learn today?\"")
            } else if let text, text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                fail(valueAt: "\(path).text", "the prompt's text is empty; write the question you want to be asked")
            } else if let text, text.count > 500 {
                fail(valueAt: "\(path).text", "the prompt's text is \(text.count) characters long; keep it to 500 or fewer")
            } else if let text, text.utf8.count > UserPromptConfig.maximumTextBytes {
                // Characters are grapheme clusters, which can be any size: 500 of them once
                // made a 480 KB prompt, sent to every watcher. Bytes bound what is stored and sent.
                fail(valueAt: "\(path).text", "the prompt's text is \(text.utf8.count) bytes long in UTF-8; keep it to \(UserPromptConfig.maximumTextBytes) or fewer")
            }
            var theme: Theme?
            if table["theme"] == nil {
                fail(valueAt: path, "this [[prompt]] needs a theme, one of: \(Theme.allCases.map(\.rawValue).joined(separator: ", "))")
            } else {
                theme = choice(table, "theme", path: "\(path).theme", of: Theme.self)
            }
            let days = readDayRange(table["days"], path: "\(path).days")
            if let text, let theme {
                prompts.append(UserPromptConfig(text: text, theme: theme, days: days))
            }
        }
        return prompts
    }

    mutating func readDayRange(_ value: (any TOMLValueConvertible)?, path: String) -> ClosedRange<Int>? {
        guard let value else { return nil }
        if let day = value.int, value.type == .int {
            guard day >= 1 else {
                fail(valueAt: path, "days start at 1; write a day or a range, like: days = \"8..30\"")
                return nil
            }
            return day...day
        }
        let text = value.string ?? ""
        let bounds = text.components(separatedBy: "..")
        guard value.type == .string, bounds.count == 2,
              let low = Int(bounds[0].trimmingCharacters(in: .whitespaces)),
              let high = Int(bounds[1].trimmingCharacters(in: .whitespaces))
        else {
            fail(valueAt: path, "days must be a range of days of the period, like: days = \"8..30\"")
            return nil
        }
        guard low >= 1, low <= high else {
            fail(valueAt: path, "\"\(text)\" is not a range of days; the first day must be 1 or more and not after the last, like \"8..30\"")
            return nil
        }
        return low...high
    }

    mutating func readDelivery(_ value: (any TOMLValueConvertible)?) -> DeliveryConfig {
        var delivery = DeliveryConfig()
        guard let table = section(value, name: "delivery") else { return delivery }
        checkKeys(table, path: "delivery", in: "[delivery]", allowed: ["journal", "desktop", "command", "answer", "discreet"])
        if let journal = bool(table, "journal", path: "delivery.journal") { delivery.journal = journal }
        if let discreet = bool(table, "discreet", path: "delivery.discreet") { delivery.discreet = discreet }
        if let desktop = bool(table, "desktop", path: "delivery.desktop") { delivery.desktop = desktop }
        if let command = strings(table, "command", path: "delivery.command", example: "command = [\"notify-send\", \"{title}\", \"{body}\"]") {
            if command.isEmpty || command[0].isEmpty {
                fail(valueAt: "delivery.command", "the command is empty; name a program and its arguments, like: command = [\"notify-send\", \"{title}\", \"{body}\"]")
            } else {
                delivery.command = command
            }
        }
        if let answer = strings(table, "answer", path: "delivery.answer", example: "answer = [\"x-terminal-emulator\", \"-e\", \"nocontact\", \"reflect\"]") {
            if answer.isEmpty || answer[0].isEmpty {
                fail(valueAt: "delivery.answer", "the answer command is empty; name a program and its arguments, like: answer = [\"x-terminal-emulator\", \"-e\", \"nocontact\", \"reflect\"]")
            } else {
                delivery.answer = answer
            }
        }
        return delivery
    }

    mutating func readSocket(_ value: (any TOMLValueConvertible)?) -> SocketConfig {
        var socket = SocketConfig()
        guard let table = section(value, name: "socket") else { return socket }
        checkKeys(table, path: "socket", in: "[socket]", allowed: ["enabled", "path"])
        if let enabled = bool(table, "enabled", path: "socket.enabled") { socket.enabled = enabled }
        if let path = string(table, "path", path: "socket.path", example: "path = \"%t/nocontact/control.socket\"") {
            if !(path.hasPrefix("/") || path.hasPrefix("%t/") || path.hasPrefix("%h/")) {
                fail(valueAt: "socket.path", "the socket path must be absolute; start it with /, %t/ (the runtime directory) or %h/ (home), like \"%t/nocontact/control.socket\"")
            } else if path.utf8.count > 100 {
                fail(valueAt: "socket.path", "the socket path is \(path.utf8.count) bytes long; Unix sockets allow about 100, so choose a shorter one")
            } else {
                socket.path = path
            }
        }
        return socket
    }

    mutating func readSupport(_ value: (any TOMLValueConvertible)?) -> SupportConfig {
        var support = SupportConfig()
        guard let table = section(value, name: "support") else { return support }
        checkKeys(table, path: "support", in: "[support]", allowed: ["people", "lines"])
        let personExample = "people = [{ name = \"Alex\", how = \"call or text 0170 1234567\" }]"
        if let people = table["people"] {
            if let array = people.array {
                if array.count > SupportConfig.maximumEntries {
                    fail(valueAt: "support.people", "list at most \(SupportConfig.maximumEntries) people here")
                }
                for (index, element) in array.prefix(SupportConfig.maximumEntries).enumerated() {
                    let path = "support.people[\(index)]"
                    guard let person = element.table else {
                        fail(valueAt: path, "each person is a small table with a name and how to reach them, like: \(personExample)")
                        continue
                    }
                    checkKeys(person, path: path, in: "a person of [support]", allowed: ["name", "how"])
                    let name = string(person, "name", path: "\(path).name", example: "name = \"Alex\"")
                    let how = string(person, "how", path: "\(path).how", example: "how = \"call or text 0170 1234567\"")
                    guard let name, let how, !name.trimmingCharacters(in: .whitespaces).isEmpty,
                          !how.trimmingCharacters(in: .whitespaces).isEmpty
                    else {
                        fail(valueAt: path, "each person needs a name and how to reach them, like: \(personExample)")
                        continue
                    }
                    if name.utf8.count > 200 || how.utf8.count > 200 {
                        fail(valueAt: path, "keep a person's name and how to reach them to 200 bytes each")
                        continue
                    }
                    support.people.append(SupportPerson(name: name, how: how))
                }
            } else {
                fail(valueAt: "support.people", "people must be a list, like: \(personExample)")
            }
        }
        if let lines = strings(table, "lines", path: "support.lines", example: "lines = [\"Samaritans (UK): 116 123\"]") {
            if lines.count > SupportConfig.maximumEntries {
                fail(valueAt: "support.lines", "list at most \(SupportConfig.maximumEntries) lines here")
            }
            for (index, line) in lines.enumerated() where line.trimmingCharacters(in: .whitespaces).isEmpty || line.utf8.count > 200 {
                fail(valueAt: "support.lines[\(index)]", "each line is a short text of up to 200 bytes, like \"Samaritans (UK): 116 123\"")
            }
            support.lines = Array(lines.prefix(SupportConfig.maximumEntries))
        }
        return support
    }

    mutating func readTimeZone(_ name: String, path: String) -> TimeZone? {
        if let zone = TimeZone(identifier: name), name.contains("/") || name == "UTC" || name == "GMT" || zone.identifier == name {
            return zone
        }
        let suggestion = nearest(name, among: TimeZone.knownTimeZoneIdentifiers)
        fail(valueAt: path, "\"\(name)\" is not a known time zone; \(suggestion.map { "did you mean \"\($0)\"?" } ?? "use a name from the tz database, like \"Europe/Berlin\"")")
        return nil
    }

    // MARK: Typed values

    mutating func section(_ value: (any TOMLValueConvertible)?, name: String) -> TOMLTable? {
        guard let value else { return nil }
        guard let table = value.table else {
            fail(valueAt: name, "\(name) is a section; write it as a table on its own line: [\(name)]")
            return nil
        }
        return table
    }

    mutating func string(_ table: TOMLTable, _ key: String, path: String, example: String) -> String? {
        guard let value = table[key] else { return nil }
        guard let text = value.string else {
            fail(valueAt: path, "\(key) must be text in quotes, like: \(example) (found \(describe(value.type)))")
            return nil
        }
        return text
    }

    mutating func bool(_ table: TOMLTable, _ key: String, path: String) -> Bool? {
        guard let value = table[key] else { return nil }
        guard let flag = value.bool else {
            fail(valueAt: path, "\(key) must be true or false, without quotes (found \(describe(value.type)))")
            return nil
        }
        return flag
    }

    mutating func integer(_ table: TOMLTable, _ key: String, path: String, range: ClosedRange<Int>, what: String, example: String) -> Int? {
        guard let value = table[key] else { return nil }
        guard let number = value.int else {
            fail(valueAt: path, "\(key) must be a whole number, \(what), like: \(example) (found \(describe(value.type)))")
            return nil
        }
        guard range.contains(number) else {
            fail(valueAt: path, "\(key) must be between \(range.lowerBound) and \(range.upperBound), \(what) (found \(number))")
            return nil
        }
        return number
    }

    mutating func integers(_ table: TOMLTable, _ key: String, path: String, range: ClosedRange<Int>, example: String) -> [Int]? {
        guard let value = table[key] else { return nil }
        guard let array = value.array else {
            fail(valueAt: path, "\(key) must be a list of whole numbers, like: \(example) (found \(describe(value.type)))")
            return nil
        }
        var numbers: [Int] = []
        for (index, element) in array.enumerated() {
            guard let number = element.int, element.type == .int, range.contains(number) else {
                fail(valueAt: "\(path)[\(index)]", "each entry of \(key) must be a whole number from \(range.lowerBound) to \(range.upperBound), like: \(example)")
                continue
            }
            numbers.append(number)
        }
        return numbers
    }

    mutating func strings(_ table: TOMLTable, _ key: String, path: String, example: String, allowSingle: Bool = false) -> [String]? {
        guard let value = table[key] else { return nil }
        if allowSingle, let single = value.string { return [single] }
        guard let array = value.array else {
            fail(valueAt: path, "\(key) must be a list of texts in quotes, like: \(example) (found \(describe(value.type)))")
            return nil
        }
        var texts: [String] = []
        for (index, element) in array.enumerated() {
            guard let text = element.string else {
                fail(valueAt: "\(path)[\(index)]", "each entry of \(key) must be text in quotes, like: \(example) (found \(describe(element.type)))")
                continue
            }
            texts.append(text)
        }
        return texts
    }

    mutating func choice<Choice: RawRepresentable & CaseIterable>(
        _ table: TOMLTable, _ key: String, path: String, of: Choice.Type
    ) -> Choice? where Choice.RawValue == String {
        let options = Choice.allCases.map(\.rawValue)
        guard let text = string(table, key, path: path, example: "\(key) = \"\(options[0])\"") else { return nil }
        if let chosen = Choice(rawValue: text) { return chosen }
        let hint = nearest(text, among: options).map { "did you mean \"\($0)\"? " } ?? ""
        fail(valueAt: path, "\"\(text)\" is not a valid \(key); \(hint)choose one of: \(options.joined(separator: ", "))")
        return nil
    }

    // MARK: Problems

    mutating func checkKeys(_ table: TOMLTable, path: String, in section: String, allowed: [String]) {
        for key in table.keys where !allowed.contains(key) {
            let keyPath = path.isEmpty ? key : "\(path).\(key)"
            let hint = nearest(key, among: allowed).map { "did you mean \"\($0)\"?" }
                ?? "valid keys are: \(allowed.joined(separator: ", "))"
            fail(keyAt: keyPath, "unknown key \"\(key)\" in \(section); \(hint)")
        }
    }

    mutating func fail(valueAt path: String, columnOffset: Int = 0, _ message: String) {
        let position = locator.value(path)
        issues.append(.init(line: position?.line, column: position.map { $0.column + columnOffset }, message: message))
    }

    mutating func fail(keyAt path: String, _ message: String) {
        let position = locator.key(path)
        issues.append(.init(line: position?.line, column: position?.column, message: message))
    }

    func describe(_ type: TOMLType) -> String {
        switch type {
        case .string: return "text"
        case .int: return "a whole number"
        case .double: return "a decimal number"
        case .bool: return "true/false"
        case .date: return "a date"
        case .time: return "a time"
        case .dateTime: return "a date and time"
        case .array: return "a list"
        case .table: return "a table"
        @unknown default: return "something else"
        }
    }
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

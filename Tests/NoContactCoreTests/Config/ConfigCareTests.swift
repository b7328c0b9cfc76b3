import Testing

@testable import NoContactCore

/// The config keys for care: `[prompts] hurt` and `situations`, `[delivery] discreet`, `[support]`.
@Suite("Config for care")
struct ConfigCareTests {
    @Test func defaultsAreOff() throws {
        let config = try ConfigParser.parse(validPeriod, file: "cfg.toml", zones: testZones)
        #expect(!config.prompts.hurt)
        #expect(config.prompts.situations.isEmpty)
        #expect(!config.delivery.discreet)
        #expect(config.support == SupportConfig())
    }

    @Test func readsEveryCareKey() throws {
        let config = try ConfigParser.parse(
            validPeriod + """
                [prompts]
                hurt = true
                situations = ["apology-declined", "friends-offer"]

                [delivery]
                discreet = true

                [support]
                people = [{ name = "Alex", how = "call or text 0170 1234567" }]
                lines = ["Samaritans (UK): 116 123"]
                """, file: "cfg.toml", zones: testZones)
        #expect(config.prompts.hurt)
        #expect(config.prompts.situations == [.apologyDeclined, .friendsOffer])
        #expect(config.delivery.discreet)
        #expect(config.support.people == [SupportPerson(name: "Alex", how: "call or text 0170 1234567")])
        #expect(config.support.lines == ["Samaritans (UK): 116 123"])
        #expect(config.periodLabel("Sam") == "period-1")
        #expect(config.periodLabel("Nobody") == "period")
    }

    @Test func situationErrorsSayWhatToWrite() {
        #expect(
            configErrors(validPeriod + "[prompts]\nsituations = [\"new-partnr\"]\n")
                == "cfg.toml:5:15: \"new-partnr\" is not a situation nocontact has prompts for; did you mean \"new-partner\"? choose from: apology-declined, new-partner, friends-offer"
        )
        #expect(
            configErrors(validPeriod + "[prompts]\nsituations = [\"home\"]\n")
                == "cfg.toml:5:15: living under one roof is set on the period, as a kind of necessary contact: allow = [\"home\"]")
        #expect(
            configErrors(validPeriod + "[prompts]\nhurt = \"yes\"\n")
                == "cfg.toml:5:8: hurt must be true or false, without quotes (found text)")
    }

    @Test func supportErrorsSayWhatToWrite() {
        let missing = configErrors(validPeriod + "[support]\npeople = [{ name = \"Alex\" }]\n") ?? ""
        #expect(missing.hasPrefix("cfg.toml:5:"))
        #expect(missing.contains("each person needs a name and how to reach them"))
        #expect(configErrors(validPeriod + "[support]\nphone = \"1\"\n")?.contains("unknown key \"phone\" in [support]") == true)
        #expect(configErrors(validPeriod + "[support]\nlines = [\"\"]\n")?.contains("each line is a short text") == true)
        let many = (0...SupportConfig.maximumEntries).map { "\"line \($0)\"" }.joined(separator: ", ")
        #expect(configErrors(validPeriod + "[support]\nlines = [\(many)]\n")?.contains("at most 20 lines") == true)
    }
}

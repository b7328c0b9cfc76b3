import Foundation

@testable import NoContactCore

/// Parses `text` as `cfg.toml` and returns the full error text, or nil when it parsed.
func configErrors(_ text: String) -> String? {
    do {
        _ = try ConfigParser.parse(text, file: "cfg.toml", zones: testZones)
        return nil
    } catch {
        return error.description
    }
}

/// Parses `text` as `cfg.toml` and returns the issues, or an empty list when it parsed.
func configIssues(_ text: String) -> [ConfigError.Issue] {
    do {
        _ = try ConfigParser.parse(text, file: "cfg.toml", zones: testZones)
        return []
    } catch {
        return error.issues
    }
}

/// A small valid period to put in front of fixtures that test other sections.
let validPeriod = """
    [[period]]
    name = "Sam"
    start = 2026-11-20

    """

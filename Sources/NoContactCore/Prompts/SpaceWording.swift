/// How messages name a period: as the person's own time of space, never as "X's period"
/// (which is ungrammatical for "them" and reads as someone else's menstrual period).
public enum SpaceWording {
    /// The name of the built-in default period, which stands for "no one named".
    public static let unnamed = "them"

    /// "your space" for the unnamed default period or in discreet mode, else "your space from Sam".
    public static func yourSpace(periodName: String, discreet: Bool = false) -> String {
        let name = trimmed(periodName)
        guard !discreet, !name.isEmpty, name != unnamed else { return "your space" }
        return "your space from \(name)"
    }

    /// ``yourSpace(periodName:discreet:)`` with a capital first letter, to start a sentence.
    public static func yourSpaceCapitalized(periodName: String, discreet: Bool = false) -> String {
        let text = yourSpace(periodName: periodName, discreet: discreet)
        return text.prefix(1).uppercased() + text.dropFirst()
    }

    static func trimmed(_ name: String) -> String {
        guard let first = name.firstIndex(where: { !$0.isWhitespace }),
            let last = name.lastIndex(where: { !$0.isWhitespace })
        else { return "" }
        return String(name[first...last])
    }
}

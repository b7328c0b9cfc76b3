/// What a built-in prompt asks of the person, or the situation it is written for.
///
/// Tags make the care rules data instead of lists of ids: `[prompts] hurt = true` leaves out
/// every prompt with a tag in ``avoidedWhenHurt`` and adds the ones tagged ``hurt``; a prompt
/// with a situation tag (``situations``) is offered only when that situation applies to the
/// period (see ``PromptSelectionContext/situations``).
public enum PromptTag: String, CaseIterable, Sendable, Codable, Hashable {
    /// Asks the person to take the other person's view or voice their complaints.
    case theirView = "their-view"
    /// Asks the person to look for their own part or fault in what went wrong.
    case ownPart = "own-part"
    /// Asks the person to write or weigh an apology.
    case apology
    /// Asks the person to imagine or plan a gesture toward the other person.
    case gesture
    /// Asks the person to picture getting back together.
    case reunion
    /// Written for someone the relationship hurt: safety, boundaries, what they do not miss,
    /// harm done to them. Offered only with `[prompts] hurt = true`.
    case hurt
    /// Situation: still living under one roof (the period allows `"home"` contact).
    case home
    /// Situation: an apology was already sent and declined.
    case apologyDeclined = "apology-declined"
    /// Situation: the other person is seeing someone new.
    case newPartner = "new-partner"
    /// Situation: the other person offered to "stay friends".
    case friendsOffer = "friends-offer"

    /// The tags whose prompts `[prompts] hurt = true` leaves out: anything that asks the person
    /// to see the other's side, find their own fault, apologise, plan a gesture or picture
    /// getting back together.
    public static let avoidedWhenHurt: Set<PromptTag> = [.theirView, .ownPart, .apology, .gesture, .reunion]

    /// The tags that name a situation: a prompt with one is offered only when it applies.
    public static let situations: Set<PromptTag> = [.home, .apologyDeclined, .newPartner, .friendsOffer]

    /// The situations a person can name in `[prompts] situations` (``home`` comes from a
    /// period's `allow = ["home"]` instead, since it is also a kind of logistics contact).
    public static let configurableSituations: [PromptTag] = [.apologyDeclined, .newPartner, .friendsOffer]
}

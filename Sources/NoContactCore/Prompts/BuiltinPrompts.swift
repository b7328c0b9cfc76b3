// The built-in prompt library, written for nocontact. Plain data in source (not a bundle
// resource) so that the binaries work wherever they are copied.
//
// Rules for editing (checked by the library lint tests):
// - Ids never change and are never reused: a retired prompt's id stays retired. Add new ids to
//   Tests/NoContactCoreTests/Prompts/PromptIDs.txt.
// - At most 200 characters, one question or one small action, kind and plain.
// - Never nudge anyone toward contacting the person who asked for distance: apology prompts are
//   for writing to yourself, gesture prompts are about what a gesture would mean, not doing it.

/// The source of ``PromptLibrary/builtin``.
enum BuiltinPrompts {
    /// Every built-in prompt, grouped by theme as written.
    static let all: [Prompt] =
        space + selfCare + apology + understanding + change + growth + actions
        + listening + gesture + acceptance + logistics + hurt + situations

    /// ``all`` in the order a sequential walk takes them: by phase (early, middle, late, any),
    /// then round-robin over themes, each theme's prompts in written order.
    static let inWalkOrder: [Prompt] = {
        let phaseRank: [PromptPhase: Int] = [.early: 0, .middle: 1, .late: 2, .any: 3]
        var positionInGroup: [String: Int] = [:]
        var groupCounts: [String: Int] = [:]
        for prompt in all {
            let group = "\(prompt.phase.rawValue)/\(prompt.theme.rawValue)/\(prompt.forLogistics)"
            let next = groupCounts[group, default: 0]
            positionInGroup[prompt.id] = next
            groupCounts[group] = next + 1
        }
        let themeRank = Dictionary(uniqueKeysWithValues: Theme.allCases.enumerated().map { ($1, $0) })
        let sourceRank = Dictionary(uniqueKeysWithValues: all.enumerated().map { ($1.id, $0) })
        func key(_ p: Prompt) -> [Int] {
            [
                phaseRank[p.phase] ?? 0, positionInGroup[p.id] ?? 0, p.forLogistics ? 1 : 0,
                themeRank[p.theme] ?? 0, sourceRank[p.id] ?? 0,
            ]
        }
        return all.sorted { key($0).lexicographicallyPrecedes(key($1)) }
    }()

    static func p(
        _ id: String, _ theme: Theme, _ phase: PromptPhase, _ text: String, tags: Set<PromptTag> = [],
        follows: String? = nil
    ) -> Prompt {
        Prompt(
            id: id, theme: theme, phase: phase, text: text, days: nil, isBuiltin: true, forLogistics: false,
            tags: tags, follows: follows)
    }

    static func logisticsPrompt(_ id: String, _ theme: Theme, _ text: String, tags: Set<PromptTag> = []) -> Prompt {
        Prompt(id: id, theme: theme, phase: .any, text: text, days: nil, isBuiltin: true, forLogistics: true, tags: tags)
    }

    // MARK: space and patience

    static let space: [Prompt] = [
        p(
            "space-01", .space, .early,
            "At what time of day is the pull toward them strongest, and what could you plan for that hour instead?"),
        p(
            "space-02", .space, .early,
            "Move their chat thread off your home screen or into an archive today, so it is not the first thing you see."),
        p(
            "space-03", .space, .early,
            "What would you like to do with this evening, other than waiting for your phone to light up?"),
        p(
            "space-04", .space, .early,
            "Write down one reason you chose to give them space, and keep it where you will see it when the pull is strong."),
        p(
            "space-05", .space, .early,
            "What does giving them room look like for you today, in one small choice?"),
        p(
            "space-06", .space, .early,
            "Set one small rule for yourself for today, like no scrolling in bed. Which one will you pick?"),
        p(
            "space-07", .space, .middle,
            "Which urges pass more easily now than in the first days, and what helped them pass?"),
        p(
            "space-08", .space, .middle,
            "What fills the minutes you used to spend waiting to hear from them?"),
        p(
            "space-09", .space, .late,
            "You have practised patience since day 1. Where else in your life could that patience help you?"),
        p(
            "space-10", .space, .any,
            "If an urge comes today, what is your plan for the next ten minutes?"),
        p(
            "space-11", .space, .any,
            "Who knows you are taking this time, and could keep you company on a hard evening?"),
    ]

    // MARK: health and self-care

    static let selfCare: [Prompt] = [
        p(
            "self-care-01", .selfCare, .early,
            "What have you eaten today? Have one simple, warm meal before the day ends."),
        p(
            "self-care-02", .selfCare, .early,
            "How did you sleep last night? Choose one thing that could make tonight gentler, like putting screens away an hour early."),
        p(
            "self-care-03", .selfCare, .early,
            "Go outside for fifteen minutes today, even just around the block, and notice one thing you had not seen before."),
        p(
            "self-care-04", .selfCare, .early,
            "Drink a full glass of water now, slowly. How does your body feel afterwards?"),
        p(
            "self-care-05", .selfCare, .early,
            "Which friend or relative could you spend an hour with this week, without needing to talk about the breakup?"),
        p(
            "self-care-06", .selfCare, .early,
            "Tidy one small corner of your home today: a shelf, a desk, the sink. Let it be enough."),
        p(
            "self-care-07", .selfCare, .middle,
            "What kind of movement did you enjoy before the relationship? Give it twenty minutes this week."),
        p(
            "self-care-08", .selfCare, .middle,
            "Is there something for your health you have been putting off, like a check-up or a dentist visit? Book it today."),
        p(
            "self-care-09", .selfCare, .middle,
            "If the heaviness is not lifting, would talking with a counsellor help? Note one thing you would want to say first."),
        p(
            "self-care-10", .selfCare, .late,
            "Which daily habit has kept you steady during this period, and how will you keep it going once it ends?"),
        p(
            "self-care-11", .selfCare, .any,
            "Rate your energy today from one to ten. What is one small thing that would add a point?"),
    ]

    // MARK: your own part and the apology

    static let apology: [Prompt] = [
        p(
            "apology-01", .apology, .early,
            "Without judging yourself, name one thing you did in the relationship that you wish you had done differently.",
            tags: [.ownPart]),
        p(
            "apology-02", .apology, .middle,
            "Pick one moment you regret. What did you do, and how might it have felt from their side?",
            tags: [.ownPart, .theirView]),
        p(
            "apology-03", .apology, .middle,
            "Write an apology just for your notebook, not to be sent: your part only, no explanations, no 'but'.",
            tags: [.apology, .ownPart]),
        p(
            "apology-04", .apology, .middle,
            "Read your unsent apology again. Where does it drift into excuses or blame, and how would it read without them?",
            tags: [.apology], follows: "apology-03"),
        p(
            "apology-05", .apology, .middle,
            "What would taking responsibility look like for you, as opposed to drowning in guilt?",
            tags: [.ownPart]),
        p(
            "apology-06", .apology, .middle,
            "Which habit of yours did they ask you to change more than once? Write how it affected them, in their words if you can.",
            tags: [.ownPart, .theirView]),
        p(
            "apology-07", .apology, .middle,
            "What do you understand now about your part that you could not see while it was happening?",
            tags: [.ownPart]),
        p(
            "apology-08", .apology, .late,
            "Reread the apology you wrote for yourself earlier on. What would you change in it, now that you see more clearly?",
            tags: [.apology], follows: "apology-03"),
        p(
            "apology-09", .apology, .late,
            "What would it take to keep the lessons of your apology even if forgiveness never comes?",
            tags: [.apology, .ownPart], follows: "apology-03"),
        p(
            "apology-10", .apology, .any,
            "Is there an apology you owe yourself, for how you treated yourself during the relationship or since it ended?"),
    ]

    // MARK: why it ended

    static let understanding: [Prompt] = [
        p(
            "understanding-01", .understanding, .early,
            "Write down the reason they gave for ending it in one sentence, as close to their own words as you remember.",
            tags: [.theirView]),
        p(
            "understanding-02", .understanding, .middle,
            "Looking past the last argument, what patterns had been building for a while?"),
        p(
            "understanding-03", .understanding, .middle,
            "When did you first sense something was wrong, and what did you do with that feeling?"),
        p(
            "understanding-04", .understanding, .middle,
            "Which of their needs went unmet? Try to name them without defending yourself.",
            tags: [.ownPart, .theirView]),
        p(
            "understanding-05", .understanding, .middle,
            "Which of your own needs went unmet, and did you ever say so clearly?"),
        p(
            "understanding-06", .understanding, .middle,
            "If a close friend told you this story as their own, what would you notice that is hard to see from inside it?"),
        p(
            "understanding-07", .understanding, .middle,
            "Which hard truth about the ending are you still arguing with?"),
        p(
            "understanding-08", .understanding, .late,
            "Has your sense of why it ended changed since the first days of this period? Write down what shifted."),
        p(
            "understanding-09", .understanding, .late,
            "Describe the end of the relationship in five calm sentences, with no villain in the story.",
            tags: [.ownPart, .theirView]),
        p(
            "understanding-10", .understanding, .any,
            "What question about the ending may never get an answer, and can you let it rest for today?"),
    ]

    // MARK: visible change and boundaries

    static let change: [Prompt] = [
        p(
            "change-01", .change, .early,
            "Which one habit would you most like to be different a month from now?"),
        p(
            "change-02", .change, .middle,
            "Choose one small, visible change for this week: a bedtime, a budget, a class. What will it be?"),
        p(
            "change-03", .change, .middle,
            "Think of a boundary they set that was hard to accept. What would respecting it fully look like, even if they never see it?",
            tags: [.ownPart, .theirView]),
        p(
            "change-04", .change, .middle,
            "What do you usually do when you feel hurt or angry? Plan one different response for the next time.",
            tags: [.ownPart]),
        p(
            "change-05", .change, .middle,
            "Think of a promise you made in the relationship and did not keep. Keep a small version of it this week, for yourself.",
            tags: [.ownPart]),
        p(
            "change-06", .change, .middle,
            "Who in your life could notice the change you are making and give you honest feedback about it?"),
        p(
            "change-07", .change, .late,
            "Looking back over this period, which change has stuck, and which one slipped away?"),
        p(
            "change-08", .change, .late,
            "What boundaries of your own have you learned you need in any relationship?"),
        p(
            "change-09", .change, .late,
            "Change that lasts is mostly quiet and daily. What steady, ordinary thing will you keep doing?"),
        p(
            "change-10", .change, .any,
            "Write down one sign that would show you, not anyone else, that you have really changed."),
    ]

    // MARK: how you are different now

    static let growth: [Prompt] = [
        p(
            "growth-01", .growth, .early,
            "What is one quality in yourself you want to carry through this time unharmed?"),
        p(
            "growth-02", .growth, .middle,
            "What have you done since this period began that the person you were before it would not have done?"),
        p(
            "growth-03", .growth, .middle,
            "What did the relationship teach you about what you need in order to feel loved?"),
        p(
            "growth-04", .growth, .late,
            "Compare how you handle a hard moment now with how you handled one at the start of this period. What is different?"),
        p(
            "growth-05", .growth, .late,
            "How would you describe who you are now, without mentioning them at all?"),
        p(
            "growth-06", .growth, .late,
            "What are you proud of from this period that has nothing to do with the relationship?"),
        p(
            "growth-07", .growth, .late,
            "If you could say one thing to yourself on day one of this period, what would it be?"),
        p(
            "growth-08", .growth, .late,
            "Which old reflex, like jealousy, sulking or going quiet, has lost some of its grip on you?",
            tags: [.ownPart]),
        p(
            "growth-09", .growth, .late,
            "Because of what you learned, what do you want any future relationship of yours to be like?"),
        p(
            "growth-10", .growth, .any,
            "Write three words for the person you are becoming. Which of them surprises you?"),
    ]

    // MARK: actions over words

    static let actions: [Prompt] = [
        p(
            "actions-01", .actions, .early,
            "Pick one thing you will do today, not just think about, that looks after you."),
        p(
            "actions-02", .actions, .early,
            "What promise to yourself is small enough to keep every day this week?"),
        p(
            "actions-03", .actions, .middle,
            "Is there a book, course or group that would help you understand yourself better? Choose one and begin."),
        p(
            "actions-04", .actions, .middle,
            "If counselling has been on your mind, look up one counsellor's details today. Looking is the whole task."),
        p(
            "actions-05", .actions, .middle,
            "Which thing have you said many times without following through? Turn it into one concrete deed this week."),
        p(
            "actions-06", .actions, .middle,
            "Track one new habit for seven days with a tick on a calendar. Which habit will you track?"),
        p(
            "actions-07", .actions, .late,
            "List what you have actually done in this period, not what you planned, and let every item count."),
        p(
            "actions-08", .actions, .late,
            "Which action from this period will you keep doing, whatever comes next?"),
        p(
            "actions-09", .actions, .any,
            "What did you do today that matched the person you want to be?"),
        p(
            "actions-10", .actions, .any,
            "Swap one 'I should' on your mind for one concrete step, and write down when you will take it."),
    ]

    // MARK: listening to their side

    static let listening: [Prompt] = [
        p(
            "listening-01", .listening, .early,
            "Recall the last thing they said about how they felt. Write it down as they said it, without adding your reply.",
            tags: [.theirView]),
        p(
            "listening-02", .listening, .middle,
            "What did they try to tell you more than once, in different words?",
            tags: [.theirView]),
        p(
            "listening-03", .listening, .middle,
            "When they shared their feelings, what did you tend to do: explain, defend, fix, or listen?",
            tags: [.ownPart, .theirView]),
        p(
            "listening-04", .listening, .middle,
            "Write their side of the breakup the way they might tell it, in the first person, as fairly as you can.",
            tags: [.theirView]),
        p(
            "listening-05", .listening, .middle,
            "Which of their complaints still makes you want to argue, and what might be true in it?",
            tags: [.ownPart, .theirView]),
        p(
            "listening-06", .listening, .middle,
            "Practise with someone else today: let them finish completely before you answer. What did you notice?"),
        p(
            "listening-07", .listening, .late,
            "What would help you hear a hard truth all the way through without defending yourself?",
            tags: [.theirView]),
        p(
            "listening-08", .listening, .late,
            "How has your picture of their side changed since this period began?",
            tags: [.theirView]),
        p(
            "listening-09", .listening, .late,
            "If what they want is to move on, what would it mean to truly hear that?",
            tags: [.theirView]),
        p(
            "listening-10", .listening, .any,
            "Think of a time you felt truly heard. What did the other person do that made it feel that way?"),
    ]

    // MARK: a sincere gesture

    static let gesture: [Prompt] = [
        p(
            "gesture-01", .gesture, .early,
            "Notice any urge for a grand gesture right now. What would it be trying to fix or prove?",
            tags: [.gesture]),
        p(
            "gesture-02", .gesture, .middle,
            "What is the difference between a gesture that gives and one that quietly asks for something back?",
            tags: [.gesture]),
        p(
            "gesture-03", .gesture, .middle,
            "Think of a small, sincere gesture someone once made for you. What made it feel sincere?"),
        p(
            "gesture-04", .gesture, .middle,
            "Would a gesture right now be a gift to them or a weight on them? Answer honestly, for yourself alone.",
            tags: [.gesture]),
        p(
            "gesture-05", .gesture, .late,
            "If a gesture were ever welcome, what would it need to say without any words?",
            tags: [.gesture]),
        p(
            "gesture-06", .gesture, .late,
            "How would you know that a gesture was wanted, rather than just hoping it was?",
            tags: [.gesture]),
        p(
            "gesture-07", .gesture, .late,
            "What kind gesture could you make this week for someone else in your life, with no link to the breakup?"),
        p(
            "gesture-08", .gesture, .late,
            "When someone asks for no contact, honouring that is itself a sincere gesture. How does that sit with you?",
            tags: [.gesture]),
        p(
            "gesture-09", .gesture, .any,
            "Write down a gesture you feel tempted to make and leave it on paper for now. How does it feel to let it wait?",
            tags: [.gesture]),
        p(
            "gesture-10", .gesture, .any,
            "What small gesture of care could you offer yourself today?"),
    ]

    // MARK: acceptance and letting go

    static let acceptance: [Prompt] = [
        p(
            "acceptance-01", .acceptance, .early,
            "Name one thing about today that you cannot change, then breathe out slowly and let it be true for a moment."),
        p(
            "acceptance-02", .acceptance, .early,
            "Where in your day could you let a feeling simply be there, without trying to fix it?"),
        p(
            "acceptance-03", .acceptance, .middle,
            "What are you still holding on to, an object, a hope or a habit, that you might be ready to put down?"),
        p(
            "acceptance-04", .acceptance, .middle,
            "Picture both outcomes: you get back together, or you never do. What would you need to be okay in each?",
            tags: [.reunion]),
        p(
            "acceptance-05", .acceptance, .late,
            "If they have said what they want, can you accept it even when it is not what you hoped for?",
            tags: [.theirView]),
        p(
            "acceptance-06", .acceptance, .late,
            "What would letting go look like this week, in one small act?"),
        p(
            "acceptance-07", .acceptance, .late,
            "Write a short goodbye to the future you had imagined together. You do not have to feel finished."),
        p(
            "acceptance-08", .acceptance, .late,
            "What parts of the relationship are you grateful for, even now?",
            tags: [.theirView]),
        p(
            "acceptance-09", .acceptance, .late,
            "What would you say to someone you love who stood where you stand today?"),
        p(
            "acceptance-10", .acceptance, .any,
            "Healing keeps no timetable. What do you need to hear today to be patient with yourself?"),
    ]

    // MARK: logistics contact (only for periods with `allow`)

    static let logistics: [Prompt] = [
        logisticsPrompt(
            "logistics-01", .space,
            "Before the next practical exchange, jot down only what must be settled: times, places, amounts. What can you leave out?"),
        logisticsPrompt(
            "logistics-02", .change,
            "If a talk about the children or the bills drifts toward the two of you, how will you steer it back to the practical?"),
        logisticsPrompt(
            "logistics-03", .actions,
            "Could a shared calendar or a written plan cut down how often you need to coordinate? Sketch one this week."),
        logisticsPrompt(
            "logistics-04", .selfCare,
            "Notice how you feel after a practical exchange with them. What helps you settle afterwards?"),
        logisticsPrompt(
            "logistics-05", .listening,
            "When they raise something about the children or money, answer what was asked and nothing more. How did that go last time?"),
        logisticsPrompt(
            "logistics-06", .acceptance,
            "Necessary contact about logistics does not break your period. What will help you keep it calm and brief?"),
    ]
}

// Built-in prompts for particular people and situations, written for nocontact. The same
// editing rules as BuiltinPrompts.swift apply (stable ids in PromptIDs.txt, at most 200
// characters, one question or one small action, never a nudge toward contact).
//
// - ``BuiltinPrompts/hurt``: for someone the relationship hurt (`[prompts] hurt = true`):
//   safety without alarm, boundaries, what they do not miss, the harm being real and not their
//   fault, trusting their own memory, taking back what they gave up. None of them asks the
//   person to see the other's side, find their own fault, apologise or plan a gesture.
// - ``BuiltinPrompts/situations``: each with exactly one situation tag, offered only when that
//   situation applies: an apology already declined, a new partner, an offer to "stay friends",
//   and still sharing a home (logistics prompts, for periods that allow `"home"`).

extension BuiltinPrompts {
    // MARK: for someone the relationship hurt

    static let hurt: [Prompt] = [
        p(
            "space-12", .space, .early,
            "Name one place where you feel safe and at ease, and spend a little time there today if you can.",
            tags: [.hurt]),
        p(
            "space-13", .space, .early,
            "Which person you trust could know how things stand for you right now, so you are not carrying it alone?",
            tags: [.hurt]),
        p(
            "space-14", .space, .any,
            "If a memory of them arrives uninvited today, what is one steady thing you can do for yourself right then?",
            tags: [.hurt]),
        p(
            "self-care-12", .selfCare, .early,
            "Spend ten minutes making your phone and accounts yours alone: fresh passwords, and no shared logins or locations you no longer want to share.",
            tags: [.hurt]),
        p(
            "self-care-13", .selfCare, .middle,
            "What is one thing you enjoyed that you gave up or made smaller during the relationship? Make a little room for it this week.",
            tags: [.hurt]),
        p(
            "self-care-14", .selfCare, .any,
            "Do one thing today only because you like it, with no one to please and nothing to explain.",
            tags: [.hurt]),
        p(
            "apology-11", .apology, .middle,
            "You do not owe anyone an apology for needing distance or for looking after yourself. How does it feel to read that?",
            tags: [.hurt]),
        p(
            "understanding-11", .understanding, .middle,
            "Write down one moment from the relationship as you remember it. Your memory of it counts, whatever anyone else says.",
            tags: [.hurt]),
        p(
            "understanding-12", .understanding, .late,
            "Which of your instincts about the relationship turned out to be right, even if you were told otherwise?",
            tags: [.hurt]),
        p(
            "change-11", .change, .early,
            "Write one boundary you will keep from now on, in a single plain sentence that needs no explaining to anyone.",
            tags: [.hurt]),
        p(
            "change-12", .change, .middle,
            "Is there a rule from the relationship, spoken or unspoken, that you still follow without meaning to? You are free to drop it.",
            tags: [.hurt]),
        p(
            "growth-11", .growth, .late,
            "What have you taken back for yourself since this period began: a friend, a hobby, a way of dressing, a quiet morning?",
            tags: [.hurt]),
        p(
            "growth-12", .growth, .late,
            "What do you know now about how you deserve to be treated, and what will you not accept again?",
            tags: [.hurt]),
        p(
            "actions-11", .actions, .any,
            "Save the number of one person you trust, or of a support line, where you can find it quickly, just so it is there.",
            tags: [.hurt]),
        p(
            "listening-11", .listening, .any,
            "What does your own inner voice say today, when you give it room to finish?",
            tags: [.hurt]),
        p(
            "gesture-11", .gesture, .middle,
            "Give yourself one small thing today that you once felt you had to earn or ask permission for.",
            tags: [.hurt]),
        p(
            "acceptance-11", .acceptance, .middle,
            "The hurt done to you was real, and it was not your fault. Write those words in your own hand and notice how they sit.",
            tags: [.hurt]),
        p(
            "acceptance-12", .acceptance, .early,
            "List three things you do not miss about the relationship. Keep the list where you can find it on a hard day.",
            tags: [.hurt]),
        p(
            "acceptance-13", .acceptance, .late,
            "Look again at your list of what you do not miss. What would you add to it now?",
            tags: [.hurt], follows: "acceptance-12"),
    ]

    // MARK: situations

    static let situations: [Prompt] = [
        // An apology was already sent and got a kind "no".
        p(
            "apology-12", .apology, .any,
            "You already said sorry, and that part is done. Which thought keeps pulling you back to it, and can you set it down for today?",
            tags: [.apologyDeclined]),
        p(
            "acceptance-14", .acceptance, .any,
            "Your apology was heard and the answer was no. What would it mean to let that answer be complete, with nothing left to add?",
            tags: [.apologyDeclined]),
        p(
            "space-15", .space, .any,
            "When the urge comes to explain your apology once more, write the extra words in your notebook and let them stay there.",
            tags: [.apologyDeclined]),
        p(
            "growth-13", .growth, .late,
            "A kind no to your apology still leaves you what you learned. What will you carry forward from it into your own life?",
            tags: [.apologyDeclined]),

        // The other person is seeing someone new.
        p(
            "acceptance-15", .acceptance, .any,
            "Hearing that they are with someone new can hurt in a fresh way. What do you need today to look after that hurt?",
            tags: [.newPartner]),
        p(
            "space-16", .space, .any,
            "If you feel pulled to look up who they are seeing now, what are you hoping to find, and what could you do for yourself instead?",
            tags: [.newPartner]),
        p(
            "growth-14", .growth, .any,
            "Their new relationship says nothing about your worth. What is one thing you value in yourself that no one else's choices can change?",
            tags: [.newPartner]),
        p(
            "self-care-15", .selfCare, .any,
            "On a day when news of their new relationship reaches you, plan one kind thing for your evening. What will it be?",
            tags: [.newPartner]),

        // The other person offered to "stay friends".
        p(
            "acceptance-16", .acceptance, .any,
            "They offered friendship. Leaving aside what they want, would being friends now be good for you, or keep the wound open?",
            tags: [.friendsOffer]),
        p(
            "space-17", .space, .any,
            "Friendship can wait, and no is a complete answer too. Write down which feels right for you today, just for yourself.",
            tags: [.friendsOffer]),
        p(
            "understanding-13", .understanding, .any,
            "What would staying friends give you, and what would it cost you while you are still healing?",
            tags: [.friendsOffer]),
        p(
            "change-13", .change, .any,
            "If a friendship with them ever felt right, what would need to be true for you first, however long that takes?",
            tags: [.friendsOffer]),

        // Still living under one roof (periods that allow "home" contact).
        logisticsPrompt(
            "logistics-07", .space,
            "Pick one room or corner at home that is yours for now, and plan a quiet hour there each day.",
            tags: [.home]),
        logisticsPrompt(
            "logistics-08", .change,
            "While you share a home, which routines could you plan to shift, like meal or bathroom times, so you cross paths less?",
            tags: [.home]),
        logisticsPrompt(
            "logistics-09", .listening,
            "Keep talk at home to practical things: bills, keys, schedules. Which topic will you quietly step away from if it comes up?",
            tags: [.home]),
        logisticsPrompt(
            "logistics-10", .actions,
            "Sketch a plan for more space at home or for moving out: one next step, one date, one person who could help.",
            tags: [.home]),
        logisticsPrompt(
            "logistics-11", .selfCare,
            "After a tense moment at home, where could you go for ten minutes to settle? Make that spot part of your plan.",
            tags: [.home]),
    ]
}

import NoContactCore

/// Every message text nocontact can produce outside the prompt library, in its variants, for
/// the lint tests (no placeholders, no nudge to contact, no "X's period").
enum CareTexts {
    static func all() -> [String] {
        var texts = SupportMessages.groundingLines + SupportMessages.supportParagraphs + [SupportMessages.supportPointer]
        texts.append(SupportMessages.supportText(SupportConfig(people: [SupportPerson(name: "Alex", how: "call")], lines: ["A line"])))
        for hurt in [false, true] {
            texts += ReadinessCheck.questions(hurt: hurt).map(\.text)
            for (days, closed) in [(0, false), (1, false), (30, false), (30, true)] {
                let check = ReadinessCheck(
                    period: "Sam", daysOfSpace: days, ended: true, closed: closed, hasLength: true, hurt: hurt,
                    reasons: ["Calm"], letter: "Dear me")
                texts.append(check.text)
            }
        }
        for day in 0...120 {
            for total in [nil, 21, 30, 90] as [Int?] {
                texts.append(MilestoneMessages.message(forDay: day, daysTotal: total))
                texts.append(
                    MilestoneMessages.message(forDay: day, daysTotal: total, record: .init(urgesMet: day % 3, reflections: day % 4)))
            }
        }
        for days in [0, 1, 2, 9, 30, 400] {
            texts.append(SupportMessages.afterSlip(daysOfSpaceBefore: days))
            texts.append(ReadinessCheck.deliveredText(daysOfSpace: days))
            for practical in [true, false, nil] as [Bool?] { texts.append(SupportMessages.afterReceived(day: days, practical: practical)) }
            for seed in 0..<UInt64(10) {
                for intensity in 1...5 {
                    texts.append(SupportMessages.afterUrge(daysSoFar: days, resisted: true, intensity: intensity, seed: seed))
                    texts.append(SupportMessages.afterUrge(daysSoFar: days, resisted: false, intensity: intensity, seed: seed))
                }
            }
        }
        for before in 1...5 {
            for after in 1...5 { texts.append(SupportMessages.afterPause(before: before, after: after)) }
        }
        return texts
    }
}

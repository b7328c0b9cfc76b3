/// The prompts available for delivery, in the order ``PromptOrder/sequential`` walks them.
public struct PromptLibrary: Sendable {
    /// The prompts, in library order.
    public var prompts: [Prompt]

    /// A library of exactly these prompts, in this order.
    public init(prompts: [Prompt]) {
        self.prompts = prompts
    }

    /// The built-in library: every prompt shipped with nocontact.
    ///
    /// Its order is the walk of ``PromptOrder/sequential``: early prompts first, then middle,
    /// late and `any`, taking one prompt of each theme in turn within a phase (so a walk does not
    /// dwell on one theme), with the logistics prompts among the `any` ones.
    public static let builtin = PromptLibrary(prompts: BuiltinPrompts.inWalkOrder)

    /// The prompt with this id, if the library has it.
    public func prompt(id: String) -> Prompt? {
        prompts.first { $0.id == id }
    }

    /// The prompts of one theme, in library order.
    public func prompts(theme: Theme) -> [Prompt] {
        prompts.filter { $0.theme == theme }
    }

    /// This library's prompts (when `includeBuiltin`, i.e. `[prompts] builtin = true`) followed
    /// by `userPrompts` in their order.
    ///
    /// A user prompt whose id is already in the result (a duplicate text, or an id taken by a
    /// built-in) is left out, so ids stay unique.
    public func with(userPrompts: [Prompt], includeBuiltin: Bool) -> PromptLibrary {
        var result: [Prompt] = includeBuiltin ? prompts : []
        var seen = Set(result.map(\.id))
        for prompt in userPrompts where seen.insert(prompt.id).inserted {
            result.append(prompt)
        }
        return PromptLibrary(prompts: result)
    }

    /// The prompts that suit the person: with `hurt`, none that asks them to take the other's
    /// view, find their own fault, apologise or plan a gesture, and the prompts written for
    /// someone the relationship hurt; without it, not those. Prompts for a situation stay only
    /// when it is in `situations`. User prompts carry no tags and always stay.
    public func suited(hurt: Bool, situations: Set<PromptTag>) -> PromptLibrary {
        PromptLibrary(
            prompts: prompts.filter { prompt in
                if hurt, !prompt.tags.isDisjoint(with: PromptTag.avoidedWhenHurt) { return false }
                if !hurt, prompt.tags.contains(.hurt) { return false }
                return prompt.tags.intersection(PromptTag.situations).isSubset(of: situations)
            })
    }
}

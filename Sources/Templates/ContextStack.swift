/// The stack of values a template is rendered against, innermost last.
///
/// The root context is at the bottom; each section pushes its value (or each
/// list item in turn). Names resolve as in the Mustache spec: the first part
/// of a dotted name is looked up from the innermost frame outwards, in frames
/// that are objects; the remaining parts are looked up only inside what it
/// found, so `{{a.b}}` never picks up an outer `b`.
struct ContextStack {
    private var frames: [TemplateValue]

    init(_ root: TemplateValue) {
        frames = []
        frames.reserveCapacity(8)
        frames.append(root)
    }

    mutating func push(_ value: TemplateValue) {
        frames.append(value)
    }

    mutating func pop() {
        frames.removeLast()
    }

    /// The value `path` names, or `nil` if it is missing.
    func lookup(_ path: TemplatePath) -> TemplateValue? {
        guard let first = path.components.first else { return frames.last }
        var index = frames.endIndex
        while index > frames.startIndex {
            index -= 1
            guard case .object(let members) = frames[index], var value = members[first] else { continue }
            for component in path.components.dropFirst() {
                guard case .object(let inner) = value, let next = inner[component] else { return nil }
                value = next
            }
            return value
        }
        return nil
    }
}

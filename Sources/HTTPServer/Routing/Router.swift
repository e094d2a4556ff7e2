/// Maps method and path to a route. Literal paths are found with one dictionary lookup;
/// patterns with `:name` segments are tried in registration order. HEAD falls back to GET.
public struct Router: Sendable {
    /// What a lookup found.
    public enum Match: Sendable {
        case found(Route, parameters: [String: String])
        /// The path exists but not for this method; `allow` lists the methods it has.
        case methodNotAllowed(allow: [String])
        case notFound
    }

    private var literal: [String: [String: Route]] = [:]
    private var patterns: [(segments: [Route.Segment], routes: [String: Route])] = []

    public init() {}

    /// Registers `handler` for `method` and `pattern`. Registering the same pair twice replaces it.
    public mutating func add(_ method: String, _ pattern: String, execution: Execution = .workerPool,
                             bodyLimit: Int? = nil, _ handler: @escaping Handler) {
        add(Route(method: method, pattern: pattern, execution: execution, bodyLimit: bodyLimit,
                  handler: handler, deferred: nil, segments: Router.segments(of: pattern)))
    }

    /// Registers a handler that answers later, through the `PendingResponse` it is given: the
    /// thread running it (`execution`) is free as soon as it returns.
    public mutating func addDeferred(_ method: String, _ pattern: String, execution: Execution = .workerPool,
                                     bodyLimit: Int? = nil, _ handler: @escaping DeferredHandler) {
        add(Route(method: method, pattern: pattern, execution: execution, bodyLimit: bodyLimit,
                  handler: { request in try PendingResponse.wait(for: request, handler) }, deferred: handler,
                  segments: Router.segments(of: pattern)))
    }

    private mutating func add(_ route: Route) {
        let pattern = route.pattern
        let method = route.method
        let segments = route.segments
        precondition(pattern.hasPrefix("/"), "route patterns start with /")
        if segments.allSatisfy({ if case .literal = $0 { return true } else { return false } }) {
            literal[pattern, default: [:]][method] = route
        } else if let index = patterns.firstIndex(where: { $0.segments == segments }) {
            patterns[index].routes[method] = route
        } else {
            patterns.append((segments, [method: route]))
        }
    }

    public mutating func get(_ pattern: String, execution: Execution = .workerPool, _ handler: @escaping Handler) {
        add("GET", pattern, execution: execution, handler)
    }

    public mutating func post(_ pattern: String, execution: Execution = .workerPool, bodyLimit: Int? = nil,
                              _ handler: @escaping Handler) {
        add("POST", pattern, execution: execution, bodyLimit: bodyLimit, handler)
    }

    /// Every registered route, e.g. to compare with an API description.
    public var routes: [Route] {
        literal.values.flatMap { $0.values } + patterns.flatMap { $0.routes.values }
    }

    /// Finds the route for `method` and the raw (percent-encoded) `path`.
    public func match(method: String, path: String) -> Match {
        if let routes = literal[path] {
            return select(routes, method: method, parameters: [:])
        }
        if patterns.isEmpty { return .notFound }
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        // Several patterns may match (`/a/:id` and `/a/:name`, `/a/:x/c` and `/a/b/:y`): the first
        // with the method wins, and a 405 lists the methods of all of them.
        var allowed: Set<String>?
        for (segments, routes) in patterns where segments.count == parts.count {
            var parameters: [String: String] = [:]
            var matched = true
            for (segment, part) in zip(segments, parts) {
                switch segment {
                case .literal(let text):
                    if text != part { matched = false }
                case .parameter(let name):
                    guard !part.isEmpty, let value = PercentDecoding.decode(Array(part.utf8)) else { matched = false; break }
                    parameters[name] = value
                }
                if !matched { break }
            }
            guard matched else { continue }
            let selected = select(routes, method: method, parameters: parameters)
            if case .found = selected { return selected }
            allowed = (allowed ?? []).union(routes.keys)
        }
        if let allowed { return .methodNotAllowed(allow: Router.allowList(allowed)) }
        return .notFound
    }

    private func select(_ routes: [String: Route], method: String, parameters: [String: String]) -> Match {
        if let route = routes[method] ?? (method == "HEAD" ? routes["GET"] : nil) {
            return .found(route, parameters: parameters)
        }
        return .methodNotAllowed(allow: Router.allowList(routes.keys))
    }

    static func allowList<S: Sequence>(_ methods: S) -> [String] where S.Element == String {
        var set = Set(methods)
        if set.contains("GET") { set.insert("HEAD") }
        set.insert("OPTIONS")
        return set.sorted()
    }

    private static func segments(of pattern: String) -> [Route.Segment] {
        pattern.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map { part in
            part.hasPrefix(":") ? .parameter(String(part.dropFirst())) : .literal(String(part))
        }
    }
}

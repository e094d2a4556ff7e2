import Templates

/// Compiles `source` as the template "main" (with `partials` beside it) and renders it.
func render(_ source: String, _ context: TemplateValue = [:], partials: [String: String] = [:]) throws -> String {
    var sources = partials
    sources["main"] = source
    return try TemplateLibrary(sources).render("main", context)
}

/// The error that compiling `sources` throws, or `nil` if it compiles.
func compileError(_ sources: [String: String]) -> TemplateError? {
    do {
        _ = try TemplateLibrary(sources)
        return nil
    } catch {
        return error
    }
}

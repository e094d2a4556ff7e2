import HTTPServer
import JSON
import Portal
import Templates

/// GET /models: the public catalogue of models — each model's registered facts and the fields of
/// its latest documentation version that the provider made public, by section of the Model
/// Documentation Form. The same as `GET /api/v1/models`.
enum ModelsPage {
    static func register(on router: inout Router, context: PortalContext, pages: Pages, registry: ModelRegistry) {
        let zone = (try? TimeZoneRules(identifier: context.configuration.timezone)) ?? .utc
        let provider = context.configuration.legalName
        router.get("/models") { _ in
            let entries = try registry.catalogue()
            let html = pages.render("models", [
                "title": "Model documentation", "provider": .string(provider),
                "models": .list(entries.map { model($0, zone: zone) }),
            ])
            return HTMLPage.response(html, cache: "no-cache")
        }
    }

    static func model(_ entry: CatalogueEntry, zone: TimeZoneRules) -> TemplateValue {
        var object: [String: TemplateValue] = [
            "name": .string(entry.model.name), "version": .string(entry.model.version),
            "release_date": .string(entry.model.releaseDate.description),
            "union_market_release_date": .string(entry.model.unionMarketReleaseDate.description),
        ]
        if let latest = entry.latest {
            let values = entry.publicValues
            let sections: [TemplateValue] = DocumentationForm.sections.compactMap { section in
                let fields = section.fields.compactMap { field in values[field.key].map { Self.field(field, $0) } }
                guard !fields.isEmpty else { return nil }
                return .object(["heading": .string(section.section.title), "fields": .list(fields)])
            }
            object["documentation"] = .object([
                "number": .string(String(latest.number)), "published_at": .string(HumanDate.format(latest.publishedAt, in: zone)),
                "sha256": .string(latest.sha256), "withheld": .bool(!latest.isIntact), "sections": .list(sections),
            ])
        }
        return .object(object)
    }

    /// A field and its value as text, a link or a list of texts.
    static func field(_ field: DocumentationField, _ value: JSONValue) -> TemplateValue {
        func label(_ text: String) -> String {
            field.type.options?.first { $0.value == text }?.label ?? text
        }
        var object: [String: TemplateValue] = ["label": .string(field.label)]
        switch value {
        case .array(let items):
            object["items"] = .list(items.map { .string(label($0.stringValue ?? $0.serialized())) })
            object["has_items"] = .bool(!items.isEmpty)
        case .string(let text) where field.type == .url:
            object["link"] = .string(text)
        case .string(let text):
            object["text"] = .string(label(text))
        default:
            object["text"] = .string(value.serialized())
        }
        return .object(object)
    }
}

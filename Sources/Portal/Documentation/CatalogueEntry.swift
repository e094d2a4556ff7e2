import JSON

/// A model as the public catalogue (`GET /models`, `GET /api/v1/models`) lists it: its registered
/// facts and its latest documentation version, of which only the fields the operator made public
/// are shown.
public struct CatalogueEntry: Sendable {
    public let model: ModelRecord
    /// The latest version, or nil when none is published yet.
    public let latest: DocumentationVersion?

    public init(model: ModelRecord, latest: DocumentationVersion?) {
        self.model = model
        self.latest = latest
    }

    /// The public values of the latest version, in the form's order: none when there is no
    /// version, and none when the version failed its integrity check (altered values are never
    /// published).
    public var publicValues: JSONObject {
        guard let latest, latest.isIntact else { return JSONObject() }
        return latest.values(for: .public)
    }

    /// `{"name","version","release_date","union_market_release_date","documentation"}` where
    /// `documentation` is null or `{"version","published_at","sha256","intact","public_fields",
    /// "values"}` — the public values only. Staff names are not shown.
    public var json: JSONValue {
        var object = JSONObject([
            ("name", .string(model.name)), ("version", .string(model.version)),
            ("release_date", .string(model.releaseDate.description)),
            ("union_market_release_date", .string(model.unionMarketReleaseDate.description)),
        ])
        if let latest {
            let values = publicValues
            object["documentation"] = .object(JSONObject([
                ("version", .number(latest.number)), ("published_at", .string(UTCTimestamp.format(latest.publishedAt))),
                ("sha256", .string(latest.sha256)), ("intact", .bool(latest.isIntact)),
                ("public_fields", .array(values.keys.map { .string($0) })), ("values", .object(values)),
            ]))
        } else {
            object["documentation"] = .null
        }
        return .object(object)
    }
}

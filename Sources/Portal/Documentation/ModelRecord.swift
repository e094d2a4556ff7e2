import JSON
import SQLite

/// A registered general-purpose AI model: its name (unique), version and the two dates the form
/// and retention need. Registered once; the database refuses to change or delete it.
public struct ModelRecord: Sendable, Equatable {
    public let name: String
    public let version: String
    public let releaseDate: LocalDate
    /// When the model was placed on the Union market: retention counts from it.
    public let unionMarketReleaseDate: LocalDate
    /// Documentation versions are kept at least until this date (`ModelRecord.retention(from:)`).
    public let retainUntil: LocalDate
    /// Unix seconds.
    public let createdAt: Int64
    /// The staff name, or `cli`.
    public let createdBy: String

    public init(name: String, version: String, releaseDate: LocalDate, unionMarketReleaseDate: LocalDate,
                createdAt: Int64, createdBy: String) {
        self.name = name
        self.version = version
        self.releaseDate = releaseDate
        self.unionMarketReleaseDate = unionMarketReleaseDate
        self.retainUntil = Self.retention(from: unionMarketReleaseDate)
        self.createdAt = createdAt
        self.createdBy = createdBy
    }

    /// The longest model name.
    public static let maximumNameLength = 100
    /// The longest model version.
    public static let maximumVersionLength = 50
    /// How long documentation is kept after the Union market release (Transparency, Measure 1.1).
    public static let retentionYears = 10

    /// `date` plus `retentionYears` years, on the same month and day; 29 February of a year that
    /// is not a leap year becomes 1 March, so the period is never shorter than 10 years.
    public static func retention(from date: LocalDate) -> LocalDate {
        let year = date.year + retentionYears
        return LocalDate(year: year, month: date.month, day: date.day) ?? LocalDate(year: year, month: 3, day: 1)!
    }

    /// Whether `name` is 1–100 characters of A–Z, a–z, 0–9, `.`, `_` and `-` (safe in a URL path).
    public static func isValidName(_ name: String) -> Bool {
        let bytes = name.utf8
        return (1...maximumNameLength).contains(bytes.count) && bytes.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"): true
            default: false
            }
        }
    }

    /// The members of a model registration.
    static let bodyKeys = ["name", "version", "release_date", "union_market_release_date"]

    /// Validates `{"name","version","release_date","union_market_release_date"}`, reporting every
    /// problem with its path under `prefix`. `ignoring` names further members the caller reads
    /// itself (the import's `documentation`).
    public static func validate(_ body: JSONValue, createdAt: Int64, createdBy: String, prefix: String = "",
                                ignoring: [String] = []) -> Result<ModelRecord, DocumentationError> {
        var reader = FieldReader()
        guard let object = body.objectValue else {
            reader.add(prefix.isEmpty ? "" : String(prefix.dropLast()), "Send the model as a JSON object.")
            return .failure(.invalid(reader.errors))
        }
        reader.refuseUnknownKeys(object, known: bodyKeys + ignoring, prefix: prefix, what: "a model")
        var name: String?
        switch object["name"] {
        case .string(let given) where isValidName(given):
            name = given
        case .string(let given) where !given.isEmpty:
            reader.add(prefix + "name", "Use 1 to \(maximumNameLength) of the characters A-Z, a-z, 0-9, '.', '_' and '-', e.g. example-model-1.")
        case nil, .null, .string:
            reader.add(prefix + "name", "Give the model's name, e.g. example-model-1.")
        default:
            reader.add(prefix + "name", "Give this as text.")
        }
        let version = reader.text(object["version"], prefix + "version", max: maximumVersionLength,
                                  missing: "Give the model's version, e.g. 1.2.")
        let release = date(object["release_date"], prefix + "release_date", "Give the date the model was first released, as YYYY-MM-DD.", &reader)
        let union = date(object["union_market_release_date"], prefix + "union_market_release_date",
                         "Give the date the model was placed on the Union market, as YYYY-MM-DD.", &reader)
        if let release, let union, union < release {
            reader.add(prefix + "union_market_release_date",
                       "The Union market release cannot come before the release date, \(release).")
        }
        guard reader.errors.isEmpty, let name, let version, let release, let union else {
            return .failure(.invalid(reader.errors))
        }
        return .success(ModelRecord(name: name, version: version, releaseDate: release, unionMarketReleaseDate: union,
                                    createdAt: createdAt, createdBy: createdBy))
    }

    private static func date(_ value: JSONValue?, _ path: String, _ missing: String, _ reader: inout FieldReader) -> LocalDate? {
        guard let text = reader.text(value, path, max: 10, missing: missing) else { return nil }
        guard let date = LocalDate(iso8601: text), (1900...9999).contains(date.year) else {
            reader.add(path, "Give a date that exists, as YYYY-MM-DD, e.g. 2026-03-01.")
            return nil
        }
        return date
    }

    // MARK: JSON and rows

    /// The model as the staff API shows it.
    public var json: JSONValue {
        .object(JSONObject([
            ("name", .string(name)), ("version", .string(version)),
            ("release_date", .string(releaseDate.description)),
            ("union_market_release_date", .string(unionMarketReleaseDate.description)),
            ("retain_until", .string(retainUntil.description)),
            ("created_at", .string(UTCTimestamp.format(createdAt))), ("created_by", .string(createdBy)),
        ]))
    }

    /// The payload of its `model_created` audit event.
    var eventPayload: JSONValue {
        .object(JSONObject([
            ("model", .string(name)), ("model_version", .string(version)),
            ("release_date", .string(releaseDate.description)),
            ("union_market_release_date", .string(unionMarketReleaseDate.description)),
            ("retain_until", .string(retainUntil.description)),
        ]))
    }

    static let selectSQL = """
        SELECT id, name, version, release_date, union_market_release_date, created_at, created_by FROM models
        """

    init?(row: Row) {
        guard let name = row.string("name"), let version = row.string("version"),
              let release = row.string("release_date").flatMap(LocalDate.init(iso8601:)),
              let union = row.string("union_market_release_date").flatMap(LocalDate.init(iso8601:)),
              let createdAt = row.string("created_at").flatMap(UTCTimestamp.parse),
              let createdBy = row.string("created_by") else { return nil }
        self.init(name: name, version: version, releaseDate: release, unionMarketReleaseDate: union,
                  createdAt: createdAt, createdBy: createdBy)
    }
}

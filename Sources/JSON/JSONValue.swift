/// A JSON value as a generic tree.
///
/// The portal parses untrusted request bodies into this tree first (rather than
/// decoding straight into `Codable` types) so that validation can inspect every
/// field and report *all* problems with their field paths, instead of stopping
/// at the first decoding failure.
///
/// Equality and hashing follow JSON, not Swift, semantics:
/// - strings and object keys compare by their Unicode scalars (UTF-8 bytes), so
///   `"é"` (U+00E9) and `"e\u{301}"` are different values, as RFC 8259 §8.3
///   recommends for interoperability;
/// - numbers compare by their literal, so `1`, `1.0` and `1e0` are different values;
/// - objects compare without regard to member order.
///
/// With these rules, equal values always have the same canonical encoding
/// (`serialized(sortedKeys: true)`), which the audit log hashes.
public enum JSONValue: Sendable {
    /// The JSON literal `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number, kept as the literal exactly as written so that no precision is
    /// lost (amounts, identifiers) and re-serialization is byte-exact.
    ///
    /// Values produced by `JSONParser` always hold a literal that follows the
    /// RFC 8259 number grammar. When building values by hand, prefer
    /// `.number(_: Int)` or `.number(_: Double)`; the writer emits `null` for a
    /// literal that is not a valid JSON number so its output stays valid JSON.
    case number(String)
    /// A string (any Unicode text; escapes already decoded).
    case string(String)
    /// An array of values.
    case array([JSONValue])
    /// An object: ordered members with unique keys.
    case object(JSONObject)
}

// MARK: - Building numbers

extension JSONValue {
    /// A number holding the decimal literal of `int`, e.g. `42` → `"42"`.
    public static func number(_ int: Int) -> JSONValue {
        .number(String(int))
    }

    /// A number holding the shortest literal that round-trips to `double`
    /// (Swift's `description`, e.g. `1.5` → `"1.5"`, `2.0` → `"2.0"`, `1e-7` → `"1e-07"`).
    ///
    /// JSON has no NaN or infinity. Rather than crash the server or write
    /// invalid JSON, a non-finite `double` becomes `.null`, as JavaScript's
    /// `JSON.stringify` does; check `isFinite` first if that matters.
    public static func number(_ double: Double) -> JSONValue {
        guard double.isFinite else { return .null }
        return .number(double.description)
    }
}

// MARK: - Accessors

extension JSONValue {
    /// The string, or `nil` when this is not a string.
    public var stringValue: String? {
        if case .string(let string) = self { return string }
        return nil
    }

    /// The Boolean, or `nil` when this is not `true` or `false`.
    public var boolValue: Bool? {
        if case .bool(let bool) = self { return bool }
        return nil
    }

    /// The elements, or `nil` when this is not an array.
    public var arrayValue: [JSONValue]? {
        if case .array(let array) = self { return array }
        return nil
    }

    /// The object, or `nil` when this is not an object.
    public var objectValue: JSONObject? {
        if case .object(let object) = self { return object }
        return nil
    }

    /// The number as an `Int`, only when its literal is integral as written
    /// (digits with an optional leading `-`, no fraction or exponent) and fits
    /// in `Int`. So `"100"` gives 100, while `"1e2"`, `"100.0"` and
    /// `"99999999999999999999"` give `nil`: callers asking for an integer
    /// (counts, identifiers) should reject those rather than round them.
    public var intValue: Int? {
        guard case .number(let literal) = self else { return nil }
        var sawDigit = false
        for (offset, byte) in literal.utf8.enumerated() {
            if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                sawDigit = true
            } else if !(offset == 0 && byte == UInt8(ascii: "-")) {
                return nil
            }
        }
        guard sawDigit else { return nil }
        return Int(literal, radix: 10)
    }

    /// The number as the nearest `Double`, or `nil` when this is not a number,
    /// when the literal is not valid JSON, or when its magnitude is too large
    /// for a finite `Double` (e.g. `1e400`).
    public var doubleValue: Double? {
        guard case .number(let literal) = self,
              JSONNumberGrammar.isValid(literal),
              let double = Double(literal),
              double.isFinite
        else { return nil }
        return double
    }

    /// Whether this is `null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The JSON type name — `"null"`, `"boolean"`, `"number"`, `"string"`,
    /// `"array"` or `"object"` — for error messages such as
    /// "expected a string but found a number".
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    /// The member named `key` when this is an object, otherwise `nil`
    /// (also `nil` when the object has no such member).
    public subscript(key: String) -> JSONValue? {
        guard case .object(let object) = self else { return nil }
        return object[key]
    }

    /// The element at `index` when this is an array and `index` is in range,
    /// otherwise `nil`.
    public subscript(index: Int) -> JSONValue? {
        guard case .array(let array) = self, array.indices.contains(index) else { return nil }
        return array[index]
    }
}

// MARK: - Equality and hashing

extension JSONValue: Hashable {
    /// JSON equality: strings and numbers by their exact UTF-8 bytes, arrays
    /// element by element, objects regardless of member order.
    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null):
            true
        case (.bool(let left), .bool(let right)):
            left == right
        case (.number(let left), .number(let right)),
             (.string(let left), .string(let right)):
            UTF8Bytes.equal(left, right)
        case (.array(let left), .array(let right)):
            left == right
        case (.object(let left), .object(let right)):
            left == right
        default:
            false
        }
    }

    /// Hashes consistently with `==`: strings and numbers by UTF-8 bytes,
    /// objects independently of member order.
    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null:
            hasher.combine(0 as UInt8)
        case .bool(let bool):
            hasher.combine(1 as UInt8)
            hasher.combine(bool)
        case .number(let literal):
            hasher.combine(2 as UInt8)
            UTF8Bytes.hash(literal, into: &hasher)
        case .string(let string):
            hasher.combine(3 as UInt8)
            UTF8Bytes.hash(string, into: &hasher)
        case .array(let array):
            hasher.combine(4 as UInt8)
            hasher.combine(array)
        case .object(let object):
            hasher.combine(5 as UInt8)
            hasher.combine(object)
        }
    }
}

// MARK: - Literals

extension JSONValue: ExpressibleByStringLiteral {
    /// `"text"` becomes `.string("text")`.
    public init(stringLiteral value: String) {
        self = .string(value)
    }
}

extension JSONValue: ExpressibleByBooleanLiteral {
    /// `true` becomes `.bool(true)`.
    public init(booleanLiteral value: Bool) {
        self = .bool(value)
    }
}

extension JSONValue: ExpressibleByIntegerLiteral {
    /// `42` becomes `.number("42")`.
    public init(integerLiteral value: Int) {
        self = .number(value)
    }
}

extension JSONValue: ExpressibleByFloatLiteral {
    /// `1.5` becomes `.number("1.5")` (see `number(_: Double)`).
    public init(floatLiteral value: Double) {
        self = .number(value)
    }
}

extension JSONValue: ExpressibleByArrayLiteral {
    /// `[1, "a"]` becomes `.array([.number("1"), .string("a")])`.
    public init(arrayLiteral elements: JSONValue...) {
        self = .array(elements)
    }
}

extension JSONValue: ExpressibleByDictionaryLiteral {
    /// Keeps the members in literal order; a repeated key replaces the earlier
    /// value in place.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(JSONObject(elements))
    }
}

extension JSONValue: ExpressibleByNilLiteral {
    /// `nil` in a JSON literal means `null`.
    ///
    /// Where a `JSONValue?` is expected (for example `object["key"] = nil`),
    /// Swift reads `nil` as `Optional.none` instead; write `.null` there to
    /// store a JSON `null`.
    public init(nilLiteral: ()) {
        self = .null
    }
}

extension JSONValue: CustomStringConvertible {
    /// The compact JSON text, as `serialized()` returns it.
    public var description: String {
        serialized()
    }
}

// MARK: - Byte-wise string comparison

/// Compares and hashes strings by their UTF-8 bytes rather than by Swift's
/// canonical equivalence, so that JSON strings and keys keep RFC 8259 identity.
enum UTF8Bytes {
    static func equal(_ left: String, _ right: String) -> Bool {
        guard left.utf8.count == right.utf8.count else { return false }
        var left = left
        var right = right
        return left.withUTF8 { leftBytes in
            right.withUTF8 { rightBytes in leftBytes.elementsEqual(rightBytes) }
        }
    }

    static func hash(_ string: String, into hasher: inout Hasher) {
        var string = string
        string.withUTF8 { bytes in
            hasher.combine(bytes.count)
            hasher.combine(bytes: UnsafeRawBufferPointer(bytes))
        }
    }

    /// Whether `left` sorts before `right` when comparing UTF-8 bytes, the
    /// order the canonical encoding uses for keys.
    static func precedes(_ left: String, _ right: String) -> Bool {
        left.utf8.lexicographicallyPrecedes(right.utf8)
    }
}

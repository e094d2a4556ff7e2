/// A JSON object: members in a stable order, with unique keys.
///
/// Order is kept so that responses list fields in the order they were written
/// and parsed bodies can be echoed back faithfully. Keys are compared by their
/// UTF-8 bytes (see `JSONValue`), so lookups never merge two keys that merely
/// look alike.
///
/// Two objects are equal when they have the same members, in any order.
public struct JSONObject: Sendable {
    /// One member, as the sequence yields it.
    public typealias Element = (key: String, value: JSONValue)

    /// Objects up to this size are searched linearly; larger ones keep a hash
    /// index so parsing a 10,000-member object stays linear.
    private static let linearSearchLimit = 8

    /// The members in order (read by the writer without copying).
    private(set) var members: [Element] = []
    /// Position of each key in `members`; filled only while
    /// `members.count > linearSearchLimit`, empty otherwise.
    private var positions: [ByteKey: Int] = [:]

    /// Creates an object with `members` in the given order. A key that appears
    /// again replaces the earlier value in place (keeping its first position).
    public init(_ members: [(String, JSONValue)] = []) {
        self.members.reserveCapacity(members.count)
        for (key, value) in members {
            set(value, forKey: key)
        }
    }

    /// The keys in member order.
    public var keys: [String] {
        members.map(\.key)
    }

    /// The values in member order.
    public var values: [JSONValue] {
        members.map(\.value)
    }

    /// The number of members.
    public var count: Int {
        members.count
    }

    /// Whether the object has no members.
    public var isEmpty: Bool {
        members.isEmpty
    }

    /// The value for `key`, or `nil` when there is no such member.
    ///
    /// Setting a value replaces an existing member in place or appends a new
    /// one; setting `nil` removes the member, keeping the others in order.
    /// (To store a JSON `null`, assign `.null`.)
    public subscript(key: String) -> JSONValue? {
        get {
            guard let position = position(of: key) else { return nil }
            return members[position].value
        }
        set {
            if let newValue {
                set(newValue, forKey: key)
            } else {
                removeMember(forKey: key)
            }
        }
    }

    /// Whether the object has a member named `key`.
    public func contains(key: String) -> Bool {
        position(of: key) != nil
    }

    // MARK: Storage

    func position(of key: String) -> Int? {
        if members.count > Self.linearSearchLimit {
            return positions[ByteKey(key)]
        }
        return members.firstIndex { UTF8Bytes.equal($0.key, key) }
    }

    private mutating func set(_ value: JSONValue, forKey key: String) {
        if let position = position(of: key) {
            members[position].value = value
        } else {
            appendNewMember(key, value)
        }
    }

    /// Appends a member whose key the caller knows is not present yet (the
    /// parser checks for duplicates itself to report them).
    mutating func appendNewMember(_ key: String, _ value: JSONValue) {
        members.append((key: key, value: value))
        if members.count > Self.linearSearchLimit {
            if positions.isEmpty {
                rebuildPositions()
            } else {
                positions[ByteKey(key)] = members.count - 1
            }
        }
    }

    private mutating func removeMember(forKey key: String) {
        guard let position = position(of: key) else { return }
        members.remove(at: position)
        if members.count > Self.linearSearchLimit {
            positions[ByteKey(key)] = nil
            for later in position..<members.count {
                positions[ByteKey(members[later].key)] = later
            }
        } else {
            positions = [:]
        }
    }

    private mutating func rebuildPositions() {
        positions = [:]
        positions.reserveCapacity(members.count)
        for (position, member) in members.enumerated() {
            positions[ByteKey(member.key)] = position
        }
    }

    /// The members ordered by the UTF-8 bytes of their keys, as the canonical
    /// encoding writes them.
    var membersSortedByKeyBytes: [Element] {
        members.sorted { UTF8Bytes.precedes($0.key, $1.key) }
    }
}

// MARK: - Sequence

extension JSONObject: Sequence {
    /// Iterates the members in order.
    public typealias Iterator = IndexingIterator<[Element]>

    /// Iterates the members in order as `(key:, value:)` pairs.
    public func makeIterator() -> Iterator {
        members.makeIterator()
    }

    /// The exact member count, so `map` and `Array(_:)` allocate once.
    public var underestimatedCount: Int {
        members.count
    }
}

// MARK: - Equality and hashing

extension JSONObject: Hashable {
    /// Equal when both objects have the same keys with equal values, in any order.
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.members.count == rhs.members.count else { return false }
        for (position, member) in lhs.members.enumerated() {
            // Fast path: same key at the same position (objects built alike).
            let candidate = rhs.members[position]
            let other = UTF8Bytes.equal(candidate.key, member.key) ? candidate.value : rhs[member.key]
            guard let other, other == member.value else { return false }
        }
        return true
    }

    /// Hashes the members independently of their order, consistent with `==`.
    public func hash(into hasher: inout Hasher) {
        var combined = 0
        for (key, value) in members {
            var memberHasher = Hasher()
            UTF8Bytes.hash(key, into: &memberHasher)
            value.hash(into: &memberHasher)
            combined &+= memberHasher.finalize()
        }
        hasher.combine(members.count)
        hasher.combine(combined)
    }
}

// MARK: - Literals and description

extension JSONObject: ExpressibleByDictionaryLiteral {
    /// Keeps the members in literal order; a repeated key replaces the earlier value.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(elements)
    }
}

extension JSONObject: CustomStringConvertible {
    /// The compact JSON text of the object.
    public var description: String {
        JSONValue.object(self).serialized()
    }
}

/// A dictionary key that compares and hashes a string by its UTF-8 bytes.
private struct ByteKey: Hashable {
    let string: String

    init(_ string: String) {
        self.string = string
    }

    static func == (lhs: ByteKey, rhs: ByteKey) -> Bool {
        UTF8Bytes.equal(lhs.string, rhs.string)
    }

    func hash(into hasher: inout Hasher) {
        UTF8Bytes.hash(string, into: &hasher)
    }
}

/// The header fields of a request, kept as one copy of the received bytes plus offsets,
/// so parsing allocates once; names and values become Strings only when asked for.
public struct HTTPFields: Sendable, Sequence {
    struct Entry: Sendable {
        var nameStart: Int32, nameEnd: Int32, valueStart: Int32, valueEnd: Int32
    }

    let bytes: [UInt8]
    let entries: [Entry]

    init(bytes: [UInt8], entries: [Entry]) {
        self.bytes = bytes
        self.entries = entries
    }

    /// Builds fields from name/value pairs (tests and in-process callers).
    public init(_ pairs: [(String, String)]) {
        var bytes: [UInt8] = []
        var entries: [Entry] = []
        for (name, value) in pairs {
            let ns = Int32(bytes.count); bytes += name.utf8
            let ne = Int32(bytes.count); bytes += value.utf8
            entries.append(Entry(nameStart: ns, nameEnd: ne, valueStart: ne, valueEnd: Int32(bytes.count)))
        }
        self.init(bytes: bytes, entries: entries)
    }

    public var count: Int { entries.count }

    /// The first value of the field `name` (case-insensitive), or nil.
    public subscript(_ name: String) -> String? {
        guard let entry = firstEntry(named: name) else { return nil }
        return string(Int(entry.valueStart), Int(entry.valueEnd))
    }

    /// Every value of the field `name`, in order.
    public func values(_ name: String) -> [String] {
        entries.filter { matches($0, name) }.map { string(Int($0.valueStart), Int($0.valueEnd)) }
    }

    public func contains(_ name: String) -> Bool { firstEntry(named: name) != nil }

    public func makeIterator() -> some IteratorProtocol<(name: String, value: String)> {
        entries.lazy.map { (name: self.string(Int($0.nameStart), Int($0.nameEnd)),
                            value: self.string(Int($0.valueStart), Int($0.valueEnd))) }.makeIterator()
    }

    func firstEntry(named name: String) -> Entry? {
        for entry in entries where matches(entry, name) { return entry }
        return nil
    }

    private func matches(_ entry: Entry, _ name: String) -> Bool {
        var name = name
        return name.withUTF8 { n in
            guard n.count == Int(entry.nameEnd - entry.nameStart) else { return false }
            var i = Int(entry.nameStart)
            for b in n {
                if ASCII.lowercase(bytes[i]) != ASCII.lowercase(b) { return false }
                i += 1
            }
            return true
        }
    }

    private func string(_ start: Int, _ end: Int) -> String {
        String(decoding: bytes[start..<end], as: UTF8.self)
    }
}

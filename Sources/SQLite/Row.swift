/// One result row, copied out of SQLite so it outlives its statement and can cross threads.
public struct Row: Sendable, Hashable {
    /// Column names, in result order (as SQLite reports them: the alias when there is one).
    public let columns: [String]
    /// Values, in the same order as `columns`.
    public let values: [SQLValue]

    /// A row from parallel arrays of names and values (mostly for tests and fakes).
    public init(columns: [String], values: [SQLValue]) {
        precondition(columns.count == values.count, "a row needs one value per column")
        self.columns = columns
        self.values = values
    }

    /// The number of columns.
    public var count: Int { values.count }

    /// The value of the first column named `column`, or nil when there is no such column.
    /// Names match exactly first, then case-insensitively (as SQL identifiers do).
    public subscript(_ column: String) -> SQLValue? {
        index(of: column).map { values[$0] }
    }

    /// The value at a 0-based column position.
    public subscript(index: Int) -> SQLValue {
        values[index]
    }

    /// The position of the first column named `column`.
    public func index(of column: String) -> Int? {
        if let exact = columns.firstIndex(of: column) { return exact }
        let lowered = column.lowercased()
        return columns.firstIndex { $0.lowercased() == lowered }
    }

    /// The column as `Int`; nil when missing, NULL or not an integer.
    public func int(_ column: String) -> Int? { self[column]?.intValue }

    /// The column as `Int64`; nil when missing, NULL or not an integer.
    public func int64(_ column: String) -> Int64? { self[column]?.int64Value }

    /// The column as `String`; nil when missing, NULL or not text.
    public func string(_ column: String) -> String? { self[column]?.stringValue }

    /// The column as `Double` (integers convert); nil when missing, NULL or not numeric.
    public func double(_ column: String) -> Double? { self[column]?.doubleValue }

    /// The column as bytes; nil when missing, NULL or not a blob.
    public func blob(_ column: String) -> [UInt8]? { self[column]?.blobValue }

    /// The column as `Bool` (0 is false); nil when missing, NULL or not an integer.
    public func bool(_ column: String) -> Bool? { self[column]?.boolValue }

    /// The column at `index` as `Int`; nil when NULL or not an integer.
    public func int(at index: Int) -> Int? { values[index].intValue }

    /// The column at `index` as `Int64`; nil when NULL or not an integer.
    public func int64(at index: Int) -> Int64? { values[index].int64Value }

    /// The column at `index` as `String`; nil when NULL or not text.
    public func string(at index: Int) -> String? { values[index].stringValue }

    /// The column at `index` as `Double` (integers convert); nil when NULL or not numeric.
    public func double(at index: Int) -> Double? { values[index].doubleValue }

    /// The column at `index` as bytes; nil when NULL or not a blob.
    public func blob(at index: Int) -> [UInt8]? { values[index].blobValue }

    /// The column at `index` as `Bool` (0 is false); nil when NULL or not an integer.
    public func bool(at index: Int) -> Bool? { values[index].boolValue }
}

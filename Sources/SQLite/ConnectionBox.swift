/// A reference to a `Connection` that may be handed between threads, but is used by one at a time.
///
/// `@unchecked Sendable` is safe because every owner enforces exclusive use: `Writer` only
/// touches its box while holding its `Mutex`, and `ReaderPool` lends each reader
/// box to exactly one borrower between `checkOut()` and `checkIn(_:)`. `Connection` itself stays
/// non-`Sendable`, so code outside this module cannot share one by accident.
final class ConnectionBox: @unchecked Sendable {
    /// The connection; nil once the owner closed it.
    var connection: Connection?

    init(_ connection: Connection) {
        self.connection = connection
    }

    /// Closes the connection, or, if statements still hold it, leaves it to close when they go.
    func close() {
        try? connection?.close()
        connection = nil
    }
}

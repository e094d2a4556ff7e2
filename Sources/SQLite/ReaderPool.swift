import Dispatch
import Synchronization

/// A bounded pool of read-only connections, opened lazily.
///
/// `checkOut()` blocks while every reader is lent out; `checkIn(_:)` returns one. WAL mode lets
/// all of them read concurrently with the writer, each from its own snapshot.
final class ReaderPool: Sendable {
    private struct State {
        var idle: [ConnectionBox] = []
        var opened = 0
        var isClosed = false
    }

    private let path: String
    private let busyTimeoutMilliseconds: Int32
    private let state = Mutex(State())
    /// Counts free slots (idle or not yet opened readers); `checkOut()` waits on it.
    private let slots: DispatchSemaphore

    init(path: String, capacity: Int, busyTimeoutMilliseconds: Int32) {
        precondition(capacity > 0, "a reader pool needs at least one reader")
        self.path = path
        self.busyTimeoutMilliseconds = busyTimeoutMilliseconds
        self.slots = DispatchSemaphore(value: capacity)
    }

    /// Borrows a reader, opening a new one when none is idle and the pool is not full.
    /// Every successful call must be balanced by `checkIn(_:)`.
    func checkOut() throws -> ConnectionBox {
        slots.wait()
        enum Next { case reuse(ConnectionBox), open, closed }
        let next: Next = state.withLock { state in
            if state.isClosed { return .closed }
            if let box = state.idle.popLast() { return .reuse(box) }
            state.opened += 1
            return .open
        }
        switch next {
        case .reuse(let box):
            return box
        case .closed:
            slots.signal()
            throw DatabaseError.misuse("the database at \(path) is closed")
        case .open:
            do {
                let connection = try Connection(path: path, role: .reader,
                                                busyTimeoutMilliseconds: busyTimeoutMilliseconds)
                return ConnectionBox(connection)
            } catch {
                state.withLock { $0.opened -= 1 }
                slots.signal()
                throw error
            }
        }
    }

    /// Returns a borrowed reader to the pool (or closes it if the pool was closed meanwhile).
    func checkIn(_ box: ConnectionBox) {
        let keep = state.withLock { state in
            guard !state.isClosed else { return false }
            state.idle.append(box)
            return true
        }
        if !keep { box.close() }
        slots.signal()
    }

    /// Closes idle readers now and borrowed ones as they come back; later check-outs throw.
    func close() {
        let idle = state.withLock { state in
            state.isClosed = true
            defer { state.idle.removeAll() }
            return state.idle
        }
        for box in idle { box.close() }
    }
}

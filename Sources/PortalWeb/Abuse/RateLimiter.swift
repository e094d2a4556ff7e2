import Synchronization

/// At most `limit` events per key in any sliding `window` seconds (e.g. complaint submissions
/// per client address per hour). Kept in memory: a restart forgets, which errs on the side of
/// letting people complain. Old keys are swept so memory stays bounded.
final class RateLimiter: Sendable {
    let limit: Int
    let window: Int64
    /// Event times per key, oldest first; `head` skips the ones that left the window, so each
    /// check costs only the events that expired since the last one.
    private struct Window {
        var times: [Int64] = []
        var head = 0
        var count: Int { times.count - head }

        mutating func expire(before cutoff: Int64) {
            while head < times.count && times[head] <= cutoff { head += 1 }
            if head > 64 && head * 2 > times.count {
                times.removeFirst(head)
                head = 0
            }
        }
    }

    private let recent = Mutex<[String: Window]>([:])
    private let lastSweep = Mutex<Int64>(0)

    init(limit: Int, window: Int64) {
        self.limit = limit
        self.window = window
    }

    /// Records one event for `key` at `now` if allowed; otherwise returns the seconds to wait.
    func attempt(_ key: String, now: Int64) -> Int64? {
        sweepIfDue(now)
        return recent.withLock { table -> Int64? in
            var entry = table.removeValue(forKey: key) ?? Window()
            defer { table[key] = entry }
            entry.expire(before: now - window)
            if entry.count >= limit {
                return max(1, entry.times[entry.head] + window - now)
            }
            entry.times.append(now)
            return nil
        }
    }

    private func sweepIfDue(_ now: Int64) {
        let due = lastSweep.withLock { last -> Bool in
            guard now - last >= 60 else { return false }
            last = now
            return true
        }
        guard due else { return }
        recent.withLock { table in
            table = table.filter { $0.value.times.last.map { $0 > now - window } ?? false }
        }
    }
}

import Synchronization

/// At most `limit` events per key in any sliding `window` seconds (e.g. complaint submissions
/// per client address per hour). Kept in memory: a restart forgets, which errs on the side of
/// letting people complain. Old keys are swept so memory stays bounded.
final class RateLimiter: Sendable {
    let limit: Int
    let window: Int64
    private let recent = Mutex<[String: [Int64]]>([:])
    private let lastSweep = Mutex<Int64>(0)

    init(limit: Int, window: Int64) {
        self.limit = limit
        self.window = window
    }

    /// Records one event for `key` at `now` if allowed; otherwise returns the seconds to wait.
    func attempt(_ key: String, now: Int64) -> Int64? {
        sweepIfDue(now)
        return recent.withLock { table -> Int64? in
            var times = table[key, default: []].filter { $0 > now - window }
            if times.count >= limit {
                table[key] = times
                return max(1, (times.first ?? now) + window - now)
            }
            times.append(now)
            table[key] = times
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
            table = table.filter { $0.value.contains { $0 > now - window } }
        }
    }
}

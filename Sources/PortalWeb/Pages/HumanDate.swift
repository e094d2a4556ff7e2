import Portal

/// Dates as people read them, in the operator's time zone: "Wednesday 2 December 2026, 23:59 CET".
enum HumanDate {
    private static let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                                 "October", "November", "December"]
    private static let weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

    static func format(_ unixSeconds: Int64, in zone: TimeZoneRules) -> String {
        let local = zone.localDateTime(at: unixSeconds)
        let date = local.date
        let minute = local.minute < 10 ? "0\(local.minute)" : "\(local.minute)"
        let hour = local.hour < 10 ? "0\(local.hour)" : "\(local.hour)"
        return "\(weekdays[date.weekday.rawValue - 1]) \(date.day) \(months[date.month - 1]) \(date.year), \(hour):\(minute) \(zone.abbreviation(at: unixSeconds))"
    }
}

import HTTPServer
import Logging

/// swift-log handler writing one JSON object per line to stderr, in the same shape as the
/// server's access log. Each line is one write(2), so lines from different threads never mix.
struct JSONLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var line = "{\"ts\":\"" + WallClock.rfc3339() + "\",\"level\":" + JSONString.quote(event.level.rawValue)
            + ",\"msg\":" + JSONString.quote(event.message.description) + ",\"logger\":" + JSONString.quote(label)
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        for (key, value) in merged.sorted(by: { $0.key < $1.key }) {
            line += "," + JSONString.quote(key) + ":" + JSONString.quote(value.description)
        }
        Output.write(line + "}\n", to: 2)
    }
}

/// The server's own error answers: RFC 9457 problem documents under the API prefixes, a small
/// HTML page elsewhere. They never carry internal messages or stack traces.
enum ErrorResponses {
    static func make(_ status: HTTPStatus, detail: String?, path: String?, headers: [HTTPHeader],
                     configuration: ServerConfiguration) -> Response {
        let wantsProblem = path.map { p in configuration.problemJSONPrefixes.contains { p.hasPrefix($0) || p + "/" == $0 } } ?? false
        if wantsProblem {
            var json = "{\"type\":\"about:blank\",\"title\":" + JSONString.quote(status.reason) + ",\"status\":\(status.code)"
            if let detail { json += ",\"detail\":" + JSONString.quote(detail) }
            json += "}"
            return Response(status: status, headers: [HTTPHeader("Content-Type", "application/problem+json")] + headers,
                            body: Array(json.utf8))
        }
        let title = HTMLText.escape("\(status.code) \(status.reason)")
        let message = detail.map { "<p>" + HTMLText.escape($0) + "</p>" } ?? ""
        let html = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(title)</title></head>
            <body><main><h1>\(title)</h1>\(message)</main></body></html>

            """
        return Response(status: status, headers: [HTTPHeader("Content-Type", "text/html; charset=utf-8")] + headers,
                        body: Array(html.utf8))
    }
}

/// JSON string literals without Foundation.
public enum JSONString {
    /// `text` as a quoted JSON string with every needed escape.
    public static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

/// HTML escaping for text and attribute values.
public enum HTMLText {
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }
}

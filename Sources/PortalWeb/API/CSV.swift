/// RFC 4180 CSV: fields separated by commas, records by CRLF; a field holding a comma, a quote,
/// CR or LF is quoted, with its quotes doubled. A field a spreadsheet would run as a formula —
/// one that begins with `=`, `+`, `-`, `@`, a tab or a carriage return — gets a leading `'`
/// (OWASP's advice against CSV injection), so opening the export never runs what a complainant typed.
enum CSV {
    static func field(_ value: String) -> String {
        var text = value
        if let first = text.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) {
            text = "'" + text
        }
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return text }
        var quoted = "\""
        for character in text {
            quoted.append(character)
            if character == "\"" { quoted.append("\"") }
        }
        return quoted + "\""
    }

    static func record(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\r\n"
    }
}

/// Serializes a response into a connection's output buffer: status line, Date, the handler's
/// headers (any with characters that could split the response are dropped), Content-Length
/// and Connection, then the body unless the request was HEAD.
enum ResponseWriter {
    /// Returns the number of body bytes written.
    static func write(_ response: Response, to out: ByteBuffer, date: [UInt8], suppressBody: Bool,
                      keepAlive: Bool, version: HTTPVersion, serverHeader: String?) -> Int {
        let status = response.status
        out.append("HTTP/1.1 ")
        out.append(decimal: status.code)
        out.append(byte: ASCII.space)
        out.append(status.reason)
        out.append("\r\n")
        out.append(date)
        if let serverHeader {
            out.append("Server: ")
            out.append(serverHeader)
            out.append("\r\n")
        }
        for header in response.headers where isSafe(header) {
            out.append(header.name)
            out.append(": ")
            out.append(header.value)
            out.append("\r\n")
        }
        if status.allowsBody {
            out.append("Content-Length: ")
            out.append(decimal: response.body.count)
            out.append("\r\n")
        }
        if !keepAlive {
            out.append("Connection: close\r\n")
        } else if version == .http1_0 {
            out.append("Connection: keep-alive\r\n")
        }
        out.append("\r\n")
        guard status.allowsBody && !suppressBody else { return 0 }
        out.append(response.body)
        return response.body.count
    }

    /// A header is written only when its name is a token, its value has no control characters,
    /// and it is not one the server manages itself.
    static func isSafe(_ header: HTTPHeader) -> Bool {
        var name = header.name
        var value = header.value
        let nameOK = name.withUTF8 { n in
            !n.isEmpty && n.allSatisfy(ASCII.isTokenChar)
                && !ASCII.equalsIgnoringCase(n, 0, n.count, "content-length")
                && !ASCII.equalsIgnoringCase(n, 0, n.count, "connection")
                && !ASCII.equalsIgnoringCase(n, 0, n.count, "transfer-encoding")
                && !ASCII.equalsIgnoringCase(n, 0, n.count, "date")
        }
        guard nameOK else { return false }
        return value.withUTF8 { v in v.allSatisfy(ASCII.isFieldValueByte) }
    }
}

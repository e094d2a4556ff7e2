import JSON

/// The error `JSONParser` reports for `text`, or `nil` when it parses.
func parseError(_ text: String, limits: JSONLimits = JSONLimits()) -> JSONParseError? {
    do {
        _ = try JSONParser.parse(text, limits: limits)
        return nil
    } catch {
        return error
    }
}

/// The error `JSONParser` reports for `bytes`, or `nil` when they parse.
func parseError(bytes: [UInt8], limits: JSONLimits = JSONLimits()) -> JSONParseError? {
    do {
        _ = try JSONParser.parse(bytes, limits: limits)
        return nil
    } catch {
        return error
    }
}

func limits(
    maxDepth: Int = 64, maxStringBytes: Int = 1 << 20, maxMembers: Int = 10_000, maxNumberLength: Int = 64
) -> JSONLimits {
    var limits = JSONLimits()
    limits.maxDepth = maxDepth
    limits.maxStringBytes = maxStringBytes
    limits.maxMembers = maxMembers
    limits.maxNumberLength = maxNumberLength
    return limits
}

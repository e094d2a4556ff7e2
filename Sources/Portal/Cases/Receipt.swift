import JSON

/// What a person gets back when a case is filed: proof of receipt, the dates the operator
/// committed to, and the status token, shown only this once.
public struct Receipt: Sendable, Equatable {
    public let reference: String
    public let status: String
    public let receivedAt: Int64
    public let acknowledgeBy: Int64?
    public let respondBy: Int64
    public let statusToken: String

    public var json: JSONValue {
        var object = JSONObject([
            ("reference", .string(reference)), ("status", .string(status)),
            ("received_at", .string(UTCTimestamp.format(receivedAt))),
        ])
        if let acknowledgeBy { object["acknowledge_by"] = .string(UTCTimestamp.format(acknowledgeBy)) }
        object["respond_by"] = .string(UTCTimestamp.format(respondBy))
        object["status_token"] = .string(statusToken)
        return .object(object)
    }
}

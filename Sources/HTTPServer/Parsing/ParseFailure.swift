/// Why a request could not be framed: the status to answer with, and a reason for the log
/// (never shown to the client beyond the status). The connection is always closed after it.
struct ParseFailure: Error, Equatable {
    let status: HTTPStatus
    let reason: String

    static func badRequest(_ reason: String) -> ParseFailure { ParseFailure(status: .badRequest, reason: reason) }
}

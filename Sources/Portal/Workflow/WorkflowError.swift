/// Why a change to a case was refused; the web layer maps each to its HTTP status.
public enum WorkflowError: Error, Sendable, Equatable {
    /// No case has this reference (404).
    case caseNotFound
    /// No attachment of this case has this id (404).
    case attachmentNotFound
    /// The request is incomplete or wrong, field by field (422).
    case invalid([FieldError])
    /// The lifecycle has no such edge from the current status (409), with the allowed targets.
    case illegalTransition(from: String, to: String, allowed: [String])
    /// The case is in a state where this change makes no sense, e.g. extending a closed case (409).
    case conflict(String)
    /// `If-Match` named another version of the case (412); the current entity tag is given.
    case preconditionFailed(currentETag: String)
    /// The caller's role may not do this (403).
    case forbidden(String)
}

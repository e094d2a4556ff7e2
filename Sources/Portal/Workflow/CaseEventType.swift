/// The types of event in the audit log (`case_events.type`) and the payload each carries.
public enum CaseEventType {
    /// A case was filed. Payload: submission_sha256, attachments, possible_duplicate_of.
    public static let submitted = "submitted"
    /// The status changed. Payload: from, to, and as the edge needs: outcome, decision, redress,
    /// actions, duplicate_of (closing), message (to the awaiting status), reason (reopening, withdrawal).
    public static let transitioned = "transitioned"
    /// Payload: assignee (a staff name or null), previous.
    public static let assigned = "assigned"
    /// An internal note, never shown to the party. Payload: text.
    public static let noteAdded = "note_added"
    /// A message from staff, shown on the status page. Payload: text.
    public static let messageSent = "message_sent"
    /// A message from the party through the status page or API. Payload: text.
    public static let replyReceived = "reply_received"
    /// The respond deadline was extended. Payload: days, justification.
    public static let extended = "extended"
    /// A member of staff downloaded an attachment. Payload: attachment_id, sha256.
    public static let attachmentDownloaded = "attachment_downloaded"
    /// Documentation was released to the party. Payload: release_id, sha256, model,
    /// documentation_version, documentation_sha256, fields (the keys released), answered.
    public static let released = "released"
}

import JSON
import SQLite

/// Every change staff and parties make to a case after it was filed: transitions of the
/// lifecycle, assignment, notes, messages, extensions, replies and withdrawals. Each change is
/// checked against the case as stored inside the one write transaction that appends its event
/// and updates the case's current state, so concurrent changes cannot interleave; it returns
/// only once that transaction is durable.
public final class CaseWorkflow: Sendable {
    public let database: Database
    public let settings: DeadlineSettings
    public let calendar: DeadlineCalendar
    /// The redress information added to a decision that does not give its own.
    public let redressInformation: String

    public init(database: Database, settings: DeadlineSettings, calendar: DeadlineCalendar, redressInformation: String) {
        self.database = database
        self.settings = settings
        self.calendar = calendar
        self.redressInformation = redressInformation
    }

    /// The deadline calculator of a case type.
    public func calculator(for type: CaseType) -> DeadlineCalculator {
        DeadlineCalculator(policy: settings.policy(for: type), calendar: calendar, waitingFor: type.partyDescription)
    }

    /// The case's deadlines at `now`, recomputed from its events.
    public func deadlines(of record: CaseRecord, now: Int64) -> [Deadline] {
        calculator(for: record.type).deadlines(for: record.history.clock, now: now)
    }

    // MARK: Reading

    public func load(reference: String) throws -> CaseRecord? {
        try database.read { try CaseRecord.load(reference: reference, $0) }
    }

    // MARK: Staff changes

    /// The dates promised on the receipt of a case of `type` arriving at `now`: nothing has paused
    /// or extended its clock yet. Every desk files through this, so receipts follow the type's policy.
    /// `fixedDue` is a date the party set for the answer (an authority's deadline), if any.
    public func intake(for type: CaseType, at now: Int64, fixedDue: LocalDate? = nil) -> CaseStore.Intake? {
        let deadlines = calculator(for: type).deadlines(for: CaseClock(receivedAt: now, fixedDueDate: fixedDue), now: now, explained: false)
        guard let respond = deadlines.first(where: { $0.kind == .respond }) else { return nil }
        return CaseStore.Intake(receivedAt: now, year: calendar.zone.localDate(at: now).year,
                                acknowledgeBy: deadlines.first { $0.kind == .acknowledge }?.due, respondBy: respond.due)
    }

    /// Moves a case along its lifecycle (`POST /api/v1/cases/{reference}/transitions`).
    @discardableResult
    public func transition(reference: String, request body: JSONValue, by staff: StaffMember, ifMatch: String?,
                           now: Int64) throws -> CaseRecord {
        try change(reference: reference, ifMatch: ifMatch) { record, connection in
            let lifecycle = record.type.lifecycle
            var reader = FieldReader()
            guard let object = body.objectValue else { throw WorkflowError.invalid([FieldError("", "Send a JSON object.")]) }
            reader.refuseUnknownKeys(object, known: ["to", "outcome", "decision", "redress", "actions", "duplicate_of", "message", "reason"],
                                     what: "a transition")
            guard let to = reader.choice(object["to"], "to", allowed: lifecycle.statuses, missing: "Give the status to move the case to.") else {
                throw WorkflowError.invalid(reader.errors)
            }
            let from = record.status
            if from == CaseLifecycle.closed, to == CaseLifecycle.inReview, !staff.role.canReopen {
                throw WorkflowError.forbidden("Only an admin may reopen a closed case.")
            }
            let allowed = lifecycle.allowedTargets(from: from, role: staff.role)
            guard allowed.contains(to) else { throw WorkflowError.illegalTransition(from: from, to: to, allowed: allowed) }

            var payload = JSONObject([("from", .string(from)), ("to", .string(to))])
            var used: Set<String> = ["to"]
            if to == lifecycle.awaitingStatus {
                used.insert("message")
                if let message = reader.text(object["message"], "message", min: 10, max: 10_000,
                                             missing: "Say what is missing: the message is shown to \(record.type.partyDescription).") {
                    payload["message"] = .string(message)
                }
            } else if to == CaseLifecycle.closed {
                used.formUnion(["outcome", "decision", "redress", "actions", "duplicate_of"])
                if !lifecycle.reasons.isEmpty { used.insert("reason") }
                try closing(object, record: record, payload: &payload, reader: &reader, connection)
            } else if from == CaseLifecycle.closed {
                used.insert("reason")
                if let reason = reader.text(object["reason"], "reason", min: 10, max: 5_000, missing: "Give the reason for reopening the case.") {
                    payload["reason"] = .string(reason)
                }
            }
            for key in object.keys where !used.contains(key) && !reader.errors.contains(where: { $0.field == key }) {
                reader.add(key, "Remove this field: it is not used when moving a case from \(from) to \(to).")
            }
            guard reader.errors.isEmpty else { throw WorkflowError.invalid(reader.errors) }
            try append(record, type: CaseEventType.transitioned, actor: staff.name, at: now, payload: .object(payload), connection)
            try updateStatus(record, to: to, outcome: payload["outcome"]?.stringValue, at: now, connection)
        }
    }

    /// Validates the closing fields into `payload`.
    private func closing(_ object: JSONObject, record: CaseRecord, payload: inout JSONObject, reader: inout FieldReader,
                         _ connection: Connection) throws {
        let lifecycle = record.type.lifecycle
        let outcome = reader.choice(object["outcome"], "outcome", allowed: lifecycle.outcomes, missing: "Give the outcome of the case.")
        if let outcome { payload["outcome"] = .string(outcome) }
        if let decision = reader.text(object["decision"], "decision", min: 50, max: 20_000,
                                      missing: "Write the reasoned decision addressed to \(record.type.partyDescription).") {
            payload["decision"] = .string(decision)
        }
        payload["redress"] = .string(reader.optionalText(object["redress"], "redress", max: 5_000) ?? redressInformation)
        if let outcome, lifecycle.outcomesNeedingActions.contains(outcome) {
            guard let actions = object["actions"]?.arrayValue, !actions.isEmpty else {
                reader.add("actions", "List the actions taken when the outcome is \(outcome).")
                return
            }
            if actions.count > 20 { reader.add("actions", "List at most 20 actions.") }
            var stored: [JSONValue] = []
            for (index, action) in actions.prefix(20).enumerated() {
                guard let fields = action.objectValue else {
                    reader.add("actions[\(index)]", "Give each action as an object with type and text.")
                    continue
                }
                reader.refuseUnknownKeys(fields, known: ["type", "text"], prefix: "actions[\(index)].", what: "an action")
                let type = reader.choice(fields["type"], "actions[\(index)].type", allowed: lifecycle.actionTypes, missing: "Give the type of action.")
                let text = reader.text(fields["text"], "actions[\(index)].text", max: 2_000, missing: "Say what was done.")
                if let type, let text { stored.append(.object(JSONObject([("type", .string(type)), ("text", .string(text))]))) }
            }
            payload["actions"] = .array(stored)
        } else if let actions = object["actions"], !(actions.arrayValue?.isEmpty ?? actions.isNull) {
            reader.add("actions", "Actions are listed only for the outcomes \(lifecycle.outcomesNeedingActions.sorted().joined(separator: ", ")).")
        }
        if !lifecycle.reasons.isEmpty {
            if let outcome, lifecycle.outcomesNeedingReason.contains(outcome) {
                if let reason = reader.choice(object["reason"], "reason", allowed: lifecycle.reasons,
                                              missing: "Give the reason for the outcome \(outcome); \(record.type.partyDescription) sees it.") {
                    payload["reason"] = .string(reason)
                }
            } else if object["reason"].map({ !$0.isNull }) ?? false {
                reader.add("reason", "Give a reason only when the outcome is \(lifecycle.outcomesNeedingReason.sorted().joined(separator: ", ")).")
            }
        }
        if outcome == "duplicate" {
            if let earlier = reader.text(object["duplicate_of"], "duplicate_of", max: 20, missing: "Name the earlier case this one repeats.") {
                if let problem = try duplicateProblem(earlier, of: record, connection) {
                    reader.add("duplicate_of", problem)
                } else {
                    payload["duplicate_of"] = .string(earlier)
                }
            }
        } else if object["duplicate_of"].map({ !$0.isNull }) ?? false {
            reader.add("duplicate_of", "Name an earlier case only when the outcome is duplicate.")
        }
    }

    /// Why `earlier` cannot be the case `record` duplicates, or nil when it can: it must be an
    /// earlier case of the same type and the same party that was decided.
    private func duplicateProblem(_ earlier: String, of record: CaseRecord, _ connection: Connection) throws -> String? {
        guard let partySQL = record.type.partySQL else { return "This type of case has no duplicate outcome." }
        guard let other = try connection.query("SELECT id, type, status, outcome FROM cases WHERE reference = ?", [.text(earlier)]).first,
              let otherID = other.int64("id") else { return "No case has the reference \(earlier)." }
        guard other.string("type") == record.type.name, otherID < record.id else {
            return "\(earlier) is not an earlier \(record.type.name) than \(record.reference)."
        }
        guard other.string("status") == CaseLifecycle.closed, let outcome = other.string("outcome"), outcome != "withdrawn" else {
            return "\(earlier) has no decision yet; a duplicate must repeat a case that was decided."
        }
        let party = { (id: Int64) in try connection.scalar(partySQL, [.integer(id)])?.stringValue.map(TextNormalization.comparisonKey) }
        guard let mine = try party(record.id), let theirs = try party(otherID), mine == theirs else {
            return "\(earlier) was filed for another rightsholder."
        }
        return nil
    }

    /// Assigns the case to a member of staff, or to no one (`POST .../assignment`).
    @discardableResult
    public func assign(reference: String, request body: JSONValue, by staff: StaffMember, ifMatch: String?,
                       now: Int64) throws -> CaseRecord {
        try change(reference: reference, ifMatch: ifMatch) { record, connection in
            guard let object = body.objectValue, object.contains(key: "assignee") else {
                throw WorkflowError.invalid([FieldError("assignee", "Give the name of a member of staff, \"me\", or null for no one.")])
            }
            var reader = FieldReader()
            reader.refuseUnknownKeys(object, known: ["assignee"], what: "an assignment")
            var assignee: String?
            if let value = object["assignee"], !value.isNull {
                if let name = reader.text(value, "assignee", max: 64, missing: "Give the name of a member of staff, \"me\", or null for no one.") {
                    assignee = name == "me" ? staff.name : name
                }
            }
            if let assignee, reader.errors.isEmpty,
               try connection.scalar("SELECT 1 FROM staff_tokens WHERE name = ? AND revoked_at IS NULL", [.text(assignee)]) == nil {
                reader.add("assignee", "No member of staff is called \(assignee).")
            }
            guard reader.errors.isEmpty else { throw WorkflowError.invalid(reader.errors) }
            try append(record, type: CaseEventType.assigned, actor: staff.name, at: now,
                       payload: .object(JSONObject([("assignee", assignee.map { .string($0) } ?? .null),
                                                    ("previous", record.history.assignee.map { .string($0) } ?? .null)])),
                       connection)
            try connection.run("UPDATE cases SET assignee = ? WHERE id = ?", [assignee.map { .text($0) } ?? .null, .integer(record.id)])
        }
    }

    /// Adds an internal note (`POST .../notes`), or a message shown to the party (`POST .../messages`).
    @discardableResult
    public func post(reference: String, request body: JSONValue, internal isInternal: Bool, by staff: StaffMember, ifMatch: String?,
                     now: Int64) throws -> CaseRecord {
        try change(reference: reference, ifMatch: ifMatch) { record, connection in
            let text = try Self.messageText(body, alias: isInternal ? "note" : "message",
                                            missing: isInternal ? "Write the note." : "Write the message to \(record.type.partyDescription).")
            try append(record, type: isInternal ? CaseEventType.noteAdded : CaseEventType.messageSent, actor: staff.name, at: now,
                       payload: .object(JSONObject([("text", .string(text))])), connection)
        }
    }

    /// Extends the respond deadline (`POST .../extensions`), within the policy's caps.
    @discardableResult
    public func extend(reference: String, request body: JSONValue, by staff: StaffMember, ifMatch: String?,
                       now: Int64) throws -> CaseRecord {
        try change(reference: reference, ifMatch: ifMatch) { record, connection in
            guard record.type.lifecycle.isOpen(record.status) else {
                throw WorkflowError.conflict("A closed case has no running deadline to extend.")
            }
            guard let object = body.objectValue else { throw WorkflowError.invalid([FieldError("", "Send a JSON object.")]) }
            let policy = settings.policy(for: record.type)
            let granted = record.history.clock.extensions.reduce(0) { $0 + $1.days }
            var reader = FieldReader()
            reader.refuseUnknownKeys(object, known: ["days", "justification"], what: "an extension")
            let days = reader.integer(object["days"], "days", in: 1...3650, missing: "Give the number of days to extend by.")
            let justification = reader.text(object["justification"], "justification", min: 20, max: 5_000,
                                            missing: "Give the justification \(record.type.partyDescription) will see.")
            if let maximum = policy.maxExtensions, record.history.clock.extensions.count >= maximum {
                reader.add("days", "This case already had \(record.history.clock.extensions.count) of the \(maximum) extensions its policy allows.")
            } else if let days, granted + days > policy.maxExtensionDays {
                reader.add("days", "The policy allows at most \(policy.maxExtensionDays) days of extension in all; "
                                   + "\(granted) were granted, so at most \(policy.maxExtensionDays - granted) more.")
            }
            guard reader.errors.isEmpty, let days, let justification else { throw WorkflowError.invalid(reader.errors) }
            try append(record, type: CaseEventType.extended, actor: staff.name, at: now,
                       payload: .object(JSONObject([("days", .number(days)), ("justification", .string(justification))])), connection)
        }
    }

    /// An attachment of a case, read without recording anything (a HEAD request).
    public func attachment(reference: String, attachmentID: Int64) throws -> Attachment {
        try database.read { connection in
            guard let record = try CaseRecord.load(reference: reference, connection) else { throw WorkflowError.caseNotFound }
            let attachment = try Attachment.load(caseID: record.id, id: attachmentID, connection)
            return attachment
        }
    }

    /// Records that a member of staff downloaded an attachment, before it is sent.
    public func recordDownload(reference: String, attachmentID: Int64, by staff: StaffMember, now: Int64) throws -> Attachment {
        var found: Attachment?
        _ = try change(reference: reference, ifMatch: nil) { record, connection in
            let attachment = try Attachment.load(caseID: record.id, id: attachmentID, connection)
            found = attachment
            try append(record, type: CaseEventType.attachmentDownloaded, actor: staff.name, at: now,
                       payload: .object(JSONObject([("attachment_id", .number(Int(attachmentID))), ("sha256", .string(attachment.sha256))])),
                       connection)
        }
        guard let found else { throw WorkflowError.attachmentNotFound }
        return found
    }

    // MARK: The party's changes

    /// A message from the party; a reply while the case awaits them returns it to `in_review`.
    @discardableResult
    public func reply(caseID: Int64, request body: JSONValue, now: Int64) throws -> CaseRecord {
        try change(caseID: caseID) { record, connection in
            guard record.type.lifecycle.isOpen(record.status) else {
                throw WorkflowError.conflict("This case is closed; it takes no more replies.")
            }
            let text = try Self.messageText(body, alias: "message", missing: "Write your reply.")
            try append(record, type: CaseEventType.replyReceived, actor: record.type.partyActor, at: now,
                       payload: .object(JSONObject([("text", .string(text))])), connection)
            if record.status == record.type.lifecycle.awaitingStatus {
                try append(record, type: CaseEventType.transitioned, actor: record.type.partyActor, at: now,
                           payload: .object(JSONObject([("from", .string(record.status)), ("to", .string(CaseLifecycle.inReview)),
                                                        ("reason", .string("reply received"))])), connection)
                try updateStatus(record, to: CaseLifecycle.inReview, outcome: nil, at: now, connection)
            }
        }
    }

    /// The party withdraws an open case: it is closed with the outcome `withdrawn`.
    @discardableResult
    public func withdraw(caseID: Int64, request body: JSONValue, now: Int64) throws -> CaseRecord {
        try change(caseID: caseID) { record, connection in
            guard record.type.lifecycle.isOpen(record.status) else { throw WorkflowError.conflict("This case is already closed.") }
            guard let object = body.objectValue else { throw WorkflowError.invalid([FieldError("", "Send a JSON object.")]) }
            var reader = FieldReader()
            reader.refuseUnknownKeys(object, known: ["reason"], what: "a withdrawal")
            let reason = reader.optionalText(object["reason"], "reason", max: 5_000)
            guard reader.errors.isEmpty else { throw WorkflowError.invalid(reader.errors) }
            var payload = JSONObject([("from", .string(record.status)), ("to", .string(CaseLifecycle.closed)), ("outcome", .string("withdrawn"))])
            if let reason { payload["reason"] = .string(reason) }
            try append(record, type: CaseEventType.transitioned, actor: record.type.partyActor, at: now, payload: .object(payload), connection)
            try updateStatus(record, to: CaseLifecycle.closed, outcome: "withdrawn", at: now, connection)
        }
    }

    // MARK: Plumbing

    private static func messageText(_ body: JSONValue, alias: String, missing: String) throws -> String {
        guard let object = body.objectValue else { throw WorkflowError.invalid([FieldError("", "Send a JSON object.")]) }
        var reader = FieldReader()
        let key = object.contains(key: "text") || !object.contains(key: alias) ? "text" : alias
        reader.refuseUnknownKeys(object, known: [key], what: "a message")
        let text = reader.text(object[key], key, max: 10_000, missing: missing)
        guard reader.errors.isEmpty, let text else { throw WorkflowError.invalid(reader.errors) }
        return text
    }

    private func change(reference: String, ifMatch: String?,
                        _ body: (CaseRecord, Connection) throws -> Void) throws -> CaseRecord {
        try database.write { connection in
            guard let record = try CaseRecord.load(reference: reference, connection) else { throw WorkflowError.caseNotFound }
            if let ifMatch, !EntityTag.ifMatch(ifMatch, accepts: record.etag) {
                throw WorkflowError.preconditionFailed(currentETag: record.etag)
            }
            try body(record, connection)
            guard let updated = try CaseRecord.load(id: record.id, connection) else { throw WorkflowError.caseNotFound }
            return updated
        }
    }

    private func change(caseID: Int64, _ body: (CaseRecord, Connection) throws -> Void) throws -> CaseRecord {
        try database.write { connection in
            guard let record = try CaseRecord.load(id: caseID, connection) else { throw WorkflowError.caseNotFound }
            try body(record, connection)
            guard let updated = try CaseRecord.load(id: caseID, connection) else { throw WorkflowError.caseNotFound }
            return updated
        }
    }

    private func append(_ record: CaseRecord, type: String, actor: String, at now: Int64, payload: JSONValue,
                        _ connection: Connection) throws {
        try EventLog.append(connection, caseID: record.id, reference: record.reference, type: type, actor: actor,
                            occurredAt: now, payload: payload)
    }

    private func updateStatus(_ record: CaseRecord, to status: String, outcome: String?, at now: Int64, _ connection: Connection) throws {
        let closed = status == CaseLifecycle.closed
        try connection.run("UPDATE cases SET status = ?, outcome = ?, closed_at = ? WHERE id = ?",
                           [.text(status), closed ? (outcome.map { .text($0) } ?? .null) : .null,
                            closed ? .text(UTCTimestamp.format(now)) : .null, .integer(record.id)])
    }
}

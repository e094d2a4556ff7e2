import Crypto
import JSON
import SQLite
import Synchronization

/// Files cases and answers status checks. Each filing is one write transaction holding the case,
/// its facts, its files and its first event (`submitted`); it returns only once that transaction
/// is durable, so a receipt is never given for something that could still be lost.
public final class CaseStore: Sendable {
    public let database: Database
    private let cachedSecret = Mutex<[UInt8]?>(nil)
    private let duplicates = DuplicateRegister()

    public init(database: Database) {
        self.database = database
    }

    /// The idempotency secret, loaded (or made) on first use, once the schema exists.
    private func secret() throws -> [UInt8] {
        if let secret = cachedSecret.withLock({ $0 }) { return secret }
        let secret = try ServerSecrets.secret(named: "idempotency", in: database)
        cachedSecret.withLock { $0 = secret }
        return secret
    }

    /// How a filing went.
    public enum Filing: Sendable, Equatable {
        /// A new case.
        case created(Receipt, duplicateOf: String?)
        /// The same idempotency key and the same submission as before: the first receipt.
        case replayed(Receipt)
        /// The idempotency key was used before for a different submission.
        case keyReused
    }

    /// What the filing of a new case needs besides the complaint.
    public struct Intake: Sendable {
        public let receivedAt: Int64
        public let year: Int
        public let acknowledgeBy: Int64?
        public let respondBy: Int64

        public init(receivedAt: Int64, year: Int, acknowledgeBy: Int64?, respondBy: Int64) {
            self.receivedAt = receivedAt
            self.year = year
            self.acknowledgeBy = acknowledgeBy
            self.respondBy = respondBy
        }
    }

    /// A case about to be filed, as its type's desk describes it: everything the shared filing path
    /// stores, and the type-specific rows it adds inside the same transaction.
    public struct NewCase: Sendable {
        public let type: CaseType
        /// The validated submission, stored in `cases.submission` in its canonical encoding.
        public let submission: JSONValue
        /// The key of duplicate detection: an earlier case of the same type with the same
        /// fingerprint is flagged as a possible duplicate. Nil when the type has none.
        public let fingerprint: String?
        public let files: [EvidenceFile]
        /// What text search finds the case by.
        public let searchNames: [String]
        public let searchTitles: [String]
        public let searchDescription: String
        /// Inserts the type's own rows (e.g. `complaints`) for the new case id.
        public let facts: @Sendable (Int64, Connection) throws -> Void
        /// More fields of the `submitted` event's payload, e.g. `due_date` (a date the party set for
        /// the answer, read back by `CaseHistory`) and `recorded_by` (the staff member who recorded it).
        public let eventFacts: JSONObject

        public init(type: CaseType, submission: JSONValue, fingerprint: String?, files: [EvidenceFile] = [],
                    searchNames: [String], searchTitles: [String], searchDescription: String, eventFacts: JSONObject = JSONObject(),
                    facts: @escaping @Sendable (Int64, Connection) throws -> Void) {
            self.eventFacts = eventFacts
            self.type = type
            self.submission = submission
            self.fingerprint = fingerprint
            self.files = files
            self.searchNames = searchNames
            self.searchTitles = searchTitles
            self.searchDescription = searchDescription
            self.facts = facts
        }
    }

    /// Stores a complaint and its evidence, flags an earlier matching complaint, and returns the
    /// receipt — or the first receipt when `idempotencyKey` was already used for the same submission.
    public func fileComplaint(_ complaint: Complaint, files: [EvidenceFile], intake: Intake,
                              idempotencyKey: IdempotencyKey?) throws -> Filing {
        try file(Self.newCase(complaint, files: files), intake: intake, idempotencyKey: idempotencyKey)
    }

    /// The same filing without waiting: `completion` gets the outcome once it is durable.
    public func fileComplaint(_ complaint: Complaint, files: [EvidenceFile], intake: Intake, idempotencyKey: IdempotencyKey?,
                              completion: @escaping @Sendable (Result<Filing, any Error>) -> Void) {
        file(Self.newCase(complaint, files: files), intake: intake, idempotencyKey: idempotencyKey, completion: completion)
    }

    /// A complaint as the shared filing path takes it: its `complaints` row and what search finds it by.
    static func newCase(_ complaint: Complaint, files: [EvidenceFile]) -> NewCase {
        NewCase(
            type: .complaint, submission: complaint.json, fingerprint: ComplaintFingerprint.of(complaint), files: files,
            searchNames: [complaint.complainant.name, complaint.complainant.organisation ?? "", complaint.rightsholderName],
            searchTitles: complaint.works.map(\.title), searchDescription: complaint.description) { caseID, connection in
                try connection.run("""
                    INSERT INTO complaints (case_id, role, complainant_name, complainant_email, rightsholder_name, category, model, work_count)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """, [.integer(caseID), .text(complaint.complainant.role.rawValue), .text(complaint.complainant.name),
                          .text(complaint.complainant.email), .text(complaint.rightsholderName), .text(complaint.category.rawValue),
                          .text(complaint.model), .integer(Int64(complaint.works.count))])
            }
    }

    /// The one filing path of every case type: the reference (a sequence per type and year), the
    /// status token (only its SHA-256 is stored), idempotency (the token kept sealed under the key),
    /// the type's own rows, the search row, the files and the `submitted` event — one durable write.
    public func file(_ newCase: NewCase, intake: Intake, idempotencyKey: IdempotencyKey?) throws -> Filing {
        do {
            return try database.write(try filing(newCase, intake: intake, idempotencyKey: idempotencyKey))
        } catch {
            duplicates.forget()  // the write may have been rolled back after the register saw it
            throw error
        }
    }

    /// The same filing without waiting: `completion` gets the outcome once it is durable (on the
    /// database's commit thread, so it should only hand the outcome on).
    public func file(_ newCase: NewCase, intake: Intake, idempotencyKey: IdempotencyKey?,
                     completion: @escaping @Sendable (Result<Filing, any Error>) -> Void) {
        do {
            database.write(try filing(newCase, intake: intake, idempotencyKey: idempotencyKey)) { [duplicates] outcome in
                if case .failure = outcome { duplicates.forget() }  // the write may have been rolled back
                completion(outcome)
            }
        } catch {
            completion(.failure(error))
        }
    }

    /// Everything a filing needs that is not in the database, done before the write (which is
    /// serialized), and the write itself.
    private func filing(_ newCase: NewCase, intake: Intake, idempotencyKey: IdempotencyKey?) throws
        -> @Sendable (Connection) throws -> Filing {
        let type = newCase.type
        let files = newCase.files
        let tokenSecret = StatusToken.secret()
        let secret = try secret()
        // Everything that needs no database is done before the write, which is serialized.
        // Stored in its canonical encoding, which is also what its hash covers: one serialization.
        let submissionBytes = newCase.submission.serializedBytes(sortedKeys: true)
        let submissionText = String(decoding: submissionBytes, as: UTF8.self)
        let submissionHash = SHA256.hexHash(submissionBytes)
        let requestHash = SHA256.hexHash(submissionBytes + Array(files.map(\.sha256).joined(separator: ",").utf8))
        let sealingKey = idempotencyKey?.sealingKey(secret: secret)
        let keyHash = idempotencyKey?.storedHash(secret: secret)
        return { [self] connection -> Filing in
            if let key = idempotencyKey, let earlier = try replay(key, requestHash: requestHash, secret: secret, connection) {
                return earlier
            }
            // The case's id is chosen here (as SQLite would: one more than the largest) because the
            // status token names it.
            let next = try connection.query("SELECT (SELECT max(id) FROM cases), (SELECT max(sequence) FROM cases WHERE type = ? AND year = ?)",
                                            [.text(type.name), .integer(Int64(intake.year))])
            let caseID = (next.first?.int64(at: 0) ?? 0) + 1
            let sequence = (next.first?.int(at: 1) ?? 0) + 1
            let token = StatusToken.make(caseID: caseID, secret: tokenSecret)
            let reference = CaseReference.make(prefix: type.referencePrefix, year: intake.year, sequence: sequence)
            let duplicateOf = try newCase.fingerprint.flatMap { try duplicates.earliest(type: type, fingerprint: $0, connection) }
            try connection.run("""
                INSERT INTO cases (id, reference, type, year, sequence, status, received_at, acknowledge_by, respond_by,
                                   status_token_hash, submission, fingerprint, duplicate_of)
                VALUES (?, ?, ?, ?, ?, 'received', ?, ?, ?, ?, ?, ?, ?)
                """, [.integer(caseID), .text(reference), .text(type.name), .integer(Int64(intake.year)), .integer(Int64(sequence)),
                      .text(UTCTimestamp.format(intake.receivedAt)),
                      intake.acknowledgeBy.map { .text(UTCTimestamp.format($0)) } ?? .null,
                      .text(UTCTimestamp.format(intake.respondBy)), .text(SHA256.hexHash(token)),
                      .text(submissionText), newCase.fingerprint.map { .text($0) } ?? .null, duplicateOf.map { .text($0) } ?? .null])
            try newCase.facts(caseID, connection)
            try CaseSearch.add(caseID: caseID, reference: reference, names: newCase.searchNames, titles: newCase.searchTitles,
                               description: newCase.searchDescription, connection)
            for (position, file) in files.enumerated() {
                try connection.run("""
                    INSERT INTO attachments (case_id, position, filename, media_type, size, sha256, content)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """, [.integer(caseID), .integer(Int64(position)), .text(file.filename), .text(file.type.mediaType),
                          .integer(Int64(file.bytes.count)), .text(file.sha256), .blob(file.bytes)])
            }
            var payload = JSONObject([("submission_sha256", .string(submissionHash))])
            payload["attachments"] = .array(files.map { .object(JSONObject([("sha256", .string($0.sha256)), ("media_type", .string($0.type.mediaType))])) })
            if let duplicateOf { payload["possible_duplicate_of"] = .string(duplicateOf) }
            for key in newCase.eventFacts.keys { payload[key] = newCase.eventFacts[key] }
            try EventLog.append(connection, caseID: caseID, reference: reference, type: "submitted", actor: type.partyActor,
                                occurredAt: intake.receivedAt, payload: .object(payload))
            if let key = idempotencyKey, let keyHash, let sealingKey {
                let sealedToken = AEAD.seal(Array(token.utf8), key: sealingKey)
                try connection.run("""
                    INSERT INTO idempotency_keys (scope, key_hash, request_hash, case_id, sealed_token, created_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """, [.text(key.scope), .text(keyHash), .text(requestHash), .integer(caseID),
                          .blob(sealedToken), .text(UTCTimestamp.format(intake.receivedAt))])
            }
            if let fingerprint = newCase.fingerprint { duplicates.add(caseID: caseID, type: type, fingerprint: fingerprint) }
            let receipt = Receipt(reference: reference, status: "received", receivedAt: intake.receivedAt,
                                  acknowledgeBy: intake.acknowledgeBy, respondBy: intake.respondBy, statusToken: token)
            return .created(receipt, duplicateOf: duplicateOf)
        }
    }

    private func replay(_ key: IdempotencyKey, requestHash: String, secret: [UInt8], _ connection: Connection) throws -> Filing? {
        guard let row = try connection.query("""
            SELECT k.request_hash, k.sealed_token, c.reference, c.status, c.received_at, c.acknowledge_by, c.respond_by
            FROM idempotency_keys k JOIN cases c ON c.id = k.case_id WHERE k.scope = ? AND k.key_hash = ?
            """, [.text(key.scope), .text(key.storedHash(secret: secret))]).first else { return nil }
        guard row.string("request_hash") == requestHash else { return .keyReused }
        guard let sealed = row.blob("sealed_token"), let token = AEAD.open(sealed, key: key.sealingKey(secret: secret)),
              let reference = row.string("reference"), let status = row.string("status"),
              let receivedAt = row.string("received_at").flatMap(UTCTimestamp.parse),
              let respondBy = row.string("respond_by").flatMap(UTCTimestamp.parse) else { return .keyReused }
        return .replayed(Receipt(reference: reference, status: status, receivedAt: receivedAt,
                                 acknowledgeBy: row.string("acknowledge_by").flatMap(UTCTimestamp.parse),
                                 respondBy: respondBy, statusToken: String(decoding: token, as: UTF8.self)))
    }

    /// Reads every case's duplicate-detection fingerprint into memory now (the first filing would
    /// otherwise do it, holding the writer); returns how many distinct fingerprints there are.
    @discardableResult
    public func loadDuplicateRegister() throws -> Int {
        try database.read { try duplicates.catchUp($0) }
        return duplicates.count
    }

    // MARK: Status

    /// The case a status token belongs to, or nil. A token names its case (`StatusToken`): the case
    /// is read by its id and the token's SHA-256 compared with the stored one in constant time, so
    /// the time does not depend on how much of a wrong token is right. A token from before
    /// migration 0009 is looked up by its hash.
    public func status(token: String) throws -> CaseStatus? {
        guard token.utf8.count <= StatusToken.maximumLength else { return nil }
        let presented = SHA256.hexHash(token)
        return try database.read { connection in
            guard let caseID = StatusToken.caseID(in: token) else {
                return try connection.query(CaseStatus.selectSQL + " WHERE id = (SELECT case_id FROM legacy_status_tokens WHERE token_hash = ?)",
                                            [.text(presented)]).first.flatMap(CaseStatus.init(row:))
            }
            return Self.status(try connection.query(CaseStatus.selectSQL + " WHERE id = ?", [.integer(caseID)]).first,
                               ifTokenHashIs: presented)
        }
    }

    /// The case with this reference if `token` is its status token; nil for a wrong reference or a
    /// wrong token alike, after the same work, so neither answer nor timing tells them apart.
    public func status(reference: String, token: String) throws -> CaseStatus? {
        let presented = SHA256.hexHash(String(token.prefix(StatusToken.maximumLength)))
        return try database.read { connection in
            Self.status(try connection.query(CaseStatus.selectSQL + " WHERE reference = ?", [.text(reference)]).first,
                        ifTokenHashIs: presented)
        }
    }

    /// The case of `row` if its stored token hash is `presented`; the comparison takes the same
    /// time whether there is no row, a wrong token or the right one.
    private static func status(_ row: Row?, ifTokenHashIs presented: String) -> CaseStatus? {
        let stored = Array((row?.string("status_token_hash") ?? absentHash).utf8)
        guard ConstantTime.equals(Array(presented.utf8), stored), let row else { return nil }
        return CaseStatus(row: row)
    }

    private static let absentHash = String(repeating: "f", count: 64)
}

/// The case a status token opens: who the party may ask about (its full view is `CaseView.partyJSON`).
public struct CaseStatus: Sendable, Equatable {
    /// The case's row id, to load its events.
    public let id: Int64
    public let reference: String
    public let type: String
    public let status: String
    public let receivedAt: Int64
    public let acknowledgeBy: Int64?
    public let respondBy: Int64

    static let selectSQL = "SELECT id, reference, type, status, received_at, acknowledge_by, respond_by, status_token_hash FROM cases"

    init?(row: Row) {
        guard let id = row.int64("id"), let reference = row.string("reference"), let type = row.string("type"), let status = row.string("status"),
              let receivedAt = row.string("received_at").flatMap(UTCTimestamp.parse),
              let respondBy = row.string("respond_by").flatMap(UTCTimestamp.parse) else { return nil }
        self.id = id
        self.reference = reference
        self.type = type
        self.status = status
        self.receivedAt = receivedAt
        self.acknowledgeBy = row.string("acknowledge_by").flatMap(UTCTimestamp.parse)
        self.respondBy = respondBy
    }
}

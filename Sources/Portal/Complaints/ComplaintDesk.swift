import JSON

/// The one path every complaint takes, from the form or the API: validate the submission and
/// its files, compute the dates promised, store it durably, and hand back the receipt.
public struct ComplaintDesk: Sendable {
    public let configuration: OperatorConfiguration
    public let store: CaseStore
    /// Sets the dates promised on the receipt, by the complaint policy.
    public let workflow: CaseWorkflow
    public var zone: TimeZoneRules { workflow.calendar.zone }

    public init(configuration: OperatorConfiguration, store: CaseStore, workflow: CaseWorkflow) {
        self.configuration = configuration
        self.store = store
        self.workflow = workflow
    }

    /// A file as uploaded, before its type is known.
    public struct Upload: Sendable {
        public let filename: String
        public let bytes: [UInt8]

        public init(filename: String, bytes: [UInt8]) {
            self.filename = filename
            self.bytes = bytes
        }
    }

    public typealias Outcome = DeskOutcome

    /// Validates and files a complaint received at `now` (seconds since the epoch).
    public func submit(_ submission: JSONValue, uploads: [Upload], idempotencyKey: IdempotencyKey?, now: Int64) throws -> Outcome {
        switch check(submission, uploads: uploads, now: now) {
        case .invalid(let errors):
            return .invalid(errors)
        case .valid(let complaint, let files, let intake):
            return DeskOutcome(try store.fileComplaint(complaint, files: files, intake: intake, idempotencyKey: idempotencyKey))
        }
    }

    /// The same without waiting for the write: `completion` gets the outcome once the complaint is
    /// durable (on the database's commit thread), or at once when it is invalid.
    public func submit(_ submission: JSONValue, uploads: [Upload], idempotencyKey: IdempotencyKey?, now: Int64,
                       completion: @escaping @Sendable (Result<Outcome, any Error>) -> Void) {
        switch check(submission, uploads: uploads, now: now) {
        case .invalid(let errors):
            completion(.success(.invalid(errors)))
        case .valid(let complaint, let files, let intake):
            store.fileComplaint(complaint, files: files, intake: intake, idempotencyKey: idempotencyKey) { result in
                completion(result.map(DeskOutcome.init))
            }
        }
    }

    private enum Check {
        case valid(Complaint, [EvidenceFile], CaseStore.Intake)
        case invalid([FieldError])
    }

    /// The one validation of both: the submission, the files (by their content), the dates promised.
    private func check(_ submission: JSONValue, uploads: [Upload], now: Int64) -> Check {
        let validator = ComplaintValidator(models: configuration.models.map(\.name), today: zone.localDate(at: now))
        var errors: [FieldError] = []
        var complaint: Complaint?
        switch validator.validate(submission) {
        case .success(let valid): complaint = valid
        case .failure(let failure): errors = failure.errors
        }
        var files: [EvidenceFile] = []
        if uploads.count > EvidenceFile.maxFiles {
            errors.append(FieldError("files", "Attach at most \(EvidenceFile.maxFiles) files."))
        }
        for (index, upload) in uploads.prefix(EvidenceFile.maxFiles).enumerated() {
            if upload.bytes.count > EvidenceFile.maxBytes {
                errors.append(FieldError("files[\(index)]", "\(Self.displayName(upload.filename)) is larger than 10 MB; attach a smaller file."))
            } else if let type = FileSniffer.detect(upload.bytes) {
                files.append(EvidenceFile(filename: Self.displayName(upload.filename), type: type, bytes: upload.bytes))
            } else {
                errors.append(FieldError("files[\(index)]",
                                         "\(Self.displayName(upload.filename)) must be a PDF, PNG, JPEG, plain text or CSV file."))
            }
        }
        guard errors.isEmpty, let complaint else { return .invalid(errors) }
        guard let intake = workflow.intake(for: .complaint, at: now) else { return .invalid([]) }
        return .valid(complaint, files, intake)
    }

    /// A file name fit to show and store: no path, no control characters, at most 200 characters.
    static func displayName(_ name: String) -> String {
        let cleaned = TextNormalization.cleanText(name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? "")
        if cleaned.isEmpty { return "file" }
        return String(cleaned.prefix(200))
    }
}

import HTTPServer
import JSON
import Portal

/// The problem document for each way a change to a case can be refused.
extension APIProblem {
    init(_ error: WorkflowError) {
        switch error {
        case .caseNotFound:
            self.init(.notFound, type: "/problems/case-not-found", title: "No such case", detail: "No case has this reference.")
        case .attachmentNotFound:
            self.init(.notFound, type: "/problems/attachment-not-found", title: "No such attachment",
                      detail: "This case has no attachment with this id.")
        case .invalid(let errors):
            self.init(.unprocessableContent, type: "/problems/invalid-request", title: "The request is incomplete or wrong",
                      detail: "Correct the fields listed in errors and send it again.", errors: errors)
        case .illegalTransition(let from, let to, let allowed):
            self.init(.conflict, type: "/problems/illegal-transition", title: "This transition is not allowed",
                      detail: "A case cannot move from \(from) to \(to). "
                          + (allowed.isEmpty ? "No transition is allowed from \(from) for your role." : "Allowed from \(from): \(allowed.joined(separator: ", "))."),
                      extensions: [("current_status", .string(from)), ("allowed", .array(allowed.map { .string($0) }))])
        case .conflict(let detail):
            self.init(.conflict, type: "/problems/case-state", title: "Not possible in the case's current state", detail: detail)
        case .preconditionFailed(let current):
            self.init(.preconditionFailed, type: "/problems/case-changed", title: "The case changed",
                      detail: "The case changed since the version named in If-Match; fetch it again and retry.",
                      headers: [HTTPHeader("ETag", current)])
        case .forbidden(let detail):
            self.init(.forbidden, type: "/problems/insufficient-role", title: "Your role does not allow this", detail: detail)
        }
    }

    /// Runs a workflow call, turning its refusals into problem documents.
    static func mapping<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as WorkflowError {
            throw APIProblem(error)
        }
    }
}

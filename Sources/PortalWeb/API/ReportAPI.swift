import HTTPServer
import JSON
import Portal

/// GET /api/v1/reports/summary?from=&to= (the summary report) and GET /api/v1/cases.csv (the
/// queue, with the queue's filters, as a spreadsheet-safe CSV file). Any staff role may read them.
enum ReportAPI {
    static let csvColumns = ["reference", "type", "status", "received_at", "assignee", "next_deadline", "next_deadline_due",
                             "deadline_state", "duplicate_of", "outcome", "category", "party", "subject"]

    static func register(on router: inout Router, context: PortalContext) {
        router.get("/api/v1/reports/summary") { request in
            _ = try StaffAuthentication.member(request, context: context, needs: .read)
            var errors: [FieldError] = []
            var dates: [String: LocalDate] = [:]
            for (name, value) in request.queryItems {
                guard name == "from" || name == "to" else {
                    errors.append(FieldError(name, "Remove this parameter: the report takes from and to."))
                    continue
                }
                guard let date = LocalDate(iso8601: value) else {
                    errors.append(FieldError(name, "Give a date as YYYY-MM-DD."))
                    continue
                }
                dates[name] = date
            }
            if let from = dates["from"], let to = dates["to"], from > to {
                errors.append(FieldError("to", "The end of the period must not be before its start."))
            }
            guard errors.isEmpty else { throw APIProblem(WorkflowError.invalid(errors)) }
            let report = CaseReport(from: dates["from"], to: dates["to"])
            return APIResponse.json(try report.json(index: context.index, zone: context.desk.zone, now: context.now()),
                                    headers: CaseAPI.noStore)
        }
        router.get("/api/v1/cases.csv") { request in
            let member = try StaffAuthentication.member(request, context: context, needs: .read)
            let query = try CaseAPI.parseQuery(request, me: member.name, paginated: false)
            let page = try context.queue.page(query, now: context.now(), unlimited: true)
            var text = CSV.record(csvColumns)
            for item in page.items {
                text += CSV.record([
                    item.entry.reference, item.entry.type.name, item.entry.status, UTCTimestamp.format(item.entry.receivedAt),
                    item.entry.assignee ?? "", item.next?.kind.rawValue ?? "", item.next.map { UTCTimestamp.format($0.due) } ?? "",
                    item.next?.state.rawValue ?? "", item.entry.history.decidedDuplicateOf ?? item.entry.duplicateOf ?? "", item.entry.history.outcome ?? "", item.entry.category,
                    item.entry.party, item.entry.subject,
                ])
            }
            return Response(status: .ok, headers: [
                HTTPHeader("Content-Type", "text/csv; charset=utf-8; header=present"),
                HTTPHeader("Content-Disposition", ContentDisposition.attachment(filename: "cases.csv")),
                HTTPHeader("X-Content-Type-Options", "nosniff"), HTTPHeader("Cache-Control", "no-store"),
            ], body: Array(text.utf8))
        }
    }
}

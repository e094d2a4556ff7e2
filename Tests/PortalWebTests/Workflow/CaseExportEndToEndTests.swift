import Foundation
import HTTPTestSupport
import Portal
import Testing

/// GET /api/v1/cases.csv over a real socket: RFC 4180 quoting, CRLF line ends, a header row,
/// the queue's filters, and cells a spreadsheet would run as a formula neutralised with `'`.
@Suite struct CaseExportEndToEndTests {
    static let header = "reference,type,status,received_at,assignee,next_deadline,next_deadline_due,deadline_state,"
        + "duplicate_of,outcome,category,party,subject"
    static let hyperlink = "=HYPERLINK(\"http://evil.example\",\"x\")"

    /// An RFC 4180 reader, written here so the export is checked independently: records end with
    /// CRLF; a quoted field may hold commas, CR, LF and doubled quotes.
    static func parse(_ text: String) -> (records: [[String]], wellFormed: Bool) {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var quoted = false
        var wellFormed = true
        let scalars = Array(text.unicodeScalars)
        var index = 0
        var atFieldStart = true
        while index < scalars.count {
            let c = scalars[index]
            if quoted {
                if c == "\"" {
                    if index + 1 < scalars.count, scalars[index + 1] == "\"" {
                        field.unicodeScalars.append("\"")
                        index += 1
                    } else {
                        quoted = false
                    }
                } else {
                    field.unicodeScalars.append(c)
                }
            } else if c == "\"" && atFieldStart {
                quoted = true
            } else if c == "\"" {
                wellFormed = false  // a quote inside an unquoted field
                field.unicodeScalars.append(c)
            } else if c == "," {
                record.append(field)
                field = ""
                atFieldStart = true
                index += 1
                continue
            } else if c == "\r" {
                guard index + 1 < scalars.count, scalars[index + 1] == "\n" else {
                    wellFormed = false
                    index += 1
                    continue
                }
                record.append(field)
                records.append(record)
                record = []
                field = ""
                atFieldStart = true
                index += 2
                continue
            } else if c == "\n" {
                wellFormed = false  // a bare LF ends no record
                field.unicodeScalars.append(c)
            } else {
                field.unicodeScalars.append(c)
            }
            atFieldStart = false
            index += 1
        }
        if quoted || !field.isEmpty || !record.isEmpty { wellFormed = false }  // the last record must end with CRLF
        return (records, wellFormed)
    }

    private func export(_ portal: PortalTestServer, _ query: String = "", as staff: StaffCredential,
                        sourceLocation: SourceLocation = #_sourceLocation) throws -> (text: String, rows: [[String: String]]) {
        let response = try portal.staffGet("/api/v1/cases.csv" + (query.isEmpty ? "" : "?" + query), as: staff)
        try #require(response.status == 200, "\(query): \(response.status) \(response.text)", sourceLocation: sourceLocation)
        let (records, wellFormed) = Self.parse(response.text)
        #expect(wellFormed, "not RFC 4180: \(response.text)", sourceLocation: sourceLocation)
        let columns = try #require(records.first, sourceLocation: sourceLocation)
        #expect(columns.joined(separator: ",") == Self.header, sourceLocation: sourceLocation)
        for record in records { #expect(record.count == columns.count, "\(record)", sourceLocation: sourceLocation) }
        let rows = records.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(columns, $0)) }
        return (response.text, rows)
    }

    @Test func formulaLookingTitlesAndNamesAreNeutralisedAndQuotedPerRFC4180() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        let carol = try portal.staff("carol", .auditor)
        let hyperlink = try portal.fileComplaint(CaseQueueEndToEndTests.complaint(title: Self.hyperlink))
        let plus = try portal.fileComplaint(CaseQueueEndToEndTests.complaint(title: "+33 1 23 45 67 89", organisation: "+Plus Editions, SA"))
        let minus = try portal.fileComplaint(CaseQueueEndToEndTests.complaint(title: "-2+3", organisation: "@Evil Corp"))
        let at = try portal.fileComplaint(CaseQueueEndToEndTests.complaint(title: "@SUM(A1:A9)",
                                                                           organisation: "=cmd|' /C calc'!A0"))
        let plain = try portal.fileComplaint(CaseQueueEndToEndTests.complaint(title: "Le \"Grand\" Livre, tome 2"))

        let response = try portal.staffGet("/api/v1/cases.csv?sort=received", as: carol)

        #expect(response.status == 200, "\(response.text)")
        #expect(response.mediaType == "text/csv")
        #expect(response.header("Content-Type")?.contains("charset=utf-8") == true)
        #expect(response.header("Content-Disposition")?.hasPrefix("attachment") == true)
        #expect(response.header("Content-Disposition")?.contains("cases.csv") == true)
        #expect(response.header("X-Content-Type-Options") == "nosniff")
        let text = response.text
        #expect(text.hasPrefix(Self.header + "\r\n"))
        #expect(text.hasSuffix("\r\n"))
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "every line ends with CRLF")
        // The exact lines: quotes doubled, fields with commas or quotes quoted, formulas prefixed with '.
        let lines = text.components(separatedBy: "\r\n")
        try #require(lines.count == 7, "\(lines)")
        #expect(lines[1] == "\(hyperlink.reference),complaint,received,2026-11-28T10:12:00Z,,acknowledge,2026-12-02T22:59:59Z,on_track,,,"
            + "robots_txt_ignored,Example Publishing SA,\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\"")
        #expect(lines[2].hasSuffix(",\"'+Plus Editions, SA\",'+33 1 23 45 67 89"), "\(lines[2])")
        #expect(lines[3].hasSuffix(",'@Evil Corp,'-2+3"), "\(lines[3])")
        #expect(lines[4].hasSuffix(",'=cmd|' /C calc'!A0,'@SUM(A1:A9)"), "\(lines[4])")
        #expect(lines[5].hasSuffix(",Example Publishing SA,\"Le \"\"Grand\"\" Livre, tome 2\""), "\(lines[5])")
        #expect(lines[6] == "")

        // Read back as a spreadsheet would: every value intact after its leading '.
        let rows = try export(portal, "sort=received", as: carol).rows
        try #require(rows.count == 5)
        let byReference = Dictionary(uniqueKeysWithValues: rows.map { ($0["reference"] ?? "", $0) })
        #expect(byReference[hyperlink.reference]?["subject"] == "'" + Self.hyperlink)
        #expect(byReference[plus.reference]?["subject"] == "'+33 1 23 45 67 89")
        #expect(byReference[plus.reference]?["party"] == "'+Plus Editions, SA")
        #expect(byReference[minus.reference]?["subject"] == "'-2+3")
        #expect(byReference[minus.reference]?["party"] == "'@Evil Corp")
        #expect(byReference[at.reference]?["subject"] == "'@SUM(A1:A9)")
        #expect(byReference[at.reference]?["party"] == "'=cmd|' /C calc'!A0")
        #expect(byReference[plain.reference]?["subject"] == "Le \"Grand\" Livre, tome 2")
        for row in rows {
            for (column, value) in row {
                if let first = value.unicodeScalars.first {
                    #expect(!["=", "+", "-", "@"].contains(first), "\(column) of \(row["reference"] ?? "?") starts a formula: \(value)")
                }
            }
        }
    }

    @Test func exportTakesTheQueueFiltersAndItsOrder() throws {
        let fixture = try CaseQueueEndToEndTests.Fixture()
        let portal = fixture.portal
        defer { portal.stop() }
        let carol = try portal.staff("carol", .auditor)

        func references(_ query: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String] {
            try export(portal, query, as: carol, sourceLocation: sourceLocation).rows.compactMap { $0["reference"] }
        }

        #expect(try references("") == CaseQueueEndToEndTests.refs(1, 3, 5, 4, 2), "the queue's default order")
        #expect(try references("sort=received") == CaseQueueEndToEndTests.refs(1, 2, 3, 4, 5))
        #expect(try references("deadline=overdue") == CaseQueueEndToEndTests.refs(1, 3))
        #expect(try references("deadline=very_overdue") == CaseQueueEndToEndTests.refs(1))
        #expect(try references("deadline=due_soon") == CaseQueueEndToEndTests.refs(5))
        #expect(try references("status=closed") == CaseQueueEndToEndTests.refs(2))
        #expect(try references("assignee=alice") == CaseQueueEndToEndTests.refs(4))
        #expect(try references("assignee=none") == CaseQueueEndToEndTests.refs(1, 5, 2))
        #expect(try references("q=flaubert") == CaseQueueEndToEndTests.refs(4))
        #expect(try references("type=complaint&status=received") == CaseQueueEndToEndTests.refs(1, 3, 5))
        let bovary = try #require(try export(portal, "q=bovary", as: carol).rows.first)
        #expect(bovary["assignee"] == "alice")
        #expect(bovary["next_deadline"] == "respond")
        #expect(bovary["next_deadline_due"] == "2027-01-09T22:59:59Z")
        #expect(bovary["deadline_state"] == "on_track")
        #expect(bovary["party"] == "Editions Rouen")
        #expect(bovary["subject"] == "Madame Bovary")
        let closed = try #require(try export(portal, "status=closed", as: carol).rows.first)
        #expect(closed["outcome"] == "rejected")
        #expect(closed["next_deadline"] == "")
        // Only the header when nothing matches.
        let empty = try portal.staffGet("/api/v1/cases.csv?q=nothingmatchesthis", as: carol)
        #expect(empty.text == Self.header + "\r\n")
    }

    @Test func exportWithWrongParametersGets422OrWithoutATokenGets401() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        let carol = try portal.staff("carol", .auditor)
        _ = try portal.fileComplaint()

        for (query, field) in [("deadline=late", "deadline"), ("sort=title", "sort"), ("status=open", "status")] {
            let response = try portal.staffGet("/api/v1/cases.csv?\(query)", as: carol)
            #expect(response.status == 422, "\(query): \(response.text)")
            #expect(response.errorFields == [field], "\(query): \(response.text)")
        }
        let anonymous = try portal.get("/api/v1/cases.csv")
        #expect(anonymous.status == 401)
        #expect(anonymous.header("WWW-Authenticate")?.hasPrefix("Bearer") == true)
        #expect(!anonymous.text.contains("CPL-2026-000001"))
    }
}

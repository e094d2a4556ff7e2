import Foundation
import HTTPTestSupport
import Portal
import PortalWeb
import SQLite
import Testing

/// A required field left out of the form, and what the page must say about it.
struct MissingFormField: Sendable, CustomTestStringConvertible {
    /// The form it is left out of: the representative form has the rightsholder fields.
    let representative: Bool
    let name: String
    /// Radios and checkboxes are not sent at all when left alone; other fields are sent empty.
    let omitted: Bool
    let message: String

    var testDescription: String { name }

    static let all: [MissingFormField] = [
        .init(representative: false, name: "complainant.role", omitted: true,
              message: "Select whether you hold the rights, represent the rightsholder, or are a collective management organisation."),
        .init(representative: false, name: "complainant.name", omitted: false, message: "Enter your full name."),
        .init(representative: false, name: "complainant.email", omitted: false, message: "Enter your email address."),
        .init(representative: false, name: "complainant.country", omitted: false, message: "Select your country."),
        .init(representative: true, name: "complainant.organisation", omitted: false,
              message: "Enter the name of the organisation you work for, or your own name if you act alone."),
        .init(representative: true, name: "rightsholder.name", omitted: false, message: "Enter the name of the rightsholder you act for."),
        .init(representative: true, name: "rightsholder.mandate", omitted: false,
              message: "Describe your mandate to act for the rightsholder: its date, scope and who gave it."),
        .init(representative: false, name: "works[0].title", omitted: false, message: "Give the title of the work."),
        .init(representative: false, name: "works[0].type", omitted: false, message: "Select the type of the work."),
        .init(representative: false, name: "works[0].rights_reservation", omitted: false,
              message: "Select how the rights in the work were reserved, or \"No reservation\"."),
        .init(representative: false, name: "category", omitted: true, message: "Select what the complaint is about."),
        .init(representative: false, name: "model", omitted: false, message: "Select the model concerned, or \"I don't know\"."),
        .init(representative: false, name: "description", omitted: false,
              message: "Describe what happened: what was collected or produced, when, and why it breaches your rights."),
        .init(representative: false, name: "declarations.good_faith", omitted: true,
              message: "Confirm that you make this complaint in good faith."),
        .init(representative: false, name: "declarations.accurate_and_complete", omitted: true,
              message: "Confirm that the information is accurate and complete."),
    ]
}

/// GET /complaints/new and POST /complaints over a real socket: the form as a browser sends it,
/// urlencoded or multipart, with its signed token, honeypot, errors and receipt.
@Suite struct ComplaintFormEndToEndTests {
    static let script = "<script>alert(1)</script>"
    static let breakout = "\"><img src=x onerror=alert(1)>"
    static let hostile = breakout + script

    // MARK: The blank form

    @Test func blankFormIsAMultipartPostToComplaintsWithASignedTokenAndAHiddenHoneypot() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }

        let (page, token) = try portal.newComplaintForm()

        #expect(page.status == 200)
        expectWellFormedPortalPage(page, "the blank form")
        let html = HTML(page.text)
        let form = try #require(html.tags("form").first)
        #expect(form["method"] == "post")
        #expect(form["action"] == "/complaints")
        #expect(form["enctype"] == "multipart/form-data")
        #expect(html.tags("input").first { $0["name"] == "form_token" }?["type"] == "hidden")
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        #expect(parts.count == 4 && parts[0] == "v1", "\(token)")
        #expect(parts.count > 1 && parts[1] == Substring(String(TestClock.fixedNow)), "the token holds the time it was issued: \(token)")
        let honeypot = try #require(html.element(id: "website"))
        #expect(honeypot["tabindex"] == "-1")
        #expect(honeypot["autocomplete"] == "off")
        #expect(honeypot["value"] == nil || honeypot["value"] == "")
        #expect(!html.hasErrorSummary)
        #expect(html.selectedOptions(selectID: "model") == [""])
        // The models a complaint may name are the configured ones, and "unknown".
        let models = html.tags("option").compactMap { $0["value"] }
        #expect(models.contains("example-model-1") && models.contains("example-model-2") && models.contains("unknown"))
        // One radio per complaint category, named as in the API.
        #expect(Set(html.tags("input").filter { $0["name"] == "category" }.compactMap { $0["value"] })
                == Set(ComplaintCategory.allCases.map(\.rawValue)))
        #expect(html.element(id: "works-0-title") != nil)
        #expect(html.element(id: "works-1-title") == nil)
        // Each visit gets its own token.
        #expect(try portal.newComplaintForm().token != token)
    }

    // MARK: Receipts

    @Test func completeFormSentURLEncodedGetsTheReceiptPageWithReferenceCodeAndDatesInWords() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }

        let response = try portal.fillAndSend(ComplaintForm.rightsholder())

        #expect(response.status == 201, "\(response.text)")
        #expect(response.header("Cache-Control") == "no-store")
        expectWellFormedPortalPage(response, "the receipt")
        let receipt = try ReceiptPage(response)
        #expect(receipt.reference == "CPL-2026-000001")
        #expect(receipt.statusCode.count >= 22, "a status code of 128 bits or more: \(receipt.statusCode)")
        #expect(receipt.statusCode.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
        // 2026-11-28T10:12:05Z in Brussels, then the configured targets of 4 and 30 days.
        let text = response.text
        #expect(text.contains("Saturday 28 November 2026, 11:12 CET"), "\(text)")
        #expect(text.contains("Wednesday 2 December 2026, 23:59 CET"))
        #expect(text.contains("Monday 28 December 2026, 23:59 CET"))
        // The code is shown, never put into a link.
        let html = HTML(text)
        #expect(!html.tags.contains { tag in tag.attributes.values.contains { $0.contains(receipt.statusCode) } })

        let row = try #require(try portal.rows("SELECT reference, status, received_at, status_token_hash FROM cases").first)
        #expect(try portal.count("cases") == 1)
        #expect(row.string("reference") == "CPL-2026-000001")
        #expect(row.string("status") == "received")
        #expect(row.string("received_at") == "2026-11-28T10:12:05Z")
        #expect(row.string("status_token_hash") == TestSHA256.hex(Array(receipt.statusCode.utf8)))
        let complaint = try #require(try portal.rows("SELECT * FROM complaints").first)
        #expect(complaint.string("role") == "rightsholder")
        #expect(complaint.string("complainant_name") == "Jane Doe")
        #expect(complaint.string("complainant_email") == "jane@example.org")
        #expect(complaint.string("category") == "robots_txt_ignored")
        #expect(complaint.string("model") == "example-model-1")
        #expect(complaint.int("work_count") == 1)
        // The evidence links typed one per line become a list.
        let submission = try #require(try portal.rows("SELECT submission FROM cases").first?.string("submission"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(submission.utf8)) as? [String: Any])
        #expect(json["evidence_urls"] as? [String] == ["https://publisher.example/logs/2026-10.txt",
                                                        "https://publisher.example/logs/2026-11.txt"])
        #expect(try portal.count("attachments") == 0)
        #expect(portal.handlerErrors.isEmpty)
    }

    @Test func completeFormSentAsMultipartWithAPDFStoresTheFileAsPDFWithItsHash() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }

        // The type comes from the content, not from what the browser claims.
        let response = try portal.fillAndSend(ComplaintForm.rightsholder(),
                                              files: [("crawl-log.pdf", "application/octet-stream", EvidenceSamples.pdf)])

        #expect(response.status == 201, "\(response.text)")
        #expect(response.header("Cache-Control") == "no-store")
        let receipt = try ReceiptPage(response)
        #expect(receipt.reference == "CPL-2026-000001")
        let rows = try portal.rows("""
            SELECT a.filename, a.media_type, a.size, a.sha256, a.content FROM attachments a
            JOIN cases c ON c.id = a.case_id WHERE c.reference = 'CPL-2026-000001'
            """)
        #expect(rows.count == 1)
        let attachment = try #require(rows.first)
        #expect(attachment.string("filename") == "crawl-log.pdf")
        #expect(attachment.string("media_type") == "application/pdf")
        #expect(attachment.int("size") == EvidenceSamples.pdf.count)
        #expect(attachment.string("sha256") == TestSHA256.hex(EvidenceSamples.pdf))
        #expect(attachment.blob("content") == EvidenceSamples.pdf)
        #expect(try portal.rows("SELECT complainant_email FROM complaints").first?.string("complainant_email") == "jane@example.org")
    }

    @Test func multipartFormWithTheFileInputLeftEmptyIsFiledWithoutAttachments() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }

        let response = try portal.fillAndSend(ComplaintForm.rightsholder(), files: [])

        #expect(response.status == 201, "\(response.text)")
        #expect(try portal.count("cases") == 1)
        #expect(try portal.count("attachments") == 0)
    }

    // MARK: Reloads and double clicks

    @Test func reloadedFormReturnsTheFirstReceiptAndFilesOnlyOneCase() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        let form = ComplaintForm.rightsholder()
        let token = try portal.newComplaintForm().token
        portal.clock.advance(by: 5)

        let first = try portal.postForm(form.withToken(token))
        portal.clock.advance(by: 40)
        let reload = try portal.postForm(form.withToken(token))

        #expect(first.status == 201, "\(first.text)")
        #expect(reload.status == 201, "\(reload.text)")
        let a = try ReceiptPage(first), b = try ReceiptPage(reload)
        #expect(b.reference == a.reference)
        #expect(b.statusCode == a.statusCode)
        #expect(reload.header("Cache-Control") == "no-store")
        // The first receipt, with its own time, not the reload's.
        #expect(reload.text.contains("Saturday 28 November 2026, 11:12 CET"))
        #expect(try portal.count("cases") == 1)
        #expect(try portal.count("complaints") == 1)
        #expect(try portal.count("case_events") == 1)
        // The code shown again still opens the status page.
        #expect(try portal.checkStatus(reference: b.reference, code: b.statusCode).status == 200)
    }

    @Test func doubleClickedMultipartFormWithAFileStoresTheFileOnce() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        let token = try portal.newComplaintForm().token
        portal.clock.advance(by: 5)
        let body = ComplaintForm.multipart(ComplaintForm.rightsholder().withToken(token),
                                           files: [("crawl-log.pdf", "application/pdf", EvidenceSamples.pdf)])

        let first = try portal.postForm(body)
        let second = try portal.postForm(body)

        #expect(first.status == 201, "\(first.text)")
        #expect(second.status == 201, "\(second.text)")
        #expect(try ReceiptPage(second).reference == ReceiptPage(first).reference)
        #expect(try ReceiptPage(second).statusCode == ReceiptPage(first).statusCode)
        #expect(try portal.count("cases") == 1)
        #expect(try portal.count("attachments") == 1)
    }

    @Test func formTokenUsedAgainForADifferentComplaintFilesNothingNew() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        let token = try portal.newComplaintForm().token
        portal.clock.advance(by: 5)
        var changed = ComplaintForm.rightsholder()
        changed["works[0].title"] = "Another Book"

        let first = try portal.postForm(ComplaintForm.rightsholder().withToken(token))
        let second = try portal.postForm(changed.withToken(token))

        #expect(first.status == 201)
        #expect(second.status == 409, "\(second.text)")
        expectWellFormedPortalPage(second, "the form already sent")
        #expect(second.text.contains("already sent"))
        #expect(HTML(second.text).tags("a").contains { $0["href"] == "/complaints/new" })
        // Neither the first reference nor its code is shown to whoever holds the token.
        let receipt = try ReceiptPage(first)
        #expect(!second.text.contains(receipt.statusCode))
        #expect(try portal.count("cases") == 1)
        #expect(try portal.rows("SELECT json_extract(submission, '$.works[0].title') AS t FROM cases").first?.string("t") == "Le Livre")
    }

    // MARK: Validation

    @Test(arguments: MissingFormField.all)
    func eachMissingRequiredFieldIsReportedBesideItsFieldWithEverythingElseKept(_ missing: MissingFormField) throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        var form = missing.representative ? ComplaintForm.representative() : ComplaintForm.rightsholder()
        form[missing.name] = missing.omitted ? nil : ""
        let id = fieldID(missing.name)

        let response = try portal.fillAndSend(form)

        #expect(response.status == 422, "\(response.text)")
        expectWellFormedPortalPage(response, "the form refused for \(missing.name)")
        let html = HTML(response.text)
        #expect(html.tags("title").isEmpty == false)
        #expect(response.text.contains("<title>Error: "), "the title says there is an error")
        expectFieldError(html, field: id, message: missing.message)
        #expect(html.errorSummaryLinks == ["#\(id)"], "only this field is in error: \(html.errorSummaryLinks)")
        #expect(html.element(id: id)?["aria-invalid"] == "true" || html.tags("fieldset").contains { ($0["aria-describedby"] ?? "").contains("\(id)-error") },
                "the control (or its group) is marked invalid and described by the message")
        expectValuesKept(html, form, except: [missing.name])
        #expect(!response.text.contains("Attach them again"), "no file was sent, so none is said to be lost")
        // The same signed token comes back, so the corrected form is the same form.
        #expect(html.value(ofInputNamed: "form_token") != nil)
        #expect(try portal.count("cases") == 0)
        #expect(try portal.count("case_events") == 0)
    }

    @Test func correctedFormSentAgainFromTheRefusedPageIsFiled() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        var form = ComplaintForm.rightsholder()
        form["complainant.name"] = ""

        let refused = try portal.fillAndSend(form)
        #expect(refused.status == 422)
        let token = try #require(HTML(refused.text).value(ofInputNamed: "form_token"))
        form["complainant.name"] = "Jane Doe"
        portal.clock.advance(by: 30)
        let accepted = try portal.postForm(form.withToken(token))

        #expect(accepted.status == 201, "\(accepted.text)")
        #expect(try ReceiptPage(accepted).reference == "CPL-2026-000001")
        #expect(try portal.count("cases") == 1)
    }

    @Test func emptyFormListsEveryRequiredFieldEachLinkedToItsControl() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        // As a browser sends the untouched form: every text field and select empty, no radio
        // chosen, no box ticked.
        var blank = ComplaintForm.rightsholder()
        for (name, _) in blank.fields { blank[name] = "" }
        for missing in MissingFormField.all where missing.omitted { blank[missing.name] = nil }
        let token = try portal.newComplaintForm().token
        portal.clock.advance(by: 5)

        let response = try portal.postForm(blank.withToken(token))

        #expect(response.status == 422, "\(response.text)")
        let html = HTML(response.text)
        for missing in MissingFormField.all where !missing.representative {
            expectFieldError(html, field: fieldID(missing.name), message: missing.message)
        }
        #expect(try portal.count("cases") == 0)
    }

    @Test func secondWorkBlockGetsItsOwnErrors() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        var form = ComplaintForm.rightsholder()
        form["works[1].title"] = "Second Book"
        form["works[1].type"] = ""
        form["works[1].identifier"] = ""
        form["works[1].location"] = ""
        form["works[1].rights_reservation"] = "terms"

        let response = try portal.fillAndSend(form)

        #expect(response.status == 422, "\(response.text)")
        let html = HTML(response.text)
        expectFieldError(html, field: "works-1-type", message: "Select the type of the work.")
        #expect(html.errorSummaryLinks == ["#works-1-type"])
        #expect(html.element(id: "works-0-type-error") == nil)
        expectValuesKept(html, form)
    }

    @Test func errorInAWorkBlockIsShownBesideThatBlockWhenAnEarlierBlockWasLeftBlank() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        // Work 2 was added and left blank (blank blocks are ignored); work 3 lacks its type.
        var form = ComplaintForm.rightsholder()
        for key in ["title", "type", "identifier", "location", "rights_reservation"] { form["works[1].\(key)"] = "" }
        form["works[2].title"] = "Third Book"
        form["works[2].type"] = ""
        form["works[2].identifier"] = ""
        form["works[2].location"] = ""
        form["works[2].rights_reservation"] = "none"

        let response = try portal.fillAndSend(form)

        #expect(response.status == 422, "\(response.text)")
        let html = HTML(response.text)
        expectFieldError(html, field: "works-2-type", message: "Select the type of the work.")
        #expect(html.errorSummaryLinks == ["#works-2-type"])
        #expect(html.element(id: "works-1-type-error") == nil, "the message is beside the block that lacks the type")
        expectValuesKept(html, form)

        // Without the blank block in between, the same work is the second one and filed as such.
        form["works[2].type"] = "text"
        let token = try #require(html.value(ofInputNamed: "form_token"))
        let filed = try portal.postForm(form.withToken(token))
        #expect(filed.status == 201, "\(filed.text)")
        #expect(try portal.rows("SELECT work_count FROM complaints").first?.int("work_count") == 2)
    }

    @Test func refusedFormWithAFileSaysTheFilesMustBeAttachedAgain() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        var form = ComplaintForm.representative()
        form["rightsholder.mandate"] = ""

        let response = try portal.fillAndSend(form, files: [("crawl-log.pdf", "application/pdf", EvidenceSamples.pdf)])

        #expect(response.status == 422, "\(response.text)")
        #expect(response.text.contains("Your files were not kept. Attach them again"))
        let html = HTML(response.text)
        expectFieldError(html, field: "rightsholder-mandate")
        expectValuesKept(html, form, except: ["rightsholder.mandate"])
        #expect(try portal.count("cases") == 0)
        #expect(try portal.count("attachments") == 0)
    }

    @Test func elevenMiBFileGets413WithTheFormShownAgainAndTheTypedValuesKept() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        let form = ComplaintForm.representative()

        let response = try portal.fillAndSend(form, files: [("large.pdf", "application/pdf", EvidenceSamples.pdf(size: 11 << 20))])

        #expect(response.status == 413, "\(response.text.prefix(2000))")
        expectWellFormedPortalPage(response, "the form refused for a large file")
        let html = HTML(response.text)
        expectFieldError(html, field: "files", message: "large.pdf is larger than 10 MB")
        expectValuesKept(html, form)
        #expect(response.text.contains("Attach them again"))
        #expect(try portal.count("cases") == 0)
        #expect(try portal.count("attachments") == 0)
    }

    @Test func sixFilesAreRefusedBesideTheFileInputWithTheTypedValuesKept() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        let form = ComplaintForm.representative()
        let files = (1...6).map { ("evidence-\($0).pdf", "application/pdf", EvidenceSamples.pdf(size: 1000)) }

        let response = try portal.fillAndSend(form, files: files)

        #expect(response.status == 422, "\(response.text.prefix(2000))")
        let html = HTML(response.text)
        expectFieldError(html, field: "files", message: "Attach at most 5 files.")
        expectValuesKept(html, form)
        #expect(try portal.count("cases") == 0)
    }

    // MARK: Escaping

    @Test func htmlTypedIntoEveryFieldComesBackEscapedOnTheRefusedForm() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        var form = ComplaintForm.representative()
        for name in ["complainant.name", "complainant.organisation", "complainant.email", "rightsholder.name", "rightsholder.mandate",
                     "works[0].title", "works[0].identifier", "works[0].location", "evidence_urls", "observed_on"] {
            form[name] = Self.hostile
        }
        form["description"] = Self.hostile + " and this description is long enough to be accepted as one."
        // Choices outside their lists are refused, never echoed.
        form["complainant.role"] = Self.hostile
        form["complainant.country"] = Self.hostile
        form["category"] = Self.hostile
        form["model"] = Self.hostile
        form["works[0].type"] = Self.hostile

        let response = try portal.fillAndSend(form)

        #expect(response.status == 422, "\(response.text)")
        expectWellFormedPortalPage(response, "the form with HTML typed into it")
        let page = response.text
        #expect(!page.lowercased().contains("<script"), "a raw <script> is on the page")
        #expect(!page.lowercased().contains("<img"), "a raw <img> is on the page")
        #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(page.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"))
        let html = HTML(page)
        #expect(html.tags("img").isEmpty && html.tags("script").isEmpty)
        // What was typed is kept exactly, inside its own control.
        for name in ["complainant.name", "complainant.organisation", "complainant.email", "rightsholder.name",
                     "works[0].title", "works[0].identifier", "works[0].location", "observed_on"] {
            #expect(html.inputValue(id: fieldID(name)) == Self.hostile, "\(name)")
        }
        #expect(html.textareaContent(id: "rightsholder-mandate") == Self.hostile)
        #expect(html.textareaContent(id: "evidence-urls") == Self.hostile)
        #expect(html.textareaContent(id: "description") == form["description"])
        #expect(html.checkedRadios(name: "complainant.role").isEmpty)
        #expect(html.selectedOptions(selectID: "complainant-country").isEmpty || html.selectedOptions(selectID: "complainant-country") == [""])
        expectFieldError(html, field: "complainant-email")
        expectFieldError(html, field: "observed-on")
        #expect(try portal.count("cases") == 0)
    }

    @Test func refusedFileNameComesBackEscaped() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        let name = "<img src=x onerror=alert(1)>.pdf"

        let response = try portal.fillAndSend(ComplaintForm.rightsholder(), files: [(name, "application/pdf", EvidenceSamples.elf)])

        #expect(response.status == 422, "\(response.text)")
        #expect(!response.text.lowercased().contains("<img"))
        let html = HTML(response.text)
        expectFieldError(html, field: "files", message: name + " must be a PDF, PNG, JPEG, plain text or CSV file.")
        #expect(try portal.count("cases") == 0)
    }

    @Test func htmlInAnAcceptedComplaintIsStoredAsTypedAndNeverShownRaw() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        var form = ComplaintForm.representative()
        for name in ["complainant.name", "complainant.organisation", "rightsholder.name", "rightsholder.mandate",
                     "works[0].title", "works[0].identifier", "works[0].location"] {
            form[name] = Self.hostile
        }
        form["description"] = Self.hostile + " and this description is long enough to be accepted as one."

        let response = try portal.fillAndSend(form)

        #expect(response.status == 201, "\(response.text)")
        #expect(!response.text.lowercased().contains("<script") && !response.text.lowercased().contains("<img"))
        let receipt = try ReceiptPage(response)
        // Escaping happens on output only: the case holds exactly what was typed.
        let complaint = try #require(try portal.rows("SELECT complainant_name, rightsholder_name FROM complaints").first)
        #expect(complaint.string("complainant_name") == Self.hostile)
        #expect(complaint.string("rightsholder_name") == Self.hostile)
        let status = try portal.checkStatus(reference: receipt.reference, code: receipt.statusCode)
        #expect(status.status == 200, "\(status.text)")
        expectWellFormedPortalPage(status, "the status of a complaint with HTML in it")
        #expect(!status.text.lowercased().contains("<script") && !status.text.lowercased().contains("<img"))
    }

    // MARK: The form token

    /// Checks a 403 for a token that is not one of ours: the form comes back with the values and a
    /// fresh, valid token, and nothing is stored.
    private func expectRefusedAsForeign(_ response: RawHTTPResponse, _ form: ComplaintForm, presented: String?,
                                        portal: PortalTestServer, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(response.status == 403, "\(response.text)", sourceLocation: sourceLocation)
        expectWellFormedPortalPage(response, "the form refused for its token", sourceLocation: sourceLocation)
        let html = HTML(response.text)
        #expect(html.hasErrorSummary, sourceLocation: sourceLocation)
        #expect(response.text.contains("did not come from this site"), sourceLocation: sourceLocation)
        expectValuesKept(html, form, sourceLocation: sourceLocation)
        #expect(try portal.count("cases") == 0, sourceLocation: sourceLocation)
        // The page carries a fresh token of ours, with which the person can send the form.
        let fresh = try #require(html.value(ofInputNamed: "form_token"), sourceLocation: sourceLocation)
        #expect(fresh != presented, sourceLocation: sourceLocation)
        portal.clock.advance(by: 5)
        let resent = try portal.postForm(form.withToken(fresh))
        #expect(resent.status == 201, "\(resent.text)", sourceLocation: sourceLocation)
    }

    @Test func forgedFormTokenGets403WithTheFormShownAgain() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        let form = ComplaintForm.rightsholder()
        let token = try portal.newComplaintForm().token
        portal.clock.advance(by: 5)
        let last = token.last == "A" ? "B" : "A"
        let forged = String(token.dropLast()) + last

        let response = try portal.postForm(form.withToken(forged))

        try expectRefusedAsForeign(response, form, presented: forged, portal: portal)
    }

    @Test func missingFormTokenGets403WithTheFormShownAgain() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        let form = ComplaintForm.rightsholder()

        let response = try portal.postForm(form.withToken(nil))

        try expectRefusedAsForeign(response, form, presented: nil, portal: portal)
    }

    @Test func tokenFromAnotherServerGets403() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        let other = try PortalTestServer()
        let foreign = try other.newComplaintForm().token
        other.stop()
        portal.clock.advance(by: 5)
        let form = ComplaintForm.rightsholder()

        let response = try portal.postForm(form.withToken(foreign))

        try expectRefusedAsForeign(response, form, presented: foreign, portal: portal)
    }

    @Test func tokenWithItsIssueTimeMovedBackGets403RatherThanPassingTheFillTimeCheck() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        let form = ComplaintForm.rightsholder()
        let token = try portal.newComplaintForm().token
        var parts = token.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        try #require(parts.count == 4)
        parts[1] = String(TestClock.fixedNow - 60)
        let altered = parts.joined(separator: ".")

        let response = try portal.postForm(form.withToken(altered))

        try expectRefusedAsForeign(response, form, presented: altered, portal: portal)
    }

    @Test func formLeftOpenForMoreThanADayGets403() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        let form = ComplaintForm.rightsholder()
        let token = try portal.newComplaintForm().token
        portal.clock.advance(by: 25 * 3600)

        let response = try portal.postForm(form.withToken(token))

        try expectRefusedAsForeign(response, form, presented: token, portal: portal)
    }

    @Test func formSentWithinThreeSecondsGets422AndIsAcceptedOnceThreeSecondsHavePassed() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        let form = ComplaintForm.rightsholder()
        let token = try portal.newComplaintForm().token

        let immediate = try portal.postForm(form.withToken(token))
        portal.clock.advance(by: 2)
        let afterTwo = try portal.postForm(form.withToken(token))

        for response in [immediate, afterTwo] {
            #expect(response.status == 422, "\(response.text)")
            expectWellFormedPortalPage(response, "the form sent too fast")
            #expect(response.text.contains("Check your answers"))
            let html = HTML(response.text)
            #expect(html.hasErrorSummary)
            expectValuesKept(html, form)
            #expect(html.value(ofInputNamed: "form_token") == token, "the page keeps the token, so waiting is enough")
        }
        #expect(try portal.count("cases") == 0)

        portal.clock.advance(by: 1)
        let accepted = try portal.postForm(form.withToken(token))
        #expect(accepted.status == 201, "\(accepted.text)")
        #expect(try portal.count("cases") == 1)
    }

    // MARK: Honeypot

    @Test func filledHoneypotIsRefusedWith400AndNothingIsStored() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        var form = ComplaintForm.rightsholder()
        form["website"] = "https://spam.example"

        let response = try portal.fillAndSend(form)

        #expect(response.status == 400, "\(response.text)")
        expectWellFormedPortalPage(response, "the honeypot refusal")
        #expect(!response.text.contains("spam.example"))
        #expect(try portal.count("cases") == 0)
        #expect(try portal.count("case_events") == 0)
        #expect(try portal.count("idempotency_keys") == 0)
    }

    // MARK: More works

    @Test func addAnotherWorkShowsOneMoreWorkBlockWithoutErrorsAndKeepsEverything() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        var form = ComplaintForm.rightsholder()
        form["description"] = ""  // unfinished: adding a work does not check the form
        let token = try portal.newComplaintForm().token
        portal.clock.advance(by: 5)

        let once = try portal.postForm(form.withToken(token) + [("action", "add_work")])

        #expect(once.status == 200, "\(once.text)")
        expectWellFormedPortalPage(once, "the form with a second work")
        let html = HTML(once.text)
        #expect(!html.hasErrorSummary)
        #expect(!html.ids.contains { $0.hasSuffix("-error") })
        #expect(html.tags("legend").count >= 2)
        #expect(once.text.contains("<legend>Work 2</legend>"))
        #expect(!once.text.contains("<legend>Work 3</legend>"))
        #expect(html.inputValue(id: "works-1-title") == "")
        #expect(html.selectedOptions(selectID: "works-1-type") == [""])
        expectValuesKept(html, form)
        #expect(html.value(ofInputNamed: "form_token") == token)
        #expect(try portal.count("cases") == 0)

        // Again: a third block, the second still there.
        let twice = try portal.postForm(form.withToken(token) + [("works[1].title", "Second Book"), ("action", "add_work")])
        #expect(twice.status == 200)
        #expect(twice.text.contains("<legend>Work 3</legend>"))
        #expect(HTML(twice.text).inputValue(id: "works-1-title") == "Second Book")
        #expect(HTML(twice.text).inputValue(id: "works-2-title") == "")

        // The filled form is then filed with both works.
        form["description"] = ComplaintForm.rightsholder()["description"]
        let filed = try portal.postForm(form.withToken(token) + [("works[1].title", "Second Book"), ("works[1].type", "image"),
                                                                 ("works[1].rights_reservation", "terms")])
        #expect(filed.status == 201, "\(filed.text)")
        #expect(try portal.rows("SELECT work_count FROM complaints").first?.int("work_count") == 2)
        #expect(try portal.rows("SELECT json_extract(submission, '$.works[1].title') AS t FROM cases").first?.string("t") == "Second Book")
    }

    // MARK: Abuse limits

    @Test func twentyFirstSubmissionFromOneAddressWithinAnHourGets429WithRetryAfter() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }

        // Twenty complaints, one every 5 seconds (t+5 … t+100).
        for n in 1...20 {
            let response = try portal.fillAndSend(ComplaintForm.rightsholder(title: "Book \(n)"))
            #expect(response.status == 201, "submission \(n): \(response.status)")
        }
        let refused = try portal.fillAndSend(ComplaintForm.rightsholder(title: "Book 21"))  // t+105

        #expect(refused.status == 429, "\(refused.text)")
        #expect(refused.header("Retry-After") == "3500", "the first of the twenty leaves the window at t+3605")
        expectWellFormedPortalPage(refused, "the rate limit page")
        #expect(refused.text.contains("Too many complaints"))
        #expect(try portal.count("cases") == 20)

        // A forwarded address from a peer that is no trusted proxy changes nothing.
        let token = try portal.newComplaintForm().token
        portal.clock.advance(by: 3495)  // t+3600: the first is still within the hour
        let forwarded = try portal.postForm(ComplaintForm.rightsholder(title: "Book 22").withToken(token),
                                            headers: [("X-Forwarded-For", "203.0.113.9")])
        #expect(forwarded.status == 429, "\(forwarded.text)")
        #expect(forwarded.header("Retry-After") == "5")

        portal.clock.advance(by: 5)  // t+3605: it has left the window
        let accepted = try portal.postForm(ComplaintForm.rightsholder(title: "Book 23").withToken(token))
        #expect(accepted.status == 201, "\(accepted.text)")
        #expect(try portal.count("cases") == 21)
    }

    // MARK: Headers of every page

    @Test func everyPageOfTheFormJourneyCarriesTheSecurityHeaders() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        var pages: [(String, RawHTTPResponse)] = []
        pages.append(("blank form", try portal.get("/complaints/new")))
        var incomplete = ComplaintForm.rightsholder()
        incomplete["complainant.name"] = ""
        pages.append(("422 form", try portal.fillAndSend(incomplete)))
        pages.append(("403 form", try portal.postForm(ComplaintForm.rightsholder().withToken(nil))))
        var trap = ComplaintForm.rightsholder()
        trap["website"] = "x"
        pages.append(("400 honeypot", try portal.fillAndSend(trap)))
        pages.append(("receipt", try portal.fillAndSend(ComplaintForm.rightsholder())))
        let bad = try portal.send("POST", "/complaints", headers: [("Content-Type", "application/x-www-form-urlencoded")],
                                  body: Array("form_token=%zz".utf8))
        pages.append(("unreadable form", bad))

        for (what, response) in pages {
            expectWellFormedPortalPage(response, what)
            #expect(response.header("Cache-Control") == "no-store", "\(what)")
        }
        #expect(pages.map(\.1.status) == [200, 422, 403, 400, 201, 400])
    }
}

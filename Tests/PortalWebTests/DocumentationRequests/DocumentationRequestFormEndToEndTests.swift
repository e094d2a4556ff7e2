import Foundation
import HTTPTestSupport
import Portal
import PortalWeb
import Testing

/// GET /documentation-requests/new and POST /documentation-requests over a real socket: the form
/// as a browser sends it, with its signed token, errors, values kept and the receipt.
@Suite struct DocumentationRequestFormEndToEndTests {
    static let hostile = "\"><img src=x onerror=alert(1)><script>alert(1)</script>"

    /// A complete request as the form sends it: one field per control, one `items` per ticked box.
    static func complete() -> [(name: String, value: String)] {
        [("organisation.legal_name", "Example Systems GmbH"), ("organisation.country", "DE"),
         ("contact.name", "Max Muster"), ("contact.email", "max@systems.example"),
         ("ai_system.name", "Claims assistant"), ("ai_system.intended_purpose", "Summarising insurance claims for adjusters"),
         ("ai_system.high_risk", "unsure"), ("model", "example-model-1"), ("model_version", "1.2"),
         ("items", "annex_xii_1a"), ("items", "annex_xii_1g"), ("items", "annex_xii_2b"),
         ("question", "What is the maximum context length when the model is served through the batch API?"),
         ("confidentiality_undertaking", "yes"), ("website", "")]
    }

    // MARK: Talking to the form

    static func newForm(_ portal: PortalTestServer) throws -> (page: RawHTTPResponse, token: String) {
        let page = try portal.get("/documentation-requests/new")
        let token = try #require(HTML(page.text).value(ofInputNamed: "form_token"), "no form_token in \(page.text.prefix(500))")
        return (page, token)
    }

    static func post(_ portal: PortalTestServer, _ fields: [(name: String, value: String)], token: String) throws -> RawHTTPResponse {
        try portal.send("POST", "/documentation-requests", headers: [("Content-Type", "application/x-www-form-urlencoded")],
                        body: ComplaintForm.urlencoded([("form_token", token)] + fields))
    }

    /// What a person does: load the form, take five seconds to fill it in, send it.
    static func fillAndSend(_ portal: PortalTestServer, _ fields: [(name: String, value: String)]) throws -> RawHTTPResponse {
        let token = try newForm(portal).token
        portal.clock.advance(by: 5)
        return try post(portal, fields, token: token)
    }

    // MARK: The blank form

    @Test func blankFormHasEveryFieldTheRegisteredModelsAndTheAnnexXIIItemsInWords() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }

        let (page, _) = try Self.newForm(portal)

        #expect(page.status == 200)
        expectWellFormedPortalPage(page, "the blank documentation request form")
        let html = HTML(page.text)
        let form = try #require(html.tags("form").first)
        #expect(form["method"] == "post")
        #expect(form["action"] == "/documentation-requests")
        #expect(!html.hasErrorSummary)
        #expect(html.element(id: "website")?["tabindex"] == "-1")
        for id in ["organisation-legal-name", "organisation-country", "contact-name", "contact-email", "ai-system-name",
                   "ai-system-intended-purpose", "ai-system-high-risk", "model", "model-version", "items", "question",
                   "confidentiality-undertaking"] {
            #expect(html.element(id: id) != nil, "no #\(id)")
        }
        #expect(Set(html.tags("input").filter { $0["name"] == "ai_system.high_risk" }.compactMap { $0["value"] }) == ["yes", "no", "unsure"])
        #expect(html.tags("input").filter { $0["name"] == "items" }.compactMap { $0["value"] } == AnnexXIIItem.allCases.map(\.rawValue))
        #expect(page.text.contains(AnnexXIIItem.item2c.text))
        #expect(page.text.contains("Articles 53(7) and 78"))
        // The models the validator accepts: with no model registered yet, the configured ones.
        let models = portal.context.configuration.models.map(\.name)
        let select = html.tags("option").compactMap { $0["value"] }.filter { models.contains($0) }
        #expect(select == models && !models.isEmpty, "\(select) vs \(models)")
        // The contact page and the navigation link to it.
        let contact = try portal.get("/")
        #expect(HTML(contact.text).tags("a").filter { $0["href"] == "/documentation-requests/new" }.count >= 2)
    }

    // MARK: Receipt and status

    @Test func completeFormGetsTheReceiptWithADOCReferenceAndTheStatusCheckWorks() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }

        let response = try Self.fillAndSend(portal, Self.complete())

        #expect(response.status == 201, "\(response.text)")
        #expect(response.header("Cache-Control") == "no-store")
        expectWellFormedPortalPage(response, "the receipt")
        let receipt = try ReceiptPage(response)
        #expect(receipt.reference == "DOC-2026-000001")
        #expect(receipt.statusCode.count >= 22)
        let html = HTML(response.text)
        #expect(html.tags("h1").isEmpty == false)
        #expect(response.text.contains("<h1>Documentation request received</h1>"))
        #expect(response.text.contains("We received your documentation request on"))
        #expect(!response.text.contains("acknowledge"), "no acknowledgement deadline for documentation requests")
        // 14 calendar days: 2026-11-28 → Saturday 12 December 2026, end of day in Brussels.
        #expect(response.text.contains("Saturday 12 December 2026, 23:59 CET"), "\(response.text)")

        let row = try #require(try portal.rows("SELECT * FROM documentation_requests").first)
        #expect(row.string("organisation") == "Example Systems GmbH")
        #expect(row.string("country") == "DE")
        #expect(row.string("high_risk") == "unsure")
        #expect(row.string("items") == "[\"annex_xii_1a\",\"annex_xii_1g\",\"annex_xii_2b\"]")
        #expect(row.int64("has_question") == 1)

        let status = try portal.checkStatus(reference: receipt.reference, code: receipt.statusCode)
        #expect(status.status == 200, "\(status.text)")
        #expect(status.text.contains("Documentation request \(receipt.reference)"))
        let json = try portal.partyStatus(FiledComplaint(reference: receipt.reference, statusToken: receipt.statusCode, receipt: [:]))
        #expect(json["type"] as? String == "documentation_request")
        #expect(json["status"] as? String == "received")
        #expect(portal.handlerErrors.isEmpty)
    }

    @Test func aReloadedFormShowsTheFirstReceiptAndFilesOnce() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        let token = try Self.newForm(portal).token
        portal.clock.advance(by: 5)

        let first = try Self.post(portal, Self.complete(), token: token)
        portal.clock.advance(by: 40)
        let reload = try Self.post(portal, Self.complete(), token: token)

        #expect(first.status == 201, "\(first.text)")
        #expect(reload.status == 201, "\(reload.text)")
        let a = try ReceiptPage(first), b = try ReceiptPage(reload)
        #expect(a.reference == b.reference && a.statusCode == b.statusCode)
        #expect(try portal.count("cases") == 1)
        #expect(try portal.count("documentation_requests") == 1)
        // The same token with other answers is another submission, which is refused.
        var changed = Self.complete()
        changed[0] = ("organisation.legal_name", "Other Systems AG")
        let other = try Self.post(portal, changed, token: token)
        #expect(other.status == 409, "\(other.text)")
        #expect(try portal.count("cases") == 1)
    }

    // MARK: Errors

    @Test func aHalfFilledFormIs422WithTheSummaryLinkingToEachFieldAndValuesKeptEscaped() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        let name = "Max <b>Muster</b>"
        let fields: [(name: String, value: String)] = [
            ("organisation.legal_name", Self.hostile), ("organisation.country", "FR"), ("contact.name", name), ("contact.email", ""),
            ("ai_system.name", ""), ("ai_system.intended_purpose", Self.hostile), ("model", ""), ("model_version", "2.0"),
            ("items", "annex_xii_1f"), ("question", ""), ("website", ""),
        ]

        let response = try Self.fillAndSend(portal, fields)

        #expect(response.status == 422, "\(response.text)")
        expectWellFormedPortalPage(response, "the refused documentation request form")
        let page = response.text
        #expect(!page.lowercased().contains("<script"), "a raw <script> is on the page")
        #expect(!page.lowercased().contains("<img"), "a raw <img> is on the page")
        #expect(!page.contains("<b>Muster</b>"))
        let html = HTML(page)
        #expect(html.tags("title").isEmpty == false && page.contains("<title>Error: "))
        expectFieldError(html, field: "contact-email", message: "Enter the contact person's email address.")
        expectFieldError(html, field: "ai-system-name", message: "Enter the name of your AI system.")
        expectFieldError(html, field: "ai-system-high-risk", message: "Say whether your AI system may be high-risk: yes, no or unsure.")
        expectFieldError(html, field: "model", message: "Select the model you integrate.")
        expectFieldError(html, field: "confidentiality-undertaking", message: "Accept the confidentiality undertaking")
        #expect(html.errorSummaryLinks.count == 5, "\(html.errorSummaryLinks)")
        for filled in ["organisation-legal-name", "organisation-country", "contact-name", "ai-system-intended-purpose", "model-version", "items"] {
            #expect(html.element(id: "\(filled)-error") == nil, "\(filled) was filled in but is reported")
        }
        // Everything typed is kept, in its own control.
        #expect(html.inputValue(id: "organisation-legal-name") == Self.hostile)
        #expect(html.inputValue(id: "contact-name") == name)
        #expect(html.inputValue(id: "model-version") == "2.0")
        #expect(html.textareaContent(id: "ai-system-intended-purpose") == Self.hostile)
        #expect(html.selectedOptions(selectID: "organisation-country") == ["FR"])
        #expect(html.isChecked(id: "items-annex-xii-1f") == true)
        #expect(html.isChecked(id: "items") == false)
        #expect(html.isChecked(id: "confidentiality-undertaking") == false)
        #expect(try portal.count("cases") == 0)
    }

    @Test func noItemAndNoQuestionIsReportedBesideTheItems() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        let fields = Self.complete().filter { $0.name != "items" && $0.name != "question" }

        let response = try Self.fillAndSend(portal, fields)

        #expect(response.status == 422, "\(response.text)")
        let html = HTML(response.text)
        expectFieldError(html, field: "items", message: "Select at least one Annex XII item, or ask a question for additional information.")
        #expect(html.checkedRadios(name: "ai_system.high_risk") == ["unsure"])
        #expect(html.selectedOptions(selectID: "model") == ["example-model-1"])
        #expect(html.isChecked(id: "confidentiality-undertaking") == true)
    }

    @Test func aFormSentTooFastOrForgedOrWithTheHoneypotFilledIsNotFiled() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        let token = try Self.newForm(portal).token

        let fast = try Self.post(portal, Self.complete(), token: token)
        #expect(fast.status == 422, "\(fast.text)")
        #expect(fast.text.contains("Check your answers, then send the request again."))
        #expect(HTML(fast.text).inputValue(id: "organisation-legal-name") == "Example Systems GmbH")

        portal.clock.advance(by: 5)
        let forged = try Self.post(portal, Self.complete(), token: token + "x")
        #expect(forged.status == 403, "\(forged.text)")

        var trapped = Self.complete()
        trapped[trapped.count - 1] = ("website", "https://spam.example")
        let bot = try Self.post(portal, trapped, token: token)
        #expect(bot.status == 400, "\(bot.text)")
        #expect(try portal.count("cases") == 0)
    }
}

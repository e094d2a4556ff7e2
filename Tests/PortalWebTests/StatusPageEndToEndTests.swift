import Foundation
import HTTPTestSupport
import PortalWeb
import Testing

/// GET /status and POST /status over a real socket: a complainant checks a complaint with its
/// reference and status code, and a wrong reference or code reveals nothing.
@Suite struct StatusPageEndToEndTests {
    /// Files a complaint through the form and returns its receipt.
    private func fileComplaint(_ portal: PortalTestServer, title: String = "Le Livre") throws -> ReceiptPage {
        let response = try portal.fillAndSend(ComplaintForm.rightsholder(title: title))
        try #require(response.status == 201, "\(response.text)")
        return try ReceiptPage(response)
    }

    /// The page with the per-visit form token and the echoed reference blanked, so two answers
    /// can be compared byte for byte.
    private func comparable(_ response: RawHTTPResponse, reference: String) -> String {
        var text = response.text
        if let token = HTML(text).value(ofInputNamed: "form_token") { text = text.replacingOccurrences(of: token, with: "TOKEN") }
        return text.replacingOccurrences(of: reference, with: "REFERENCE")
    }

    @Test func statusFormAsksForTheReferenceAndTheCodeWithoutCaching() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }

        let (page, token) = try portal.newStatusForm()

        #expect(page.status == 200)
        #expect(page.header("Cache-Control") == "no-store")
        expectWellFormedPortalPage(page, "the status form")
        let html = HTML(page.text)
        let form = try #require(html.tags("form").first)
        #expect(form["method"] == "post")
        #expect(form["action"] == "/status")
        #expect(!token.isEmpty)
        #expect(html.inputValue(id: "reference") == "")
        #expect(html.element(id: "reference")?["name"] == "reference")
        let code = try #require(html.element(id: "status-token"))
        #expect(code["name"] == "status_token")
        #expect(code["autocomplete"] == "off")
        #expect(!html.hasErrorSummary)
    }

    @Test func rightReferenceAndCodeShowTheStatusAndTheDates() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        let receipt = try fileComplaint(portal)
        portal.clock.advance(by: 3600)

        let response = try portal.checkStatus(reference: receipt.reference, code: receipt.statusCode)

        #expect(response.status == 200, "\(response.text)")
        #expect(response.header("Cache-Control") == "no-store")
        expectWellFormedPortalPage(response, "the status page")
        let html = HTML(response.text)
        #expect(html.tags("h1").count == 1)
        #expect(response.text.contains("<h1>Complaint CPL-2026-000001</h1>"))
        #expect(html.text(ofFirst: "strong", withClass: "tag") == "Received")
        #expect(response.text.contains("Saturday 28 November 2026, 11:12 CET"))
        #expect(response.text.contains("Wednesday 2 December 2026, 23:59 CET"))
        #expect(response.text.contains("Monday 28 December 2026, 23:59 CET"))
        // The code is what opened the page; it is not shown again.
        #expect(!response.text.contains(receipt.statusCode))
        #expect(portal.handlerErrors.isEmpty)
    }

    @Test func referenceIsAcceptedInLowercaseAndWithSurroundingSpaces() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        let receipt = try fileComplaint(portal)

        let response = try portal.checkStatus(reference: "  " + receipt.reference.lowercased() + " ",
                                              code: " " + receipt.statusCode + "\t")

        #expect(response.status == 200, "\(response.text)")
        #expect(response.text.contains("<h1>Complaint CPL-2026-000001</h1>"))
    }

    @Test func eachComplaintOpensOnlyWithItsOwnCode() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        let first = try fileComplaint(portal, title: "First Book")
        let second = try fileComplaint(portal, title: "Second Book")
        #expect(second.reference == "CPL-2026-000002")

        let own = try portal.checkStatus(reference: second.reference, code: second.statusCode)
        let crossed = try portal.checkStatus(reference: first.reference, code: second.statusCode)

        #expect(own.status == 200)
        #expect(own.text.contains("<h1>Complaint CPL-2026-000002</h1>"))
        #expect(crossed.status == 422, "\(crossed.text)")
        #expect(!crossed.text.contains("<h1>Complaint"))
    }

    @Test func wrongCodeAndUnknownReferenceGetTheSameAnswerWithoutTheCodeEchoed() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        let receipt = try fileComplaint(portal)
        let wrongCode = String(receipt.statusCode.reversed())
        let unknownReference = "CPL-2026-999999"

        let wrong = try portal.checkStatus(reference: receipt.reference, code: wrongCode)
        let unknown = try portal.checkStatus(reference: unknownReference, code: receipt.statusCode)

        #expect(wrong.status == 422, "\(wrong.text)")
        #expect(unknown.status == wrong.status)
        for response in [wrong, unknown] {
            expectWellFormedPortalPage(response, "the refused status check")
            #expect(response.header("Cache-Control") == "no-store")
            let html = HTML(response.text)
            #expect(html.text(ofElementWithID: "reference-error")?.contains("do not match a complaint") == true)
            #expect(html.errorSummaryLinks == ["#reference"])
            #expect(html.inputValue(id: "status-token") == "", "the code typed is never sent back")
            #expect(!response.text.contains(wrongCode) && !response.text.contains(receipt.statusCode))
            #expect(!response.text.contains("<h1>Complaint"))
        }
        #expect(HTML(wrong.text).inputValue(id: "reference") == receipt.reference)
        #expect(HTML(unknown.text).inputValue(id: "reference") == unknownReference)
        // Apart from the reference typed and the fresh form token, the two pages are identical.
        #expect(comparable(wrong, reference: receipt.reference) == comparable(unknown, reference: unknownReference))
    }

    @Test func missingCodeOrReferenceIsAskedForBesideItsField() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        let receipt = try fileComplaint(portal)

        let noCode = try portal.checkStatus(reference: receipt.reference, code: "")
        let noReference = try portal.checkStatus(reference: "", code: receipt.statusCode)

        #expect(noCode.status == 422, "\(noCode.text)")
        expectWellFormedPortalPage(noCode, "the status form without a code")
        expectFieldError(HTML(noCode.text), field: "status-token", message: "Enter your status code.")
        #expect(HTML(noCode.text).inputValue(id: "reference") == receipt.reference)

        #expect(noReference.status == 422, "\(noReference.text)")
        expectWellFormedPortalPage(noReference, "the status form without a reference")
        expectFieldError(HTML(noReference.text), field: "reference", message: "Enter your reference.")
        #expect(!noReference.text.contains(receipt.statusCode))
    }

    @Test func statusCheckWithoutAFormTokenOfOursIsRefusedAndRevealsNothing() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        let receipt = try fileComplaint(portal)
        let fields = [("reference", receipt.reference), ("status_token", receipt.statusCode)]

        let missing = try portal.send("POST", "/status", headers: [("Content-Type", "application/x-www-form-urlencoded")],
                                      body: ComplaintForm.urlencoded(fields))
        let forged = try portal.send("POST", "/status", headers: [("Content-Type", "application/x-www-form-urlencoded")],
                                     body: ComplaintForm.urlencoded([("form_token", "v1.\(TestClock.fixedNow).abc.def")] + fields))

        for response in [missing, forged] {
            #expect(response.status == 403, "\(response.text)")
            expectWellFormedPortalPage(response, "the status form refused for its token")
            #expect(!response.text.contains("<h1>Complaint"))
            #expect(!response.text.contains(receipt.statusCode))
            #expect(HTML(response.text).hasErrorSummary)
            #expect(HTML(response.text).value(ofInputNamed: "form_token") != nil, "a fresh token to try again with")
        }
    }

    @Test func htmlTypedAsTheReferenceComesBackEscaped() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        let typed = "\"><img src=x onerror=alert(1)><script>alert(1)</script>"

        let response = try portal.checkStatus(reference: typed, code: "x")

        #expect(response.status == 422, "\(response.text)")
        expectWellFormedPortalPage(response, "the status form with HTML typed into it")
        #expect(!response.text.lowercased().contains("<script") && !response.text.lowercased().contains("<img"))
        #expect(response.text.contains("&lt;SCRIPT&gt;ALERT(1)&lt;/SCRIPT&gt;"))
        #expect(HTML(response.text).inputValue(id: "reference") == typed.uppercased())
    }

    @Test func unreadableStatusFormGets400WithTheFormShownAgain() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }

        let response = try portal.send("POST", "/status", headers: [("Content-Type", "application/x-www-form-urlencoded")],
                                       body: Array("reference=%zz".utf8))

        #expect(response.status == 400, "\(response.text)")
        expectWellFormedPortalPage(response, "the unreadable status form")
        #expect(HTML(response.text).element(id: "reference") != nil)
    }
}

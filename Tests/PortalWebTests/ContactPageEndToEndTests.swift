import Foundation
import HTTPTestSupport
import Portal
import PortalWeb
import Testing

/// GET / (the contact point) and GET /crawlers.atom over a real socket.
@Suite struct ContactPageEndToEndTests {
    /// An operator whose name and crawler texts need escaping, with two crawlers, no postal
    /// address and its own response targets.
    static var customOperator: OperatorConfiguration {
        var c = OperatorConfiguration.demo
        c.legalName = "Müller & O'Brien AI GmbH"
        c.rightsholderContact = .init(email: "rights@mueller-obrien.example")
        c.downstreamProviderContact = .init(email: "docs@mueller-obrien.example")
        c.aiOfficeContact = .init(email: "regulators@mueller-obrien.example")
        c.copyrightPolicyURL = "https://mueller-obrien.example/copyright?lang=en&v=2"
        c.acceptableUsePolicyURL = "https://mueller-obrien.example/aup"
        c.models = [.init(name: "mo-large-3", description: "Large <text> model"), .init(name: "mo-small-1")]
        c.crawlers = [
            .init(userAgent: "MOBot", purpose: "Training data for text & code models", robotsTxt: ["Disallow", "Allow"],
                  otherOptOuts: ["TDM-Rep"], since: "2025-03-01"),
            .init(userAgent: "MOImageBot", purpose: "Images <public only>", robotsTxt: ["Disallow"], otherOptOuts: [],
                  since: "2026-02-15"),
        ]
        c.crawlersUpdatedOn = "2026-11-05"
        c.complaintTargets = .init(acknowledgeWithinDays: 7, respondWithinDays: 45)
        return c
    }

    @Test func contactPageShowsTheProviderItsContactsPoliciesModelsAndCrawlers() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }
        let demo = OperatorConfiguration.demo

        let response = try portal.get("/")

        #expect(response.status == 200)
        expectWellFormedPortalPage(response, "the contact page")
        let page = response.text
        let html = HTML(page)
        let links = html.tags("a").compactMap { $0["href"] }
        #expect(page.contains("<h1>Example AI Provider SA (demo configuration): copyright and model documentation contact point</h1>"))
        // How rightsholders reach the point of contact, and where the others request documentation.
        for email in [demo.rightsholderContact.email, demo.downstreamProviderContact.email, demo.aiOfficeContact.email] {
            #expect(links.contains("mailto:" + email), "no mailto link for \(email)")
        }
        #expect(page.contains("Copyright contact point, 1 Rue de l&#39;Exemple, 1000 Brussels, Belgium"))
        #expect(page.contains("Downstream providers"))
        #expect(page.contains("AI Office"))
        // How to complain and check a complaint.
        #expect(links.contains("/complaints/new"))
        #expect(links.contains("/status"))
        #expect(page.contains("within 4 days") && page.contains("within 30 days"))
        // The policies.
        #expect(links.contains(demo.copyrightPolicyURL))
        #expect(links.contains(demo.acceptableUsePolicyURL))
        // The models, by the names a complaint's `model` takes.
        for model in demo.models {
            #expect(page.contains("<strong>\(model.name)</strong>"), "model \(model.name) missing")
            if let description = model.description { #expect(page.contains(description)) }
        }
        // The crawlers, with the last update and the feed.
        let crawler = try #require(demo.crawlers.first)
        #expect(html.text(ofElementWithID: "crawler-\(crawler.userAgent)") == crawler.userAgent)
        #expect(page.contains(crawler.purpose))
        #expect(page.contains(crawler.since))
        #expect(page.contains("Last updated 2026-11-01"))
        #expect(links.contains("/crawlers.atom"))
        #expect(html.tags("link").contains { $0["rel"] == "alternate" && $0["type"] == "application/atom+xml" && $0["href"] == "/crawlers.atom" })
        // The demo crawler honours a <meta> opt-out: shown as text, never as markup.
        #expect(page.contains("&lt;meta name=&quot;robots&quot; content=&quot;noai&quot;&gt;"))
        #expect(!page.contains("<meta name=\"robots\""))
        #expect(html.tags("meta").allSatisfy { $0["name"] != "robots" })
        // One stylesheet, from the site.
        #expect(html.tags("link").filter { $0["rel"] == "stylesheet" }.map { $0["href"] } == ["/style.css"])
    }

    @Test func contactPageFollowsTheOperatorConfigurationAndEscapesIt() throws {
        let portal = try PortalTestServer(configuration: Self.customOperator)
        defer { portal.stop() }

        let response = try portal.get("/")

        #expect(response.status == 200)
        expectWellFormedPortalPage(response, "the contact page of a configured operator")
        let page = response.text
        let html = HTML(page)
        let links = html.tags("a").compactMap { $0["href"] }
        #expect(page.contains("Müller &amp; O&#39;Brien AI GmbH"))
        #expect(!page.contains("Müller & O'Brien"))
        #expect(page.contains("<title>Contact point – Müller &amp; O&#39;Brien AI GmbH</title>"))
        #expect(links.contains("mailto:rights@mueller-obrien.example"))
        #expect(links.contains("mailto:docs@mueller-obrien.example"))
        #expect(links.contains("mailto:regulators@mueller-obrien.example"))
        #expect(links.contains("https://mueller-obrien.example/copyright?lang=en&v=2"))
        #expect(page.contains("href=\"https://mueller-obrien.example/copyright?lang=en&amp;v=2\""))
        #expect(!page.contains("Rue de l"), "no postal address is configured, so none is shown")
        #expect(page.contains("within 7 days") && page.contains("within 45 days"))
        #expect(page.contains("Large &lt;text&gt; model"))
        #expect(page.contains("<strong>mo-small-1</strong>"))
        #expect(!page.contains("example-model-1"))
        #expect(html.text(ofElementWithID: "crawler-MOBot") == "MOBot")
        #expect(html.text(ofElementWithID: "crawler-MOImageBot") == "MOImageBot")
        #expect(html.tags("section").filter { $0["class"] == "crawler" }.count == 2)
        #expect(page.contains("Training data for text &amp; code models"))
        #expect(page.contains("Images &lt;public only&gt;"))
        #expect(page.contains("Last updated 2026-11-05"))
        #expect(!page.contains("ExampleBot"))
    }

    @Test func crawlerFeedIsWellFormedAtomWithOneEntryPerCrawler() throws {
        let portal = try PortalTestServer(configuration: Self.customOperator)
        defer { portal.stop() }

        let response = try portal.get("/crawlers.atom")

        #expect(response.status == 200)
        #expect(response.mediaType == "application/atom+xml")
        #expect(response.header("X-Content-Type-Options") == "nosniff")
        let feed = try MiniXML.parse(response.text)
        #expect(feed.name == "feed")
        #expect(feed.attributes["xmlns"] == "http://www.w3.org/2005/Atom")
        #expect(feed.child("title")?.text == "Web crawlers of Müller & O'Brien AI GmbH")
        #expect(feed.child("updated")?.text == "2026-11-05T00:00:00Z")
        let feedID = feed.child("id")?.text ?? ""
        #expect(feedID.hasPrefix("tag:"), "an Atom id is an IRI: \(feedID)")
        #expect(feed.child("author")?.child("name")?.text == "Müller & O'Brien AI GmbH")
        let entries = feed.children("entry")
        #expect(entries.count == 2)
        #expect(entries.compactMap { $0.child("title")?.text } == ["MOBot", "MOImageBot"])
        #expect(Set(entries.compactMap { $0.child("id")?.text }).count == 2, "each entry has its own id")
        for entry in entries {
            #expect(entry.child("updated")?.text == "2026-11-05T00:00:00Z")
            #expect(entry.child("content") != nil)
        }
        let first = try #require(entries.first?.child("content")?.text)
        #expect(first.contains("Purpose: Training data for text & code models"))
        #expect(first.contains("In use since: 2025-03-01"))
        #expect(first.contains("TDM-Rep"))
        #expect(entries.last?.child("content")?.text.contains("Purpose: Images <public only>") == true)
        #expect(entries.last?.child("published")?.text == "2026-02-15T00:00:00Z")
    }

    @Test func demoCrawlerFeedStaysWellFormedWithMarkupInItsOptOuts() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }

        let response = try portal.get("/crawlers.atom")

        #expect(response.status == 200)
        #expect(response.mediaType == "application/atom+xml")
        let feed = try MiniXML.parse(response.text)
        let entries = feed.children("entry")
        #expect(entries.count == OperatorConfiguration.demo.crawlers.count)
        #expect(entries.first?.child("title")?.text == "ExampleBot")
        #expect(entries.first?.child("content")?.text.contains("<meta name=\"robots\" content=\"noai\">") == true)
        #expect(feed.child("updated")?.text == "2026-11-01T00:00:00Z")
    }

    @Test func miniXMLRefusesWhatIsNotWellFormed() {
        // The checker above is only worth something if it fails on broken feeds.
        #expect(throws: XMLWellFormednessError.self) { try MiniXML.parse("<feed><entry></feed>") }
        #expect(throws: XMLWellFormednessError.self) { try MiniXML.parse("<feed>text & more</feed>") }
        #expect(throws: XMLWellFormednessError.self) { try MiniXML.parse("<feed>a <b</feed>") }
        #expect(throws: XMLWellFormednessError.self) { try MiniXML.parse("<feed a=b></feed>") }
        #expect(throws: XMLWellFormednessError.self) { try MiniXML.parse("<feed></feed><feed></feed>") }
        #expect(throws: XMLWellFormednessError.self) { try MiniXML.parse("<feed>&nbsp;</feed>") }
        #expect(throws: Never.self) { try MiniXML.parse("<?xml version=\"1.0\"?>\n<feed x='1'><e/>a &amp; &#39;b&#39;</feed>\n") }
    }
}

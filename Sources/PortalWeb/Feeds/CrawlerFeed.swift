import HTTPServer
import Portal
import Templates

/// GET /crawlers.atom: the crawler information as an Atom feed (RFC 4287), so rightsholders can
/// follow changes (Copyright chapter, Measure 1.3). The feed's `updated` is the configured date
/// of the last change.
enum CrawlerFeed {
    static let template = """
        <?xml version="1.0" encoding="utf-8"?>
        <feed xmlns="http://www.w3.org/2005/Atom">
        <id>{{feed_id}}</id>
        <title>Web crawlers of {{provider}}</title>
        <updated>{{updated}}</updated>
        <author><name>{{provider}}</name><email>{{contact}}</email></author>
        <link rel="self" type="application/atom+xml" href="/crawlers.atom"/>
        <link rel="alternate" type="text/html" href="/#crawlers"/>
        {{#crawlers}}
        <entry>
        <id>{{entry_id}}</id>
        <title>{{user_agent}}</title>
        <updated>{{updated}}</updated>
        <published>{{published}}</published>
        <content type="text">User agent: {{user_agent}}
        Purpose: {{purpose}}
        robots.txt features honoured: {{robots_txt}}
        Other machine-readable opt-outs honoured: {{other_opt_outs}}
        In use since: {{since}}</content>
        </entry>
        {{/crawlers}}
        </feed>

        """

    static func register(on router: inout Router, context: PortalContext) {
        let c = context.configuration
        let library: TemplateLibrary
        do { library = try TemplateLibrary(["feed": template]) } catch { preconditionFailure("the feed template does not compile: \(error)") }
        let updated = c.crawlersUpdatedOn + "T00:00:00Z"
        let base = "tag:" + (c.rightsholderContact.email.split(separator: "@").last.map(String.init) ?? "localhost") + ",2025:crawlers"
        let xml = library.render("feed", .object([
            "feed_id": .string(base), "provider": .string(c.legalName), "updated": .string(updated),
            "contact": .string(c.rightsholderContact.email),
            "crawlers": .list(c.crawlers.map { crawler in
                .object(["entry_id": .string(base + ":" + crawler.userAgent), "user_agent": .string(crawler.userAgent),
                         "purpose": .string(crawler.purpose), "robots_txt": .string(crawler.robotsTxt.joined(separator: ", ")),
                         "other_opt_outs": .string(crawler.otherOptOuts.isEmpty ? "none" : crawler.otherOptOuts.joined(separator: ", ")),
                         "since": .string(crawler.since), "published": .string(crawler.since + "T00:00:00Z"),
                         "updated": .string(updated)])
            }),
        ]))
        let response = Response(status: .ok, headers: [HTTPHeader("Content-Type", "application/atom+xml; charset=utf-8"),
                                                       HTTPHeader("Cache-Control", "public, max-age=300"),
                                                       HTTPHeader("X-Content-Type-Options", "nosniff")],
                                body: Array(xml.utf8))
        router.get("/crawlers.atom", execution: .eventLoop) { _ in response }
    }
}

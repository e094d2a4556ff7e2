import HTTPServer
import Portal
import Templates

/// GET /: the contact point — who the provider is, how to reach it, how to complain and check a
/// complaint, where to request documentation, the policies, the models and the crawlers.
enum ContactPage {
    static func register(on router: inout Router, context: PortalContext, pages: Pages) {
        let c = context.configuration
        let policy = context.workflow.settings.policy(for: .complaint)
        let html = pages.render("contact", [
            "title": "Contact point", "provider": .string(c.legalName),
            "acknowledge_days": .string(String(policy.acknowledgeWithin ?? 0)),
            "respond_days": .string(String(policy.respondWithin)),
            "day_unit": .string(policy.unit == .businessDays ? "business days, not counting weekends and public holidays" : "calendar days"),
            "timezone": .string(c.timezone),
            "rightsholder_email": .string(c.rightsholderContact.email),
            "rightsholder_postal": c.rightsholderContact.postalAddress.map { .string($0) } ?? .null,
            "downstream_email": .string(c.downstreamProviderContact.email),
            "ai_office_email": .string(c.aiOfficeContact.email),
            "copyright_policy": .string(c.copyrightPolicyURL),
            "acceptable_use_policy": .string(c.acceptableUsePolicyURL),
            "models": .list(c.models.map { .object(["name": .string($0.name), "description": $0.description.map { .string($0) } ?? .null]) }),
            "crawlers_updated_on": .string(c.crawlersUpdatedOn),
            "crawlers": .list(c.crawlers.map { crawler in
                .object(["user_agent": .string(crawler.userAgent), "purpose": .string(crawler.purpose),
                         "robots_txt": .string(crawler.robotsTxt.joined(separator: ", ")),
                         "other_opt_outs": .string(crawler.otherOptOuts.isEmpty ? "None" : crawler.otherOptOuts.joined(separator: ", ")),
                         "since": .string(crawler.since)])
            }),
        ])
        let response = HTMLPage.response(html, cache: "public, max-age=300")
        router.get("/", execution: .eventLoop) { _ in response }
    }
}

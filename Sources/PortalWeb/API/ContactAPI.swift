import HTTPServer
import JSON
import Portal

/// GET /api/v1/contact: the contact point's information as JSON (the same as the page at /).
enum ContactAPI {
    static func register(on router: inout Router, context: PortalContext) {
        let body = document(context.configuration, policy: context.workflow.settings.policy(for: .complaint)).serializedBytes()
        router.get("/api/v1/contact") { _ in
            Response(status: .ok, headers: [HTTPHeader("Content-Type", "application/json"),
                                            HTTPHeader("Cache-Control", "public, max-age=300")], body: body)
        }
    }

    static func document(_ c: OperatorConfiguration, policy: DeadlinePolicy) -> JSONValue {
        func contact(_ contact: OperatorConfiguration.Contact) -> JSONValue {
            var object = JSONObject([("email", .string(contact.email))])
            object["postal_address"] = contact.postalAddress.map { .string($0) } ?? .null
            return .object(object)
        }
        return .object(JSONObject([
            ("provider", .object(JSONObject([("legal_name", .string(c.legalName))]))),
            ("rightsholder_contact", contact(c.rightsholderContact)),
            ("downstream_provider_contact", contact(c.downstreamProviderContact)),
            ("ai_office_contact", contact(c.aiOfficeContact)),
            ("policies", .object(JSONObject([("copyright_policy", .string(c.copyrightPolicyURL)),
                                             ("acceptable_use_policy", .string(c.acceptableUsePolicyURL))]))),
            ("models", .array(c.models.map { model in
                .object(JSONObject([("name", .string(model.name)), ("description", model.description.map { .string($0) } ?? .null)]))
            })),
            ("crawlers", .array(c.crawlers.map { crawler in
                .object(JSONObject([("user_agent", .string(crawler.userAgent)), ("purpose", .string(crawler.purpose)),
                                    ("robots_txt", .array(crawler.robotsTxt.map { .string($0) })),
                                    ("other_opt_outs", .array(crawler.otherOptOuts.map { .string($0) })),
                                    ("since", .string(crawler.since))]))
            })),
            ("crawlers_updated_on", .string(c.crawlersUpdatedOn)),
            ("complaint_targets", .object(JSONObject([
                ("acknowledge_within_days", policy.acknowledgeWithin.map { .number($0) } ?? .null),
                ("respond_within_days", .number(policy.respondWithin)),
                ("days", .string(policy.unit == .businessDays ? "business" : "calendar")), ("timezone", .string(c.timezone)),
            ]))),
            ("complaint_categories", .array(ComplaintCategory.allCases.map { category in
                .object(JSONObject([("value", .string(category.rawValue)), ("measure", .string(category.measure)),
                                    ("label", .string(category.label))]))
            })),
        ]))
    }
}

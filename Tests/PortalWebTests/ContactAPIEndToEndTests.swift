import Foundation
import HTTPTestSupport
import Portal
import Testing

/// GET /api/v1/contact: the contact point as JSON, from the operator's configuration.
@Suite struct ContactAPIEndToEndTests {
    static let acme = OperatorConfiguration(
        legalName: "Acme Models GmbH",
        rightsholderContact: .init(email: "rights@acme.example", postalAddress: "Musterstraße 1, 10115 Berlin"),
        downstreamProviderContact: .init(email: "docs@acme.example"),
        aiOfficeContact: .init(email: "aio@acme.example", postalAddress: nil),
        copyrightPolicyURL: "https://acme.example/copyright",
        acceptableUsePolicyURL: "https://acme.example/aup",
        models: [.init(name: "acme-7b", description: nil), .init(name: "acme-70b", description: "The large one")],
        crawlers: [.init(userAgent: "AcmeBot", purpose: "Training data", robotsTxt: ["Disallow"],
                         otherOptOuts: ["TDM-Rep"], since: "2025-09-15"),
                   .init(userAgent: "AcmeSearch", purpose: "Retrieval", robotsTxt: ["Disallow", "Allow", "Crawl-delay"],
                         otherOptOuts: [], since: "2026-02-01")],
        crawlersUpdatedOn: "2026-10-30",
        complaintTargets: .init(acknowledgeWithinDays: 2, respondWithinDays: 14),
        timezone: "Europe/Berlin")

    @Test func contactReturnsTheDemoProviderContactsModelsCrawlersAndTargets() throws {
        let portal = try PortalTestServer()
        defer { portal.stop() }

        let response = try portal.get("/api/v1/contact")

        #expect(response.status == 200)
        #expect(response.mediaType == "application/json")
        let body = try #require(response.jsonObject)
        let demo = OperatorConfiguration.demo
        #expect((body["provider"] as? [String: Any])?["legal_name"] as? String == demo.legalName)
        let rightsholder = body["rightsholder_contact"] as? [String: Any]
        #expect(rightsholder?["email"] as? String == "copyright@provider.example")
        #expect(rightsholder?["postal_address"] as? String == demo.rightsholderContact.postalAddress)
        #expect((body["downstream_provider_contact"] as? [String: Any])?["email"] as? String == "model-documentation@provider.example")
        #expect((body["ai_office_contact"] as? [String: Any])?["email"] as? String == "ai-office-liaison@provider.example")
        let policies = body["policies"] as? [String: Any]
        #expect(policies?["copyright_policy"] as? String == demo.copyrightPolicyURL)
        #expect(policies?["acceptable_use_policy"] as? String == demo.acceptableUsePolicyURL)
        let models = body["models"] as? [[String: Any]] ?? []
        #expect(models.compactMap { $0["name"] as? String } == ["example-model-1", "example-model-2"])
        let crawlers = body["crawlers"] as? [[String: Any]] ?? []
        #expect(crawlers.compactMap { $0["user_agent"] as? String } == ["ExampleBot"])
        #expect(crawlers.first?["robots_txt"] as? [String] == demo.crawlers[0].robotsTxt)
        #expect(crawlers.first?["other_opt_outs"] as? [String] == demo.crawlers[0].otherOptOuts)
        #expect(crawlers.first?["since"] as? String == "2025-08-01")
        #expect(body["crawlers_updated_on"] as? String == "2026-11-01")
        let targets = body["complaint_targets"] as? [String: Any]
        #expect(targets?["acknowledge_within_days"] as? Int == 4)
        #expect(targets?["respond_within_days"] as? Int == 30)
        #expect(targets?["timezone"] as? String == "Europe/Brussels")
        let categories = (body["complaint_categories"] as? [[String: Any]] ?? []).compactMap { $0["value"] as? String }
        #expect(categories == ComplaintCategory.allCases.map(\.rawValue))
    }

    @Test func contactReflectsTheOperatorsConfiguration() throws {
        let portal = try PortalTestServer(configuration: Self.acme)
        defer { portal.stop() }

        let body = try #require(try portal.get("/api/v1/contact").jsonObject)

        #expect((body["provider"] as? [String: Any])?["legal_name"] as? String == "Acme Models GmbH")
        let rightsholder = body["rightsholder_contact"] as? [String: Any]
        #expect(rightsholder?["email"] as? String == "rights@acme.example")
        #expect(rightsholder?["postal_address"] as? String == "Musterstraße 1, 10115 Berlin")
        #expect((body["ai_office_contact"] as? [String: Any])?["postal_address"] is NSNull)
        let models = body["models"] as? [[String: Any]] ?? []
        #expect(models.compactMap { $0["name"] as? String } == ["acme-7b", "acme-70b"])
        #expect(models.first?["description"] is NSNull)
        #expect(models.last?["description"] as? String == "The large one")
        let crawlers = body["crawlers"] as? [[String: Any]] ?? []
        #expect(crawlers.compactMap { $0["user_agent"] as? String } == ["AcmeBot", "AcmeSearch"])
        #expect(crawlers.last?["robots_txt"] as? [String] == ["Disallow", "Allow", "Crawl-delay"])
        #expect(body["crawlers_updated_on"] as? String == "2026-10-30")
        let targets = body["complaint_targets"] as? [String: Any]
        #expect(targets?["acknowledge_within_days"] as? Int == 2)
        #expect(targets?["respond_within_days"] as? Int == 14)
        #expect(targets?["timezone"] as? String == "Europe/Berlin")
    }

    @Test func modelsListedByTheContactPointAreWhatAComplaintAccepts() throws {
        let portal = try PortalTestServer(configuration: Self.acme)
        defer { portal.stop() }
        let listed = (try portal.get("/api/v1/contact").jsonObject?["models"] as? [[String: Any]] ?? [])
            .compactMap { $0["name"] as? String }

        for (index, model) in listed.enumerated() {
            let complaint = ComplaintFixture.setting(ComplaintFixture.rightsholder(title: "Work \(index)"), "model", model)
            let response = try portal.postComplaint(complaint)
            #expect(response.status == 201, "\(model): \(response.text)")
        }
        let demoModel = ComplaintFixture.setting(ComplaintFixture.rightsholder(), "model", "example-model-1")
        #expect(expectIncomplete(try portal.postComplaint(demoModel)) == ["model"])
        #expect(listed.count == 2)
    }

    @Test func receiptDeadlinesFollowTheConfiguredTargetsAndTimeZone() throws {
        let portal = try PortalTestServer(configuration: Self.acme)
        defer { portal.stop() }

        let complaint = ComplaintFixture.setting(ComplaintFixture.rightsholder(), "model", "acme-7b")
        let receipt = try #require(try portal.postComplaint(complaint).jsonObject)

        // 2026-11-28 in Berlin, plus 2 and 14 calendar days, to the end of the day (CET, UTC+1).
        #expect(receipt["acknowledge_by"] as? String == "2026-11-30T22:59:59Z")
        #expect(receipt["respond_by"] as? String == "2026-12-12T22:59:59Z")
    }
}

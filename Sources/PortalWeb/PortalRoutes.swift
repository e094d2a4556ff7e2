import HTTPServer

/// Every route of the portal, in one place.
public enum PortalRoutes {
    public static func makeRouter(_ context: PortalContext) -> Router {
        var router = Router()
        HealthRoutes.register(on: &router, context: context)
        ContactAPI.register(on: &router, context: context)
        ComplaintAPI.register(on: &router, context: context)
        DocumentationRequestAPI.register(on: &router, context: context)
        AuthorityRequestAPI.register(on: &router, context: context)
        StatusAPI.register(on: &router, context: context)
        CaseAPI.register(on: &router, context: context)
        ReleaseAPI.register(on: &router, context: context)
        ReportAPI.register(on: &router, context: context)
        AdminAPI.register(on: &router, context: context)
        let pages = Pages()
        ContactPage.register(on: &router, context: context, pages: pages)
        ComplaintFormPage.register(on: &router, context: context, pages: pages)
        DocumentationRequestFormPage.register(on: &router, context: context, pages: pages)
        StatusPage.register(on: &router, context: context, pages: pages)
        DocumentationAPI.register(on: &router, context: context, pages: pages)
        CrawlerFeed.register(on: &router, context: context)
        return router
    }
}

import HTTPServer

/// Every route of the portal, in one place.
public enum PortalRoutes {
    public static func makeRouter(_ context: PortalContext) -> Router {
        var router = Router()
        HealthRoutes.register(on: &router, context: context)
        ContactAPI.register(on: &router, context: context)
        ComplaintAPI.register(on: &router, context: context)
        StatusAPI.register(on: &router, context: context)
        return router
    }
}

import HTTPServer

/// Every route of the portal, in one place.
public enum PortalRoutes {
    public static func makeRouter(_ context: PortalContext) -> Router {
        var router = Router()
        HealthRoutes.register(on: &router, context: context)
        return router
    }
}

import Hummingbird
import NIOConcurrencyHelpers

/// The methods each route answers, recorded once the router is built, so that a request with a known path and
/// another method is answered 405 with an `Allow` header (RFC 9110 §15.5.6) rather than the router's 404.
final class RouteMethods: Sendable {
    private let routes = NIOLockedValueBox<[(path: RouterPath, method: HTTPRequest.Method)]>([])

    func record(_ descriptions: [Router<BasicRequestContext>.RouteDescription]) {
        routes.withLockedValue { routes in routes = descriptions.map { ($0.path, $0.method) } }
    }

    /// The methods of every route whose pattern matches `path`, each segment by the router's own rule.
    func allowed(path: String) -> [HTTPRequest.Method] {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        let methods = routes.withLockedValue { routes in
            routes.filter { route in
                route.path.components.count == segments.count
                    && zip(route.path.components, segments).allSatisfy { $0 ~= $1 }
            }.map(\.method)
        }
        return methods.sorted { $0.rawValue < $1.rawValue }
    }
}

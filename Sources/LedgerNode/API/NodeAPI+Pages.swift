import Foundation
import Hummingbird
import LedgerCore
import LedgerWeb
import NIOCore

/// The pages, served from the binary (LedgerWeb): the public registry at `/`, the employer's verifier at /verify,
/// their assets under /verify/, the node's genesis for the verifier to pin, and the SHA-256 of every asset. Every
/// response carries the pages' strict Content-Security-Policy.
extension NodeAPI {
    func addPageRoutes(to router: Router<BasicRequestContext>) {
        router.get("/") { _, _ in Self.page(Self.registryPage, contentType: "text/html; charset=utf-8") }
        // Hummingbird routes /verify and /verify/ alike, so the page names its assets from the root.
        router.get("/verify") { _, _ in Self.page(Self.servedPage, contentType: "text/html; charset=utf-8") }
        router.get("/verify/genesis.json") { _, _ in
            Self.page(Array(genesis.json.utf8), contentType: "application/json")
        }
        router.get("/verify/integrity.json") { _, _ in
            Self.page(Array((WebAssets.integrityJSON + "\n").utf8), contentType: "application/json")
        }
        router.get("/verify/:asset") { _, context in try Self.asset(context.parameters.get("asset") ?? "") }
    }

    /// verify.html with its script and style named under /verify/.
    static let servedPage = served("verify.html", module: "app.mjs")

    /// registry.html, likewise.
    static let registryPage = served("registry.html", module: "registry-page.mjs")

    static func served(_ name: String, module: String) -> [UInt8] {
        let html = String(decoding: WebAssets.files[name] ?? [], as: UTF8.self)
        return Array(
            html.replacingOccurrences(of: "src=\"\(module)\"", with: "src=\"/verify/\(module)\"")
                .replacingOccurrences(of: "href=\"verify.css\"", with: "href=\"/verify/verify.css\"").utf8)
    }

    static func pageHeaders(contentType: String) -> HTTPFields {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        headers[.contentSecurityPolicy] = WebAssets.contentSecurityPolicy
        headers[.xContentTypeOptions] = "nosniff"
        headers[.init("Referrer-Policy")!] = "no-referrer"
        headers[.cacheControl] = "no-cache"
        return headers
    }

    static func page(_ bytes: [UInt8], contentType: String) -> Response {
        Response(
            status: .ok, headers: pageHeaders(contentType: contentType),
            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    static func asset(_ name: String) throws -> Response {
        guard let bytes = WebAssets.files[name] else { throw APIError.notFound("no page asset \(name)") }
        return page(bytes, contentType: WebAssets.contentType(of: name))
    }
}

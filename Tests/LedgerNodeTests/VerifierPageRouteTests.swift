import Foundation
import Hummingbird
import HummingbirdTesting
import LedgerCore
import LedgerWeb
import Testing

@testable import LedgerNode

/// The pages as the node serves them: from the binary, under a strict Content-Security-Policy, with the node's own
/// genesis and the SHA-256 of every asset.
@Suite("HTTP API: the verifier and registry pages")
struct VerifierPageRouteTests {
    @Test("/ is the public registry page: served from the binary under the CSP, its modules under /verify/")
    func servesTheRegistryPage() async throws {
        let node = try await NodeFixture()
        try await NodeAPITests.application(node).test(.router) { client in
            let page = try await client.execute(uri: "/", method: .get)
            #expect(page.status == .ok && page.headers[.contentType] == "text/html; charset=utf-8")
            #expect(page.headers[.contentSecurityPolicy] == WebAssets.contentSecurityPolicy)
            let html = String(buffer: page.body)
            #expect(html.contains("src=\"/verify/registry-page.mjs\"") && html.contains("href=\"/verify/verify.css\""))
            #expect(!html.contains("<script>") && !html.contains("onclick"), "no inline script")
            let files = WebAssets.pageFiles(html: "registry.html", module: "registry-page.mjs")
            #expect(files.contains("verifier.mjs") && files.contains("registry-strings.mjs"), "\(files)")
            for name in files {
                let response = try await client.execute(uri: "/verify/\(name)", method: .get)
                #expect(response.status == .ok, "\(name)")
            }
        }
    }

    @Test("/verify, its assets, genesis.json and integrity.json; every response carries the CSP; unknown assets 404")
    func servesThePage() async throws {
        let node = try await NodeFixture()
        try await NodeAPITests.application(node).test(.router) { client in
            let page = try await client.execute(uri: "/verify", method: .get)
            #expect(page.status == .ok && page.headers[.contentType] == "text/html; charset=utf-8")
            let html = String(buffer: page.body)
            #expect(html.contains("src=\"/verify/app.mjs\"") && html.contains("href=\"/verify/verify.css\""))
            #expect(!html.contains("<script>") && !html.contains("onclick"), "no inline script")
            let integrity = NodeAPITests.json(try await client.execute(uri: "/verify/integrity.json", method: .get))
            guard case .object(let assets)? = integrity["assets"] else {
                Issue.record("integrity.json has no assets: \(integrity)")
                return
            }
            #expect(Set(assets.map(\.key)) == Set(WebAssets.files.keys) && assets.count >= 15)
            var sizes: [String: Int] = [:]
            for member in assets {
                let response = try await client.execute(uri: "/verify/\(member.key)", method: .get)
                let bytes = Array(buffer: response.body)
                sizes[member.key] = bytes.count
                #expect(response.status == .ok, "\(member.key)")
                #expect(member.value.stringValue == SHA256.hash(bytes).hex, "\(member.key)'s published hash")
                #expect(response.headers[.contentSecurityPolicy] == WebAssets.contentSecurityPolicy)
                #expect(response.headers[.xContentTypeOptions] == "nosniff")
            }
            // What /verify loads: its HTML, the style and app.mjs's modules (the registry page's files are not).
            let verifierFiles = WebAssets.pageFiles(html: "verify.html", module: "app.mjs")
            #expect(!verifierFiles.contains("registry-page.mjs") && verifierFiles.count >= 15)
            let total = verifierFiles.reduce(0) { $0 + (sizes[$1] ?? 0) }
            #expect(total < 150 * 1024, "the verifier page weighs \(total) bytes")
            let genesis = try await client.execute(uri: "/verify/genesis.json", method: .get)
            #expect(try Genesis.parse(json: Array(buffer: genesis.body)).chainID == node.genesis.chainID)
            let missing = try await client.execute(uri: "/verify/evil.mjs", method: .get)
            #expect(missing.status == .notFound && NodeAPITests.json(missing)["error"] == .string("not_found"))
            let traversal = try await client.execute(uri: "/verify/..%2Fgenesis.json", method: .get)
            #expect(traversal.status == .notFound)
        }
    }
}

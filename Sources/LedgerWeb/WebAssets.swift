import LedgerCore

/// The pages' files (web/verifier), embedded at build time by WebAssetsPlugin: the employer's verifier
/// (verify.html, app.mjs), which the node serves at /verify and `ledger verifier-page` writes into one
/// self-contained file, and the public registry page (registry.html, registry-page.mjs), served at `/`, which uses
/// the verifier's modules. Every asset is served under /verify/.
public enum WebAssets {
    /// Each file's bytes by name ("verify.html", "app.mjs", …).
    public static let files: [String: [UInt8]] = {
        var files: [String: [UInt8]] = [:]
        for (name, base64) in generatedWebAssets {
            guard let bytes = Base64.decode(base64) else { preconditionFailure("WebAssetsPlugin wrote invalid base64") }
            files[name] = name.hasSuffix(".mjs") ? compacted(bytes) : bytes
        }
        return files
    }()

    /// A module as served: without its whole-line comments (`//` lines and `/** … */` blocks), its indentation and
    /// its blank lines, which are a third of its weight. The modules hold no template literal that spans lines, so
    /// no string changes (the browser tests run the served modules; web/verifier/tests run the sources).
    static func compacted(_ bytes: [UInt8]) -> [UInt8] {
        var kept: [Substring] = []
        var inBlockComment = false
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true) {
            let trimmed = line.drop { $0 == " " }
            if inBlockComment {
                if trimmed.hasPrefix("*/") || trimmed.hasSuffix("*/") { inBlockComment = false }
                continue
            }
            if trimmed.hasPrefix("/**") || trimmed.hasPrefix("/*") {
                inBlockComment = !trimmed.hasSuffix("*/")
                continue
            }
            if trimmed.hasPrefix("//") || trimmed.isEmpty { continue }
            kept.append(trimmed)
        }
        return Array((kept.joined(separator: "\n") + "\n").utf8)
    }

    /// The files a page loads: its HTML, the style, and its module with every module that one imports.
    public static func pageFiles(html: String, module: String) -> [String] {
        [html, "verify.css"] + SavedPage.modules(from: module)
    }

    /// The media type of a file by its extension.
    public static func contentType(of name: String) -> String {
        if name.hasSuffix(".mjs") || name.hasSuffix(".js") { return "text/javascript; charset=utf-8" }
        if name.hasSuffix(".css") { return "text/css; charset=utf-8" }
        if name.hasSuffix(".html") { return "text/html; charset=utf-8" }
        return "application/json"
    }

    /// The Content-Security-Policy of the served page: its own scripts and styles only, no inline script, no other
    /// origin, and requests only to its own origin (for its genesis and integrity list).
    public static let contentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

    /// `mcledger.integrity.v1`: the SHA-256 of every asset, hex, by name (served at /verify/integrity.json).
    public static var integrityJSON: String {
        let members = files.keys.sorted().map { JSONMember($0, .string(SHA256.hash(files[$0]!).hex)) }
        return JSONWriter.pretty(
            .object([
                JSONMember("format", .string("mcledger.integrity.v1")), JSONMember("assets", .object(members)),
            ]))
    }
}

import Foundation
import LedgerCore

/// The verifier page as one self-contained HTML file that works opened from disk (`file://`) with the network off:
/// the modules joined into one inline module script, the style inline, the genesis and the asset hashes as JSON data
/// blocks, and a Content-Security-Policy that allows exactly that script and that style by their SHA-256 and no
/// request at all.
public enum SavedPage {
    /// The HTML of the saved page pinned to `genesis`.
    public static func html(genesisJSON: String) -> String {
        let script = bundledModules()
        let style = String(decoding: WebAssets.files["verify.css"] ?? [], as: UTF8.self)
        let policy =
            "default-src 'none'; script-src 'sha256-\(Base64.encode(SHA256.hash(Array(script.utf8)).bytes))'; "
            + "style-src 'sha256-\(Base64.encode(SHA256.hash(Array(style.utf8)).bytes))'; img-src data:; "
            + "connect-src 'none'; base-uri 'none'; form-action 'none'"
        var page = String(decoding: WebAssets.files["verify.html"] ?? [], as: UTF8.self)
        page = page.replacingFirst(
            "<link rel=\"stylesheet\" href=\"verify.css\">",
            with: "<meta http-equiv=\"Content-Security-Policy\" content=\"\(policy)\">\n<style>\(style)</style>")
        page = page.replacingFirst(
            "<script type=\"module\" src=\"app.mjs\"></script>",
            with: dataBlock("mcledger-genesis", genesisJSON) + "\n"
                + dataBlock("mcledger-integrity", WebAssets.integrityJSON) + "\n<script type=\"module\">"
                + script + "</script>")
        return page
    }

    /// JSON in a data block, which no browser executes: "</" is written "<\/" (the same JSON), so nothing in it can
    /// close the element.
    static func dataBlock(_ id: String, _ json: String) -> String {
        "<script type=\"application/json\" id=\"\(id)\">\(json.replacingAll("</", with: "<\\/"))</script>"
    }

    /// Every module, dependencies first, each in its own function scope: `import { a, b } from "./x.mjs"` becomes
    /// `const { a, b } = modules["x.mjs"]`, and what it exports is returned from its scope. The modules form a graph
    /// without cycles; app.mjs comes last and runs the page.
    static func bundledModules() -> String {
        let sources = WebAssets.files.filter { $0.key.hasSuffix(".mjs") }.mapValues {
            String(decoding: $0, as: UTF8.self)
        }
        var output = "const modules = Object.create(null);\n"
        for name in modules(from: "app.mjs") {
            output += "modules[\"\(name)\"] = (() => {\n\(rewritten(sources[name]!))})();\n"
        }
        return output
    }

    /// `root` and every module it imports, directly or not, dependencies first.
    public static func modules(from root: String) -> [String] {
        var ordered: [String] = []
        func visit(_ name: String) {
            guard !ordered.contains(name), let bytes = WebAssets.files[name] else { return }
            for dependency in imports(of: String(decoding: bytes, as: UTF8.self)).map(\.module) { visit(dependency) }
            ordered.append(name)
        }
        visit(root)
        return ordered
    }

    /// The `import { … } from "./x.mjs";` statements of a module (possibly over several lines).
    static func imports(of source: String) -> [(statement: String, names: String, module: String)] {
        var found: [(String, String, String)] = []
        var rest = Substring(source)
        while let start = rest.range(of: "import {") {
            guard let close = rest[start.upperBound...].range(of: "} from \"./"),
                let end = rest[close.upperBound...].range(of: "\";")
            else { break }
            let names = rest[start.upperBound..<close.lowerBound]
            let module = rest[close.upperBound..<end.lowerBound]
            found.append((String(rest[start.lowerBound..<end.upperBound]), String(names), String(module)))
            rest = rest[end.upperBound...]
        }
        return found
    }

    /// A module's body with its imports read from `modules` and its exports returned.
    static func rewritten(_ source: String) -> String {
        var body = source
        for (statement, names, module) in imports(of: source) {
            let bindings = names.replacingAll(" as ", with: ": ")
            body = body.replacingFirst(statement, with: "const {\(bindings)} = modules[\"\(module)\"];")
        }
        var exported: [String] = []
        var lines: [String] = []
        for line in body.split(separator: "\n", omittingEmptySubsequences: false) {
            var text = String(line)
            if text.hasPrefix("export {"), let close = text.firstIndex(of: "}") {
                exported += text[text.index(text.startIndex, offsetBy: 8)..<close].split(separator: ",").map {
                    $0.trimmingSpaces
                }
                continue
            }
            for keyword in [
                "export async function ", "export function ", "export const ", "export class ", "export let ",
            ]
            where text.hasPrefix(keyword) {
                text.removeFirst(7)
                let declared = text.dropFirst(keyword.count - 7)
                exported.append(String(declared.prefix { $0.isLetter || $0.isNumber || $0 == "_" }))
            }
            lines.append(text)
        }
        return lines.joined(separator: "\n") + "\nreturn { \(exported.joined(separator: ", ")) };\n"
    }
}

extension String {
    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = range(of: target) else { return self }
        return replacingCharacters(in: range, with: replacement)
    }

    func replacingAll(_ target: String, with replacement: String) -> String {
        components(separatedBy: target).joined(separator: replacement)
    }
}

extension Substring {
    var trimmingSpaces: String { String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed()) }
}

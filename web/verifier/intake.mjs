// What an employer gives the page, sorted by content rather than by name: a proof bundle, a newer status proof, a
// genesis file, a learner's verification package (mcledger.package.v1), a baked badge (PNG or SVG), or the
// credential document itself (an Open Badges 3.0 JSON, a PDF…). A `#package=` URL fragment is a package too.

import { FormatError, decodeUTF8, fromBase64, fromHex, utf8 } from "./bytes.mjs";
import { credentialForm, extractBadge } from "./badge.mjs";
import { fields } from "./fields.mjs";
import { isObject, parseJSON } from "./json.mjs";

export const PACKAGE_FORMAT = "mcledger.package.v1";

/** A package's parts: {bundle (parsed JSON), document {name, bytes}, salt (bytes or null)}. */
export function parsePackage(value) {
    const top = fields(value, "", ["format", "credentialId", "document", "bundle", "salt"]);
    if (top.string("format") !== PACKAGE_FORMAT) throw new FormatError(`format must be "${PACKAGE_FORMAT}"`);
    const credentialId = top.string("credentialId");
    if (!credentialId) throw new FormatError("credentialId must not be empty");
    const document = fields(top.value("document"), "document", ["name", "mediaType", "base64"]);
    const name = document.string("name");
    if (!name || utf8(name).length > 255 || name.includes("/")) {
        throw new FormatError("document.name must be a file name of 1 to 255 bytes, no '/'");
    }
    if (document.has("mediaType")) document.string("mediaType");
    const bytes = document.base64("base64", 16 * 1024 * 1024);
    let salt = null;
    if (top.has("salt")) {
        salt = fromHex(top.string("salt"));
        if (!salt || salt.length < 1 || salt.length > 64) throw new FormatError("salt must be 1 to 64 bytes of hex");
    }
    const bundle = top.value("bundle");
    if (!isObject(bundle)) throw new FormatError("bundle must be a proof bundle object");
    return { credentialId, bundle, document: { name, bytes }, salt };
}

/** The package a `#package=` fragment carries: base64url of its JSON, or "z." and base64url of its zlib form. */
export async function packageFromFragment(fragment) {
    const match = /(?:^#|&)package=([^&]*)/.exec(fragment);
    if (!match) return null;
    let encoded = match[1];
    if (!/^(z\.)?[A-Za-z0-9_-]+$/.test(encoded)) throw new FormatError("the #package= fragment is not base64url");
    const compressed = encoded.startsWith("z.");
    if (compressed) encoded = encoded.slice(2);
    const standard = encoded.replace(/-/g, "+").replace(/_/g, "/");
    const bytes = fromBase64(standard + "=".repeat((4 - (standard.length % 4)) % 4));
    if (!bytes) throw new FormatError("the #package= fragment is not base64url");
    const json = compressed
        ? new Uint8Array(await new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate")))
            .arrayBuffer())
        : bytes;
    return parsePackage(parseJSON(json));
}

const FORMAT_ROLES = {
    "mcledger.proof.v2": "bundle", "mcledger.status.v2": "status", "mcledger.genesis.v2": "genesis",
    [PACKAGE_FORMAT]: "package",
};

/**
 * Sorts files ([{name, bytes}]) into one request: {bundle, status, genesis, document, salt, badge, credentialId (a
 * package's), problems}.
 * `document` is {name, bytes, source}; `badge` what a baked badge held.
 */
export async function intake(files) {
    const request = {
        bundle: null, status: null, genesis: null, document: null, salt: null, badge: null, credentialId: null,
        problems: [],
    };
    const put = (role, value, name) => {
        if (request[role]) request.problems.push({ key: "problem.twice", params: { name, role } });
        else request[role] = value;
    };
    for (const file of files) {
        const badge = await extractBadge(file.bytes).catch((error) => {
            request.problems.push({ key: "problem.badgeUnreadable", params: { name: file.name, reason: error.message } });
            return undefined;
        });
        if (badge === undefined) continue;
        if (badge) {
            request.badge = { name: file.name, version: badge.version, form: badge.text && credentialForm(badge.text),
                notes: badge.notes };
            if (badge.text) put("document", { name: file.name, bytes: utf8(badge.text), source: "badge" }, file.name);
            if (badge.proof) put("bundle", badge.proof, file.name);
            continue;
        }
        let value = null;
        try {
            value = parseJSON(file.bytes);
        } catch {
            value = null;
        }
        const role = isObject(value) && typeof value.format === "string" ? FORMAT_ROLES[value.format] : undefined;
        if (role === "package") {
            try {
                const parts = parsePackage(value);
                put("bundle", parts.bundle, file.name);
                request.credentialId = parts.credentialId;
                put("document", { ...parts.document, source: "package" }, file.name);
                if (parts.salt) put("salt", parts.salt, file.name);
            } catch (error) {
                request.problems.push({ key: "problem.package", params: { name: file.name, reason: error.message } });
            }
        } else if (role) {
            put(role, role === "genesis" ? file.bytes : value, file.name);
        } else if (/^\s*[0-9a-fA-F]{2,128}\s*$/.test(decodeUTF8Safe(file.bytes)) && file.bytes.length <= 130) {
            put("salt", fromHex(decodeUTF8Safe(file.bytes).trim()), file.name);
        } else {
            put("document", { name: file.name, bytes: file.bytes, source: "file" }, file.name);
        }
    }
    return request;
}

function decodeUTF8Safe(bytes) {
    try {
        return decodeUTF8(bytes);
    } catch {
        return "";
    }
}

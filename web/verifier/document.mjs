// The credential document's digest, by the rule `ledger issue`, `ledger digest` and `ledger verify` apply
// (docs/FORMATS.md "Transaction body"): SHA-256 of the RFC 8785 canonical form when the document is I-JSON, else of
// its raw bytes. A document that must be JSON (named *.json, or starting with { or [) but is not is refused, since
// taking its raw bytes would hide the mistake.

import { FormatError, concat, fromHex, utf8 } from "./bytes.mjs";
import { LIMITS } from "./encoding.mjs";
import { canonicalJSON, parseJSON } from "./json.mjs";
import { sha256 } from "./sha256.mjs";

export class NotJSON extends Error {}

export function mustBeJSON(bytes, fileName) {
    if (fileName && fileName.toLowerCase().endsWith(".json")) return true;
    const first = bytes.find((byte) => ![0x20, 0x09, 0x0a, 0x0d].includes(byte));
    return first === 0x7b || first === 0x5b;
}

/** {digest, form ("rfc8785-json" or "raw-bytes"), value (the parsed document, when JSON)}. */
export function documentDigest(bytes, fileName = null, raw = false) {
    if (raw) return { digest: sha256(bytes), form: "raw-bytes", value: null };
    try {
        const value = parseJSON(bytes, LIMITS.credentialDocumentBytesMax);
        return { digest: sha256(utf8(canonicalJSON(value))), form: "rfc8785-json", value };
    } catch (error) {
        if (!(error instanceof FormatError)) throw error;
        if (mustBeJSON(bytes, fileName)) {
            throw new NotJSON(`${fileName ? `'${fileName}'` : "the document"} is not valid JSON (I-JSON, RFC 7493): ` +
                error.message);
        }
        return { digest: sha256(bytes), form: "raw-bytes", value: null };
    }
}

/** SHA-256(salt ‖ identifier), the learner's commitment. */
export function subjectCommitment(salt, identifier) {
    return sha256(concat(salt, utf8(identifier)));
}

/** A salt as `ledger issue --salt-out` writes it (hex, 1 to 64 bytes), or null. */
export function parseSalt(text) {
    const salt = fromHex(text.trim());
    return salt && salt.length >= 1 && salt.length <= 64 ? salt : null;
}

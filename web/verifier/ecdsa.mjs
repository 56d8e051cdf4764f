// ECDSA P-256 over SHA-256 with WebCrypto (docs/FORMATS.md "Conventions"). The ledger's signatures are strict DER
// with low S; WebCrypto takes IEEE P1363 (r ‖ s) and accepts high S, so this module converts strictly and checks
// low S itself. Keys are the canonical 91-byte SubjectPublicKeyInfo of an uncompressed P-256 point.

import { concat, equal, fromHex, toHex } from "./bytes.mjs";

const ORDER = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
const HALF_ORDER = ORDER >> 1n;
const SPKI_PREFIX = fromHex("3059301306072a8648ce3d020106082a8648ce3d030107034200");
export const SPKI_BYTES = 91;
const DER_BYTES_MAX = 72;

function subtle() {
    const api = globalThis.crypto?.subtle;
    if (!api) {
        throw new Error(
            "this browser offers no WebCrypto here: open the page over https, from localhost, or as a saved file");
    }
    return api;
}

/** One DER INTEGER at `offset`, minimal and positive: [value, next offset], or null. */
function readInteger(der, offset) {
    if (der[offset] !== 0x02 || offset + 2 > der.length) return null;
    const length = der[offset + 1];
    const start = offset + 2;
    if (length === 0 || length > 33 || start + length > der.length) return null;
    const content = der.subarray(start, start + length);
    if (content[0] & 0x80) return null; // negative
    if (length > 1 && content[0] === 0 && !(content[1] & 0x80)) return null; // not minimal
    return [BigInt("0x" + toHex(content)), start + length];
}

/** Strict DER ECDSA-Sig-Value → {r, s}, or null when it is not exactly one canonical encoding. */
export function parseDER(der) {
    if (der.length < 8 || der.length > DER_BYTES_MAX || der[0] !== 0x30 || der[1] !== der.length - 2) return null;
    const first = readInteger(der, 2);
    if (!first) return null;
    const second = readInteger(der, first[1]);
    if (!second || second[1] !== der.length) return null;
    return { r: first[0], s: second[0] };
}

function fixed32(value) {
    const hex = value.toString(16).padStart(64, "0");
    return hex.length > 64 ? null : fromHex(hex);
}

/** "valid", "invalid", "malformed" (not strict DER) or "highS", as SignatureVerdict. */
export async function verifySignature(key, der, message) {
    const signature = parseDER(der);
    if (!signature) return "malformed";
    if (signature.s > HALF_ORDER) return "highS";
    const r = fixed32(signature.r);
    const s = fixed32(signature.s);
    if (!r || !s || signature.r === 0n || signature.s === 0n || signature.r >= ORDER) return "invalid";
    const valid = await subtle().verify({ name: "ECDSA", hash: "SHA-256" }, key, concat(r, s), message);
    return valid ? "valid" : "invalid";
}

const imported = new Map();

/** A verifying key from canonical SPKI DER; throws naming the problem. */
export async function importKey(spki) {
    if (spki.length !== SPKI_BYTES || !equal(spki.subarray(0, SPKI_PREFIX.length), SPKI_PREFIX)) {
        throw new Error("not the canonical SubjectPublicKeyInfo of an uncompressed P-256 key");
    }
    const cacheKey = toHex(spki);
    if (!imported.has(cacheKey)) {
        const pending = subtle()
            .importKey("spki", spki, { name: "ECDSA", namedCurve: "P-256" }, false, ["verify"])
            .catch(() => {
                imported.delete(cacheKey);
                throw new Error("the key's point is not on P-256");
            });
        imported.set(cacheKey, pending);
    }
    return imported.get(cacheKey);
}

/** SPKI DER from a "BEGIN PUBLIC KEY" PEM block. */
export function spkiFromPEM(pem) {
    const match = /^-----BEGIN PUBLIC KEY-----\r?\n([A-Za-z0-9+/=\r\n]+)-----END PUBLIC KEY-----\s*$/.exec(pem.trim() + "\n");
    if (!match) throw new Error("expected a 'BEGIN PUBLIC KEY' block");
    const body = match[1].replace(/[\r\n]/g, "");
    const decoded = atob(body);
    return Uint8Array.from(decoded, (character) => character.charCodeAt(0));
}

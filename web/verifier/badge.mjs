// Baked badges (Open Badges 3.0 §5.3 "Baking", Open Badges 2.0 "Baking"): the credential inside a PNG's iTXt chunk
// (keyword "openbadgecredential" for 3.0, "openbadges" for 2.x) or an SVG's <openbadges:credential> (or 2.x
// <openbadges:assertion>) element. Extraction is tolerant: Moodle's older baker writes an iTXt chunk without the
// compression and language fields and with a wrong CRC, and such a badge still yields its credential, with a note.
// A badge anchored on this registry also carries its proof bundle, in an iTXt chunk "mcledgerproof" or an SVG
// <mcledger:proof> element; a badge without one is "not anchored on the registry".

import { decodeUTF8 } from "./bytes.mjs";

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const CREDENTIAL_KEYWORDS = { openbadgecredential: "ob3", openbadges: "ob2" };
const PROOF_KEYWORD = "mcledgerproof";

export const isPNG = (bytes) => PNG_SIGNATURE.every((byte, index) => bytes[index] === byte);

export function isSVG(bytes) {
    const head = new TextDecoder().decode(bytes.subarray(0, 1024)).trimStart();
    return head.startsWith("<svg") || (head.startsWith("<?xml") && head.includes("<svg"));
}

// CRC-32 of PNG (ISO 3309), for the chunk check.
const CRC_TABLE = Array.from({ length: 256 }, (_, index) => {
    let value = index;
    for (let bit = 0; bit < 8; bit++) value = value & 1 ? 0xedb88320 ^ (value >>> 1) : value >>> 1;
    return value >>> 0;
});

export function crc32(bytes) {
    let crc = 0xffffffff;
    for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 255] ^ (crc >>> 8);
    return (crc ^ 0xffffffff) >>> 0;
}

function readU32(bytes, offset) {
    return ((bytes[offset] << 24) | (bytes[offset + 1] << 16) | (bytes[offset + 2] << 8) | bytes[offset + 3]) >>> 0;
}

/** The chunks of a PNG: [{type, data, crcValid}], reading on past a bad CRC and stopping at a truncated chunk. */
export function pngChunks(bytes) {
    const chunks = [];
    let offset = 8;
    while (offset + 8 <= bytes.length) {
        const length = readU32(bytes, offset);
        const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
        const end = Math.min(offset + 8 + length, bytes.length);
        const data = bytes.subarray(offset + 8, end);
        const crcValid = end + 4 <= bytes.length && readU32(bytes, end) === crc32(bytes.subarray(offset + 4, end));
        chunks.push({ type, data, crcValid, truncated: end < offset + 8 + length });
        if (type === "IEND" || end < offset + 8 + length) break;
        offset = end + 4;
    }
    return chunks;
}

async function inflate(bytes) {
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate"));
    return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** An iTXt (or tEXt) chunk's keyword and text; null when it is not one of ours. Tolerant of a missing header. */
async function textChunk(chunk, notes) {
    const zero = chunk.data.indexOf(0);
    if (zero < 1) return null;
    const keyword = decodeUTF8(chunk.data.subarray(0, zero), "keyword");
    if (!(keyword in CREDENTIAL_KEYWORDS) && keyword !== PROOF_KEYWORD) return null;
    const rest = chunk.data.subarray(zero + 1);
    if (chunk.type === "tEXt") return { keyword, text: decodeUTF8(rest, keyword) };
    // iTXt: compression flag, compression method, language tag \0, translated keyword \0, text.
    const flag = rest[0];
    const method = rest[1];
    const languageEnd = rest.indexOf(0, 2);
    const translatedEnd = languageEnd < 0 ? -1 : rest.indexOf(0, languageEnd + 1);
    if ((flag === 0 || flag === 1) && method === 0 && translatedEnd >= 0) {
        const body = rest.subarray(translatedEnd + 1);
        return { keyword, text: decodeUTF8(flag === 1 ? await inflate(body) : body, keyword) };
    }
    // A malformed header (Moodle's older baker): the text starts at the first byte that can start a credential.
    const start = rest.findIndex((byte) => byte === 0x7b || byte === 0x68 || byte === 0x65); // "{", "h"ttp, "e"yJ
    if (start < 0) return null;
    notes.push(`the ${keyword} iTXt chunk has a malformed header; its text was read after it`);
    return { keyword, text: decodeUTF8(rest.subarray(start), keyword).replace(/\0+$/, "") };
}

function unescapeXML(text) {
    return text
        .replace(/^\s*<!\[CDATA\[([\s\S]*)\]\]>\s*$/, "$1")
        .replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'")
        .replace(/&amp;/g, "&");
}

/** {version ("ob3"/"ob2"), text (the credential: JSON, a compact JWS or a URL), proof (bundle text or null), notes}. */
export async function extractBadge(bytes) {
    const notes = [];
    let credential = null;
    let proof = null;
    if (isPNG(bytes)) {
        for (const chunk of pngChunks(bytes)) {
            if (chunk.type !== "iTXt" && chunk.type !== "tEXt") continue;
            const found = await textChunk(chunk, notes);
            if (!found) continue;
            if (!chunk.crcValid) notes.push(`the ${found.keyword} chunk's CRC does not match; its text was read anyway`);
            if (found.keyword === PROOF_KEYWORD) proof ??= found.text;
            else if (!credential || CREDENTIAL_KEYWORDS[found.keyword] === "ob3") {
                credential = { version: CREDENTIAL_KEYWORDS[found.keyword], text: found.text };
            }
        }
    } else if (isSVG(bytes)) {
        const svg = decodeUTF8(bytes, "SVG");
        const element = (name) => new RegExp(`<${name}\\b([^>]*?)(?:/>|>([\\s\\S]*?)</${name}>)`).exec(svg);
        const ob3 = element("openbadges:credential");
        const ob2 = element("openbadges:assertion");
        const match = ob3 ?? ob2;
        if (match) {
            const verify = /\bverify\s*=\s*"([^"]*)"/.exec(match[1] ?? "");
            const content = unescapeXML(match[2] ?? "").trim();
            credential = { version: ob3 ? "ob3" : "ob2", text: content || unescapeXML(verify?.[1] ?? "") };
        }
        const proofElement = element("mcledger:proof");
        if (proofElement) proof = unescapeXML(proofElement[2] ?? "").trim();
    } else {
        return null;
    }
    if (!credential) return { version: null, text: null, proof, notes };
    return { ...credential, proof, notes };
}

/** What a credential's text is: "json", "jws" (a compact JWS, OB 3.0's VC-JWT form) or "url" (OB 2.x hosted). */
export function credentialForm(text) {
    const trimmed = text.trim();
    if (trimmed.startsWith("{")) return "json";
    if (/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(trimmed)) return "jws";
    if (/^https?:\/\//.test(trimmed)) return "url";
    return "unknown";
}

// Byte helpers shared by the verifier's modules: strict hex and base64 (docs/FORMATS.md "Conventions"), UTF-8,
// big-endian integers. Every decoder refuses what the Swift ledger refuses; none repairs its input.

const HEX_DIGITS = "0123456789abcdef";
const BASE64_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const BASE64_VALUES = new Map([...BASE64_ALPHABET].map((character, value) => [character, value]));

export class FormatError extends Error {}

export function toHex(bytes) {
    let text = "";
    for (const byte of bytes) text += HEX_DIGITS[byte >> 4] + HEX_DIGITS[byte & 15];
    return text;
}

/** Hex of either case, an even number of digits; null otherwise (as Hex.decode). */
export function fromHex(text) {
    if (typeof text !== "string" || text.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(text)) return null;
    const bytes = new Uint8Array(text.length / 2);
    for (let index = 0; index < bytes.length; index++) bytes[index] = parseInt(text.substr(index * 2, 2), 16);
    return bytes;
}

export function toBase64(bytes) {
    let text = "";
    for (let index = 0; index < bytes.length; index += 3) {
        const group = (bytes[index] << 16) | ((bytes[index + 1] ?? 0) << 8) | (bytes[index + 2] ?? 0);
        const used = Math.min(3, bytes.length - index);
        for (let position = 0; position < 4; position++) {
            text += position <= used ? BASE64_ALPHABET[(group >> (18 - 6 * position)) & 63] : "=";
        }
    }
    return text;
}

/** Canonical padded base64 (RFC 4648 §4): the bits a pad stands for must be zero; null otherwise. */
export function fromBase64(text) {
    if (typeof text !== "string" || text.length % 4 !== 0) return null;
    let padding = 0;
    if (text.endsWith("==")) padding = 2;
    else if (text.endsWith("=")) padding = 1;
    const output = [];
    for (let index = 0; index < text.length; index += 4) {
        const used = index + 4 === text.length ? 4 - padding : 4;
        let group = 0;
        for (let offset = 0; offset < 4; offset++) {
            let value = 0;
            if (offset < used) {
                value = BASE64_VALUES.get(text[index + offset]);
                if (value === undefined) return null;
            }
            group = (group << 6) | value;
        }
        output.push((group >> 16) & 255);
        if (used > 2) output.push((group >> 8) & 255);
        if (used > 3) output.push(group & 255);
        if (used === 3 && (group & 255) !== 0) return null;
        if (used === 2 && (group & 0xffff) !== 0) return null;
    }
    return Uint8Array.from(output);
}

export function concat(...parts) {
    const total = parts.reduce((sum, part) => sum + part.length, 0);
    const result = new Uint8Array(total);
    let offset = 0;
    for (const part of parts) {
        result.set(part, offset);
        offset += part.length;
    }
    return result;
}

export function equal(left, right) {
    if (left.length !== right.length) return false;
    for (let index = 0; index < left.length; index++) if (left[index] !== right[index]) return false;
    return true;
}

const encoder = new TextEncoder();
const strictDecoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

export function utf8(text) {
    return encoder.encode(text);
}

/** Strict UTF-8 decoding: invalid input is refused, never repaired. */
export function decodeUTF8(bytes, field = "text") {
    try {
        return strictDecoder.decode(bytes);
    } catch {
        throw new FormatError(`${field} is not valid UTF-8`);
    }
}

export function u16(value) {
    return Uint8Array.of((value >> 8) & 255, value & 255);
}

export function u32(value) {
    return Uint8Array.of((value >>> 24) & 255, (value >>> 16) & 255, (value >>> 8) & 255, value & 255);
}

/** Eight big-endian bytes of a BigInt or a safe integer. */
export function u64(value) {
    let number = BigInt(value);
    const bytes = new Uint8Array(8);
    for (let index = 7; index >= 0; index--) {
        bytes[index] = Number(number & 255n);
        number >>= 8n;
    }
    return bytes;
}

/** "text" in FORMATS.md: a u16 byte length then UTF-8. */
export function text(value) {
    const bytes = utf8(value);
    return concat(u16(bytes.length), bytes);
}

/** The decimal form of a u64 held as a BigInt, with digit grouping for people ("1,204"). */
export function grouped(value) {
    return BigInt(value).toLocaleString("en-US");
}

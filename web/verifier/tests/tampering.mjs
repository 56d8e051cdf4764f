// The alteration rule of Sources/LedgerTesting/JSONTampering.swift, so the page's tests alter the same fields the
// same way: 64 hex digits get the last byte's low bit flipped, base64 longer than 8 characters the middle byte's,
// numbers +1, booleans negated, other strings an appended "x".
import { fromBase64, fromHex, toBase64, toHex } from "../bytes.mjs";
import { isObject } from "../json.mjs";

export function leafPaths(value, prefix = []) {
    if (isObject(value)) return Object.keys(value).flatMap((key) => leafPaths(value[key], [...prefix, key]));
    if (Array.isArray(value)) return value.flatMap((element, index) => leafPaths(element, [...prefix, String(index)]));
    return [prefix];
}

function alteredLeaf(value) {
    if (typeof value === "number") return value + 1;
    if (typeof value === "boolean") return !value;
    if (typeof value !== "string") return value;
    const hex = value.length === 64 ? fromHex(value) : null;
    if (hex) {
        hex[31] ^= 1;
        return toHex(hex);
    }
    const bytes = value.length > 8 ? fromBase64(value) : null;
    if (bytes && bytes.length) {
        bytes[bytes.length >> 1] ^= 1;
        return toBase64(bytes);
    }
    return value + "x";
}

export function altered(value, path) {
    if (!path.length) return alteredLeaf(value);
    const [key, ...rest] = path;
    if (Array.isArray(value)) return value.map((element, index) => (String(index) === key ? altered(element, rest) : element));
    if (isObject(value)) {
        const copy = Object.create(null);
        for (const name of Object.keys(value)) copy[name] = name === key ? altered(value[name], rest) : value[name];
        return copy;
    }
    return value;
}

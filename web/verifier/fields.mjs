// Reading a parsed JSON object field by field, as the Swift JSONFields does: unknown keys are refused, and every
// accessor names the field it could not read. Shape errors are FormatErrors, so a verifier reports them as "format".

import { FormatError, fromBase64, fromHex } from "./bytes.mjs";
import { isObject } from "./json.mjs";

const join = (path, key) => (path ? `${path}.${key}` : key);

export function fields(value, path, allowed) {
    if (!isObject(value)) throw new FormatError(`${path || "the document"} must be a JSON object`);
    for (const key of Object.keys(value)) {
        if (!allowed.includes(key)) throw new FormatError(`${join(path, key)}: unknown field`);
    }
    const field = (key) => join(path, key);
    const accessors = {
        field,
        has: (key) => Object.prototype.hasOwnProperty.call(value, key),
        value(key) {
            if (!accessors.has(key)) throw new FormatError(`${field(key)}: missing`);
            return value[key];
        },
        string(key) {
            const result = accessors.value(key);
            if (typeof result !== "string") throw new FormatError(`${field(key)} must be a string`);
            return result;
        },
        /** A whole number from 0 to 2^53, as a BigInt. */
        unsignedInteger(key) {
            const result = accessors.value(key);
            if (typeof result !== "number" || !Number.isInteger(result) || result < 0 || result > 2 ** 53) {
                throw new FormatError(`${field(key)} must be a whole number from 0 to 2^53`);
            }
            return BigInt(result);
        },
        array(key, countMax) {
            const result = accessors.value(key);
            if (!Array.isArray(result)) throw new FormatError(`${field(key)} must be an array`);
            if (result.length > countMax) throw new FormatError(`${field(key)}: more than ${countMax} entries`);
            return result;
        },
        digest(key) {
            const bytes = fromHex(accessors.string(key));
            if (!bytes || bytes.length !== 32) throw new FormatError(`${field(key)} is not 64 hex digits`);
            return bytes;
        },
        base64(key, bytesMax) {
            const text = accessors.string(key);
            const bytes = text.length <= (Math.floor(bytesMax / 3) + 1) * 4 ? fromBase64(text) : null;
            if (!bytes) throw new FormatError(`${field(key)} is not canonical base64`);
            if (bytes.length > bytesMax) throw new FormatError(`${field(key)} is above ${bytesMax} bytes`);
            return bytes;
        },
        /** An array of hex digests. */
        digests(key, countMax) {
            return accessors.array(key, countMax).map((element, index) => {
                const bytes = typeof element === "string" ? fromHex(element) : null;
                if (!bytes || bytes.length !== 32) throw new FormatError(`${field(key)}[${index}] is not 64 hex digits`);
                return bytes;
            });
        },
    };
    return accessors;
}

// Strict JSON (RFC 8259) with the I-JSON rules (RFC 7493) the ledger applies: valid UTF-8, no duplicate keys, no
// lone surrogates, finite numbers, bounded depth and size. Objects have no prototype, so no key is special. And
// RFC 8785 canonical JSON, for a credential document's digest.

import { FormatError, decodeUTF8, utf8 } from "./bytes.mjs";

export const JSON_DEPTH_MAX = 64;

class Parser {
    constructor(text) {
        this.text = text;
        this.offset = 0;
        this.depth = 0;
    }

    fail(reason) {
        const at = utf8(this.text.slice(0, this.offset)).length;
        throw new FormatError(`${reason} at byte ${at}`);
    }

    whitespace() {
        while (/[ \t\n\r]/.test(this.text[this.offset] ?? "")) this.offset++;
    }

    value() {
        this.whitespace();
        const character = this.text[this.offset];
        if (character === "{") return this.object();
        if (character === "[") return this.array();
        if (character === '"') return this.string();
        if (character === "-" || (character >= "0" && character <= "9")) return this.number();
        for (const [literal, result] of [["true", true], ["false", false], ["null", null]]) {
            if (this.text.startsWith(literal, this.offset)) {
                this.offset += literal.length;
                return result;
            }
        }
        this.fail(character === undefined ? "unexpected end of input" : "unexpected character");
    }

    nest() {
        this.depth++;
        if (this.depth > JSON_DEPTH_MAX) this.fail(`nesting deeper than ${JSON_DEPTH_MAX}`);
        this.offset++;
        this.whitespace();
    }

    object() {
        this.nest();
        const result = Object.create(null);
        if (this.text[this.offset] === "}") {
            this.offset++;
            this.depth--;
            return result;
        }
        for (;;) {
            this.whitespace();
            if (this.text[this.offset] !== '"') this.fail("expected a string key");
            const keyOffset = this.offset;
            const key = this.string();
            if (Object.prototype.hasOwnProperty.call(result, key)) {
                this.offset = keyOffset;
                this.fail(`duplicate key "${key}"`);
            }
            this.whitespace();
            if (this.text[this.offset] !== ":") this.fail("expected ':'");
            this.offset++;
            result[key] = this.value();
            this.whitespace();
            const next = this.text[this.offset++];
            if (next === "}") break;
            if (next !== ",") this.fail("expected ',' or '}'");
        }
        this.depth--;
        return result;
    }

    array() {
        this.nest();
        const result = [];
        if (this.text[this.offset] === "]") {
            this.offset++;
            this.depth--;
            return result;
        }
        for (;;) {
            result.push(this.value());
            this.whitespace();
            const next = this.text[this.offset++];
            if (next === "]") break;
            if (next !== ",") this.fail("expected ',' or ']'");
        }
        this.depth--;
        return result;
    }

    string() {
        this.offset++;
        let result = "";
        for (;;) {
            const character = this.text[this.offset];
            if (character === undefined) this.fail("unterminated string");
            if (character === '"') {
                this.offset++;
                break;
            }
            if (character < " ") this.fail("control character in a string");
            if (character !== "\\") {
                result += character;
                this.offset++;
                continue;
            }
            const escape = this.text[this.offset + 1];
            const simple = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" }[escape];
            if (simple !== undefined) {
                result += simple;
                this.offset += 2;
                continue;
            }
            if (escape !== "u") this.fail("invalid escape");
            const unit = this.hexUnit(this.offset + 2);
            this.offset += 6;
            if (unit >= 0xd800 && unit <= 0xdbff) {
                const low = this.text.startsWith("\\u", this.offset) ? this.hexUnit(this.offset + 2) : -1;
                if (low < 0xdc00 || low > 0xdfff) this.fail("lone surrogate in a string");
                this.offset += 6;
                result += String.fromCharCode(unit, low);
            } else if (unit >= 0xdc00 && unit <= 0xdfff) {
                this.fail("lone surrogate in a string");
            } else {
                result += String.fromCharCode(unit);
            }
        }
        return result;
    }

    hexUnit(at) {
        const digits = this.text.slice(at, at + 4);
        if (!/^[0-9a-fA-F]{4}$/.test(digits)) this.fail("invalid \\u escape");
        return parseInt(digits, 16);
    }

    number() {
        const match = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(this.text.slice(this.offset, this.offset + 400));
        if (!match) this.fail("invalid number");
        const value = Number(match[0]);
        if (!Number.isFinite(value)) this.fail(`number ${match[0]} is not finite in IEEE 754 double precision`);
        this.offset += match[0].length;
        return value;
    }
}

/** Parses JSON text (a string, or UTF-8 bytes) strictly; throws FormatError naming the byte offset. */
export function parseJSON(input, bytesMax = 16 * 1024 * 1024) {
    const bytes = typeof input === "string" ? utf8(input) : input;
    if (bytes.length > bytesMax) throw new FormatError(`${bytes.length} bytes, above the limit ${bytesMax}`);
    const parser = new Parser(decodeUTF8(bytes, "JSON text"));
    const result = parser.value();
    parser.whitespace();
    if (parser.offset !== parser.text.length) parser.fail("trailing characters after the JSON value");
    return result;
}

export const isObject = (value) => value !== null && typeof value === "object" && !Array.isArray(value);

/** RFC 8785 §3.2.2.2: escape only the quote, the backslash and control characters. */
function canonicalString(value) {
    const short = { '"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r" };
    let result = '"';
    for (const character of value) {
        if (short[character]) result += short[character];
        else if (character < " ") result += "\\u" + character.charCodeAt(0).toString(16).padStart(4, "0");
        else result += character;
    }
    return result + '"';
}

/** RFC 8785 canonical form: members sorted by UTF-16 code units (§3.2.3), numbers as ECMAScript prints them. */
export function canonicalJSON(value) {
    if (value === null) return "null";
    if (value === true || value === false) return String(value);
    if (typeof value === "number") return Object.is(value, -0) ? "0" : String(value);
    if (typeof value === "string") return canonicalString(value);
    if (Array.isArray(value)) return "[" + value.map(canonicalJSON).join(",") + "]";
    const keys = Object.keys(value).sort((left, right) => (left < right ? -1 : left > right ? 1 : 0));
    return "{" + keys.map((key) => canonicalString(key) + ":" + canonicalJSON(value[key])).join(",") + "}";
}

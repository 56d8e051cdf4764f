// The verifier's primitives against public vectors and WebCrypto, with negative cases (node --test).
if (!globalThis.crypto) globalThis.crypto = (await import("node:crypto")).webcrypto;
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { concat, fromBase64, fromHex, toBase64, toHex, utf8 } from "../bytes.mjs";
import { parseDER, verifySignature, importKey } from "../ecdsa.mjs";
import { canonicalJSON, parseJSON } from "../json.mjs";
import { leafHash, rootFromInclusion, verifyConsistency } from "../merkle.mjs";
import { sha256 } from "../sha256.mjs";

const vectors = new URL("../../../../shared/test-vectors/", import.meta.url);
const shared = (name) => JSON.parse(readFileSync(new URL(name, vectors)));
const haveShared = (() => {
    try {
        readFileSync(new URL("rfc6962.json", vectors));
        return true;
    } catch {
        return false;
    }
})();

test("SHA-256 equals WebCrypto's digest for every length 0…300 and the FIPS 180-4 examples", async () => {
    assert.equal(toHex(sha256(utf8("abc"))), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assert.equal(toHex(sha256(new Uint8Array())), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    for (let length = 0; length <= 300; length++) {
        const message = Uint8Array.from({ length }, (_, index) => (index * 131 + length) & 255);
        const expected = new Uint8Array(await crypto.subtle.digest("SHA-256", message));
        assert.deepEqual(sha256(message), expected, `length ${length}`);
    }
});

test("hex and base64: round trips, and non-canonical or malformed input is refused", () => {
    for (let length = 0; length < 40; length++) {
        const bytes = Uint8Array.from({ length }, (_, index) => (index * 37 + 11) & 255);
        assert.deepEqual(fromBase64(toBase64(bytes)), bytes);
        assert.deepEqual(fromHex(toHex(bytes)), bytes);
    }
    assert.equal(toBase64(utf8("foob")), "Zm9vYg==");
    for (const bad of ["Zm9vYh==", "Zm9vYg=", "Zm9v!g==", "Zm9vYg", "Zg=a", "===="]) assert.equal(fromBase64(bad), null, bad);
    for (const bad of ["abc", "zz", "0x12", 12]) assert.equal(fromHex(bad), null, String(bad));
});

test("strict DER: minimal positive integers and exact lengths only", () => {
    const good = fromHex("3006020101020102");
    assert.deepEqual(parseDER(good), { r: 1n, s: 2n });
    const refused = [
        "3007020101020102" + "00", // trailing byte
        "300602010102010200", // length says 6, 7 follow
        "30070202000102010" + "2", // non-minimal r (00 01)
        "3006020181020102", // negative r
        "3106020101020102", // not a SEQUENCE
        "3005020101020100".slice(0, 14), // truncated
        "30060201010201", // truncated s
    ];
    for (const hex of refused) assert.equal(parseDER(fromHex(hex.length % 2 ? hex + "0" : hex) ?? new Uint8Array()), null, hex);
});

test("ECDSA: a WebCrypto signature verifies as DER; its high-S twin and a flipped bit do not", async () => {
    const pair = await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign", "verify"]);
    const spki = new Uint8Array(await crypto.subtle.exportKey("spki", pair.publicKey));
    const key = await importKey(spki);
    const message = utf8("mcledger");
    const raw = new Uint8Array(await crypto.subtle.sign({ name: "ECDSA", hash: "SHA-256" }, pair.privateKey, message));
    const order = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
    const r = BigInt("0x" + toHex(raw.subarray(0, 32)));
    let s = BigInt("0x" + toHex(raw.subarray(32)));
    const der = (rValue, sValue) => {
        const integer = (value) => {
            let hex = value.toString(16);
            if (hex.length % 2) hex = "0" + hex;
            if (parseInt(hex.slice(0, 2), 16) & 0x80) hex = "00" + hex;
            const bytes = fromHex(hex);
            return concat(Uint8Array.of(2, bytes.length), bytes);
        };
        const body = concat(integer(rValue), integer(sValue));
        return concat(Uint8Array.of(0x30, body.length), body);
    };
    const low = s > order / 2n ? order - s : s;
    const high = order - low;
    assert.equal(await verifySignature(key, der(r, low), message), "valid");
    assert.equal(await verifySignature(key, der(r, high), message), "highS");
    assert.equal(await verifySignature(key, der(r, low), utf8("mcledgeR")), "invalid");
    await assert.rejects(importKey(spki.subarray(1)), /canonical SubjectPublicKeyInfo/);
    const offCurve = spki.slice();
    offCurve[90] ^= 1;
    await assert.rejects(importKey(offCurve), /not on P-256/);
});

test("RFC 6962 vectors: roots, inclusion paths and consistency proofs", { skip: !haveShared }, () => {
    const data = shared("rfc6962.json");
    const leaves = data.leaves_hex.map((hex) => leafHash(fromHex(hex)));
    leaves.forEach((leaf, index) => assert.equal(toHex(leaf), data.leaf_hashes[index]));
    const roots = data.roots_by_size;
    for (const item of data.inclusion) {
        const path = item.path.map(fromHex);
        const root = rootFromInclusion(leaves[item.leaf_index], item.leaf_index, item.tree_size, path);
        assert.equal(toHex(root), roots[String(item.tree_size)]);
        if (path.length) {
            const forged = path.map((node) => node.slice());
            forged[0][0] ^= 1;
            const other = rootFromInclusion(leaves[item.leaf_index], item.leaf_index, item.tree_size, forged);
            assert.notEqual(toHex(other), toHex(root));
            assert.throws(() => rootFromInclusion(leaves[item.leaf_index], item.leaf_index, item.tree_size, path.slice(1)));
        }
    }
    for (const item of data.consistency) {
        const root = (size) => fromHex(roots[String(size)]);
        const proof = item.proof.map(fromHex);
        verifyConsistency(item.size1, item.size2, root(item.size1), root(item.size2), proof);
        if (proof.length) {
            assert.throws(() => verifyConsistency(item.size1, item.size2, root(item.size1), root(item.size2), proof.slice(1)));
        }
    }
});

test("strict JSON: duplicate keys, lone surrogates, bad numbers, depth and trailing text are refused", () => {
    for (const bad of ['{"a":1,"a":2}', '"\\ud800"', "01", "1.", "NaN", "[1,]", "{} x", "1e999", "[".repeat(65) + "]".repeat(65)]) {
        assert.throws(() => parseJSON(bad), null, bad);
    }
    assert.throws(() => parseJSON(Uint8Array.of(0x22, 0xc3, 0x22)), /UTF-8/);
    const value = parseJSON('{"b":[1,2.5e3,-0,"\\u00e9\\ud83d\\ude00"],"a":{"__proto__":null}}');
    assert.equal(canonicalJSON(value), '{"a":{"__proto__":null},"b":[1,2500,0,"é😀"]}');
});

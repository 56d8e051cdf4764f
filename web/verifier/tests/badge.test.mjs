// Baked badges and verification packages: an OB 3.0 PNG and SVG baked here, and a Moodle-style malformed OB 2.x
// PNG, are extracted; the baked credential with its proof verifies, and a badge with no proof is told apart.
if (!globalThis.crypto) globalThis.crypto = (await import("node:crypto")).webcrypto;
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { deflateSync } from "node:zlib";
import { concat, toBase64, toHex, u32, utf8 } from "../bytes.mjs";
import { crc32, extractBadge } from "../badge.mjs";
import { documentDigest, subjectCommitment } from "../document.mjs";
import { parseGenesis } from "../genesis.mjs";
import { PACKAGE_FORMAT, intake, packageFromFragment } from "../intake.mjs";
import { standing, verifyBundle } from "../verifier.mjs";

const conformance = new URL("../../../docs/conformance/", import.meta.url);
const file = (name) => new Uint8Array(readFileSync(new URL(name, conformance)));
const cases = JSON.parse(readFileSync(new URL("cases.json", conformance)));
const learner = cases.cases.find((item) => item.name === "document-and-learner");
const badgeJSON = file(learner.credential);
const bundleText = new TextDecoder().decode(file(learner.bundle));

function chunk(type, data, { badCRC = false } = {}) {
    const body = concat(utf8(type), data);
    return concat(u32(data.length), body, u32((crc32(body) ^ (badCRC ? 1 : 0)) >>> 0));
}

function png(...chunks) {
    const header = concat(u32(1), u32(1), Uint8Array.of(8, 0, 0, 0, 0)); // 1×1 greyscale
    const pixels = deflateSync(Uint8Array.of(0, 0));
    return concat(Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a), chunk("IHDR", header), ...chunks,
        chunk("IDAT", pixels), chunk("IEND", new Uint8Array()));
}

const iTXt = (keyword, text, compressed = false) => chunk("iTXt", concat(utf8(keyword), Uint8Array.of(0,
    compressed ? 1 : 0, 0, 0, 0), compressed ? deflateSync(utf8(text)) : utf8(text)));

async function verifyRequest(request) {
    const genesis = await parseGenesis(file(learner.genesis));
    const documentDigestValue = request.document ? documentDigest(request.document.bytes, request.document.name) : null;
    const proof = await verifyBundle(request.bundle, genesis, {
        documentDigest: documentDigestValue,
        subject: request.salt ? { identifier: learner.subject, salt: request.salt } : undefined,
    });
    return { proof, verdict: standing(proof, BigInt(Date.parse(learner.at)), 86400000n).verdict };
}

test("CRC-32 of PNG: the check value of ISO 3309", () => {
    assert.equal(crc32(utf8("123456789")), 0xcbf43926);
});

test("an OB 3.0 PNG baked here: credential and (compressed) proof extracted; it verifies with the document matched", async () => {
    const baked = png(iTXt("openbadgecredential", new TextDecoder().decode(badgeJSON)), iTXt("mcledgerproof", bundleText, true));
    const badge = await extractBadge(baked);
    assert.equal(badge.version, "ob3");
    assert.deepEqual(badge.notes, []);
    const request = await intake([{ name: "badge.png", bytes: baked }]);
    assert.equal(request.badge.form, "json");
    const { proof, verdict } = await verifyRequest(request);
    assert.equal(verdict, "authentic");
    assert.equal(proof.documentForm, "rfc8785-json");
});

test("an OB 3.0 SVG baked here: the credential in CDATA and the proof element", async () => {
    const svg = `<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" ` +
        `xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0" xmlns:mcledger="https://cxc.org/mcledger" width="1" ` +
        `height="1"><openbadges:credential><![CDATA[${new TextDecoder().decode(badgeJSON)}]]></openbadges:credential>` +
        `<mcledger:proof><![CDATA[${bundleText}]]></mcledger:proof><rect width="1" height="1"/></svg>`;
    const request = await intake([{ name: "badge.svg", bytes: utf8(svg) }]);
    assert.equal(request.badge.version, "ob3");
    assert.equal((await verifyRequest(request)).verdict, "authentic");
});

test("a Moodle-style OB 2.x PNG (iTXt without its header fields, wrong CRC) yields its assertion, not anchored", async () => {
    const assertion = JSON.stringify({
        "@context": "https://w3id.org/openbadges/v2", type: "Assertion", id: "https://moodle.example/badges/assertion.php?b=1",
        recipient: { type: "email", hashed: true, identity: "sha256$" + "ab".repeat(32) },
        badge: "https://moodle.example/badges/badge_json.php?id=7", verification: { type: "hosted" },
        issuedOn: "2024-03-01T10:00:00Z",
    });
    const malformed = chunk("iTXt", concat(utf8("openbadges"), Uint8Array.of(0), utf8(assertion)), { badCRC: true });
    const badge = await extractBadge(png(malformed));
    assert.equal(badge.version, "ob2");
    assert.equal(JSON.parse(badge.text).type, "Assertion");
    assert.equal(badge.proof, null);
    assert.ok(badge.notes.some((note) => /malformed header/.test(note)), badge.notes.join("; "));
    assert.ok(badge.notes.some((note) => /CRC/.test(note)), badge.notes.join("; "));
    const request = await intake([{ name: "moodle.png", bytes: png(malformed) }]);
    assert.equal(request.bundle, null, "no proof: the page says not anchored on the registry");
    assert.equal(request.document.source, "badge");
});

test("a PNG with no badge, and a truncated PNG, extract nothing and throw nothing", async () => {
    assert.equal((await extractBadge(png())).text, null);
    const cut = png(iTXt("openbadgecredential", "{}")).subarray(0, 40);
    assert.equal((await extractBadge(cut)).text, null);
});

test("a verification package, as a file and as a #package= fragment: document, bundle and salt", async () => {
    const salt = Uint8Array.from(Buffer.from(learner.salt, "hex"));
    assert.equal(toHex(subjectCommitment(salt, learner.subject)).length, 64);
    const packageJSON = JSON.stringify({
        format: PACKAGE_FORMAT, credentialId: "learner", document: { name: "badge.json", base64: toBase64(badgeJSON) },
        bundle: JSON.parse(bundleText), salt: learner.salt,
    });
    const request = await intake([{ name: "learner.mcpackage.json", bytes: utf8(packageJSON) }]);
    const { proof, verdict } = await verifyRequest(request);
    assert.equal(verdict, "authentic");
    assert.ok(proof.subjectChecked && proof.documentForm === "rfc8785-json");
    const base64url = (bytes) => Buffer.from(bytes).toString("base64url");
    for (const fragment of [`#package=${base64url(utf8(packageJSON))}`, `#package=z.${base64url(deflateSync(utf8(packageJSON)))}`]) {
        const parts = await packageFromFragment(fragment);
        assert.equal(parts.credentialId, "learner");
        assert.deepEqual(parts.document.bytes, badgeJSON);
    }
    await assert.rejects(packageFromFragment("#package=%%%"), /not base64url/);
    const broken = await intake([{ name: "p.json", bytes: utf8(packageJSON.replace(PACKAGE_FORMAT, PACKAGE_FORMAT + "x")) }]);
    assert.equal(broken.bundle, null);
    assert.equal(broken.document.source, "file", "an unknown format is taken as a document, not a package");
});

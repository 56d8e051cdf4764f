// docs/conformance run through the page's verifier: every case's verdict and every sweep alteration's failed check
// must be what the Swift verifier recorded (ConformanceTests writes and checks the same file).
if (!globalThis.crypto) globalThis.crypto = (await import("node:crypto")).webcrypto;
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { fromHex } from "../bytes.mjs";
import { documentDigest } from "../document.mjs";
import { parseGenesis } from "../genesis.mjs";
import { parseJSON } from "../json.mjs";
import { parseMaxAge, verdictOf } from "../verdict.mjs";
import { PACKAGE_FORMAT, parsePackage } from "../intake.mjs";
import { standing, verifyBundle, verifyPackage } from "../verifier.mjs";
import { altered, leafPaths } from "./tampering.mjs";

const root = new URL("../../../docs/conformance/", import.meta.url);
const file = (name) => new Uint8Array(readFileSync(new URL(name, root)));
const manifest = JSON.parse(readFileSync(new URL("cases.json", root)));
const genesisCache = new Map();
const genesisOf = async (name) => {
    if (!genesisCache.has(name)) genesisCache.set(name, await parseGenesis(file(name)));
    return genesisCache.get(name);
};

/**
 * {verdict, exitStatus, check?} as ledger verify --json and its exit status give them. A `bundle` that is a
 * verification package is checked as `ledger verify PACKAGE --subject ID` checks it.
 */
async function evaluate(bundle, genesis, options, at, maxAge) {
    try {
        const value = bundle instanceof Uint8Array ? parseJSON(bundle) : bundle;
        const proof = value.format === PACKAGE_FORMAT
            ? await verifyPackage(parsePackage(value), genesis, { identifier: options.subject?.identifier,
                salt: options.subject?.salt, newerStatus: options.newerStatus })
            : await verifyBundle(bundle, genesis, options);
        return verdictOf(standing(proof, BigInt(Date.parse(at)), parseMaxAge(maxAge)));
    } catch (error) {
        if (error.check) return { verdict: "not-authentic", exitStatus: 1, check: error.check };
        throw error;
    }
}

test("every conformance case gives the verdict the Swift verifier gives", async () => {
    assert.ok(manifest.cases.length >= 25);
    for (const item of manifest.cases) {
        const options = {};
        if (item.status) options.newerStatus = file(item.status);
        if (item.credential) options.documentDigest = documentDigest(file(item.credential), item.credential);
        if (item.subject) options.subject = { identifier: item.subject, salt: item.salt ? fromHex(item.salt) : null };
        const actual = await evaluate(file(item.bundle), await genesisOf(item.genesis), options, item.at, item.maxAge);
        assert.deepEqual(actual, item.expected, item.name);
    }
});

test("every alteration of every sweep fails the check the Swift verifier names", async () => {
    for (const sweep of manifest.sweeps) {
        const value = parseJSON(file(sweep.bundle));
        const genesis = await genesisOf(sweep.genesis);
        assert.deepEqual(sweep.alterations.map((alteration) => alteration.path), leafPaths(value), sweep.bundle);
        for (const alteration of sweep.alterations) {
            const actual = await evaluate(altered(value, alteration.path), genesis, {}, sweep.at, sweep.maxAge);
            assert.deepEqual(actual, { verdict: "not-authentic", exitStatus: 1, check: alteration.check },
                `${sweep.bundle} with ${alteration.path.join(".")} altered`);
        }
    }
});

test("the document fixtures: the page's digest rule agrees with expected.json", async () => {
    const documents = new URL("../../../Tests/LedgerCoreTests/Vectors/documents/", import.meta.url);
    const expected = JSON.parse(readFileSync(new URL("expected.json", documents)));
    const { sha256 } = await import("../sha256.mjs");
    const { toHex, utf8 } = await import("../bytes.mjs");
    for (const item of expected.cases) {
        const bytes = new Uint8Array(readFileSync(new URL(item.file, documents)));
        if (item.offset !== undefined) {
            assert.throws(() => documentDigest(bytes, item.file), /not valid JSON/, item.file);
            continue;
        }
        const result = documentDigest(bytes, item.file);
        assert.equal(result.form, item.form, item.file);
        const anchored = item.canonical !== undefined ? sha256(utf8(item.canonical)) : sha256(bytes);
        assert.equal(toHex(result.digest), toHex(anchored), item.file);
    }
});

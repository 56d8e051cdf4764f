// The report the page shows, built from conformance cases: the verdict words, the rows, and what a failure hides.
if (!globalThis.crypto) globalThis.crypto = (await import("node:crypto")).webcrypto;
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { parseGenesis } from "../genesis.mjs";
import { documentFacts, reportForFailure, reportForProof } from "../report.mjs";
import { STRINGS } from "../strings.mjs";
import { verifyBundle } from "../verifier.mjs";

const root = new URL("../../../docs/conformance/", import.meta.url);
const file = (name) => new Uint8Array(readFileSync(new URL(name, root)));
const cases = JSON.parse(readFileSync(new URL("cases.json", root))).cases;

async function report(name, language = "en") {
    const item = cases.find((entry) => entry.name === name);
    const genesis = await parseGenesis(file(item.genesis));
    const options = { language, now: BigInt(Date.parse(item.at)), maxAge: 86400000n, genesis };
    try {
        return reportForProof(await verifyBundle(file(item.bundle), genesis), options);
    } catch (error) {
        assert.ok(error.check, String(error));
        return reportForFailure(error, options);
    }
}

test("authentic: the verdict names the issuer, its country, the QA body, the age and the block", async () => {
    const shown = await report("accredited-course");
    assert.equal(shown.tone, "pass");
    assert.match(shown.verdict, /^Authentic\. Issued by University of uwi, a registered institution of Jamaica, accredited by Council ucj; not revoked as of 1 minute ago \(block \d+\)\.$/);
    assert.ok(shown.rows.every((row) => row.state === "passed" || row.state === "na"), JSON.stringify(shown.rows));
    assert.match(shown.rows.find((row) => row.id === "commit").text, /^The block is final: \d of 4 member states signed \(3 needed\)$/);
});

test("revoked is a failure with the reason and date; expired and stale are warnings", async () => {
    const revoked = await report("revoked");
    assert.equal(revoked.tone, "fail");
    assert.match(revoked.verdict, /^Revoked\. This credential was revoked on .+ \(block \d+\): fraudulent\.$/);
    const stale = await report("status-too-old");
    assert.equal(stale.tone, "warn");
    assert.match(stale.verdict, /status is proven only as of 2 days ago/);
    const suspended = await report("suspended");
    assert.match(suspended.verdict, /feesOutstanding/);
});

test("a failed check hides everything the bundle claims; every check has words in every language", async () => {
    for (const name of ["tampered-transaction", "tampered-ledgerInclusion", "commit-high-s"]) {
        const shown = await report(name);
        assert.equal(shown.tone, "fail");
        assert.equal(shown.rows.length, 1, name);
        assert.ok(!JSON.stringify(shown).includes("University of uwi"), `${name} shows an unverified issuer`);
    }
    const checks = JSON.parse(readFileSync(new URL("cases.json", root))).sweeps
        .flatMap((sweep) => sweep.alterations.map((alteration) => alteration.check));
    for (const check of new Set([...checks, "commitMessage", "commitQuorum", "statusCommit", "document", "subject"])) {
        for (const language of Object.keys(STRINGS)) assert.ok(STRINGS[language][`problem.${check}`], `${language} ${check}`);
    }
    assert.match((await report("revoked", "fr")).verdict, /^Révoqué\./);
    assert.match((await report("accredited-course", "es")).verdict, /institución registrada de Jamaica/);
});

test("document fields are 'as stated by the document' unless its digest matched", () => {
    const value = JSON.parse(readFileSync(new URL("documents/badge.json", root)));
    assert.deepEqual(documentFacts(value, false).map((fact) => fact.label), ["as stated by the document"]);
    assert.deepEqual(documentFacts(value, true, "nl").map((fact) => fact.label), ["gecontroleerd"]);
});

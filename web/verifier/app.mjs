// The verifier page's behaviour: reads what the employer drops (or a #package= fragment), verifies it with the
// modules beside this one against the pinned genesis, and shows the report. Nothing leaves the browser: the page
// fetches only its own genesis, from its own origin, and only when none is embedded. Untrusted text is only ever
// set as textContent.

import { equal, toHex, utf8 } from "./bytes.mjs";
import { NotJSON, documentDigest, parseSalt, subjectCommitment } from "./document.mjs";
import { parseGenesis } from "./genesis.mjs";
import { intake, packageFromFragment } from "./intake.mjs";
import { documentFacts, reportForFailure, reportForProof, reportForUnanchored } from "./report.mjs";
import { LANGUAGES, languageMenu, translate } from "./strings.mjs";
import { ProofFailure, verifyBundle } from "./verifier.mjs";

const page = {
    language: Object.keys(LANGUAGES).find((code) => navigator.language?.startsWith(code)) ?? "en",
    genesis: null,
    last: null,
};
const element = (id) => document.getElementById(id);
const t = (key, params) => translate(page.language, key, params);

function localize() {
    document.documentElement.lang = page.language;
    for (const node of document.querySelectorAll("[data-text]")) node.textContent = t(node.dataset.text);
    document.title = t("page.title");
    showGenesis();
}

function showGenesis() {
    element("genesis-line").textContent = page.genesis
        ? t("page.genesis", { fingerprint: `${page.genesis.chainName} ${toHex(page.genesis.chainId).slice(0, 16)}` })
        : "";
}

function problem(key, params) {
    const item = document.createElement("li");
    item.textContent = t(key, params);
    element("problems").append(item);
}

async function loadGenesis() {
    const embedded = document.getElementById("mcledger-genesis");
    try {
        const text = embedded ? embedded.textContent : await (await fetch(new URL("genesis.json", import.meta.url))).text();
        page.genesis = await parseGenesis(utf8(text.trim()));
    } catch (error) {
        problem("problem.genesis", { reason: error.message });
    }
    showGenesis();
}

function render(report, facts = []) {
    element("result").hidden = false;
    const verdict = element("verdict");
    verdict.textContent = report.verdict;
    verdict.dataset.tone = report.tone;
    verdict.dataset.standing = report.standing;
    const rows = element("rows");
    rows.replaceChildren();
    for (const row of report.rows) {
        const item = document.createElement("li");
        item.dataset.row = row.id;
        item.dataset.state = row.state;
        const details = document.createElement("details");
        const summary = document.createElement("summary");
        const state = document.createElement("span");
        state.className = "state";
        state.dataset.state = row.state;
        state.textContent = t(`state.${row.state}`);
        summary.append(state, " ", row.text);
        details.append(summary);
        if (row.details.length) {
            const table = document.createElement("table");
            for (const [label, value] of row.details) {
                const line = table.insertRow();
                line.insertCell().textContent = label;
                line.insertCell().textContent = value;
            }
            details.append(table);
        }
        item.append(details);
        rows.append(item);
    }
    const list = element("facts");
    list.replaceChildren();
    for (const fact of facts) {
        const term = document.createElement("dt");
        term.textContent = fact.name;
        const value = document.createElement("dd");
        value.textContent = fact.value + " ";
        const label = document.createElement("span");
        label.className = "label";
        label.textContent = `(${fact.label})`;
        value.append(label);
        list.append(term, value);
    }
    element("checked-at").textContent = t("report.checkedAt", { time: new Date().toISOString() });
}

/**
 * Verifies what the employer gave. The verdict's `data-verify-milliseconds` is the time the checks took, and
 * `body[data-verifications]` counts finished verifications, so a test can wait for one instead of sleeping.
 */
async function verify(request) {
    delete element("verdict").dataset.verifyMilliseconds;
    try {
        await verifyRequest(request);
    } finally {
        document.body.dataset.verifications = String(Number(document.body.dataset.verifications ?? 0) + 1);
    }
}

async function verifyRequest(request) {
    element("problems").replaceChildren();
    for (const item of request.problems) problem(item.key, item.params);
    if (request.genesis) {
        try {
            page.genesis = await parseGenesis(request.genesis);
            showGenesis();
        } catch (error) {
            problem("problem.genesis", { reason: error.message });
            return;
        }
    }
    let digest = null;
    let parsedDocument = null;
    let documentFailure = null;
    if (request.document) {
        try {
            digest = documentDigest(request.document.bytes, request.document.name);
            parsedDocument = digest.value;
        } catch (error) {
            if (!(error instanceof NotJSON)) throw error;
            documentFailure = new ProofFailure("document", error.message);
        }
    }
    if (!request.bundle) {
        if (request.badge || request.document) render(reportForUnanchored(request.badge, page), documentFacts(parsedDocument, false, page.language));
        else render({ tone: "none", verdict: t("verdict.needBundle"), standing: "none", rows: [] });
        return;
    }
    if (!page.genesis) return;
    const options = { documentDigest: digest ?? undefined, newerStatus: request.status ?? undefined,
        packageCredentialId: request.credentialId ?? undefined };
    const started = performance.now();
    try {
        // A document that cannot be read as its name says is the document check failing, as in `ledger verify`.
        if (documentFailure) throw documentFailure;
        const proof = await verifyBundle(request.bundle, page.genesis, options);
        element("verdict").dataset.verifyMilliseconds = String(performance.now() - started);
        page.last = { proof, salt: request.salt };
        const report = reportForProof(proof, { language: page.language, now: BigInt(Date.now()), maxAge: 86400000n,
            genesis: page.genesis });
        render(report, documentFacts(parsedDocument, Boolean(proof.documentForm), page.language));
        element("learner").hidden = false;
        if (request.salt) element("salt").value = toHex(request.salt);
    } catch (error) {
        if (!error.check) throw error;
        element("verdict").dataset.verifyMilliseconds = String(performance.now() - started);
        page.last = null;
        render(reportForFailure(error, page));
        element("learner").hidden = true;
    }
}

async function readFiles(fileList) {
    const files = await Promise.all([...fileList].map(async (file) => ({ name: file.name,
        bytes: new Uint8Array(await file.arrayBuffer()) })));
    await verify(await intake(files));
}

function checkLearner(event) {
    event.preventDefault();
    const result = element("learner-result");
    const identifier = element("identifier").value.trim();
    const salt = parseSalt(element("salt").value);
    if (!page.last || !identifier || !salt) return;
    const matches = equal(subjectCommitment(salt, identifier), page.last.proof.issuance.subjectCommitment);
    result.dataset.match = String(matches);
    result.textContent = t(matches ? "learner.match" : "learner.mismatch", { identifier });
}

async function showAssets() {
    try {
        const integrity = document.getElementById("mcledger-integrity")?.textContent
            ?? await (await fetch(new URL("integrity.json", import.meta.url))).text();
        const assets = JSON.parse(integrity).assets ?? {};
        element("assets").textContent = Object.entries(assets).map(([name, hash]) => `${hash}  ${name}`).join("\n");
    } catch {
        element("assets").textContent = "";
    }
}

async function start() {
    languageMenu(element("language"), page.language, (code) => {
        page.language = code;
        localize();
    });
    if (!globalThis.crypto?.subtle) element("no-crypto").hidden = false;
    localize();
    await loadGenesis();
    showAssets();
    const drop = element("drop");
    drop.addEventListener("dragover", (event) => {
        event.preventDefault();
        drop.classList.add("over");
    });
    drop.addEventListener("dragleave", () => drop.classList.remove("over"));
    drop.addEventListener("drop", (event) => {
        event.preventDefault();
        drop.classList.remove("over");
        readFiles(event.dataTransfer.files);
    });
    // Each input is emptied once read, so that choosing the same file again is a new check.
    element("files").addEventListener("change", async (event) => {
        const files = [...event.target.files];
        event.target.value = "";
        await readFiles(files);
    });
    element("genesis-file").addEventListener("change", async (event) => {
        const [file] = event.target.files;
        event.target.value = "";
        if (file) await verify({ ...emptyRequest(), genesis: new Uint8Array(await file.arrayBuffer()) });
    });
    element("learner").addEventListener("submit", checkLearner);
    element("print").addEventListener("click", () => window.print());
    // A second link opened in the same tab changes only the fragment, which reloads nothing.
    window.addEventListener("hashchange", verifyFragment);
    await verifyFragment();
    document.body.dataset.ready = "true";
}

async function verifyFragment() {
    if (!location.hash.includes("package=")) return;
    try {
        const parts = await packageFromFragment(location.hash);
        await verify({ ...emptyRequest(), bundle: parts.bundle, document: { ...parts.document, source: "package" },
            salt: parts.salt, credentialId: parts.credentialId });
    } catch (error) {
        problem("problem.package", { name: "#package=", reason: error.message });
    }
}

const emptyRequest = () => ({ bundle: null, status: null, genesis: null, document: null, salt: null, badge: null,
    credentialId: null, problems: [] });

start();

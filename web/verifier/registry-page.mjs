// The public registry page every node serves at `/` (registry.html): the member states (the current validator set),
// the issuers with their standing and accreditation, the catalogue searched with the filters of GET /v1/definitions,
// the recent blocks, and a credential found by its id. All of that is read from this node's API and labelled as
// what the node reports; a found credential's proof can be verified here, by the verifier's own modules, against
// the genesis the node serves.

import { parseGenesis } from "./genesis.mjs";
import { translateRegistry } from "./registry-strings.mjs";
import { formatter, reportForFailure, reportForProof } from "./report.mjs";
import { LANGUAGES, languageMenu } from "./strings.mjs";
import { verifyBundle } from "./verifier.mjs";

const element = (id) => document.getElementById(id);
const KINDS = ["course", "workshop", "seminar", "pathway"];
const FORMATS = ["online", "faceToFace", "hybrid", "blended"];
const BLOCKS_SHOWN = 10;
const ISSUERS_DETAILED = 200;

const page = {
    language: Object.keys(LANGUAGES).find((code) => navigator.language?.startsWith(code)) ?? "en",
    validators: null, issuers: [], details: new Map(), qaBodies: new Map(), blocks: [], catalogue: [], total: null,
    next: null, credential: null,
};
const t = (key, params) => translateRegistry(page.language, key, params);
const words = () => formatter(page.language);

/** A GET of this node's API; a refusal is an Error carrying the node's own reason. */
async function api(path) {
    const response = await fetch(path, { headers: { accept: "application/json" } });
    const body = await response.json().catch(() => null);
    if (!response.ok) {
        const error = new Error(body?.reason ?? `HTTP ${response.status}`);
        error.status = response.status;
        throw error;
    }
    return body;
}

function problem(text) {
    const item = document.createElement("li");
    item.textContent = text;
    element("problems").append(item);
}

/** Replaces a table's body with one row per entry, each cell a string. */
function fill(table, rows) {
    const body = element(table).tBodies[0];
    body.replaceChildren();
    for (const cells of rows) {
        const row = body.insertRow();
        for (const cell of cells) row.insertCell().textContent = cell;
    }
}

function options(select, entries) {
    const chosen = select.value;
    select.replaceChildren(new Option(t("catalogue.any"), ""));
    for (const [value, label] of entries) select.add(new Option(label, value));
    select.value = entries.some(([value]) => value === chosen) ? chosen : "";
}

function localize() {
    document.documentElement.lang = page.language;
    document.title = t("page.title");
    for (const node of document.querySelectorAll("[data-text]")) node.textContent = t(node.dataset.text);
    render();
}

function render() {
    const { country, date, time, number } = words();
    if (page.validators) {
        element("states-summary").textContent = t("states.summary", {
            epoch: page.validators.epoch, count: page.validators.validators.length, quorum: page.validators.quorum,
        });
        fill("states", page.validators.validators.map((member) => [member.name,
            member.country ? country(member.country) : "—"]));
    }
    fill("issuers", page.issuers.map((issuer) => {
        const detail = page.details.get(issuer.issuerId);
        const accreditations = (detail?.accreditations ?? []).map((item) => accreditationText(item, date, country));
        return [`${issuer.displayName} (${issuer.issuerId})`, country(issuer.country),
            t(`standing.${issuer.standing}`), accreditations.join("; ") || t("issuers.notAccredited"),
            detail ? number(detail.definitions) : "…"];
    }));
    if (page.issuers.length === 0) fill("issuers", [[t("issuers.none"), "", "", "", ""]]);
    const form = element("catalogue-form");
    options(form.elements.issuer, page.issuers.map((issuer) => [issuer.issuerId, issuer.displayName]));
    const countries = [...new Set(page.issuers.map((issuer) => issuer.country))].sort();
    options(form.elements.country, countries.map((code) => [code, country(code)]));
    options(form.elements.level, Array.from({ length: 10 }, (_, index) => [String(index + 1), number(index + 1)]));
    options(form.elements.kind, KINDS.map((kind) => [kind, t(`kind.${kind}`)]));
    options(form.elements.format, FORMATS.map((format) => [format, t(`format.${format}`)]));
    const names = new Map(page.issuers.map((issuer) => [issuer.issuerId, issuer.displayName]));
    fill("catalogue", page.catalogue.map((entry) => [entry.title, names.get(entry.issuerId) ?? entry.issuerId,
        t(`kind.${entry.kind}`), number(entry.level), number(entry.notionalHours), t(`format.${entry.format}`),
        entry.language]));
    element("catalogue-total").textContent = page.total === null ? "" : t("catalogue.total", { total: number(page.total) });
    element("catalogue-more").hidden = !page.next;
    fill("blocks", page.blocks.map((block) => [number(block.height), time(block.timestamp),
        number(block.transactionCount), block.proposer, block.signers.map((signer) => signer.validator).join(", ")]));
    if (page.credential) showCredential(page.credential);
}

function accreditationText(item, date, country) {
    const body = page.qaBodies.get(item.qaBodyId);
    const params = { body: body?.displayName ?? item.qaBodyId, country: body ? country(body.country) : "?",
        date: date(item.validUntil), from: date(item.validFrom) };
    if (item.state === "withdrawn") return t("accreditation.withdrawn", params);
    return t(item.inForce ? "accreditation.inForce" : "accreditation.lapsed", params);
}

async function loadRegistry() {
    const [validators, issuers, qaBodies, head] = await Promise.all([
        api("/v1/validators"), api("/v1/issuers"), api("/v1/qa-bodies"), api("/v1/head"),
    ]);
    page.validators = validators;
    page.issuers = issuers.issuers;
    page.qaBodies = new Map(qaBodies.qaBodies.map((body) => [body.qaBodyId, body]));
    const heights = [];
    for (let height = head.height; height >= 1 && heights.length < BLOCKS_SHOWN; height--) heights.push(height);
    const [blocks, details] = await Promise.all([
        Promise.all(heights.map((height) => api(`/v1/blocks/${height}?encoded=false`))),
        Promise.all(page.issuers.slice(0, ISSUERS_DETAILED).map((issuer) =>
            api(`/v1/issuers/${encodeURIComponent(issuer.issuerId)}`))),
    ]);
    page.blocks = blocks;
    page.details = new Map(details.map((detail) => [detail.issuerId, detail]));
    render();
}

/** A catalogue search; `body[data-searches]` counts finished ones, so a test can wait for one. */
async function search(after = null) {
    try {
        await searchCatalogue(after);
    } finally {
        document.body.dataset.searches = String(Number(document.body.dataset.searches ?? 0) + 1);
    }
}

async function searchCatalogue(after) {
    const parameters = new URLSearchParams();
    for (const [name, value] of new FormData(element("catalogue-form"))) {
        if (String(value).trim()) parameters.set(name, String(value).trim());
    }
    if (after) parameters.set("after", after);
    try {
        const result = await api(`/v1/definitions?${parameters}`);
        page.catalogue = after ? page.catalogue.concat(result.definitions) : result.definitions;
        page.total = result.total;
        page.next = result.next ?? null;
    } catch (error) {
        page.catalogue = [];
        page.total = null;
        page.next = null;
        render();
        element("catalogue-total").textContent = t("catalogue.invalid", { reason: error.message });
        return;
    }
    render();
}

async function findCredential(event) {
    event.preventDefault();
    const id = element("credential-id").value.trim();
    element("verdict").hidden = true;
    element("credential-verify").hidden = true;
    page.credential = null;
    if (!id) return;
    try {
        page.credential = await api(`/v1/credentials/${encodeURIComponent(id)}`);
        page.credential.printedId = id;
        showCredential(page.credential);
    } catch (error) {
        element("credential-result").dataset.state = "unknown";
        element("credential-result").textContent = error.status === 404
            ? t("credential.notFound", { id }) : t("page.loadFailed", { reason: error.message });
    } finally {
        document.body.dataset.lookups = String(Number(document.body.dataset.lookups ?? 0) + 1);
    }
}

function showCredential(record) {
    const { date, number } = words();
    const issuer = page.issuers.find((item) => item.issuerId === record.issuerId);
    let text = t("credential.summary", { id: record.credentialId, state: t(`credential.state.${record.state}`),
        issuer: issuer?.displayName ?? record.issuerId, date: date(record.issuedAt), height: number(record.height) });
    if (record.expiresAt) text += " " + t("credential.expires", { date: date(record.expiresAt) });
    element("credential-result").dataset.state = record.state;
    element("credential-result").textContent = text;
    element("credential-verify").hidden = false;
}

/** The found credential's proof, checked here with the verifier's modules against the node's genesis. */
async function verifyCredential() {
    const verdict = element("verdict");
    const id = page.credential.credentialId;
    try {
        const [genesisBytes, bundle] = await Promise.all([
            fetch("/verify/genesis.json").then((response) => response.arrayBuffer()),
            fetch(`/v1/credentials/${encodeURIComponent(id)}/proof`).then((response) => response.arrayBuffer()),
        ]);
        const genesis = await parseGenesis(new Uint8Array(genesisBytes));
        let report;
        try {
            const proof = await verifyBundle(new Uint8Array(bundle), genesis);
            report = reportForProof(proof, { language: page.language, now: BigInt(Date.now()), maxAge: 86400000n,
                genesis });
        } catch (error) {
            if (!error.check) throw error;
            report = reportForFailure(error, { language: page.language });
        }
        verdict.textContent = report.verdict;
        verdict.dataset.tone = report.tone;
        verdict.dataset.standing = report.standing;
    } catch (error) {
        verdict.textContent = t("page.loadFailed", { reason: error.message });
        verdict.dataset.tone = "fail";
        verdict.dataset.standing = "unknown";
    }
    verdict.hidden = false;
    document.body.dataset.verifications = String(Number(document.body.dataset.verifications ?? 0) + 1);
}

async function start() {
    languageMenu(element("language"), page.language, (code) => {
        page.language = code;
        localize();
    });
    element("catalogue-form").addEventListener("submit", (event) => {
        event.preventDefault();
        search();
    });
    element("catalogue-more").addEventListener("click", () => search(page.next));
    element("credential-form").addEventListener("submit", findCredential);
    element("credential-verify").addEventListener("click", verifyCredential);
    localize();
    try {
        await loadRegistry();
        await search();
    } catch (error) {
        problem(t("page.loadFailed", { reason: error.message }));
    }
    document.body.dataset.ready = "true";
}

start();

// The report the page shows and prints: the verdict first, in plain words, then one row per check (passed, failed,
// warning, not applicable) with its technical detail. Only what was verified is shown as verified: when a check
// fails, nothing the bundle claims is shown, only the failed row; a badge without a proof shows its fields as
// stated by the document.

import { toHex } from "./bytes.mjs";
import { ACTIVITIES, REVOCATION_REASONS, SUSPENSION_REASONS } from "./encoding.mjs";
import { standing } from "./verifier.mjs";
import { translate } from "./strings.mjs";

const ROW_OF_CHECK = {
    format: "format", chain: "chain", handoffs: "handoffs", transaction: "transaction", issuance: "transaction",
    leaf: "transaction", transactionSignature: "transaction", blockInclusion: "inclusion",
    ledgerInclusion: "inclusion", header: "commit", commitMessage: "commit", commitQuorum: "commit",
    issuerRegistration: "issuer", issuerStatus: "issuer", statusHeader: "status", statusCommit: "status",
    statusConsistency: "status", statusRecord: "status", registryDefinition: "accreditation",
    registryAccreditation: "accreditation", registryComponents: "components", document: "document",
    subject: "learner",
};

/** Words for the page's language: country names, dates, relative ages and numbers come from Intl. */
export function formatter(language) {
    const regions = new Intl.DisplayNames([language], { type: "region" });
    const relative = new Intl.RelativeTimeFormat(language, { numeric: "auto" });
    const dates = new Intl.DateTimeFormat(language, { dateStyle: "long", timeZone: "UTC" });
    const times = new Intl.DateTimeFormat(language, { dateStyle: "long", timeStyle: "long", timeZone: "UTC" });
    const numbers = new Intl.NumberFormat(language);
    return {
        t: (key, params) => translate(language, key, params),
        country: (code) => regions.of(code) ?? code,
        date: (milliseconds) => dates.format(new Date(Number(milliseconds))),
        time: (milliseconds) => times.format(new Date(Number(milliseconds))),
        number: (value) => numbers.format(typeof value === "bigint" ? value : Number(value)),
        /** "3 minutes ago", in the largest whole unit. */
        age(from, now) {
            const seconds = Number(BigInt(now) - BigInt(from)) / 1000;
            const units = [["day", 86400], ["hour", 3600], ["minute", 60], ["second", 1]];
            const [unit, size] = units.find(([, length]) => Math.abs(seconds) >= length) ?? units[3];
            return relative.format(-Math.round(seconds / size), unit);
        },
    };
}

/**
 * The report for a verified proof: {tone ("pass", "warn" or "fail"), verdict (text), rows: [{id, state, text,
 * details: [[label, value]]}]}. `now` and `maxAge` are milliseconds (BigInt).
 */
export function reportForProof(proof, { language = "en", now, maxAge, genesis }) {
    const words = formatter(language);
    const { t } = words;
    const status = proof.status;
    const state = standing(proof, now, maxAge);
    const issuer = proof.issuer;
    const accreditation = proof.registry.accreditation;
    const height = words.number(status.header.height);
    const age = words.age(status.header.timestamp, now);
    let tone = "pass";
    let verdict;
    if (state.verdict === "revoked") {
        tone = "fail";
        verdict = t("verdict.revoked", {
            date: words.date(status.header.timestamp), height: words.number(state.atHeight),
            reason: REVOCATION_REASONS[state.reason] ?? "unspecified",
        });
    } else if (state.verdict === "expired") {
        tone = "warn";
        verdict = t("verdict.expired", { date: words.date(state.atMilliseconds), issuer: issuer.name,
            country: words.country(issuer.country) });
    } else if (state.verdict === "status-too-old") {
        tone = "warn";
        verdict = t("verdict.statusTooOld", { age });
    } else if (state.verdict === "suspended") {
        tone = "warn";
        verdict = t("verdict.suspended", { age, height, reason: SUSPENSION_REASONS[state.reason] ?? "unspecified" });
    } else {
        verdict = t("verdict.authentic", {
            issuer: issuer.name, country: words.country(issuer.country), age, height,
            accreditation: accreditation ? t("verdict.accreditedBy", { qaBody: accreditation.qaBodyName }) : "",
        });
    }
    const fingerprint = toHex(genesis.chainId).slice(0, 16);
    const row = (id, rowState, key, params, details = []) => ({ id, state: rowState, text: t(key, params), details });
    const entry = proof.registry.definition;
    const rows = [
        row("chain", "passed", "row.chain", { fingerprint }, [["chainId", toHex(genesis.chainId)]]),
        row("handoffs", proof.epochs.length > 1 ? "passed" : "na", "row.handoffs", { count: proof.epochs.length - 1 }),
        row("transaction", "passed", "row.transaction", {}, [
            ["transaction", toHex(proof.transaction.id)], ["issuerKey", toHex(proof.transaction.authorKeyId)],
        ]),
        row("inclusion", "passed", "row.inclusion", { height: words.number(proof.header.height),
            leaf: words.number(proof.leafIndex) }, [["header", toHex(proof.header.hash)],
            ["ledgerRoot", toHex(proof.header.ledgerRoot)]]),
        row("commit", "passed", "row.commit", { signed: proof.signers.length, validators: proof.validatorCount,
            quorum: proof.quorum }, [["signers", proof.signers.join(", ")]]),
        row("issuer", "passed", "row.issuer", { issuer: `${issuer.name} (${issuer.id})`, authority: issuer.registeredBy }),
    ];
    if (status.issuer.state !== "active") {
        rows.push(row("issuerStanding", "warning", "row.issuerStanding", { standing: status.issuer.state }));
    }
    if (proof.keyRotated) rows.push(row("keyRotated", "warning", "row.keyRotated", {}));
    const statusState = { authentic: "passed", "status-too-old": "warning", suspended: "warning", expired: "passed",
        revoked: "failed" }[state.verdict];
    rows.push(row("status", statusState, "row.status", { state: status.credential.state, height, age },
        [["signers", status.signers.join(", ")], ["statusRoot", toHex(status.header.statusRoot)]]));
    if (entry) {
        rows.push(row("entry", "passed", "row.entry", { title: entry.title, kind: ACTIVITIES[entry.activity],
            level: entry.level }));
    }
    if (accreditation?.state === "withdrawn") {
        rows.push(row("accreditation", "warning", "row.accreditationWithdrawn", { qaBody: accreditation.qaBodyName,
            height: words.number(accreditation.changedAtHeight) }));
    } else if (accreditation) {
        rows.push(row("accreditation", "passed", "row.accreditation", { qaBody: accreditation.qaBodyName,
            country: words.country(accreditation.qaBodyCountry), until: words.date(accreditation.validUntil) }));
    } else {
        rows.push(row("accreditation", "na", "row.noAccreditation", {}));
    }
    const components = proof.registry.components;
    rows.push(components.length
        ? row("components", "passed", "row.components", { count: components.length },
            components.map((component) => [component.credentialId,
                `${component.definition.title}, ${component.issuerName}, ${component.state}`]))
        : row("components", "na", "row.noComponents", {}));
    rows.push(proof.documentForm
        ? row("document", "passed", "row.document", {}, [["form", proof.documentForm]])
        : row("document", "na", "row.documentNotGiven", {}));
    rows.push(proof.subjectChecked ? row("learner", "passed", "row.learner", {})
        : row("learner", "na", "row.learnerNotGiven", {}));
    if (state.verdict === "expired") {
        rows.push(row("expiry", "warning", "verdict.expired", { date: words.date(state.atMilliseconds),
            issuer: issuer.name, country: words.country(issuer.country) }));
    }
    return { tone, verdict, rows, standing: state.verdict };
}

/** The report for a failed check: the verdict and the one failed row; nothing the bundle claims is shown. */
export function reportForFailure(failure, { language = "en" }) {
    const t = (key, params) => translate(language, key, params);
    const problem = t(`problem.${failure.check}`);
    return {
        tone: "fail", verdict: t("verdict.notAuthentic", { problem }), standing: "not-authentic",
        rows: [{ id: ROW_OF_CHECK[failure.check] ?? failure.check, state: "failed", text: problem,
            details: [["check", failure.check], ["reason", failure.reason]] }],
    };
}

/** A badge that carries no ledger proof: its fields are shown as stated by the document, nothing as verified. */
export function reportForUnanchored(badge, { language = "en" }) {
    const t = (key, params) => translate(language, key, params);
    return { tone: "none", verdict: t("verdict.notAnchored"), standing: "not-anchored", rows: [],
        notes: badge?.notes ?? [] };
}

/** The fields of a credential document to show, each labelled verified only when its digest matched. */
export function documentFacts(value, verified, language = "en") {
    const label = translate(language, verified ? "facts.verified" : "facts.asStated");
    if (!value || typeof value !== "object") return [];
    const subject = value.credentialSubject ?? value.recipient ?? {};
    const achievement = subject.achievement ?? value.badge ?? {};
    const facts = [
        ["name", value.name ?? achievement.name], ["issuer", value.issuer?.name ?? value.issuer],
        ["achievement", typeof achievement === "object" ? achievement.name : achievement],
        ["validFrom", value.validFrom ?? value.issuanceDate ?? value.issuedOn], ["validUntil", value.validUntil],
    ];
    return facts.filter(([, shown]) => typeof shown === "string" && shown).map(([name, shown]) => ({ name, value: shown, label }));
}

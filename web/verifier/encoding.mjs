// Strict decoders for the ledger's canonical binary encodings (docs/FORMATS.md): transaction bodies of every kind,
// signed transactions, version-2 block headers and status records. Each read is bounded, trailing bytes and unknown
// tags are refused, and every field rule of the Swift decoder is applied, so no invalid value is ever returned.

import { FormatError, decodeUTF8, equal, toHex, utf8 } from "./bytes.mjs";
import { sha256 } from "./sha256.mjs";

export const LIMITS = {
    identifierBytesMax: 64, displayTextBytesMax: 200, notesBytesMax: 1000, languageTagBytesMax: 35,
    learningOutcomesMax: 8, pathwayComponentsMax: 16, accreditationEntriesMax: 32, publicKeyBytesMax: 91,
    signatureBytesMax: 72, transactionBodyBytesMax: 4096, validatorNameBytesMax: 64, validatorsMax: 100,
    merkleProofLengthMax: 64, handoffsMax: 200, proofBundleBytesMax: 1024 * 1024, jsonDepthMax: 64,
    credentialDocumentBytesMax: 16 * 1024 * 1024, statusRecordBytesMax: 51, siblingsMax: 256, headerBytes: 290,
};
LIMITS.signedTransactionBytesMax = LIMITS.transactionBodyBytesMax + LIMITS.signatureBytesMax + 3;

export const KINDS = [
    null, "registerIssuer", "registerDefinition", "issueCredential", "revokeCredential", "suspendCredential",
    "reinstateCredential", "proposeValidatorChange", "approveValidatorChange", "registerQABody",
    "recordAccreditation", "withdrawAccreditation", "changeIssuerStanding", "rotateIssuerKey", "revokeIssuedRange",
];
export const ROUTES = { 1: "course", 2: "priorLearning" };
export const ACTIVITIES = { 1: "course", 2: "workshop", 3: "seminar", 4: "pathway" };
export const FORMATS = { 1: "online", 2: "faceToFace", 3: "hybrid", 4: "blended" };
export const REVOCATION_REASONS = {
    0: "unspecified", 1: "issuedInError", 2: "superseded", 3: "fraudulent", 4: "withdrawnByIssuer",
    5: "issuerKeyCompromised",
};
export const SUSPENSION_REASONS = { 0: "unspecified", 1: "underInvestigation", 2: "pendingCorrection", 3: "feesOutstanding" };
export const ISSUER_STATES = { 1: "active", 2: "suspended", 3: "deregistered" };
export const CREDENTIAL_STATES = { 1: "active", 2: "suspended", 3: "revoked" };
export const REGISTRATION_STATES = { 1: "active", 2: "withdrawn" };
const TRANSACTION_TAG = utf8("mcledger/tx/v1");

/** FORMATS.md "Conventions": a bounded reader that refuses truncation, and trailing bytes at `finish`. */
export class Reader {
    constructor(bytes) {
        this.bytes = bytes;
        this.offset = 0;
    }

    raw(count, field) {
        if (this.offset + count > this.bytes.length) throw new FormatError(`${field} is truncated`);
        this.offset += count;
        return this.bytes.subarray(this.offset - count, this.offset);
    }

    u8(field) {
        return this.raw(1, field)[0];
    }

    u16(field) {
        const bytes = this.raw(2, field);
        return (bytes[0] << 8) | bytes[1];
    }

    u32(field) {
        const bytes = this.raw(4, field);
        return ((bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3]) >>> 0;
    }

    /** A u64 as a BigInt. */
    u64(field) {
        return BigInt("0x" + toHex(this.raw(8, field)));
    }

    digest(field) {
        return this.raw(32, field);
    }

    bounded(length, field, bytesMax) {
        if (length > bytesMax) throw new FormatError(`${field} is ${length} bytes, above the limit ${bytesMax}`);
        return this.raw(length, field);
    }

    bytesField(field, bytesMax) {
        return this.bounded(this.u16(field), field, bytesMax);
    }

    shortBytes(field, bytesMax) {
        return this.bounded(this.u8(field), field, bytesMax);
    }

    text(field, bytesMax) {
        return decodeUTF8(this.bytesField(field, bytesMax), field);
    }

    optional(field, read) {
        const presence = this.u8(field);
        if (presence === 0) return null;
        if (presence === 1) return read();
        throw new FormatError(`${field}: presence byte must be 0 or 1, got ${presence}`);
    }

    enumeration(table, field) {
        const value = this.u8(field);
        if (!(value in table)) throw new FormatError(`${field}: unknown value ${value}`);
        return value;
    }

    expectTag(tag) {
        if (!equal(this.raw(Math.min(tag.length, this.bytes.length - this.offset), "tag"), tag)) {
            throw new FormatError(`does not start with the tag ${decodeUTF8(tag)}`);
        }
    }

    finish(what) {
        const left = this.bytes.length - this.offset;
        if (left !== 0) throw new FormatError(`${what}: ${left} trailing byte(s)`);
    }
}

// --- Field rules (FieldRules.swift). ---

export function checkIdentifier(value, field) {
    const bytes = utf8(value);
    if (bytes.length === 0) throw new FormatError(`${field} must not be empty`);
    if (bytes.length > LIMITS.identifierBytesMax) throw new FormatError(`${field} is above 64 bytes`);
    if (!/^[A-Za-z0-9._~-]+$/.test(value)) {
        throw new FormatError(`${field}: only A-Z a-z 0-9 - . _ ~ are allowed (URL-safe)`);
    }
}

function checkText(value, field, bytesMax, allowEmpty) {
    const length = utf8(value).length;
    if (!allowEmpty && length === 0) throw new FormatError(`${field} must not be empty`);
    if (length > bytesMax) throw new FormatError(`${field} is above ${bytesMax} bytes`);
    if (/[\u0000-\u001f\u007f-\u009f]/.test(value)) throw new FormatError(`${field} contains a control character`);
}

function checkCountry(value) {
    if (!/^[A-Z]{2}$/.test(value)) throw new FormatError("country must be an ISO 3166-1 alpha-2 code such as JM");
}

function checkLanguageTag(value) {
    if (utf8(value).length > LIMITS.languageTagBytesMax) throw new FormatError("language is above 35 bytes");
    const [primary, ...rest] = value.split("-");
    if (!/^[A-Za-z]{2,8}$/.test(primary) || !rest.every((subtag) => /^[A-Za-z0-9]{1,8}$/.test(subtag))) {
        throw new FormatError("language must be a BCP 47 language tag such as en, es or fr-HT");
    }
}

function checkKeyBytes(key, field) {
    if (key.length === 0 || key.length > LIMITS.publicKeyBytesMax) throw new FormatError(`${field} is 1 to 91 bytes`);
}

function distinct(values) {
    return new Set(values).size === values.length;
}

function identifiers(reader, field, countMax) {
    const count = reader.u8(field);
    if (count > countMax) throw new FormatError(`${field}: ${count} entries, at most ${countMax}`);
    const values = [];
    for (let index = 0; index < count; index++) {
        values.push(reader.text(`${field}[${index}]`, LIMITS.identifierBytesMax));
    }
    return values;
}

// --- Payloads, one reader per kind (FORMATS.md "Transaction body"), each followed by its field rules. ---

const ID = LIMITS.identifierBytesMax;

const PAYLOADS = {
    registerIssuer(reader) {
        const payload = {
            issuerId: reader.text("issuerId", ID), displayName: reader.text("displayName", LIMITS.displayTextBytesMax),
            country: reader.text("country", 2), publicKey: reader.bytesField("publicKey", LIMITS.publicKeyBytesMax),
            accreditationNotes: reader.text("accreditationNotes", LIMITS.notesBytesMax),
        };
        checkIdentifier(payload.issuerId, "issuerId");
        checkText(payload.displayName, "displayName", LIMITS.displayTextBytesMax, false);
        checkCountry(payload.country);
        checkKeyBytes(payload.publicKey, "publicKey");
        checkText(payload.accreditationNotes, "accreditationNotes", LIMITS.notesBytesMax, true);
        return payload;
    },
    registerDefinition(reader) {
        const payload = {
            definitionId: reader.text("definitionId", ID), title: reader.text("title", LIMITS.displayTextBytesMax),
            notionalMinutes: reader.u32("notionalMinutes"), level: reader.u8("level"),
            format: reader.enumeration(FORMATS, "format"), activity: reader.enumeration(ACTIVITIES, "activity"),
            creditTenths: reader.u16("creditTenths"), language: reader.text("language", LIMITS.languageTagBytesMax),
        };
        const outcomeCount = reader.u8("learningOutcomes");
        if (outcomeCount > LIMITS.learningOutcomesMax) throw new FormatError("learningOutcomes: more than 8");
        payload.learningOutcomes = [];
        for (let index = 0; index < outcomeCount; index++) {
            payload.learningOutcomes.push(reader.text(`learningOutcomes[${index}]`, LIMITS.displayTextBytesMax));
        }
        payload.components = identifiers(reader, "components", LIMITS.pathwayComponentsMax);
        payload.componentsRequired = reader.u8("componentsRequired");
        checkIdentifier(payload.definitionId, "definitionId");
        checkText(payload.title, "title", LIMITS.displayTextBytesMax, false);
        if (payload.notionalMinutes === 0) throw new FormatError("notionalMinutes must be above 0");
        if (payload.level < 1 || payload.level > 10) throw new FormatError("level must be a CQF level 1…10");
        checkLanguageTag(payload.language);
        payload.learningOutcomes.forEach((outcome, index) =>
            checkText(outcome, `learningOutcomes[${index}]`, LIMITS.displayTextBytesMax, false));
        if (ACTIVITIES[payload.activity] !== "pathway") {
            if (payload.components.length || payload.componentsRequired) {
                throw new FormatError("only a pathway names components");
            }
        } else {
            if (!payload.components.length) throw new FormatError("a pathway names at least one component entry");
            payload.components.forEach((component, index) => {
                checkIdentifier(component, `components[${index}]`);
                if (component === payload.definitionId) throw new FormatError("a pathway cannot be its own component");
            });
            if (!distinct(payload.components)) throw new FormatError("components names an entry twice");
            if (payload.componentsRequired < 1 || payload.componentsRequired > payload.components.length) {
                throw new FormatError("componentsRequired must be from 1 to the components named");
            }
        }
        return payload;
    },
    issueCredential(reader) {
        const payload = {
            credentialId: reader.text("credentialId", ID), documentDigest: reader.digest("documentDigest"),
            subjectCommitment: reader.digest("subjectCommitment"),
            definitionId: reader.optional("definitionId", () => reader.text("definitionId", ID)),
            issuedAt: reader.u64("issuedAt"), expiresAt: reader.optional("expiresAt", () => reader.u64("expiresAt")),
            accreditationId: reader.optional("accreditationId", () => reader.text("accreditationId", ID)),
            route: reader.enumeration(ROUTES, "route"),
            components: identifiers(reader, "components", LIMITS.pathwayComponentsMax),
        };
        checkIdentifier(payload.credentialId, "credentialId");
        if (payload.definitionId !== null) checkIdentifier(payload.definitionId, "definitionId");
        if (payload.expiresAt !== null && payload.expiresAt <= payload.issuedAt) {
            throw new FormatError("expiresAt must be after issuedAt");
        }
        if (payload.accreditationId !== null) checkIdentifier(payload.accreditationId, "accreditationId");
        payload.components.forEach((component, index) => {
            checkIdentifier(component, `components[${index}]`);
            if (component === payload.credentialId) throw new FormatError("a credential cannot stack itself");
        });
        if (!distinct(payload.components)) throw new FormatError("components names a credential twice");
        if (payload.components.length && payload.definitionId === null) {
            throw new FormatError("a stacked award names its pathway as definitionId");
        }
        return payload;
    },
    revokeCredential(reader) {
        const payload = {
            credentialId: reader.text("credentialId", ID), reason: reader.enumeration(REVOCATION_REASONS, "reason"),
        };
        checkIdentifier(payload.credentialId, "credentialId");
        return payload;
    },
    suspendCredential(reader) {
        const payload = {
            credentialId: reader.text("credentialId", ID), reason: reader.enumeration(SUSPENSION_REASONS, "reason"),
            decidedAt: reader.u64("decidedAt"),
        };
        checkIdentifier(payload.credentialId, "credentialId");
        return payload;
    },
    reinstateCredential(reader) {
        const payload = { credentialId: reader.text("credentialId", ID), decidedAt: reader.u64("decidedAt") };
        checkIdentifier(payload.credentialId, "credentialId");
        return payload;
    },
    proposeValidatorChange(reader) {
        const action = reader.u8("action");
        const payload = { action: action === 1 ? "add" : action === 2 ? "remove" : null };
        if (!payload.action) throw new FormatError(`action: unknown value ${action}`);
        payload.name = reader.text("name", LIMITS.validatorNameBytesMax);
        if (payload.action === "add") {
            payload.country = reader.text("country", 2);
            payload.publicKey = reader.bytesField("publicKey", LIMITS.publicKeyBytesMax);
            payload.proofOfPossession = reader.shortBytes("proofOfPossession", LIMITS.signatureBytesMax);
        }
        payload.proposedAt = reader.u64("proposedAt");
        checkIdentifier(payload.name, "name");
        if (payload.action === "add") {
            checkCountry(payload.country);
            checkKeyBytes(payload.publicKey, "publicKey");
            if (!payload.proofOfPossession.length) throw new FormatError("proofOfPossession must not be empty");
        }
        return payload;
    },
    approveValidatorChange(reader) {
        return { proposalId: reader.digest("proposalId") };
    },
    registerQABody(reader) {
        const payload = {
            qaBodyId: reader.text("qaBodyId", ID), displayName: reader.text("displayName", LIMITS.displayTextBytesMax),
            country: reader.text("country", 2), publicKey: reader.bytesField("publicKey", LIMITS.publicKeyBytesMax),
        };
        checkIdentifier(payload.qaBodyId, "qaBodyId");
        checkText(payload.displayName, "displayName", LIMITS.displayTextBytesMax, false);
        checkCountry(payload.country);
        checkKeyBytes(payload.publicKey, "publicKey");
        return payload;
    },
    recordAccreditation(reader) {
        const payload = { accreditationId: reader.text("accreditationId", ID), issuerId: reader.text("issuerId", ID) };
        const tag = reader.u8("scope");
        const count = reader.u8("scope.count");
        if (tag === 1) {
            if (count > 4) throw new FormatError("scope.kinds: more than 4");
            const kinds = [];
            for (let index = 0; index < count; index++) kinds.push(reader.enumeration(ACTIVITIES, "scope.kinds"));
            if (!kinds.length) throw new FormatError("scope.kinds names no kind");
            if (!kinds.every((kind, index) => index === 0 || kinds[index - 1] < kind)) {
                throw new FormatError("scope.kinds must be listed once each, in ascending order");
            }
            payload.scope = { kinds };
        } else if (tag === 2) {
            if (count > LIMITS.accreditationEntriesMax) throw new FormatError("scope.entries: more than 32");
            const entries = [];
            for (let index = 0; index < count; index++) entries.push(reader.text(`scope.entries[${index}]`, ID));
            if (!entries.length) throw new FormatError("scope.entries names no entry");
            entries.forEach((entry, index) => checkIdentifier(entry, `scope.entries[${index}]`));
            if (!distinct(entries)) throw new FormatError("scope.entries names an entry twice");
            payload.scope = { entries };
        } else {
            throw new FormatError(`scope: unknown value ${tag}`);
        }
        payload.validFrom = reader.u64("validFrom");
        payload.validUntil = reader.u64("validUntil");
        checkIdentifier(payload.accreditationId, "accreditationId");
        checkIdentifier(payload.issuerId, "issuerId");
        if (payload.validUntil <= payload.validFrom) throw new FormatError("validUntil must be after validFrom");
        return payload;
    },
    withdrawAccreditation(reader) {
        const payload = { accreditationId: reader.text("accreditationId", ID), decidedAt: reader.u64("decidedAt") };
        checkIdentifier(payload.accreditationId, "accreditationId");
        return payload;
    },
    changeIssuerStanding(reader) {
        const payload = {
            issuerId: reader.text("issuerId", ID), standing: reader.enumeration(ISSUER_STATES, "standing"),
            decidedAt: reader.u64("decidedAt"),
        };
        checkIdentifier(payload.issuerId, "issuerId");
        return payload;
    },
    rotateIssuerKey(reader) {
        const payload = {
            issuerId: reader.text("issuerId", ID), publicKey: reader.bytesField("publicKey", LIMITS.publicKeyBytesMax),
            proofOfPossession: reader.shortBytes("proofOfPossession", LIMITS.signatureBytesMax),
        };
        checkIdentifier(payload.issuerId, "issuerId");
        checkKeyBytes(payload.publicKey, "publicKey");
        return payload;
    },
    revokeIssuedRange(reader) {
        const payload = {
            issuerId: reader.text("issuerId", ID), fromHeight: reader.u64("fromHeight"), toHeight: reader.u64("toHeight"),
            reason: reader.enumeration(REVOCATION_REASONS, "reason"),
        };
        checkIdentifier(payload.issuerId, "issuerId");
        if (payload.fromHeight < 1n) throw new FormatError("fromHeight: blocks start at height 1");
        if (payload.toHeight < payload.fromHeight) throw new FormatError("toHeight must not be below fromHeight");
        return payload;
    },
};

/** A transaction body: {chainId, kind (name), authorKeyId, payload, id}. */
export function decodeBody(bytes) {
    if (bytes.length > LIMITS.transactionBodyBytesMax) throw new FormatError("transaction body is above 4096 bytes");
    const reader = new Reader(bytes);
    reader.expectTag(TRANSACTION_TAG);
    const chainId = reader.digest("chainId");
    const kindByte = reader.u8("kind");
    const kind = KINDS[kindByte];
    if (!kind) throw new FormatError(`kind: unknown value ${kindByte}`);
    const authorKeyId = reader.digest("authorKeyId");
    const payload = PAYLOADS[kind](reader);
    reader.finish("transaction body");
    return { chainId, kind, authorKeyId, payload, body: bytes, id: sha256(bytes) };
}

/** FORMATS.md "Signed transaction": u16 bodyLength ‖ body ‖ u8 signatureLength ‖ DER signature. */
export function decodeSignedTransaction(bytes) {
    const reader = new Reader(bytes);
    const body = decodeBody(reader.bytesField("transaction body", LIMITS.transactionBodyBytesMax));
    const signature = reader.shortBytes("signature", LIMITS.signatureBytesMax);
    if (!signature.length) throw new FormatError("signature must not be empty");
    reader.finish("signed transaction");
    return { ...body, signature, encoded: bytes };
}

/** FORMATS.md "Block header (version 2: 290 bytes, fixed)". Integers of 64 bits are BigInts. */
export function decodeHeader(bytes) {
    const reader = new Reader(bytes);
    const version = reader.u16("header.version");
    if (version !== 2) throw new FormatError(`header version ${version} is not supported (only 2)`);
    const header = {
        version, chainId: reader.digest("header.chainId"), height: reader.u64("header.height"),
        previousHash: reader.digest("header.previousHash"), timestamp: reader.u64("header.timestamp"),
        txCount: reader.u32("header.txCount"), txRoot: reader.digest("header.txRoot"),
        ledgerSize: reader.u64("header.ledgerSize"), ledgerRoot: reader.digest("header.ledgerRoot"),
        statusRoot: reader.digest("header.statusRoot"), validatorSetHash: reader.digest("header.validatorSetHash"),
        nextValidatorSetHash: reader.digest("header.nextValidatorSetHash"), proposer: reader.digest("header.proposer"),
        round: reader.u32("header.round"),
    };
    reader.finish("header");
    return header;
}

/** FORMATS.md "Status map", records: {kind, state, ...} with kind 1 credential, 2 issuer, 3–5 registrations. */
export function decodeStatusRecord(bytes) {
    const reader = new Reader(bytes);
    const version = reader.u8("status.version");
    if (version !== 1) throw new FormatError(`status record version ${version} is not supported`);
    const kind = reader.u8("status.kind");
    let record;
    if (kind === 1) {
        const state = reader.enumeration(CREDENTIAL_STATES, "status.state");
        const reason = reader.u8("status.reason");
        const table = { 1: { 0: "none" }, 2: SUSPENSION_REASONS, 3: REVOCATION_REASONS }[state];
        if (!(reason in table)) throw new FormatError(`status.reason: unknown value ${reason}`);
        record = {
            kind, state: CREDENTIAL_STATES[state], reason, changedAtHeight: reader.u64("status.height"),
            changeLedgerIndex: reader.u64("status.changeIndex"), issuanceLedgerIndex: reader.u64("status.issuanceIndex"),
        };
    } else if (kind === 2) {
        record = {
            kind, state: ISSUER_STATES[reader.enumeration(ISSUER_STATES, "status.state")],
            keyId: reader.digest("status.keyId"), changedAtHeight: reader.u64("status.height"),
            changeLedgerIndex: reader.u64("status.changeIndex"),
        };
    } else if (kind >= 3 && kind <= 5) {
        record = {
            kind, state: REGISTRATION_STATES[reader.enumeration(REGISTRATION_STATES, "status.state")],
            registrationId: reader.digest("status.registrationId"), changedAtHeight: reader.u64("status.height"),
            changeLedgerIndex: reader.u64("status.changeIndex"),
        };
    } else {
        throw new FormatError(`status.kind: unknown value ${kind}`);
    }
    reader.finish("status record");
    return record;
}

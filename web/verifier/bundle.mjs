// The JSON of a proof bundle (mcledger.proof.v2) and of a status proof (mcledger.status.v2), docs/PROOFS.md, read
// into typed parts. Only the shape is checked here, as ProofBundle.parse does; whether the contents are true is the
// verifier's job. Every error is a FormatError, reported as the "format" check.

import { FormatError } from "./bytes.mjs";
import { importKey } from "./ecdsa.mjs";
import { KINDS, LIMITS } from "./encoding.mjs";
import { fields } from "./fields.mjs";
import { validatorSet } from "./genesis.mjs";
import { parseJSON } from "./json.mjs";
import { parseNote } from "./note.mjs";

export const BUNDLE_FORMAT = "mcledger.proof.v2";
export const STATUS_FORMAT = "mcledger.status.v2";

function transactionPart(value, path) {
    const part = fields(value, path, ["id", "kind", "encoded", "credentialId", "documentDigest"]);
    const kind = part.string("kind");
    if (!KINDS.includes(kind) || kind === null) throw new FormatError(`${part.field("kind")}: unknown kind ${kind}`);
    return {
        id: part.digest("id"), kind, encoded: part.base64("encoded", LIMITS.signedTransactionBytesMax),
        credentialId: part.has("credentialId") ? part.string("credentialId") : null,
        documentDigest: part.has("documentDigest") ? part.digest("documentDigest") : null,
    };
}

function leafPart(value, path) {
    const part = fields(value, path, ["index", "hash"]);
    return { index: part.unsignedInteger("index"), hash: part.digest("hash") };
}

function inclusionPart(value, path) {
    const part = fields(value, path, ["index", "size", "path"]);
    return {
        index: part.unsignedInteger("index"), size: part.unsignedInteger("size"),
        path: part.digests("path", LIMITS.merkleProofLengthMax),
    };
}

const HEADER_FIELDS = [
    "encoded", "hash", "version", "height", "previousHash", "timestamp", "txCount", "txRoot", "ledgerSize",
    "ledgerRoot", "statusRoot", "validatorSetHash", "nextValidatorSetHash", "proposer", "round",
];

function headerPart(value, path, chainId) {
    const part = fields(value, path, HEADER_FIELDS);
    const version = part.unsignedInteger("version");
    const txCount = part.unsignedInteger("txCount");
    const round = part.unsignedInteger("round");
    if (version > 0xffffn || txCount > 0xffffffffn || round > 0xffffffffn) {
        throw new FormatError(`${path}: version, txCount or round out of range`);
    }
    // The readable copy's chainId is the bundle's; the verifier compares the copy with the encoded header.
    const readable = {
        version: Number(version), chainId, height: part.unsignedInteger("height"),
        previousHash: part.digest("previousHash"), timestamp: part.unsignedInteger("timestamp"),
        txCount: Number(txCount), txRoot: part.digest("txRoot"), ledgerSize: part.unsignedInteger("ledgerSize"),
        ledgerRoot: part.digest("ledgerRoot"), statusRoot: part.digest("statusRoot"),
        validatorSetHash: part.digest("validatorSetHash"), nextValidatorSetHash: part.digest("nextValidatorSetHash"),
        proposer: part.digest("proposer"), round: Number(round),
    };
    return { encoded: part.base64("encoded", LIMITS.headerBytes), hash: part.digest("hash"), readable };
}

function recordPart(value, path) {
    const part = fields(value, path, ["record", "siblings"]);
    return {
        record: part.base64("record", LIMITS.statusRecordBytesMax), siblings: part.digests("siblings", LIMITS.siblingsMax),
    };
}

function keyRotationPart(value, path) {
    const part = fields(value, path, ["transaction", "inclusion"]);
    return {
        transaction: transactionPart(part.value("transaction"), `${path}.transaction`),
        inclusion: inclusionPart(part.value("inclusion"), `${path}.inclusion`),
    };
}

function statusPart(value, path, chainId) {
    const part = fields(value, path, ["credential", "issuer", "header", "commit", "consistency"]);
    const credential = recordPart(part.value("credential"), `${path}.credential`);
    const issuer = recordPart(part.value("issuer"), `${path}.issuer`);
    const header = headerPart(part.value("header"), `${path}.header`, chainId);
    const commit = parseNote(part.string("commit"));
    const consistency = fields(part.value("consistency"), `${path}.consistency`, ["fromSize", "toSize", "path"]);
    return {
        credential, issuer, header, commit,
        consistency: {
            fromSize: consistency.unsignedInteger("fromSize"), toSize: consistency.unsignedInteger("toSize"),
            path: consistency.digests("path", LIMITS.merkleProofLengthMax),
        },
    };
}

async function handoffsPart(top, chainId) {
    if (!top.has("handoffs")) return [];
    const handoffs = [];
    for (const [offset, value] of top.array("handoffs", LIMITS.handoffsMax).entries()) {
        const path = `handoffs[${offset}]`;
        const entry = fields(value, path, ["epoch", "header", "commit", "nextValidators"]);
        if (entry.unsignedInteger("epoch") !== BigInt(offset + 1)) {
            throw new FormatError(`${entry.field("epoch")} must be ${offset + 1}: handoffs are listed from epoch 1 in order`);
        }
        const members = [];
        for (const [index, member] of entry.array("nextValidators", LIMITS.validatorsMax).entries()) {
            const memberFields = fields(member, `${path}.nextValidators[${index}]`, ["name", "publicKey"]);
            const spki = memberFields.base64("publicKey", LIMITS.publicKeyBytesMax);
            const name = memberFields.string("name");
            try {
                await importKey(spki);
            } catch (error) {
                throw new FormatError(`${memberFields.field("publicKey")}: ${error.message}`);
            }
            members.push({ name, spki });
        }
        handoffs.push({
            header: headerPart(entry.value("header"), entry.field("header"), chainId),
            commit: parseNote(entry.string("commit")),
            nextValidators: await validatorSet(members, `${path}.nextValidators`),
        });
    }
    return handoffs;
}

function registryPart(value, path) {
    const part = fields(value, path, ["definition", "accreditation", "components"]);
    const registration = (item, at) => {
        const registrationFields = fields(item, at, ["transaction", "record"]);
        return {
            transaction: transactionPart(registrationFields.value("transaction"), `${at}.transaction`),
            record: recordPart(registrationFields.value("record"), `${at}.record`),
        };
    };
    const included = (item, at) => {
        const includedFields = fields(item, at, ["transaction", "inclusion", "record"]);
        return {
            transaction: transactionPart(includedFields.value("transaction"), `${at}.transaction`),
            inclusion: inclusionPart(includedFields.value("inclusion"), `${at}.inclusion`),
            record: recordPart(includedFields.value("record"), `${at}.record`),
        };
    };
    let accreditation = null;
    if (part.has("accreditation")) {
        const at = `${path}.accreditation`;
        const accreditationFields = fields(part.value("accreditation"), at, ["accreditation", "qaBody"]);
        accreditation = {
            accreditation: registration(accreditationFields.value("accreditation"), `${at}.accreditation`),
            qaBody: registration(accreditationFields.value("qaBody"), `${at}.qaBody`),
        };
    }
    const components = [];
    if (part.has("components")) {
        for (const [index, element] of part.array("components", LIMITS.pathwayComponentsMax).entries()) {
            const at = `${path}.components[${index}]`;
            const componentFields = fields(element, at, ["issuance", "issuer", "definition", "keyRotation"]);
            components.push({
                issuance: included(componentFields.value("issuance"), `${at}.issuance`),
                issuer: included(componentFields.value("issuer"), `${at}.issuer`),
                definition: registration(componentFields.value("definition"), `${at}.definition`),
                keyRotation: componentFields.has("keyRotation")
                    ? keyRotationPart(componentFields.value("keyRotation"), `${at}.keyRotation`) : null,
            });
        }
    }
    return {
        definition: part.has("definition") ? registration(part.value("definition"), `${path}.definition`) : null,
        accreditation, components,
    };
}

function parseRoot(input, what) {
    try {
        return parseJSON(input, LIMITS.proofBundleBytesMax);
    } catch (error) {
        throw new FormatError(`${what}: ${error.message}`);
    }
}

/** A bundle from its JSON (bytes, text or an already parsed value). */
export async function parseBundle(input) {
    const root = typeof input === "object" && !(input instanceof Uint8Array) ? input : parseRoot(input, "proof");
    const top = fields(root, "", [
        "format", "chainId", "transaction", "leaf", "blockInclusion", "ledgerInclusion", "header", "commit", "issuer",
        "status", "handoffs", "registry",
    ]);
    if (top.string("format") !== BUNDLE_FORMAT) throw new FormatError(`format must be "${BUNDLE_FORMAT}"`);
    const commit = parseNote(top.string("commit"));
    const issuer = fields(top.value("issuer"), "issuer", ["registration", "leaf", "ledgerInclusion", "keyRotation"]);
    const chainId = top.digest("chainId");
    return {
        chainId,
        transaction: transactionPart(top.value("transaction"), "transaction"),
        leaf: leafPart(top.value("leaf"), "leaf"),
        blockInclusion: inclusionPart(top.value("blockInclusion"), "blockInclusion"),
        ledgerInclusion: inclusionPart(top.value("ledgerInclusion"), "ledgerInclusion"),
        header: headerPart(top.value("header"), "header", chainId),
        commit,
        issuer: {
            registration: transactionPart(issuer.value("registration"), "issuer.registration"),
            leaf: leafPart(issuer.value("leaf"), "issuer.leaf"),
            ledgerInclusion: inclusionPart(issuer.value("ledgerInclusion"), "issuer.ledgerInclusion"),
            keyRotation: issuer.has("keyRotation") ? keyRotationPart(issuer.value("keyRotation"), "issuer.keyRotation") : null,
        },
        status: statusPart(top.value("status"), "status", chainId),
        handoffs: await handoffsPart(top, chainId),
        registry: top.has("registry") ? registryPart(top.value("registry"), "registry") : null,
    };
}

/** A newer status proof from `ledger proof ID --status-only` or GET /v1/credentials/{id}/status. */
export async function parseStatusDocument(input) {
    const root = typeof input === "object" && !(input instanceof Uint8Array) ? input : parseRoot(input, "status proof");
    const top = fields(root, "", ["format", "chainId", "credentialId", "status", "handoffs"]);
    if (top.string("format") !== STATUS_FORMAT) throw new FormatError(`format must be "${STATUS_FORMAT}"`);
    const chainId = top.digest("chainId");
    return {
        chainId, credentialId: top.string("credentialId"), status: statusPart(top.value("status"), "status", chainId),
        handoffs: await handoffsPart(top, chainId),
    };
}

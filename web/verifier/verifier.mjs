// The checks of docs/PROOFS.md on a proof bundle, in the order and under the check names of the Swift
// ProofVerifier (ProofCheck), so the page and `ledger verify` name the same failed check for the same bundle. It
// trusts nothing but the genesis file, and needs SHA-256 and ECDSA P-256 alone: no network, no node.

import { FormatError, concat, equal, text, toHex, u16, utf8 } from "./bytes.mjs";
import { importKey, verifySignature } from "./ecdsa.mjs";
import { decodeHeader, decodeSignedTransaction, decodeStatusRecord } from "./encoding.mjs";
import { parseBundle, parseStatusDocument } from "./bundle.mjs";
import { ProofError, leafHash, verifyConsistency, verifyInclusion, verifySparseInclusion } from "./merkle.mjs";
import { parseCommitCheckpoint, verifyCommitNote } from "./note.mjs";
import { checkRegistry } from "./registry.mjs";
import { sha256 } from "./sha256.mjs";

/** A failed check: `check` is a ProofCheck name ("format", "chain", "handoffs", …), `reason` says why. */
export class ProofFailure extends Error {
    constructor(check, reason) {
        super(`${check} check failed: ${reason}`);
        this.check = check;
        this.reason = reason;
    }
}

export const fail = (check, reason) => new ProofFailure(check, reason);
const hex = toHex;

/** The sets followed from genesis through the handoffs (ValidatorHistory), each one checked. */
export async function followHandoffs(handoffs, genesis) {
    const epochs = [{ number: 0, startHeight: 1n, validators: genesis.validators }];
    for (const [offset, handoff] of handoffs.entries()) {
        const current = epochs[epochs.length - 1];
        const label = `handoff ${offset + 1} (to epoch ${current.number + 1})`;
        const header = checkHeader(handoff.header, "handoffs");
        if (!equal(header.chainId, genesis.chainId)) throw fail("handoffs", `${label} names another chain`);
        if (header.height < current.startHeight) {
            throw fail("handoffs", `${label} is at height ${header.height}, before epoch ${current.number} began at ` +
                `${current.startHeight}: handoffs must be in order`);
        }
        if (!equal(header.validatorSetHash, current.validators.hash)) {
            throw fail("handoffs", `${label} at height ${header.height} is not certified by epoch ${current.number}'s ` +
                "set: a handoff is missing or out of order");
        }
        await checkCommit(handoff.commit, header, genesis, current.validators, "handoffs", "handoffs");
        const next = handoff.nextValidators;
        if (!equal(header.nextValidatorSetHash, next.hash) || equal(next.hash, current.validators.hash)) {
            throw fail("handoffs", `${label}: the next set's hash ${hex(next.hash)} is not the header's ` +
                `nextValidatorSetHash ${hex(header.nextValidatorSetHash)}, or the set does not change`);
        }
        epochs.push({ number: current.number + 1, startHeight: header.height + 1n, validators: next });
    }
    return epochs;
}

export const epochAt = (epochs, height) => epochs.findLast((epoch) => epoch.startHeight <= height) ?? epochs[0];

function validatorsFor(epochs, header, check) {
    const epoch = epochAt(epochs, header.height);
    if (!equal(header.validatorSetHash, epoch.validators.hash)) {
        throw fail(check, `block ${header.height} names validator set ${hex(header.validatorSetHash)}, but epoch ` +
            `${epoch.number} (from height ${epoch.startHeight}, ${epochs.length - 1} handoff(s) followed from ` +
            `genesis) is certified by ${hex(epoch.validators.hash)}: a handoff is missing, or the block is signed by ` +
            "a set that had already handed over");
    }
    return epoch.validators;
}

/** The member with `keyId` in any epoch that began at or before `height`, latest first. */
function memberAtOrBefore(epochs, keyId, height) {
    for (const epoch of [...epochs].reverse()) {
        if (epoch.startHeight > height) continue;
        const member = epoch.validators.members.find((candidate) => candidate.keyId === hex(keyId));
        if (member) return member;
    }
    return null;
}

const CREDENTIAL_KINDS = ["issueCredential", "revokeCredential", "suspendCredential", "reinstateCredential"];

/** A carried transaction: decoded strictly, its id, chain, kind and readable copies checked. */
export function decodeTransaction(part, check, genesis) {
    let transaction;
    try {
        transaction = decodeSignedTransaction(part.encoded);
    } catch (error) {
        throw fail(check, `encoded transaction does not decode: ${error.message}`);
    }
    if (!equal(transaction.id, part.id)) {
        throw fail(check, `id is SHA-256(body) = ${hex(transaction.id)}, bundle says ${hex(part.id)}`);
    }
    if (!equal(transaction.chainId, genesis.chainId)) throw fail(check, "transaction names another chain");
    if (transaction.kind !== part.kind) throw fail(check, `kind is ${transaction.kind}, bundle says ${part.kind}`);
    const credentialId = CREDENTIAL_KINDS.includes(transaction.kind) ? transaction.payload.credentialId : null;
    if (credentialId !== part.credentialId) throw fail(check, "credentialId does not match the encoded transaction");
    const digest = transaction.kind === "issueCredential" ? transaction.payload.documentDigest : null;
    if (!(digest === null ? part.documentDigest === null : part.documentDigest && equal(digest, part.documentDigest))) {
        throw fail(check, "documentDigest does not match the encoded transaction");
    }
    return transaction;
}

const HEADER_KEYS = [
    "version", "chainId", "height", "previousHash", "timestamp", "txCount", "txRoot", "ledgerSize", "ledgerRoot",
    "statusRoot", "validatorSetHash", "nextValidatorSetHash", "proposer", "round",
];

export function checkHeader(part, check) {
    let header;
    try {
        header = decodeHeader(part.encoded);
    } catch (error) {
        throw fail(check, `encoded header does not decode: ${error.message}`);
    }
    header.hash = sha256(part.encoded);
    if (!equal(header.hash, part.hash)) {
        throw fail(check, `SHA-256(header) is ${hex(header.hash)}, bundle says ${hex(part.hash)}`);
    }
    const same = (left, right) => (left instanceof Uint8Array ? equal(left, right) : BigInt(left) === BigInt(right));
    if (!HEADER_KEYS.every((key) => same(header[key], part.readable[key]))) {
        throw fail(check, "readable header fields differ from the encoded header");
    }
    return header;
}

export function checkLedgerInclusion(leaf, inclusion, header, check) {
    if (inclusion.size !== header.ledgerSize) {
        throw fail(check, `size ${inclusion.size} but header.ledgerSize is ${header.ledgerSize}`);
    }
    try {
        verifyInclusion(leaf, inclusion.index, inclusion.size, inclusion.path, header.ledgerRoot);
    } catch (error) {
        throw fail(check, `${error.message} (against header.ledgerRoot)`);
    }
}

/** The note must be this chain's commit checkpoint for exactly this header, signed by a quorum of `validators`. */
export async function checkCommit(note, header, genesis, validators, messageCheck, quorumCheck) {
    let checkpoint;
    try {
        checkpoint = parseCommitCheckpoint(note.text, genesis.chainName, genesis.chainId);
    } catch (error) {
        throw fail(messageCheck, `the note is not this chain's commit checkpoint: ${error.message}`);
    }
    if (checkpoint.height !== header.height || !equal(checkpoint.headerHash, header.hash) ||
        checkpoint.ledgerSize !== header.ledgerSize || !equal(checkpoint.ledgerRoot, header.ledgerRoot) ||
        checkpoint.round < header.round) {
        throw fail(messageCheck,
            "the commit checkpoint does not state this header's height, hash and ledger head (at or after its round)");
    }
    try {
        return await verifyCommitNote(note, validators.members);
    } catch (error) {
        throw fail(quorumCheck, error.message);
    }
}

const STATUS_KINDS = { credential: 1, issuer: 2, definition: 3, qaBody: 4, accreditation: 5 };

/** A record proven under `root` at the key computed from the chain, the kind and the id asked about. */
export function provenRecord(part, kind, id, chainId, root, check) {
    const key = sha256(concat(utf8("mcledger/status-key/v1"), chainId, Uint8Array.of(STATUS_KINDS[kind]), text(id)));
    try {
        verifySparseInclusion(root, key, part.record, part.siblings);
    } catch (error) {
        throw fail(check, `the ${kind} record is not in the status map of the status header: ${error.message}`);
    }
    try {
        return decodeStatusRecord(part.record);
    } catch (error) {
        throw fail(check, `the ${kind} record does not decode: ${error.message}`);
    }
}

const POSSESSION_TAG = utf8("mcledger/issuer-key-pop/v1");

/** The issuer's key that signed (PROOFS.md "Rotated issuer keys"): the registered one, or a rotation's new key. */
export async function issuerSigningKey(options) {
    const { author, registered, issuerId, rotation, registrationLeaf, signedLeaf, header, genesis, check } = options;
    if (!rotation) {
        if (!equal(sha256(registered), author)) {
            throw fail(check, `issuer ${issuerId}'s registered key did not sign, and no key rotation is carried`);
        }
        return registered;
    }
    if (equal(sha256(registered), author)) throw fail(check, "the registered key signed, yet a key rotation is carried");
    const transaction = decodeTransaction(rotation.transaction, check, genesis);
    if (transaction.kind !== "rotateIssuerKey" || transaction.payload.issuerId !== issuerId) {
        throw fail(check, `the carried key rotation is not a rotateIssuerKey of issuer ${issuerId}`);
    }
    const rotate = transaction.payload;
    let key;
    try {
        key = await importKey(rotate.publicKey);
    } catch (error) {
        throw fail(check, `the rotation's new key is invalid: ${error.message}`);
    }
    if (!equal(sha256(rotate.publicKey), author)) {
        throw fail(check, `the rotation introduced key ${hex(sha256(rotate.publicKey))}, not the signing key ${hex(author)}`);
    }
    const index = rotation.inclusion.index;
    if (!(registrationLeaf < index && index < signedLeaf)) {
        throw fail(check, `the rotation (leaf ${index}) must come after the registration (leaf ${registrationLeaf}) ` +
            `and before the signed transaction (leaf ${signedLeaf})`);
    }
    if (rotate.proofOfPossession.length) {
        const message = concat(POSSESSION_TAG, genesis.chainId, text(issuerId), u16(rotate.publicKey.length), rotate.publicKey);
        if ((await verifySignature(key, rotate.proofOfPossession, message)) !== "valid") {
            throw fail(check, "the rotation's proof of possession does not verify");
        }
    }
    checkLedgerInclusion(leafHash(transaction.encoded), rotation.inclusion, header, check);
    return rotate.publicKey;
}

async function checkIssuer(part, transaction, credentialLeaf, header, genesis, epochs) {
    const check = "issuerRegistration";
    const registration = decodeTransaction(part.registration, check, genesis);
    if (registration.kind !== "registerIssuer") throw fail(check, "not a registerIssuer transaction");
    const authority = memberAtOrBefore(epochs, registration.authorKeyId, header.height);
    if (!authority) {
        throw fail(check, `registered by ${hex(registration.authorKeyId)}, which was not a validator of any set up to ` +
            `block ${header.height}`);
    }
    const verdict = await verifySignature(authority.key, registration.signature, registration.body);
    if (verdict !== "valid") throw fail(check, `authority signature: ${verdict}`);
    const leaf = leafHash(registration.encoded);
    if (!equal(leaf, part.leaf.hash) || part.leaf.index !== part.ledgerInclusion.index) {
        throw fail(check, "leaf hash or index does not match the registration transaction");
    }
    if (!(part.leaf.index < credentialLeaf)) {
        throw fail(check, `registration (leaf ${part.leaf.index}) must precede the transaction (leaf ${credentialLeaf})`);
    }
    checkLedgerInclusion(leaf, part.ledgerInclusion, header, check);
    const register = registration.payload;
    try {
        await importKey(register.publicKey);
    } catch (error) {
        throw fail(check, `registered key is invalid: ${error.message}`);
    }
    const signingKey = await issuerSigningKey({
        author: transaction.authorKeyId, registered: register.publicKey, issuerId: register.issuerId,
        rotation: part.keyRotation, registrationLeaf: part.leaf.index, signedLeaf: credentialLeaf, header, genesis, check,
    });
    return {
        id: register.issuerId, name: register.displayName, country: register.country, signingKey,
        keyId: sha256(signingKey), registeredBy: authority.name,
    };
}

/** The status part (PROOFS.md "The status part"), for the issuance `issued`. */
export async function checkStatus(status, issued, genesis, epochs) {
    const header = checkHeader(status.header, "statusHeader");
    if (!equal(header.chainId, genesis.chainId)) throw fail("statusHeader", "status header names another chain");
    const validators = validatorsFor(epochs, header, "statusCommit");
    const signers = await checkCommit(status.commit, header, genesis, validators, "statusCommit", "statusCommit");
    if (header.height < issued.header.height) {
        throw fail("statusConsistency",
            `status header (block ${header.height}) is before the issuing block ${issued.header.height}`);
    }
    const consistency = status.consistency;
    if (consistency.fromSize !== issued.header.ledgerSize || consistency.toSize !== header.ledgerSize) {
        throw fail("statusConsistency",
            `the consistency proof must run from ledger size ${issued.header.ledgerSize} to ${header.ledgerSize}`);
    }
    try {
        verifyConsistency(consistency.fromSize, consistency.toSize, issued.header.ledgerRoot, header.ledgerRoot,
            consistency.path);
    } catch (error) {
        throw fail("statusConsistency", `the status header's ledger does not extend the issuing one: ${error.message}`);
    }
    const credential = provenRecord(status.credential, "credential", issued.credentialId, genesis.chainId,
        header.statusRoot, "statusRecord");
    if (credential.kind !== 1) throw fail("statusRecord", "the record is not a credential's");
    if (credential.issuanceLedgerIndex !== issued.ledgerIndex || credential.changedAtHeight > header.height) {
        throw fail("statusRecord", `the record names issuance leaf ${credential.issuanceLedgerIndex}, the bundle's ` +
            `issuance is leaf ${issued.ledgerIndex}`);
    }
    const issuer = provenRecord(status.issuer, "issuer", issued.issuerId, genesis.chainId, header.statusRoot,
        "issuerStatus");
    if (issuer.kind !== 2) throw fail("issuerStatus", "the record is not an issuer's");
    const epoch = epochAt(epochs, header.height);
    return { credential, issuer, header, signers, epoch: epoch.number, validatorCount: validators.members.length };
}

/**
 * Every check of docs/PROOFS.md. `bundleInput` is the bundle's JSON (bytes, text or parsed); `genesis` from
 * parseGenesis; options: {documentDigest: {digest, form}, subject: {identifier, salt}, newerStatus: JSON}.
 * Returns what the bundle proves, or throws a ProofFailure naming the check.
 */
export async function verifyBundle(bundleInput, genesis, options = {}) {
    let bundle;
    let newer = null;
    try {
        bundle = await parseBundle(bundleInput);
        if (options.newerStatus) newer = await parseStatusDocument(options.newerStatus);
    } catch (error) {
        if (error instanceof FormatError) throw fail("format", error.message);
        throw error;
    }
    if (!equal(bundle.chainId, genesis.chainId)) {
        throw fail("chain", `bundle is for chain ${hex(bundle.chainId)}, the genesis file defines ${hex(genesis.chainId)}`);
    }
    const epochs = await followHandoffs(bundle.handoffs, genesis);
    const transaction = decodeTransaction(bundle.transaction, "transaction", genesis);
    if (transaction.kind !== "issueCredential") {
        throw fail("issuance", `the bundle proves a ${transaction.kind} transaction, not an issuance; a credential's ` +
            "proof carries its issueCredential transaction (fetch it with 'ledger proof CREDENTIAL_ID')");
    }
    const issuance = transaction.payload;
    const leaf = leafHash(transaction.encoded);
    if (!equal(leaf, bundle.leaf.hash)) {
        throw fail("leaf", `SHA-256(0x00 ‖ transaction) is ${hex(leaf)}, bundle says ${hex(bundle.leaf.hash)}`);
    }
    const header = checkHeader(bundle.header, "header");
    const block = bundle.blockInclusion;
    if (block.size !== BigInt(header.txCount)) {
        throw fail("blockInclusion", `size ${block.size} but the header has ${header.txCount} transactions`);
    }
    try {
        verifyInclusion(leaf, block.index, block.size, block.path, header.txRoot);
    } catch (error) {
        throw fail("blockInclusion", `${error.message} (against header.txRoot)`);
    }
    const expectedIndex = header.ledgerSize - BigInt(header.txCount) + block.index;
    if (bundle.leaf.index !== expectedIndex || bundle.ledgerInclusion.index !== expectedIndex) {
        throw fail("ledgerInclusion", `leaf index must be ${expectedIndex}: the block's first leaf plus its position`);
    }
    checkLedgerInclusion(leaf, bundle.ledgerInclusion, header, "ledgerInclusion");
    const issuingSet = validatorsFor(epochs, header, "commitQuorum");
    const signers = await checkCommit(bundle.commit, header, genesis, issuingSet, "commitMessage", "commitQuorum");
    const issuer = await checkIssuer(bundle.issuer, transaction, bundle.leaf.index, header, genesis, epochs);
    const verdict = await verifySignature(await importKey(issuer.signingKey), transaction.signature, transaction.body);
    if (verdict !== "valid") throw fail("transactionSignature", `issuer signature: ${verdict}`);
    const issued = {
        credentialId: issuance.credentialId, ledgerIndex: bundle.leaf.index, issuerId: issuer.id, header,
    };
    let status = await checkStatus(bundle.status, issued, genesis, epochs);
    const registry = await checkRegistry(bundle.registry, issuance, issuer, header, status.header, genesis);
    let latestEpochs = epochs;
    if (newer) {
        if (!equal(newer.chainId, genesis.chainId) || newer.credentialId !== issuance.credentialId) {
            throw fail("statusRecord", "the status proof is for another credential or chain");
        }
        const newerEpochs = await followHandoffs(newer.handoffs, genesis);
        const newerStatus = await checkStatus(newer.status, issued, genesis, newerEpochs);
        if (newerStatus.header.height < status.header.height) {
            throw fail("statusHeader", `the status proof is as of block ${newerStatus.header.height}, older than the ` +
                `bundle's own status (block ${status.header.height})`);
        }
        status = newerStatus;
        if (newerEpochs.length > latestEpochs.length) latestEpochs = newerEpochs;
    }
    if (options.documentDigest && !equal(options.documentDigest.digest, issuance.documentDigest)) {
        throw fail("document", `document digest (${options.documentDigest.form}) is ` +
            `${hex(options.documentDigest.digest)}, the anchored one is ${hex(issuance.documentDigest)}`);
    }
    if (options.subject) {
        const commitment = sha256(concat(options.subject.salt, utf8(options.subject.identifier)));
        if (!equal(commitment, issuance.subjectCommitment)) {
            throw fail("subject", `SHA-256(salt ‖ subject) is not the anchored commitment ` +
                `${hex(issuance.subjectCommitment)}: this credential was not issued to that subject with that salt`);
        }
    }
    const epoch = epochAt(epochs, header.height);
    return {
        credentialId: issuance.credentialId, transaction, issuance, header, issuer, signers,
        validatorCount: issuingSet.members.length, quorum: issuingSet.quorum, epoch: epoch.number,
        epochs: latestEpochs, status, registry, leafIndex: bundle.leaf.index,
        documentForm: options.documentDigest?.form ?? null, subjectChecked: Boolean(options.subject),
        keyRotated: !equal(status.issuer.keyId, transaction.authorKeyId),
    };
}

/** Where an authentic credential stands at `now` (ms, BigInt), as VerifiedProof.standing decides it. */
export function standing(proof, now, maxAge) {
    const record = proof.status.credential;
    if (record.state === "revoked") return { verdict: "revoked", reason: record.reason, atHeight: record.changedAtHeight };
    const expiry = proof.issuance.expiresAt;
    if (expiry !== null && now >= expiry) return { verdict: "expired", atMilliseconds: expiry };
    const asOf = proof.status.header.timestamp;
    if (now > asOf && now - asOf > maxAge) return { verdict: "status-too-old", asOfMilliseconds: asOf, maxAge };
    if (record.state === "suspended") return { verdict: "suspended", reason: record.reason };
    return { verdict: "authentic" };
}

export { ProofError };

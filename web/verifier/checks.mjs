// The checks a bundle's parts share (docs/PROOFS.md), under the Swift ProofCheck names: a failure type, carried
// transactions, headers, inclusions, commit notes, the validator sets followed through handoffs, status records and
// the issuer key that signed. verifier.mjs runs them in order over a whole bundle; registry.mjs over its registry part.

import { concat, equal, text, toHex, u16, utf8 } from "./bytes.mjs";
import { importKey, verifySignature } from "./ecdsa.mjs";
import { decodeHeader, decodeSignedTransaction, decodeStatusRecord } from "./encoding.mjs";
import { leafHash, verifyInclusion, verifySparseInclusion } from "./merkle.mjs";
import { parseCommitCheckpoint, verifyCommitNote } from "./note.mjs";
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

export function validatorsFor(epochs, header, check) {
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
export function memberAtOrBefore(epochs, keyId, height) {
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

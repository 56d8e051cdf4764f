// The checks of docs/PROOFS.md on a proof bundle, in the order and under the check names of the Swift
// ProofVerifier (ProofCheck), so the page and `ledger verify` name the same failed check for the same bundle. It
// trusts nothing but the genesis file, and needs SHA-256 and ECDSA P-256 alone: no network, no node.

import { FormatError, concat, equal, toHex, utf8 } from "./bytes.mjs";
import { parseBundle, parseStatusDocument } from "./bundle.mjs";
import {
    ProofFailure, checkCommit, checkHeader, checkLedgerInclusion, decodeTransaction, epochAt, fail, followHandoffs,
    issuerSigningKey, memberAtOrBefore, provenRecord, validatorsFor,
} from "./checks.mjs";
import { importKey, verifySignature } from "./ecdsa.mjs";
import { leafHash, verifyConsistency, verifyInclusion } from "./merkle.mjs";
import { NotJSON, documentDigest } from "./document.mjs";
import { checkRegistry } from "./registry.mjs";
import { sha256 } from "./sha256.mjs";

export { ProofFailure };

const hex = toHex;

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
 * parseGenesis; options: {documentDigest: {digest, form}, subject: {identifier, salt}, newerStatus: JSON,
 * packageCredentialId: the id a verification package names, which must be the one proven}.
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
    if (options.packageCredentialId !== undefined && options.packageCredentialId !== issuance.credentialId) {
        throw fail("format", `the package names credential ${options.packageCredentialId}, but its bundle proves ` +
            issuance.credentialId);
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

/**
 * A verification package (parsePackage's parts) checked as `ledger verify PACKAGE` checks it: its document by the
 * rule its name selects, and, given the learner's identifier, the salt (`salt`, else the package's).
 */
export async function verifyPackage(parts, genesis, { identifier, salt, newerStatus } = {}) {
    let documentDigestValue;
    try {
        documentDigestValue = documentDigest(parts.document.bytes, parts.document.name);
    } catch (error) {
        if (error instanceof NotJSON) throw fail("document", `the package's document: ${error.message}`);
        throw error;
    }
    const claimSalt = salt ?? parts.salt;
    const subject = identifier && claimSalt ? { identifier, salt: claimSalt } : undefined;
    return verifyBundle(parts.bundle, genesis, { documentDigest: documentDigestValue, subject, newerStatus,
        packageCredentialId: parts.credentialId });
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


// The registry part of a bundle (docs/PROOFS.md "The registry part"), as ProofVerifier+Registry checks it: the
// credential's catalogue entry, its accreditation with the QA body that recorded it, and a stacked award's
// components, each proven in the status header's map; then the rules applied at issue are checked again.

import { equal, toHex } from "./bytes.mjs";
import { importKey, verifySignature } from "./ecdsa.mjs";
import { ACTIVITIES } from "./encoding.mjs";
import { leafHash } from "./merkle.mjs";
import { sha256 } from "./sha256.mjs";
import { checkLedgerInclusion, decodeTransaction, fail, issuerSigningKey, provenRecord } from "./checks.mjs";

const KIND_NUMBERS = { definition: 3, qaBody: 4, accreditation: 5 };

/** A registration record (kinds 3–5) at `id`'s key naming the carried transaction: [transaction, record]. */
function registration(part, kind, id, genesis, root, check) {
    const record = provenRecord(part.record, kind, id, genesis.chainId, root, check);
    if (record.kind !== KIND_NUMBERS[kind]) throw fail(check, `the record at ${id}'s key is not a ${kind} record`);
    const transaction = decodeTransaction(part.transaction, check, genesis);
    if (!equal(transaction.id, record.registrationId)) {
        throw fail(check, `the ${kind} record names registration ${toHex(record.registrationId)}, not the one carried`);
    }
    return [transaction, record];
}

function checkDefinition(part, id, genesis, root, check = "registryDefinition") {
    const [transaction] = registration(part, "definition", id, genesis, root, check);
    if (transaction.kind !== "registerDefinition" || transaction.payload.definitionId !== id) {
        throw fail(check, `the carried transaction does not register entry ${id}`);
    }
    return transaction.payload;
}

function covers(scope, definition) {
    if (scope.kinds) return definition ? scope.kinds.includes(definition.activity) : scope.kinds.length === 4;
    return definition ? scope.entries.includes(definition.definitionId) : false;
}

async function checkAccreditation(part, id, issuer, definition, issuingHeader, genesis, root) {
    const check = "registryAccreditation";
    const [transaction, status] = registration(part.accreditation, "accreditation", id, genesis, root, check);
    const accreditation = transaction.payload;
    if (transaction.kind !== "recordAccreditation" || accreditation.accreditationId !== id) {
        throw fail(check, `the carried transaction does not record accreditation ${id}`);
    }
    const bodyTransaction = decodeTransaction(part.qaBody.transaction, check, genesis);
    if (bodyTransaction.kind !== "registerQABody") {
        throw fail(check, "the QA body part does not carry a registerQABody transaction");
    }
    const body = bodyTransaction.payload;
    registration(part.qaBody, "qaBody", body.qaBodyId, genesis, root, check);
    let key;
    try {
        key = await importKey(body.publicKey);
    } catch (error) {
        throw fail(check, `the QA body's registered key is invalid: ${error.message}`);
    }
    if (!equal(sha256(body.publicKey), transaction.authorKeyId) ||
        (await verifySignature(key, transaction.signature, transaction.body)) !== "valid") {
        throw fail(check, `accreditation ${id} is not signed by QA body ${body.qaBodyId}`);
    }
    if (accreditation.issuerId !== issuer.id || body.country !== issuer.country) {
        throw fail(check, `accreditation ${id} is for issuer ${accreditation.issuerId}, not ${issuer.id}`);
    }
    const time = issuingHeader.timestamp;
    if (!(accreditation.validFrom <= time && time < accreditation.validUntil)) {
        throw fail(check, `accreditation ${id} was not in force when the credential was issued`);
    }
    if (!covers(accreditation.scope, definition)) {
        throw fail(check, `accreditation ${id} does not cover the credential's entry`);
    }
    return {
        id, qaBodyId: body.qaBodyId, qaBodyName: body.displayName, qaBodyCountry: body.country,
        validFrom: accreditation.validFrom, validUntil: accreditation.validUntil, scope: accreditation.scope,
        state: status.state, changedAtHeight: status.changedAtHeight,
    };
}

async function checkComponents(parts, issuance, pathway, statusHeader, genesis) {
    const check = "registryComponents";
    if (parts.length !== issuance.components.length) {
        throw fail(check, `the credential stacks ${issuance.components.length} components, the bundle proves ${parts.length}`);
    }
    if (!pathway || ACTIVITIES[pathway.activity] !== "pathway") {
        if (parts.length) throw fail(check, "only a credential for a pathway stacks components");
        return [];
    }
    const root = statusHeader.statusRoot;
    const held = new Set();
    const components = [];
    for (const [position, part] of parts.entries()) {
        const id = issuance.components[position];
        const credential = provenRecord(part.issuance.record, "credential", id, genesis.chainId, root, check);
        if (credential.kind !== 1) throw fail(check, `component ${id}'s record is not a credential's`);
        const transaction = decodeTransaction(part.issuance.transaction, check, genesis);
        if (transaction.kind !== "issueCredential" || transaction.payload.credentialId !== id ||
            part.issuance.inclusion.index !== credential.issuanceLedgerIndex) {
            throw fail(check, `the carried transaction is not component ${id}'s issuance`);
        }
        checkLedgerInclusion(leafHash(transaction.encoded), part.issuance.inclusion, statusHeader, check);
        const registrationTransaction = decodeTransaction(part.issuer.transaction, check, genesis);
        const author = `component ${id}'s issuer is not proven to be its author`;
        if (registrationTransaction.kind !== "registerIssuer") throw fail(check, author);
        const register = registrationTransaction.payload;
        const issuerRecord = provenRecord(part.issuer.record, "issuer", register.issuerId, genesis.chainId, root, check);
        if (issuerRecord.kind !== 2) throw fail(check, author);
        try {
            await importKey(register.publicKey);
        } catch {
            throw fail(check, author);
        }
        checkLedgerInclusion(leafHash(registrationTransaction.encoded), part.issuer.inclusion, statusHeader, check);
        await issuerSigningKey({
            author: transaction.authorKeyId, registered: register.publicKey, issuerId: register.issuerId,
            rotation: part.keyRotation, registrationLeaf: part.issuer.inclusion.index,
            signedLeaf: part.issuance.inclusion.index, header: statusHeader, genesis, check,
        });
        const entry = transaction.payload.definitionId;
        if (entry === null || !pathway.components.includes(entry) || held.has(entry)) {
            throw fail(check, `component ${id} is not for a distinct entry of pathway ${pathway.definitionId}`);
        }
        held.add(entry);
        const definition = checkDefinition(part.definition, entry, genesis, root, check);
        components.push({
            credentialId: id, issuerId: register.issuerId, issuerName: register.displayName, definition,
            state: credential.state,
        });
    }
    if (pathway.components.filter((component) => held.has(component)).length < pathway.componentsRequired) {
        throw fail(check, `the components do not complete pathway ${pathway.definitionId}`);
    }
    return components;
}

export async function checkRegistry(part, issuance, issuer, issuingHeader, statusHeader, genesis) {
    const registry = part ?? { definition: null, accreditation: null, components: [] };
    if ((issuance.definitionId === null) !== (registry.definition === null)) {
        throw fail("registryDefinition", issuance.definitionId !== null
            ? `the credential names entry ${issuance.definitionId}, and the bundle does not prove it`
            : "the bundle proves a catalogue entry the credential does not name");
    }
    let definition = null;
    if (issuance.definitionId !== null) {
        definition = checkDefinition(registry.definition, issuance.definitionId, genesis, statusHeader.statusRoot);
    }
    if ((issuance.accreditationId === null) !== (registry.accreditation === null)) {
        throw fail("registryAccreditation", issuance.accreditationId !== null
            ? `the credential relies on ${issuance.accreditationId}, and the bundle does not prove it`
            : "the bundle proves an accreditation the credential does not name");
    }
    let accreditation = null;
    if (issuance.accreditationId !== null) {
        accreditation = await checkAccreditation(registry.accreditation, issuance.accreditationId, issuer, definition,
            issuingHeader, genesis, statusHeader.statusRoot);
    }
    const components = await checkComponents(registry.components, issuance, definition, statusHeader, genesis);
    return { definition, accreditation, components };
}

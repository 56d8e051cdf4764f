#!/usr/bin/env python3
"""Checks a CXC ledger proof bundle (mcledger.proof.v1) offline, following docs/PROOFS.md step by step.

For verifiers who do not use Swift: only hashlib and the `cryptography` package (pip install cryptography).

Usage: verify_proof.py PROOF.json GENESIS.json
Exit status 0 when authentic; 1 with the failed check named; 2 on bad usage.
"""
import base64
import hashlib
import json
import struct
import sys

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

P256_ORDER = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551


class CheckFailed(Exception):
    pass


def sha(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def text(value: str) -> bytes:
    encoded = value.encode()
    return struct.pack(">H", len(encoded)) + encoded


def check(condition: bool, what: str) -> None:
    if not condition:
        raise CheckFailed(what)


def verify_signature(public_key, signature: bytes, message: bytes, what: str) -> None:
    """ECDSA P-256 over SHA-256 with a DER signature; high-S signatures are refused, as the ledger does."""
    try:
        _, s = decode_dss_signature(signature)
        check(s <= P256_ORDER // 2, f"{what}: high-S signature")
        public_key.verify(signature, message, ec.ECDSA(hashes.SHA256()))
    except (InvalidSignature, ValueError) as error:
        raise CheckFailed(f"{what}: signature does not verify") from error


def root_from_path(leaf: bytes, index: int, size: int, path: list) -> bytes:
    """RFC 9162 section 2.1.3.2: the root an inclusion proof leads to."""
    check(index < size, "inclusion proof index out of range")
    fn, sn, r = index, size - 1, leaf
    for sibling_hex in path:
        sibling = bytes.fromhex(sibling_hex)
        check(sn > 0, "inclusion proof too long")
        if fn & 1 == 1 or fn == sn:
            r = sha(b"\x01" + sibling + r)
            while fn & 1 == 0 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = sha(b"\x01" + r + sibling)
        fn >>= 1
        sn >>= 1
    check(sn == 0, "inclusion proof too short")
    return r


def split_transaction(encoded: bytes) -> tuple:
    """A signed transaction is u16 bodyLength ‖ body ‖ u8 sigLength ‖ sig."""
    (length,) = struct.unpack(">H", encoded[:2])
    body = encoded[2 : 2 + length]
    signature_length = encoded[2 + length]
    signature = encoded[3 + length : 3 + length + signature_length]
    check(len(encoded) == 3 + length + signature_length, "transaction length fields do not add up")
    return body, signature


def genesis_validators(genesis: dict) -> tuple:
    """The chain id (SHA-256 of the canonical genesis encoding) and the validators by key id."""
    encoding = b"mcledger/genesis/v1" + text(genesis["chainName"]) + struct.pack(">Q", genesis["genesisTimeMilliseconds"])
    encoding += struct.pack(">H", len(genesis["validators"]))
    validators = {}
    for validator in genesis["validators"]:
        key = serialization.load_pem_public_key(validator["publicKey"].encode())
        spki = key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
        validators[sha(spki)] = (validator["name"], key)
        encoding += text(validator["name"]) + struct.pack(">H", len(spki)) + spki
    parameters = genesis["parameters"]
    encoding += struct.pack(
        ">IIQ", parameters["maxTransactionsPerBlock"], parameters["maxBlockBytes"], parameters["clockDriftMilliseconds"]
    )
    return sha(encoding), validators


def verify(bundle: dict, genesis: dict) -> str:
    # 1. The chain.
    chain_id, validators = genesis_validators(genesis)
    check(bundle["format"] == "mcledger.proof.v1", "format")
    check(bundle["chainId"] == chain_id.hex(), "chain: the bundle's chainId is not this genesis")

    # 2–3. The transaction, its id and its leaf.
    encoded = base64.b64decode(bundle["transaction"]["encoded"], validate=True)
    body, signature = split_transaction(encoded)
    check(sha(body).hex() == bundle["transaction"]["id"], "transaction: id is not SHA-256(body)")
    check(body[14:46] == chain_id, "transaction: names another chain")
    author = body[47:79]
    leaf = sha(b"\x00" + encoded)
    check(leaf.hex() == bundle["leaf"]["hash"], "leaf: hash is not SHA-256(0x00 ‖ transaction)")
    kinds = {1: "registerIssuer", 2: "registerDefinition", 3: "issueCredential", 4: "revokeCredential"}
    check(bundle["transaction"]["kind"] == kinds.get(body[46]), "transaction: readable kind differs")
    if body[46] == 3:  # issueCredential: credentialId text, then the document digest
        (length,) = struct.unpack(">H", body[79:81])
        credential_id, document_digest = body[81 : 81 + length], body[81 + length : 113 + length]
        check(bundle["transaction"]["credentialId"] == credential_id.decode(), "transaction: readable credentialId")
        check(bundle["transaction"]["documentDigest"] == document_digest.hex(), "transaction: readable documentDigest")

    # The header: 194 bytes at fixed offsets.
    header = base64.b64decode(bundle["header"]["encoded"], validate=True)
    check(len(header) == 194, "header: not 194 bytes")
    header_hash = sha(header)
    check(header_hash.hex() == bundle["header"]["hash"], "header: hash")
    check(header[2:34] == chain_id, "header: names another chain")
    (height,) = struct.unpack(">Q", header[34:42])
    (tx_count,) = struct.unpack(">I", header[82:86])
    tx_root, ledger_root = header[86:118], header[126:158]
    (ledger_size,) = struct.unpack(">Q", header[118:126])
    (proposal_round,) = struct.unpack(">I", header[190:194])
    (version,) = struct.unpack(">H", header[0:2])
    (timestamp,) = struct.unpack(">Q", header[74:82])
    readable = {
        "version": version, "height": height, "previousHash": header[42:74].hex(), "timestamp": timestamp,
        "txCount": tx_count, "txRoot": tx_root.hex(), "ledgerSize": ledger_size, "ledgerRoot": ledger_root.hex(),
        "proposer": header[158:190].hex(), "round": proposal_round,
    }
    for name, value in readable.items():
        check(bundle["header"][name] == value, f"header: readable {name} differs from the encoded header")

    # 4. Inclusion in the block and in the ledger.
    block = bundle["blockInclusion"]
    check(block["size"] == tx_count, "block inclusion: size is not the header's txCount")
    check(root_from_path(leaf, block["index"], tx_count, block["path"]) == tx_root, "block inclusion: not txRoot")
    leaf_index = bundle["leaf"]["index"]
    ledger = bundle["ledgerInclusion"]
    check(leaf_index == ledger_size - tx_count + block["index"], "ledger inclusion: leaf index does not match the block")
    check(ledger["index"] == leaf_index and ledger["size"] == ledger_size, "ledger inclusion: index or size")
    check(root_from_path(leaf, leaf_index, ledger_size, ledger["path"]) == ledger_root, "ledger inclusion: not ledgerRoot")

    # 5. The commit certificate: a quorum of distinct genesis validators signed this header's commit message.
    message = base64.b64decode(bundle["commit"]["message"], validate=True)
    check(len(message) == 94, "commit: message is not 94 bytes")
    (commit_round,) = struct.unpack(">I", message[58:62])
    expected = b"mcledger/commit/v1" + chain_id + header[34:42] + message[58:62] + header_hash
    check(message == expected and commit_round >= proposal_round, "commit: message is not built from this header")
    signers = []
    for seal in bundle["commit"]["signatures"]:
        key_id = bytes.fromhex(seal["keyId"])
        check(key_id in validators, f"commit: signer {seal['keyId']} is not a genesis validator")
        name, key = validators[key_id]
        check(seal["validator"] == name, "commit: a signature is mislabelled")
        check(name not in signers, f"commit: {name} signed twice")
        verify_signature(key, base64.b64decode(seal["signature"], validate=True), message, f"commit: {name}")
        signers.append(name)
    quorum = (2 * len(validators) + 2) // 3
    check(len(signers) >= quorum, f"commit: {len(signers)} signatures, quorum is {quorum}")

    # 6. The issuer: registered by a genesis validator, in the same ledger, earlier; it signed the credential.
    registration = base64.b64decode(bundle["issuer"]["registration"]["encoded"], validate=True)
    registration_body, registration_signature = split_transaction(registration)
    check(sha(registration_body).hex() == bundle["issuer"]["registration"]["id"], "issuer: registration id")
    check(bundle["issuer"]["registration"]["kind"] == "registerIssuer", "issuer: kind")
    check(registration_body[14:46] == chain_id and registration_body[46] == 1, "issuer: not a registerIssuer here")
    registrar = registration_body[47:79]
    check(registrar in validators, "issuer: not registered by a genesis validator")
    registrar_name, registrar_key = validators[registrar]
    verify_signature(registrar_key, registration_signature, registration_body, "issuer: registration")
    registration_leaf = sha(b"\x00" + registration)
    registration_index = bundle["issuer"]["leaf"]["index"]
    check(registration_leaf.hex() == bundle["issuer"]["leaf"]["hash"], "issuer: registration leaf hash")
    check(registration_index < leaf_index, "issuer: registered after the credential")
    registration_inclusion = bundle["issuer"]["ledgerInclusion"]
    check(
        registration_inclusion["index"] == registration_index and registration_inclusion["size"] == ledger_size,
        "issuer: registration inclusion index or size",
    )
    registration_path = registration_inclusion["path"]
    check(
        root_from_path(registration_leaf, registration_index, ledger_size, registration_path) == ledger_root,
        "issuer: registration is not in the ledger",
    )
    offset = 79
    fields = []
    for _ in range(4):  # issuerId, displayName, country (texts), publicKey (bytes)
        (length,) = struct.unpack(">H", registration_body[offset : offset + 2])
        fields.append(registration_body[offset + 2 : offset + 2 + length])
        offset += 2 + length
    issuer_id, issuer_name, country, issuer_spki = fields
    check(sha(issuer_spki) == author, "issuer: the registered issuer did not author the credential")
    issuer_key = serialization.load_der_public_key(issuer_spki)
    verify_signature(issuer_key, signature, body, "transaction: issuer signature")

    return (
        f"AUTHENTIC: credential {bundle['transaction'].get('credentialId')} in block {height}, "
        f"issued by {issuer_name.decode()} ({issuer_id.decode()}, {country.decode()}), registered by "
        f"{registrar_name}; final with {len(signers)} of {len(validators)} validators: {', '.join(signers)}"
    )


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    try:
        with open(sys.argv[1], "rb") as proof_file, open(sys.argv[2], "rb") as genesis_file:
            bundle, genesis = json.load(proof_file), json.load(genesis_file)
    except (OSError, ValueError) as error:
        print(f"cannot read the inputs: {error}", file=sys.stderr)
        return 2
    try:
        print(verify(bundle, genesis))
        return 0
    except CheckFailed as failure:
        print(f"INVALID: {failure}")
        return 1
    except (KeyError, TypeError, ValueError, IndexError, struct.error) as error:
        print(f"INVALID: malformed bundle: {error!r}")
        return 1


if __name__ == "__main__":
    sys.exit(main())

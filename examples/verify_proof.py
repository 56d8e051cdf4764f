#!/usr/bin/env python3
"""Checks a CXC ledger proof bundle (mcledger.proof.v1) offline, following docs/PROOFS.md step by step.

For verifiers who do not use Swift: only the standard library and the `cryptography` package.

Usage: verify_proof.py PROOF.json GENESIS.json [--credential FILE [--raw]] [--subject ID --salt FILE|HEX] [--at TIME]

Exit status, as `ledger verify`:
  0  authentic, and neither known revoked nor expired;
  1  not authentic (the failed check is named), or the document or learner does not match;
  2  usage error (a missing file, a document that must be JSON but is not);
  3  authentic, but revoked or expired.
Revocation is the serving node's word until status proofs exist: ask a second member state's node.
"""
import argparse
import base64
import datetime
import hashlib
import json
import math
import os
import struct
import sys

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

P256_ORDER = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
KINDS = {1: "registerIssuer", 2: "registerDefinition", 3: "issueCredential", 4: "revokeCredential"}
DOCUMENT_BYTES_MAX = 16 * 1024 * 1024  # Limits.credentialDocumentBytesMax
JSON_DEPTH_MAX = 64  # Limits.jsonDepthMax


class CheckFailed(Exception):
    """A check of docs/PROOFS.md did not hold: the bundle is not authentic."""


class NotJSON(Exception):
    """A document that must be JSON (named *.json, or starting with { or [) is not I-JSON."""


def sha(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def text(value: str) -> bytes:
    encoded = value.encode()
    return struct.pack(">H", len(encoded)) + encoded


def check(condition: bool, what: str) -> None:
    if not condition:
        raise CheckFailed(what)


# --- The document digest: RFC 8785 canonical JSON for I-JSON (RFC 7493) documents, else raw bytes. ---

def es_number(value: float) -> str:
    """ECMAScript Number::toString (ECMA-262 6.1.6.1.20), as RFC 8785 section 3.2.2.3 requires."""
    if value == 0:
        return "0"
    if value < 0:
        return "-" + es_number(-value)
    mantissa, _, exponent = repr(value).partition("e")  # repr is the shortest round-trip form, nearest first
    integer, _, fraction = mantissa.partition(".")
    digits, point = integer + fraction, len(integer) + int(exponent or 0)
    stripped = digits.lstrip("0")
    point -= len(digits) - len(stripped)
    digits = stripped.rstrip("0")
    k, n = len(digits), point
    if k <= n <= 21:
        return digits + "0" * (n - k)
    if 0 < n <= 21:
        return digits[:n] + "." + digits[n:]
    if -6 < n <= 0:
        return "0." + "0" * -n + digits
    mantissa = digits if k == 1 else digits[0] + "." + digits[1:]
    return f"{mantissa}e{'+' if n - 1 >= 0 else '-'}{abs(n - 1)}"


def canonical_string(value: str) -> str:
    """RFC 8785 section 3.2.2.2: escape only the quote, the backslash and control characters."""
    short = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}
    out = []
    for character in value:
        if character in short:
            out.append(short[character])
        elif ord(character) < 0x20:
            out.append(f"\\u{ord(character):04x}")
        else:
            out.append(character)
    return '"' + "".join(out) + '"'


def canonical(value) -> str:
    if value is None:
        return "null"
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, float):
        return es_number(value)
    if isinstance(value, str):
        return canonical_string(value)
    if isinstance(value, list):
        return "[" + ",".join(canonical(element) for element in value) + "]"
    keys = sorted(value, key=lambda key: key.encode("utf-16-be"))  # section 3.2.3: UTF-16 code units
    return "{" + ",".join(canonical_string(key) + ":" + canonical(value[key]) for key in keys) + "}"


def parse_ijson(data: bytes):
    """Strict RFC 8259 plus I-JSON: UTF-8, no duplicate keys, no lone surrogates, finite numbers, bounded depth."""
    def finite(literal: str) -> float:
        number = float(literal)
        if not math.isfinite(number):
            raise NotJSON(f"number {literal} is not finite in IEEE 754 double precision")
        return number

    def unique(pairs):
        result = {}
        for key, value in pairs:
            if key in result:
                raise NotJSON(f'duplicate key "{key}"')
            result[key] = value
        return result

    def refuse_constant(name: str):
        raise NotJSON(f"{name} is not JSON")

    def scan(value, depth: int) -> None:
        if isinstance(value, (list, dict)):
            if depth + 1 > JSON_DEPTH_MAX:
                raise NotJSON(f"nesting deeper than {JSON_DEPTH_MAX}")
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for key, element in items:
                if isinstance(key, str):
                    scan(key, depth)
                scan(element, depth + 1)
        elif isinstance(value, str) and any(0xD800 <= ord(c) <= 0xDFFF for c in value):
            raise NotJSON("lone surrogate in a string")

    if len(data) > DOCUMENT_BYTES_MAX:
        raise NotJSON(f"document is {len(data)} bytes, above the limit {DOCUMENT_BYTES_MAX}")
    try:
        decoded = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise NotJSON(f"text is not valid UTF-8 at byte {error.start}") from error
    try:
        value = json.loads(decoded, object_pairs_hook=unique, parse_float=finite, parse_int=finite,
                           parse_constant=refuse_constant)
    except json.JSONDecodeError as error:
        raise NotJSON(f"{error.msg} at byte {len(decoded[:error.pos].encode())}") from error
    except RecursionError as error:
        raise NotJSON(f"nesting deeper than {JSON_DEPTH_MAX}") from error
    scan(value, 0)
    return value


def must_be_json(data: bytes, name) -> bool:
    """A file named *.json, or whose first byte other than JSON whitespace is { or [, must parse as JSON."""
    if name and name.lower().endswith(".json"):
        return True
    stripped = data.lstrip(b" \t\n\r")
    return stripped[:1] in (b"{", b"[")


def document_digest(data: bytes, name=None, raw: bool = False) -> tuple:
    """(digest, form): the rule docs/PROOFS.md gives and `ledger issue`, `digest` and `verify` apply."""
    if raw:
        return sha(data), "raw-bytes"
    try:
        return sha(canonical(parse_ijson(data)).encode()), "rfc8785-json"
    except NotJSON:
        if must_be_json(data, name):
            raise
        return sha(data), "raw-bytes"


# --- The proof bundle (docs/PROOFS.md). ---

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


# --- The status map: a sparse Merkle tree hashed as penumbra-zone/jmt hashes it (docs/FORMATS.md). ---

SPARSE_PLACEHOLDER = b"SPARSE_MERKLE_PLACEHOLDER_HASH__"
STATUS_KINDS = {"credential": 1, "issuer": 2}


def status_key(chain_id: bytes, kind: str, record_id: str) -> bytes:
    """The key is always computed from the id asked about, never taken from a proof."""
    check(len(record_id.encode()) <= 64, "a record id is at most 64 bytes")
    return sha(b"mcledger/status-key/v1" + chain_id + bytes([STATUS_KINDS[kind]]) + text(record_id))


def key_bit(key_hash: bytes, depth: int) -> int:
    return (key_hash[depth // 8] >> (7 - depth % 8)) & 1


def status_root(key_hash: bytes, value, leaf, siblings: list) -> bytes:
    """The root a status proof leads to. `value` is the record's bytes (inclusion) or None (absence); `leaf` is
    (keyHash, valueHash) or None; siblings run from the bottom of the key's path to the root."""
    check(len(siblings) <= 256, "status proof has more than 256 siblings")
    if value is not None:
        check(len(value) > 0, "a status record is never empty")
        check(leaf is not None, "status proof shows the key absent, but a record was claimed")
        check(leaf[0] == key_hash, "status proof is for another key")
        check(leaf[1] == sha(value), "status proof's value hash differs from the record's")
    elif leaf is not None:
        check(leaf[0] != key_hash, "status proof shows the key present, but absence was claimed")
        shared = 0
        while shared < 256 and key_bit(leaf[0], shared) == key_bit(key_hash, shared):
            shared += 1
        check(shared >= len(siblings), "absence proof's leaf is not on the key's path")
    node = sha(b"JMT::LeafNode" + leaf[0] + leaf[1]) if leaf is not None else SPARSE_PLACEHOLDER
    for offset, sibling in enumerate(siblings):
        check(len(sibling) == 32, "a sibling is 32 bytes")
        depth = len(siblings) - 1 - offset
        if key_bit(key_hash, depth):
            node = sha(b"JMT::IntrnalNode" + sibling + node)
        else:
            node = sha(b"JMT::IntrnalNode" + node + sibling)
    return node


def split_transaction(encoded: bytes) -> tuple:
    """A signed transaction is u16 bodyLength ‖ body ‖ u8 sigLength ‖ sig."""
    (length,) = struct.unpack(">H", encoded[:2])
    body = encoded[2 : 2 + length]
    signature_length = encoded[2 + length]
    signature = encoded[3 + length : 3 + length + signature_length]
    check(len(encoded) == 3 + length + signature_length, "transaction length fields do not add up")
    return body, signature


def parse_issuance(body: bytes) -> dict:
    """The issueCredential payload after the 79-byte body prefix (FORMATS.md): id, digests, times."""
    offset = 79

    def take(count: int) -> bytes:
        nonlocal offset
        check(offset + count <= len(body), "transaction: issueCredential payload is truncated")
        offset += count
        return body[offset - count : offset]

    def optional(read):
        presence = take(1)[0]
        check(presence in (0, 1), "transaction: bad presence byte")
        return read() if presence == 1 else None

    credential_id = take(struct.unpack(">H", take(2))[0]).decode()
    document_digest_bytes, subject_commitment = take(32), take(32)
    definition = optional(lambda: take(struct.unpack(">H", take(2))[0]).decode())
    (issued_at,) = struct.unpack(">Q", take(8))
    expires_at = optional(lambda: struct.unpack(">Q", take(8))[0])
    check(offset == len(body), "transaction: trailing bytes after the issueCredential payload")
    return {"credentialId": credential_id, "documentDigest": document_digest_bytes,
            "subjectCommitment": subject_commitment, "definitionId": definition, "issuedAt": issued_at,
            "expiresAt": expires_at}


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


def verify(bundle: dict, genesis: dict, document=None, subject=None) -> dict:
    """Every check of docs/PROOFS.md; returns what the bundle proves, or raises CheckFailed naming the check.

    document: (digest, form) from document_digest(); subject: (identifier, salt bytes).
    """
    # 1. The chain.
    chain_id, validators = genesis_validators(genesis)
    check(bundle["format"] == "mcledger.proof.v1", "format")
    check(bundle["chainId"] == chain_id.hex(), "chain: the bundle's chainId is not this genesis")

    # 2–3. The transaction, its id, its kind and its leaf.
    encoded = base64.b64decode(bundle["transaction"]["encoded"], validate=True)
    body, signature = split_transaction(encoded)
    check(sha(body).hex() == bundle["transaction"]["id"], "transaction: id is not SHA-256(body)")
    check(body[14:46] == chain_id, "transaction: names another chain")
    author = body[47:79]
    check(bundle["transaction"]["kind"] == KINDS.get(body[46]), "transaction: readable kind differs")
    check(body[46] == 3, f"issuance: the bundle proves a {KINDS.get(body[46], 'unknown')} transaction, not an issuance")
    issuance = parse_issuance(body)
    check(bundle["transaction"]["credentialId"] == issuance["credentialId"], "transaction: readable credentialId")
    check(bundle["transaction"]["documentDigest"] == issuance["documentDigest"].hex(),
          "transaction: readable documentDigest")
    leaf = sha(b"\x00" + encoded)
    check(leaf.hex() == bundle["leaf"]["hash"], "leaf: hash is not SHA-256(0x00 ‖ transaction)")

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

    # 7. The holder's document and the learner, when given.
    if document is not None:
        digest, form = document
        check(digest == issuance["documentDigest"],
              f"document: digest ({form}) is {digest.hex()}, the anchored one is {issuance['documentDigest'].hex()}")
    if subject is not None:
        identifier, salt = subject
        check(sha(salt + identifier.encode()) == issuance["subjectCommitment"],
              "subject: SHA-256(salt ‖ subject) is not the anchored commitment")
    return {
        "credentialId": issuance["credentialId"], "height": height, "expiresAt": issuance["expiresAt"],
        "issuer": f"{issuer_name.decode()} ({issuer_id.decode()}, {country.decode()})", "registeredBy": registrar_name,
        "signers": signers, "validators": len(validators), "status": bundle["status"],
        "document": document[1] if document else None, "subject": subject is not None,
    }


def standing(proof: dict, now_milliseconds: int) -> tuple:
    """(exit status, verdict line): revoked (the node's word) wins over expired; 0 only when neither holds."""
    status, expires = proof["status"], proof["expiresAt"]
    if status.get("revoked") is True:
        reason = f" ({status['revocationReason']})" if status.get("revocationReason") else ""
        return 3, (f"REVOKED: credential {proof['credentialId']} is authentic, but it has been revoked{reason}, "
                   f"as reported by the node at height {status.get('asOfHeight')}")
    if expires is not None and now_milliseconds >= expires:
        return 3, f"EXPIRED: credential {proof['credentialId']} is authentic, but it expired at {iso(expires)}"
    return 0, (f"AUTHENTIC: credential {proof['credentialId']} in block {proof['height']}, issued by {proof['issuer']}, "
               f"registered by {proof['registeredBy']}; final with {len(proof['signers'])} of {proof['validators']} "
               f"validators: {', '.join(proof['signers'])}")


def iso(milliseconds: int) -> str:
    moment = datetime.datetime.fromtimestamp(milliseconds / 1000, tz=datetime.timezone.utc)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def read_salt(argument: str) -> bytes:
    value = argument
    if os.path.exists(argument):
        with open(argument, encoding="utf-8") as salt_file:
            value = salt_file.read().strip()
    try:
        salt = bytes.fromhex(value)
    except ValueError:
        salt = b""
    if not 1 <= len(salt) <= 64:
        raise ValueError(f"--salt {argument!r} is neither a file holding a hex salt nor a hex salt (1 to 64 bytes)")
    return salt


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     epilog="Exit status: 0 authentic, 1 not authentic, 2 usage, 3 revoked or expired.")
    parser.add_argument("proof", help="the proof bundle (ledger proof ID --out FILE)")
    parser.add_argument("genesis", help="the chain's genesis file")
    parser.add_argument("--credential", help="the credential document, to check it is the one anchored")
    parser.add_argument("--raw", action="store_true", help="take the document's raw bytes (anchored with --raw)")
    parser.add_argument("--subject", help="the learner's identifier, as the issuer recorded it")
    parser.add_argument("--salt", help="the learner's salt: a file from ledger issue --salt-out, or hex")
    parser.add_argument("--at", help="judge expiry at this ISO 8601 time instead of now")
    arguments = parser.parse_args()
    if (arguments.subject is None) != (arguments.salt is None):
        parser.error("--subject and --salt go together")
    if arguments.raw and arguments.credential is None:
        parser.error("--raw applies to --credential FILE")
    try:
        now = datetime.datetime.now(datetime.timezone.utc)
        if arguments.at:
            now = datetime.datetime.fromisoformat(arguments.at.replace("Z", "+00:00"))
            if now.tzinfo is None:
                now = now.replace(tzinfo=datetime.timezone.utc)
        with open(arguments.proof, "rb") as proof_file, open(arguments.genesis, "rb") as genesis_file:
            bundle_bytes, genesis = proof_file.read(), json.load(genesis_file)
        document = None
        if arguments.credential is not None:
            with open(arguments.credential, "rb") as document_file:
                document = document_digest(document_file.read(), arguments.credential, arguments.raw)
        subject = (arguments.subject, read_salt(arguments.salt)) if arguments.subject is not None else None
    except NotJSON as error:
        print(f"{arguments.credential} is not valid JSON (I-JSON, RFC 7493): {error}. Fix the document, or pass --raw",
              file=sys.stderr)
        return 2
    except (OSError, ValueError) as error:
        print(f"cannot read the inputs: {error}", file=sys.stderr)
        return 2
    try:
        proof = verify(json.loads(bundle_bytes), genesis, document, subject)
    except CheckFailed as failure:
        print(f"NOT AUTHENTIC: {failure}")
        return 1
    except (KeyError, TypeError, ValueError, IndexError, AttributeError, struct.error) as error:
        print(f"NOT AUTHENTIC: format: malformed bundle: {error!r}")
        return 1
    status, line = standing(proof, int(now.timestamp() * 1000))
    print(line)
    print("  document: " + (f"matches the anchored digest ({proof['document']})" if proof["document"] else "not checked"))
    print("  learner: " + ("matches the anchored commitment" if proof["subject"] else "not checked"))
    print(f"  status: {'REVOKED' if proof['status'].get('revoked') else 'not revoked'} as of height "
          f"{proof['status'].get('asOfHeight')}: the serving node's word, not proven")
    return status


if __name__ == "__main__":
    sys.exit(main())

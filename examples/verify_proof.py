#!/usr/bin/env python3
"""Checks a CXC ledger proof bundle (mcledger.proof.v2) offline, following docs/PROOFS.md step by step.

For verifiers who do not use Swift: only the standard library and the `cryptography` package.

Usage: verify_proof.py PROOF.json GENESIS.json [--status FILE] [--max-age 24h] [--credential FILE [--raw]]
       [--subject ID --salt FILE|HEX] [--at TIME]

PROOF.json may also be a learner's verification package (mcledger.package.v1, from `ledger package`), which
carries the document (then checked) and maybe the salt that --subject needs.

Exit status, as `ledger verify`:
  0  authentic, and active as of a quorum-signed header at most --max-age (default 24h) old;
  1  not authentic (the failed check is named), or the document or learner does not match;
  2  usage error (a missing file, a document that must be JSON but is not);
  3  authentic, but revoked or expired;
  4  authentic, but suspended;
  5  authentic, but the proven status is older than --max-age.
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

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import verify_note  # noqa: E402 (the independent signed-note reader beside this file)
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

P256_ORDER = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
KINDS = {1: "registerIssuer", 2: "registerDefinition", 3: "issueCredential", 4: "revokeCredential",
         5: "suspendCredential", 6: "reinstateCredential", 7: "proposeValidatorChange", 8: "approveValidatorChange",
         9: "registerQABody", 10: "recordAccreditation", 11: "withdrawAccreditation", 12: "changeIssuerStanding",
         13: "rotateIssuerKey", 14: "revokeIssuedRange"}
ROUTES = {1: "course", 2: "priorLearning"}  # LearningRoute
ACTIVITIES = {1: "course", 2: "workshop", 3: "seminar", 4: "pathway"}  # ActivityKind
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
    accreditation = optional(lambda: take(struct.unpack(">H", take(2))[0]).decode())
    route = take(1)[0]
    check(route in ROUTES, "transaction: unknown route")
    components = [take(struct.unpack(">H", take(2))[0]).decode() for _ in range(take(1)[0])]
    check(offset == len(body), "transaction: trailing bytes after the issueCredential payload")
    return {"credentialId": credential_id, "documentDigest": document_digest_bytes,
            "subjectCommitment": subject_commitment, "definitionId": definition, "issuedAt": issued_at,
            "expiresAt": expires_at, "accreditationId": accreditation, "route": ROUTES[route],
            "components": components}


def genesis_validators(genesis: dict) -> tuple:
    """The chain id (SHA-256 of the canonical genesis encoding) and the validators by key id."""
    check(genesis.get("format") == "mcledger.genesis.v2", "genesis: format is not mcledger.genesis.v2")
    encoding = b"mcledger/genesis/v2" + text(genesis["chainName"]) + struct.pack(">Q", genesis["genesisTimeMilliseconds"])
    encoding += struct.pack(">H", len(genesis["validators"]))
    validators = {}
    for validator in genesis["validators"]:
        key = serialization.load_pem_public_key(validator["publicKey"].encode())
        spki = key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
        validators[sha(spki)] = (validator["name"], key)
        encoding += text(validator["name"]) + struct.pack(">H", len(spki)) + spki
    parameters = genesis["parameters"]
    encoding += struct.pack(
        ">IIQHQ", parameters["maxTransactionsPerBlock"], parameters["maxBlockBytes"],
        parameters["clockDriftMilliseconds"], parameters["minValidators"], parameters["proposalLifetimeBlocks"]
    )
    return sha(encoding), validators


def spki_of(key) -> bytes:
    return key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)


def set_hash(validators: dict) -> bytes:
    """SHA-256("mcledger/validator-set/v1" ‖ u16 n ‖ (name text ‖ SPKI bytes) × n), in rotation order."""
    encoding = b"mcledger/validator-set/v1" + struct.pack(">H", len(validators))
    for name, key in validators.values():
        spki = spki_of(key)
        encoding += text(name) + struct.pack(">H", len(spki)) + spki
    return sha(encoding)


def follow_handoffs(handoffs: list, genesis: dict, chain_id: bytes, validators: dict) -> list:
    """The epochs from genesis, [(start height, validators)], each handoff checked in order (docs/PROOFS.md): its
    header after the current epoch's start, naming the current set, certified by a quorum of it, and naming the
    next set as nextValidatorSetHash."""
    epochs = [(1, validators)]
    check(isinstance(handoffs, list) and len(handoffs) <= 200, "handoffs: not a list of at most 200")
    for position, handoff in enumerate(handoffs, start=1):
        start, current = epochs[-1]
        label = f"handoffs: handoff {position} (to epoch {position})"
        check(handoff.get("epoch") == position, f"{label}: its epoch is not {position}; handoffs are listed in order")
        _, handoff_hash, fields = check_header(handoff["header"], chain_id, label)
        check(fields["height"] >= start, f"{label}: at height {fields['height']}, before epoch {position - 1} began")
        check(fields["validatorSetHash"] == set_hash(current).hex(),
              f"{label}: not certified by epoch {position - 1}'s set; a handoff is missing or out of order")
        check_commit(handoff["commit"], fields, handoff_hash, genesis, chain_id, current, label)
        following = {}
        for member in handoff["nextValidators"]:
            spki = base64.b64decode(member["publicKey"], validate=True)
            key = serialization.load_der_public_key(spki)
            check(isinstance(key, ec.EllipticCurvePublicKey) and key.curve.name == "secp256r1",
                  f"{label}: a next member's key is not P-256")
            check(sha(spki) not in following, f"{label}: a key appears twice in the next set")
            following[sha(spki)] = (member["name"], key)
        check(following and fields["nextValidatorSetHash"] == set_hash(following).hex()
              and fields["nextValidatorSetHash"] != fields["validatorSetHash"],
              f"{label}: the next set is not the header's nextValidatorSetHash, or does not change")
        epochs.append((fields["height"] + 1, following))
    return epochs


def validators_at(epochs: list, fields: dict, what: str) -> dict:
    """The set that must certify a header: the epoch covering its height, whose hash the header must name."""
    number, (start, validators) = [(n, e) for n, e in enumerate(epochs) if e[0] <= fields["height"]][-1]
    check(fields["validatorSetHash"] == set_hash(validators).hex(),
          f"{what}: block {fields['height']} names another validator set than epoch {number} (from height {start}): "
          "a handoff is missing, or the block is signed by a set that had already handed over")
    return validators


def check_header(part: dict, chain_id: bytes, what: str) -> tuple:
    """A version-2 header, 290 bytes at fixed offsets: (bytes, hash, its fields), the readable copies checked."""
    header = base64.b64decode(part["encoded"], validate=True)
    check(len(header) == 290 and header[0:2] == b"\x00\x02", f"{what}: not a 290-byte version-2 header")
    header_hash = sha(header)
    check(header_hash.hex() == part["hash"], f"{what}: hash")
    check(header[2:34] == chain_id, f"{what}: names another chain")
    (version,) = struct.unpack(">H", header[0:2])
    height, timestamp = struct.unpack(">QQ", header[34:42] + header[74:82])
    (tx_count,) = struct.unpack(">I", header[82:86])
    (ledger_size,) = struct.unpack(">Q", header[118:126])
    (proposal_round,) = struct.unpack(">I", header[286:290])
    fields = {
        "version": version, "height": height, "previousHash": header[42:74].hex(), "timestamp": timestamp,
        "txCount": tx_count, "txRoot": header[86:118].hex(), "ledgerSize": ledger_size,
        "ledgerRoot": header[126:158].hex(), "statusRoot": header[158:190].hex(),
        "validatorSetHash": header[190:222].hex(), "nextValidatorSetHash": header[222:254].hex(),
        "proposer": header[254:286].hex(), "round": proposal_round,
    }
    for name, value in fields.items():
        check(part[name] == value, f"{what}: readable {name} differs from the encoded header")
    return header, header_hash, fields


def check_commit(note: str, fields: dict, header_hash: bytes, genesis: dict, chain_id: bytes, validators: dict,
                 what: str) -> list:
    """The note's text is this header's commit checkpoint; a quorum of distinct genesis validators signed it
    (signature type 0x02, key ID = SHA-256(SPKI)[:4]). Returns the signers' names."""
    try:
        note_text, note_signatures = verify_note.parse_note(note.encode("utf-8"))
    except (verify_note.NoteError, AttributeError) as error:
        raise CheckFailed(f"{what}: not a signed note: {error}")
    lines = note_text.split("\n")[:-1]
    check(len(lines) == 6, f"{what}: the checkpoint is not origin, size, root and the height, round, header lines")
    check(lines[3] == f"height {fields['height']}" and lines[5] == "header " + base64.b64encode(header_hash).decode(),
          f"{what}: the checkpoint does not name this header")
    round_text = lines[4][len("round "):]
    check(lines[4].startswith("round ") and round_text.isdigit() and str(int(round_text)) == round_text
          and int(round_text) >= fields["round"], f"{what}: the checkpoint's round is not at or after the header's")
    expected = (f"{genesis['chainName']}/{chain_id.hex()}\n{fields['ledgerSize']}\n"
                f"{base64.b64encode(bytes.fromhex(fields['ledgerRoot'])).decode()}\n")
    check(note_text.startswith(expected), f"{what}: the checkpoint's origin or ledger head is not this header's")
    note_keys = {(name, sha(key.public_bytes(serialization.Encoding.DER,
                                             serialization.PublicFormat.SubjectPublicKeyInfo))[:4]): (name, key)
                 for name, key in validators.values()}
    signers = []
    for key_name, key_id, seal in note_signatures:
        known = note_keys.get((key_name, key_id.to_bytes(4, "big")))
        if known is None:
            continue  # c2sp.org/signed-note: lines from unknown keys are ignored
        verify_signature(known[1], seal, note_text.encode("utf-8"), f"{what}: {key_name}")
        if key_name not in signers:
            signers.append(key_name)
    quorum = (2 * len(validators) + 2) // 3
    check(len(signers) >= quorum, f"{what}: {len(signers)} validator signatures, quorum is {quorum}")
    return signers


def verify_consistency(size1: int, size2: int, root1: bytes, root2: bytes, proof: list) -> bool:
    """RFC 9162 section 2.1.4.2: the tree (size2, root2) extends (size1, root1) by appends only."""
    path = [bytes.fromhex(node) for node in proof]
    if size1 == 0 or size1 > size2:
        return False
    if size1 == size2:
        return not path and root1 == root2
    if size1 & (size1 - 1) == 0:
        path = [root1] + path
    if not path:
        return False
    fn, sn = size1 - 1, size2 - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for node in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = sha(b"\x01" + node + fr), sha(b"\x01" + node + sr)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            sr = sha(b"\x01" + sr + node)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and fr == root1 and sr == root2


PLACEHOLDER = b"SPARSE_MERKLE_PLACEHOLDER_HASH__"


def status_record(part: dict, chain_id: bytes, kind: int, record_id: str, status_root: bytes, what: str) -> bytes:
    """A record proven in the status map (penumbra-zone/jmt hashing): the key is computed here, never taken."""
    key = sha(b"mcledger/status-key/v1" + chain_id + bytes([kind]) + text(record_id))
    record = base64.b64decode(part["record"], validate=True)
    siblings = [bytes.fromhex(node) for node in part["siblings"]]
    check(record and len(siblings) <= 256 and all(len(node) == 32 for node in siblings),
          f"{what}: an empty record, or siblings that are not at most 256 hashes")
    node = sha(b"JMT::LeafNode" + key + sha(record))
    for index, sibling in enumerate(siblings):
        depth = len(siblings) - 1 - index
        right = key[depth // 8] >> (7 - depth % 8) & 1
        node = sha(b"JMT::IntrnalNode" + (sibling + node if right else node + sibling))
    check(node == status_root, f"{what}: the record is not in the status header's status map")
    check(record[0] == 1 and record[1] == kind, f"{what}: not a version-1 record of kind {kind}")
    return record


class Payload:
    """Reads a transaction payload after the 79-byte body prefix, field by field (FORMATS.md)."""

    def __init__(self, body: bytes, what: str):
        self.body, self.offset, self.what = body, 79, what

    def take(self, count: int) -> bytes:
        check(self.offset + count <= len(self.body), f"{self.what}: payload is truncated")
        self.offset += count
        return self.body[self.offset - count : self.offset]

    def u8(self) -> int:
        return self.take(1)[0]

    def number(self, size: int) -> int:
        return int.from_bytes(self.take(size), "big")

    def text(self) -> str:
        return self.take(self.number(2)).decode()

    def texts(self) -> list:
        return [self.text() for _ in range(self.u8())]

    def done(self) -> None:
        check(self.offset == len(self.body), f"{self.what}: trailing bytes after the payload")


def registry_transaction(part: dict, chain_id: bytes, kind: int, what: str) -> tuple:
    """A carried transaction of `kind`: its body, signature and id, checked against the readable copy."""
    encoded = base64.b64decode(part["encoded"], validate=True)
    body, signature = split_transaction(encoded)
    check(sha(body).hex() == part["id"] and body[14:46] == chain_id and body[46] == kind
          and part["kind"] == KINDS.get(kind), f"{what}: not a {KINDS.get(kind)} transaction of this chain")
    return body, signature, encoded


def registration_record(part: dict, chain_id: bytes, kind: int, record_id: str, root: bytes, what: str) -> dict:
    """A record of kind 3–5 at record_id's key whose registration id is the carried transaction's id."""
    record = status_record(part["record"], chain_id, kind, record_id, root, what)
    check(len(record) == 51 and record[2] in (1, 2), f"{what}: not a 51-byte registration record")
    check(record[3:35].hex() == part["transaction"]["id"], f"{what}: the record names another registration")
    return {"state": {1: "active", 2: "withdrawn"}[record[2]], "changedAt": struct.unpack(">Q", record[35:43])[0]}


def issuer_signing_key(author: bytes, registered_spki: bytes, issuer_id: str, rotation, registration_index: int,
                       signed_index: int, ledger_size: int, ledger_root: bytes, chain_id: bytes, what: str) -> bytes:
    """The SPKI of the issuer key that signed (PROOFS.md, "Rotated issuer keys"): the registered key, or the new key
    of a rotateIssuerKey of the same issuer in the ledger between its registration and the signed transaction."""
    if rotation is None:
        check(sha(registered_spki) == author, f"{what}: the registered key did not sign, and no key rotation is carried")
        return registered_spki
    check(sha(registered_spki) != author, f"{what}: the registered key signed, yet a key rotation is carried")
    body, _, encoded = registry_transaction(rotation["transaction"], chain_id, 13, what)
    payload = Payload(body, what)
    rotated_id, spki = payload.text(), payload.take(payload.number(2))
    proof = payload.take(payload.u8())
    payload.done()
    check(rotated_id == issuer_id and sha(spki) == author,
          f"{what}: the carried key rotation is not issuer {issuer_id}'s move to the signing key")
    inclusion = rotation["inclusion"]
    index = inclusion["index"]
    check(registration_index < index < signed_index,
          f"{what}: the rotation must come after the registration and before the signed transaction")
    check(inclusion["size"] == ledger_size
          and root_from_path(sha(b"\x00" + encoded), index, ledger_size, inclusion["path"]) == ledger_root,
          f"{what}: the key rotation is not in the ledger")
    if proof:
        message = b"mcledger/issuer-key-pop/v1" + chain_id + text(issuer_id) + struct.pack(">H", len(spki)) + spki
        verify_signature(serialization.load_der_public_key(spki), proof, message, f"{what}: proof of possession")
    return spki


def parse_definition(body: bytes, what: str) -> dict:
    payload = Payload(body, what)
    entry = {"definitionId": payload.text(), "title": payload.text(), "minutes": payload.number(4),
             "level": payload.u8(), "format": payload.u8(), "kind": ACTIVITIES.get(payload.u8())}
    entry.update({"creditTenths": payload.number(2), "language": payload.text(), "outcomes": payload.texts(),
                  "components": payload.texts(), "required": payload.u8()})
    payload.done()
    return entry


def check_definition(part: dict, chain_id: bytes, definition_id: str, root: bytes, what: str) -> dict:
    registration_record(part, chain_id, 3, definition_id, root, what)
    body, _, _ = registry_transaction(part["transaction"], chain_id, 2, what)
    entry = parse_definition(body, what)
    check(entry["definitionId"] == definition_id, f"{what}: the transaction registers another entry")
    return entry


def covers(scope: dict, entry) -> bool:
    if "kinds" in scope:
        return len(scope["kinds"]) == len(ACTIVITIES) if entry is None else entry["kind"] in scope["kinds"]
    return entry is not None and entry["definitionId"] in scope["entries"]


def check_accreditation(part: dict, chain_id: bytes, accreditation_id: str, issuer: dict, entry, issued_at: int,
                        root: bytes) -> dict:
    what = "registryAccreditation"
    state = registration_record(part["accreditation"], chain_id, 5, accreditation_id, root, what)
    body, signature, _ = registry_transaction(part["accreditation"]["transaction"], chain_id, 10, what)
    payload = Payload(body, what)
    record_id, issuer_id, tag = payload.text(), payload.text(), payload.u8()
    count = payload.u8()
    if tag == 1:
        scope = {"kinds": [ACTIVITIES.get(payload.u8()) for _ in range(count)]}
    else:
        check(tag == 2, f"{what}: unknown scope")
        scope = {"entries": [payload.text() for _ in range(count)]}
    valid_from, valid_until = payload.number(8), payload.number(8)
    payload.done()
    check(record_id == accreditation_id, f"{what}: the transaction records another accreditation")
    qa_body, _, _ = registry_transaction(part["qaBody"]["transaction"], chain_id, 9, what)
    qa = Payload(qa_body, what)
    qa_id, qa_name, qa_country, qa_spki = qa.text(), qa.text(), qa.text(), qa.take(qa.number(2))
    qa.done()
    registration_record(part["qaBody"], chain_id, 4, qa_id, root, what)
    check(sha(qa_spki) == body[47:79], f"{what}: not signed by QA body {qa_id}")
    verify_signature(serialization.load_der_public_key(qa_spki), signature, body, what)
    check(issuer_id == issuer["id"] and qa_country == issuer["country"], f"{what}: for another issuer")
    check(valid_from <= issued_at < valid_until, f"{what}: not in force when the credential was issued")
    check(covers(scope, entry), f"{what}: does not cover the credential's entry")
    return {"id": accreditation_id, "qaBody": qa_name, "qaBodyId": qa_id, "country": qa_country,
            "validUntil": valid_until, "state": state["state"], "changedAt": state["changedAt"]}


def check_components(parts: list, issuance: dict, pathway, status_fields: dict, chain_id: bytes) -> list:
    what = "registryComponents"
    check(len(parts) == len(issuance["components"]), f"{what}: the bundle does not prove every component")
    if pathway is None or pathway["kind"] != "pathway":
        check(not parts, f"{what}: only a credential for a pathway stacks components")
        return []
    root, ledger_root = bytes.fromhex(status_fields["statusRoot"]), bytes.fromhex(status_fields["ledgerRoot"])
    size = status_fields["ledgerSize"]
    held, components = set(), []
    for component_id, part in zip(issuance["components"], parts):
        record = status_record(part["issuance"]["record"], chain_id, 1, component_id, root, what)
        check(len(record) == 28, f"{what}: not a credential record")
        issuance_index = struct.unpack(">Q", record[20:28])[0]
        body, _, encoded = registry_transaction(part["issuance"]["transaction"], chain_id, 3, what)
        component = parse_issuance(body)
        inclusion = part["issuance"]["inclusion"]
        check(component["credentialId"] == component_id and inclusion["index"] == issuance_index
              and inclusion["size"] == size
              and root_from_path(sha(b"\x00" + encoded), issuance_index, size, inclusion["path"]) == ledger_root,
              f"{what}: component {component_id}'s issuance is not proven")
        registration, _, registration_encoded = registry_transaction(part["issuer"]["transaction"], chain_id, 1, what)
        fields = Payload(registration, what)
        issuer_id, issuer_name, _, spki = fields.text(), fields.text(), fields.text(), fields.take(fields.number(2))
        # The record gives the issuer's standing; the registration (an id is registered once) its name and first
        # key, and a carried rotation the key that signed.
        issuer_record = status_record(part["issuer"]["record"], chain_id, 2, issuer_id, root, what)
        issuer_inclusion = part["issuer"]["inclusion"]
        registration_index = issuer_inclusion["index"]
        check(len(issuer_record) == 51 and issuer_inclusion["size"] == size
              and root_from_path(sha(b"\x00" + registration_encoded), registration_index, size,
                                 issuer_inclusion["path"]) == ledger_root,
              f"{what}: component {component_id}'s issuer is not proven to be its author")
        issuer_signing_key(body[47:79], spki, issuer_id, part.get("keyRotation"), registration_index, issuance_index,
                           size, ledger_root, chain_id, f"{what}: component {component_id}")
        entry_id = component["definitionId"]
        check(entry_id in pathway["components"] and entry_id not in held,
              f"{what}: component {component_id} is not for a distinct entry of the pathway")
        held.add(entry_id)
        entry = check_definition(part["definition"], chain_id, entry_id, root, what)
        components.append({"credentialId": component_id, "issuer": issuer_name, "title": entry["title"],
                           "state": {1: "active", 2: "suspended", 3: "revoked"}[record[2]]})
    check(len(held) >= pathway["required"], f"{what}: the components do not complete the pathway")
    return components


def check_registry(registry, issuance: dict, issuer: dict, issued_at: int, status_fields: dict, chain_id: bytes) -> dict:
    """The registry part (PROOFS.md): the entry, accreditation and components the credential names, each proven in
    the status header's map, and the issue-time rules re-checked."""
    registry = registry or {}
    root = bytes.fromhex(status_fields["statusRoot"])
    check((issuance["definitionId"] is None) == ("definition" not in registry),
          "registryDefinition: the bundle does not prove exactly the entry the credential names")
    entry = None
    if issuance["definitionId"] is not None:
        entry = check_definition(registry["definition"], chain_id, issuance["definitionId"], root, "registryDefinition")
    check((issuance["accreditationId"] is None) == ("accreditation" not in registry),
          "registryAccreditation: the bundle does not prove exactly the accreditation the credential names")
    accreditation = None
    if issuance["accreditationId"] is not None:
        accreditation = check_accreditation(registry["accreditation"], chain_id, issuance["accreditationId"], issuer,
                                            entry, issued_at, root)
    components = check_components(registry.get("components", []), issuance, entry, status_fields, chain_id)
    return {"definition": entry, "accreditation": accreditation, "components": components, "route": issuance["route"]}


def check_status(status: dict, issued: dict, genesis: dict, chain_id: bytes, epochs: list) -> dict:
    """The status part: a header signed by a quorum of its epoch's set, consistent with the issuing one, whose status
    map holds the credential's record (naming this issuance) and the issuer's (holding its key, active)."""
    _, status_hash, fields = check_header(status["header"], chain_id, "status header")
    status_set = validators_at(epochs, fields, "status commit")
    signers = check_commit(status["commit"], fields, status_hash, genesis, chain_id, status_set, "status commit")
    check(fields["height"] >= issued["height"], "status consistency: the status header is before the issuing block")
    consistency = status["consistency"]
    check(consistency["fromSize"] == issued["ledgerSize"] and consistency["toSize"] == fields["ledgerSize"]
          and verify_consistency(issued["ledgerSize"], fields["ledgerSize"], issued["ledgerRoot"],
                                 bytes.fromhex(fields["ledgerRoot"]), consistency["path"]),
          "status consistency: the status header's ledger does not extend the issuing one")
    root = bytes.fromhex(fields["statusRoot"])
    record = status_record(status["credential"], chain_id, 1, issued["credentialId"], root, "status record")
    check(len(record) == 28, "status record: not 28 bytes")
    state, reason = record[2], record[3]
    changed_at, _, issuance_index = struct.unpack(">QQQ", record[4:28])
    check(state in (1, 2, 3) and issuance_index == issued["leafIndex"] and changed_at <= fields["height"],
          "status record: it does not name this issuance")
    issuer = status_record(status["issuer"], chain_id, 2, issued["issuerId"], root, "issuer status")
    # The record holds the current key, which a later rotation may have changed; the signing key was proven above.
    check(len(issuer) == 51 and issuer[2] in (1, 2, 3), "issuer status: not a 51-byte issuer record")
    return {"state": {1: "active", 2: "suspended", 3: "revoked"}[state], "reason": reason, "changedAt": changed_at,
            "height": fields["height"], "timestamp": fields["timestamp"], "signers": signers, "fields": fields,
            "issuerStanding": {1: "active", 2: "suspended", 3: "deregistered"}[issuer[2]],
            "issuerChangedAt": struct.unpack(">Q", issuer[35:43])[0],
            "issuerKeyRotated": issuer[3:35] != issued["issuerKeyId"]}


def verify(bundle: dict, genesis: dict, document=None, subject=None, newer_status=None) -> dict:
    """Every check of docs/PROOFS.md; returns what the bundle proves, or raises CheckFailed naming the check.

    document: (digest, form) from document_digest(); subject: (identifier, salt bytes).
    """
    # 1. The chain.
    chain_id, validators = genesis_validators(genesis)
    check(bundle["format"] == "mcledger.proof.v2", "format")
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

    header, header_hash, header_fields = check_header(bundle["header"], chain_id, "header")
    height, tx_count = header_fields["height"], header_fields["txCount"]
    tx_root, ledger_size = bytes.fromhex(header_fields["txRoot"]), header_fields["ledgerSize"]
    ledger_root = bytes.fromhex(header_fields["ledgerRoot"])

    # 4. Inclusion in the block and in the ledger.
    block = bundle["blockInclusion"]
    check(block["size"] == tx_count, "block inclusion: size is not the header's txCount")
    check(root_from_path(leaf, block["index"], tx_count, block["path"]) == tx_root, "block inclusion: not txRoot")
    leaf_index = bundle["leaf"]["index"]
    ledger = bundle["ledgerInclusion"]
    check(leaf_index == ledger_size - tx_count + block["index"], "ledger inclusion: leaf index does not match the block")
    check(ledger["index"] == leaf_index and ledger["size"] == ledger_size, "ledger inclusion: index or size")
    check(root_from_path(leaf, leaf_index, ledger_size, ledger["path"]) == ledger_root, "ledger inclusion: not ledgerRoot")

    # 5. The commit certificate: a signed note whose text is this header's commit checkpoint, signed by the set the
    # handoffs from genesis say certified this height.
    epochs = follow_handoffs(bundle.get("handoffs", []), genesis, chain_id, validators)
    issuing_set = validators_at(epochs, header_fields, "commit")
    signers = check_commit(bundle["commit"], header_fields, header_hash, genesis, chain_id, issuing_set, "commit")

    # 6. The issuer: registered by a validator of a set up to the issuing block, in the same ledger, earlier; it
    # signed the credential.
    registration = base64.b64decode(bundle["issuer"]["registration"]["encoded"], validate=True)
    registration_body, registration_signature = split_transaction(registration)
    check(sha(registration_body).hex() == bundle["issuer"]["registration"]["id"], "issuer: registration id")
    check(bundle["issuer"]["registration"]["kind"] == "registerIssuer", "issuer: kind")
    check(registration_body[14:46] == chain_id and registration_body[46] == 1, "issuer: not a registerIssuer here")
    registrar = registration_body[47:79]
    authorities = [members[registrar] for start, members in reversed(epochs) if start <= height and registrar in members]
    check(authorities, "issuer: not registered by a validator of any set up to the issuing block")
    registrar_name, registrar_key = authorities[0]
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
    issuer_id, issuer_name, country, registered_spki = fields
    issuer_spki = issuer_signing_key(author, registered_spki, issuer_id.decode(), bundle["issuer"].get("keyRotation"),
                                     registration_index, leaf_index, ledger_size, ledger_root, chain_id, "issuer")
    issuer_key = serialization.load_der_public_key(issuer_spki)
    verify_signature(issuer_key, signature, body, "transaction: issuer signature")

    # 7. The status, proven against a later quorum-signed header (and a newer status proof, when given).
    issued = {"credentialId": issuance["credentialId"], "leafIndex": leaf_index, "issuerId": issuer_id.decode(),
              "issuerKeyId": sha(issuer_spki), "height": height, "ledgerSize": ledger_size, "ledgerRoot": ledger_root}
    status = check_status(bundle["status"], issued, genesis, chain_id, epochs)
    registry = check_registry(bundle.get("registry"), issuance, {"id": issuer_id.decode(), "country": country.decode()},
                              header_fields["timestamp"], status["fields"], chain_id)
    if newer_status is not None:
        check(newer_status.get("format") == "mcledger.status.v2", "format: not a mcledger.status.v2 status proof")
        check(newer_status["chainId"] == chain_id.hex() and newer_status["credentialId"] == issuance["credentialId"],
              "status record: the status proof is for another credential or chain")
        newer_epochs = follow_handoffs(newer_status.get("handoffs", []), genesis, chain_id, validators)
        newer = check_status(newer_status["status"], issued, genesis, chain_id, newer_epochs)
        check(newer["height"] >= status["height"],
              f"status header: the status proof is as of block {newer['height']}, older than the bundle's own "
              f"(block {status['height']})")
        status = newer

    # 8. The holder's document and the learner, when given.
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
        "signers": signers, "validators": len(issuing_set),
        "epoch": len([start for start, _ in epochs if start <= height]) - 1, "status": status,
        "document": document[1] if document else None, "subject": subject is not None, "registry": registry,
    }


REVOCATION_REASONS = {0: "unspecified", 1: "issuedInError", 2: "superseded", 3: "fraudulent", 4: "withdrawnByIssuer",
                      5: "issuerKeyCompromised"}
SUSPENSION_REASONS = {0: "unspecified", 1: "underInvestigation", 2: "pendingCorrection", 3: "feesOutstanding"}


def standing(proof: dict, now_milliseconds: int, max_age_milliseconds: int) -> tuple:
    """(exit status, verdict line), decided as ledger verify decides it: a proven revocation whatever its age (3),
    expiry (3), a status older than the allowed age (5), suspended (4), else authentic and active (0)."""
    status, expires, credential = proof["status"], proof["expiresAt"], proof["credentialId"]
    as_of = f"block {status['height']} at {iso(status['timestamp'])}"
    if status["state"] == "revoked":
        reason = REVOCATION_REASONS.get(status["reason"], "unspecified")
        return 3, (f"REVOKED: credential {credential} is authentic, but it was revoked ({reason}) at block "
                   f"{status['changedAt']}, proven as of {as_of}")
    if expires is not None and now_milliseconds >= expires:
        return 3, f"EXPIRED: credential {credential} is authentic, but it expired at {iso(expires)}"
    if now_milliseconds - status["timestamp"] > max_age_milliseconds:
        return 5, f"STATUS TOO OLD: credential {credential} is authentic, but its status is proven only as of {as_of}"
    if status["state"] == "suspended":
        reason = SUSPENSION_REASONS.get(status["reason"], "unspecified")
        return 4, f"SUSPENDED: credential {credential} is authentic, but it is suspended ({reason}) as of {as_of}"
    return 0, (f"AUTHENTIC: credential {credential} in block {proof['height']}, issued by {proof['issuer']}, "
               f"registered by {proof['registeredBy']}; final with {len(proof['signers'])} of {proof['validators']} "
               f"validators: {', '.join(proof['signers'])}"
               + (f" (epoch {proof['epoch']}, {proof['epoch']} handoff(s) followed from genesis)" if proof["epoch"] else "")
               + f"; active as of {as_of}")


def parse_age(text: str) -> int:
    """--max-age: a number and a unit, s, m, h or d, in milliseconds."""
    units = {"s": 1_000, "m": 60_000, "h": 3_600_000, "d": 86_400_000}
    if len(text) < 2 or text[-1] not in units or not text[:-1].isdigit():
        raise ValueError(f"--max-age {text!r} is not a duration such as 24h, 90m, 2d or 3600s")
    return int(text[:-1]) * units[text[-1]]


def iso(milliseconds: int) -> str:
    moment = datetime.datetime.fromtimestamp(milliseconds / 1000, tz=datetime.timezone.utc)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


PACKAGE_FORMAT = "mcledger.package.v1"


def read_package(value: dict) -> dict:
    """A learner's verification package (docs/FORMATS.md): its document's bytes and name, bundle, credential id, salt."""
    try:
        return package_parts(value)
    except (KeyError, TypeError) as error:
        raise CheckFailed(f"package: missing or malformed field {error}") from error


def package_parts(value: dict) -> dict:
    check(set(value) <= {"format", "credentialId", "document", "bundle", "salt"}, "package: unknown field")
    document = value["document"]
    check(isinstance(document, dict) and set(document) <= {"name", "mediaType", "base64"}, "package: document")
    name, credential_id, bundle = document["name"], value["credentialId"], value["bundle"]
    check(isinstance(name, str) and 0 < len(name.encode()) <= 255 and "/" not in name, "package: document.name")
    check(isinstance(credential_id, str) and credential_id != "", "package: credentialId")
    check(isinstance(bundle, dict), "package: bundle must be an object")
    try:
        data = base64.b64decode(document["base64"], validate=True)
        salt = bytes.fromhex(value["salt"]) if value.get("salt") is not None else None
    except (ValueError, TypeError) as error:
        raise CheckFailed(f"package: {error}") from error
    check(base64.b64encode(data).decode() == document["base64"], "package: document.base64 is not canonical base64")
    check(salt is None or 1 <= len(salt) <= 64, "package: salt must be 1 to 64 bytes")
    return {"document": data, "name": name, "credentialId": credential_id, "bundle": bundle, "salt": salt}


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
                                     epilog="Exit status: 0 authentic and active, 1 not authentic, 2 usage, 3 revoked "
                                            "or expired, 4 suspended, 5 status too old.")
    parser.add_argument("proof", help="the proof bundle (ledger proof ID --out FILE) or a verification package")
    parser.add_argument("genesis", help="the chain's genesis file")
    parser.add_argument("--credential", help="the credential document, to check it is the one anchored")
    parser.add_argument("--raw", action="store_true", help="take the document's raw bytes (anchored with --raw)")
    parser.add_argument("--subject", help="the learner's identifier, as the issuer recorded it")
    parser.add_argument("--salt", help="the learner's salt: a file from ledger issue --salt-out, or hex")
    parser.add_argument("--status", help="a newer status proof (mcledger.status.v2, ledger proof ID --status-only)")
    parser.add_argument("--max-age", default="24h", help="the oldest proven status to accept (default 24h)")
    parser.add_argument("--at", help="judge expiry and status age at this ISO 8601 time instead of now")
    arguments = parser.parse_args()
    if arguments.salt is not None and arguments.subject is None:
        parser.error("--salt goes with --subject")
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
        try:
            bundle = json.loads(bundle_bytes)
        except ValueError as error:
            raise CheckFailed(f"the proof is not JSON: {error}") from error
        package = read_package(bundle) if isinstance(bundle, dict) and bundle.get("format") == PACKAGE_FORMAT else None
        if package and arguments.credential is not None:
            parser.error("the proof is a verification package, which carries its document: drop --credential")
        document = None
        if arguments.credential is not None:
            with open(arguments.credential, "rb") as document_file:
                document = document_digest(document_file.read(), arguments.credential, arguments.raw)
        salt = read_salt(arguments.salt) if arguments.salt is not None else (package or {}).get("salt")
        if arguments.subject is not None and salt is None:
            parser.error("--subject needs --salt (the proof carries no salt)")
        subject = (arguments.subject, salt) if arguments.subject is not None else None
        max_age = parse_age(arguments.max_age)
        newer_status = None
        if arguments.status is not None:
            with open(arguments.status, "rb") as status_file:
                newer_status = json.load(status_file)
    except NotJSON as error:
        print(f"{arguments.credential} is not valid JSON (I-JSON, RFC 7493): {error}. Fix the document, or pass --raw",
              file=sys.stderr)
        return 2
    except CheckFailed as failure:
        print(f"NOT AUTHENTIC: format: {failure}")
        return 1
    except (OSError, ValueError) as error:
        print(f"cannot read the inputs: {error}", file=sys.stderr)
        return 2
    try:
        if package:
            try:
                document = document_digest(package["document"], package["name"])
            except NotJSON as error:
                raise CheckFailed(f"document: the package's {package['name']} is not valid JSON: {error}") from error
            bundle = package["bundle"]
        proof = verify(bundle, genesis, document, subject, newer_status)
        check(package is None or proof["credentialId"] == package["credentialId"],
              "format: the package names another credential than its bundle proves")
    except CheckFailed as failure:
        print(f"NOT AUTHENTIC: {failure}")
        return 1
    except (KeyError, TypeError, ValueError, IndexError, AttributeError, struct.error) as error:
        print(f"NOT AUTHENTIC: format: malformed bundle: {error!r}")
        return 1
    status, line = standing(proof, int(now.timestamp() * 1000), max_age)
    print(line)
    print("  document: " + (f"matches the anchored digest ({proof['document']})" if proof["document"] else "not checked"))
    print("  learner: " + ("matches the anchored commitment" if proof["subject"] else "not checked"))
    print(f"  status: {proof['status']['state']} as of block {proof['status']['height']}, proven by "
          f"{', '.join(proof['status']['signers'])}")
    if proof["status"]["issuerStanding"] != "active":
        print(f"  issuer now: {proof['status']['issuerStanding'].upper()} since block {proof['status']['issuerChangedAt']}"
              " (credentials it issued before stay valid unless revoked)")
    if proof["status"]["issuerKeyRotated"]:
        print("  issuer key: signed with a key the issuer has since rotated away (its signature stays valid)")
    registry = proof["registry"]
    entry, accreditation = registry["definition"], registry["accreditation"]
    if entry:
        print(f"  entry: \"{entry['title']}\" ({entry['definitionId']}: {entry['kind']}, CQF level {entry['level']})")
    if accreditation:
        until = datetime.datetime.fromtimestamp(accreditation["validUntil"] / 1000, datetime.timezone.utc)
        withdrawn = f"; WITHDRAWN at block {accreditation['changedAt']}" if accreditation["state"] == "withdrawn" else ""
        print(f"  accredited: {entry['kind'] if entry else 'credential'} accredited by {accreditation['qaBody']} "
              f"({accreditation['qaBodyId']}, {accreditation['country']}) until {until.date().isoformat()}{withdrawn}")
    else:
        print("  accredited: no (the credential names no accreditation record)")
    print(f"  route: {'recognition of prior learning (PLAR)' if registry['route'] == 'priorLearning' else 'course'}")
    for component in registry["components"]:
        print(f"  component: {component['credentialId']} {component['title']} by {component['issuer']}, "
              f"{component['state']}")
    return status


if __name__ == "__main__":
    sys.exit(main())

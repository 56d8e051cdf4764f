#!/usr/bin/env python3
"""Checks a signed note (c2sp.org/signed-note) whose signatures are ECDSA P-256, signature type 0x02.

Written from the specification, independently of the ledger's Swift code, with only the standard library
and the `cryptography` package. A ledger block's commit certificate is such a note: a checkpoint
(c2sp.org/tlog-checkpoint) signed by a quorum of validators, whose vkeys `ledger vkeys` prints.

Usage: verify_note.py NOTE_FILE VKEY [VKEY ...] [--quorum N]

Prints one line per known key whose signature verifies. Exit status:
  0  at least one known key (or N with --quorum) signed, and no known key's signature failed;
  1  the note is malformed, a known key's signature failed, or too few known keys signed;
  2  usage error.
"""
import argparse
import base64
import binascii
import hashlib
import sys

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

EM_DASH = "\u2014"
ECDSA_TYPE = 0x02


class NoteError(Exception):
    pass


def parse_vkey(text):
    """<name>+<hex key id>+<base64(type || public key)>; for type 0x02 the id is SHA-256(SPKI DER)[:4]."""
    parts = text.split("+", 2)  # the name and the id hold no plus; the base64 key may
    if len(parts) != 3 or not parts[0] or len(parts[1]) != 8:
        raise NoteError(f"vkey {text!r} is not <name>+<8 hex digits>+<base64>")
    try:
        key_id = int(parts[1], 16)
        material = base64.b64decode(parts[2], validate=True)
    except (ValueError, binascii.Error) as error:
        raise NoteError(f"vkey {text!r}: {error}")
    if len(material) < 2 or material[0] != ECDSA_TYPE:
        raise NoteError(f"vkey {parts[0]} is not signature type 0x02")
    spki = material[1:]
    if int.from_bytes(hashlib.sha256(spki).digest()[:4], "big") != key_id:
        raise NoteError(f"vkey {parts[0]}: key id {parts[1]} is not SHA-256 of the key")
    key = serialization.load_der_public_key(spki)
    if not isinstance(key, ec.EllipticCurvePublicKey) or key.curve.name != "secp256r1":
        raise NoteError(f"vkey {parts[0]} is not a P-256 key")
    return parts[0], key_id, key


def parse_note(data):
    """Splits a note into its text and (name, key id, signature) lines, per the Format section."""
    try:
        note = data.decode("utf-8")
    except UnicodeDecodeError:
        raise NoteError("note is not UTF-8")
    if any(ord(c) < 0x20 and c != "\n" for c in note):
        raise NoteError("note holds a control character")
    if not note.endswith("\n"):
        raise NoteError("note does not end in a newline")
    cut = note.rfind("\n\n")
    if cut < 0:
        raise NoteError("note has no blank line before its signatures")
    text, block = note[: cut + 1], note[cut + 2 :]
    lines = block.split("\n")[:-1]
    if not lines:
        raise NoteError("note has no signature lines")
    signatures = []
    for line in lines:
        if not line.startswith(EM_DASH + " "):
            raise NoteError(f"signature line {line!r} does not start with an em dash")
        fields = line[2:].split(" ")
        if len(fields) != 2 or not fields[0] or "+" in fields[0]:
            raise NoteError(f"signature line {line!r} is not '— name signature'")
        try:
            raw = base64.b64decode(fields[1], validate=True)
        except binascii.Error:
            raise NoteError(f"signature of {fields[0]} is not base64")
        if len(raw) <= 4:
            raise NoteError(f"signature of {fields[0]} is too short")
        signatures.append((fields[0], int.from_bytes(raw[:4], "big"), raw[4:]))
    return text, signatures


def verify(data, vkeys):
    """Returns the names of known keys that signed; raises NoteError as the Signatures section requires."""
    text, signatures = parse_note(data)
    known = {(name, key_id): key for name, key_id, key in vkeys}
    signed = []
    for name, key_id, signature in signatures:
        key = known.get((name, key_id))
        if key is None:
            continue  # unknown keys are ignored, even when the name or the id alone matches
        try:
            key.verify(signature, text.encode("utf-8"), ec.ECDSA(hashes.SHA256()))
        except InvalidSignature:
            raise NoteError(f"the signature of known key {name} does not verify")
        if name not in signed:
            signed.append(name)
    if not signed:
        raise NoteError("no known key signed the note")
    return signed


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("note")
    parser.add_argument("vkeys", nargs="+")
    parser.add_argument("--quorum", type=int, default=1)
    arguments = parser.parse_args()
    try:
        with open(arguments.note, "rb") as handle:
            data = handle.read()
    except OSError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    try:
        signed = verify(data, [parse_vkey(vkey) for vkey in arguments.vkeys])
    except NoteError as error:
        print(f"not verified: {error}")
        return 1
    for name in signed:
        print(f"verified {name}")
    if len(signed) < arguments.quorum:
        print(f"not verified: {len(signed)} known signature(s), quorum is {arguments.quorum}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

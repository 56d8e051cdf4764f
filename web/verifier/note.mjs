// Signed notes (c2sp.org/signed-note v1.0.0 §Format), checkpoints (c2sp.org/tlog-checkpoint §Note text) and the
// ledger's commit checkpoint (docs/FORMATS.md "Checkpoints and signed notes"), checked as the Swift verifier does.

import { FormatError, decodeUTF8, fromBase64, toHex, utf8 } from "./bytes.mjs";
import { verifySignature } from "./ecdsa.mjs";
import { sha256 } from "./sha256.mjs";

const NOTE_BYTES_MAX = 64 * 1024;
const SIGNATURES_MAX = 100 + 16;

function checkKeyName(name) {
    if (!name) throw new FormatError("note: a key name must not be empty");
    if (/[\p{White_Space}+]/u.test(name)) throw new FormatError(`note: key name ${name} holds a space or a plus`);
}

/** {text, signatures: [{keyName, keyId (u32), signature}]}; any departure from the format is refused. */
export function parseNote(noteText) {
    const bytes = utf8(noteText);
    if (bytes.length > NOTE_BYTES_MAX) throw new FormatError("note is above 64 KiB");
    if (/[\u0000-\u0009\u000b-\u001f]/.test(noteText)) throw new FormatError("note: control character");
    if (!noteText.endsWith("\n")) throw new FormatError("note does not end in a newline");
    const separator = noteText.slice(0, -1).lastIndexOf("\n\n");
    if (separator < 0) throw new FormatError("note: no blank line before the signatures");
    const text = noteText.slice(0, separator + 1);
    const lines = noteText.slice(separator + 2).split("\n").slice(0, -1);
    if (!lines.length) throw new FormatError("note: no signature lines");
    if (lines.length > SIGNATURES_MAX) throw new FormatError("note: too many signature lines");
    const signatures = lines.map((line) => {
        if (!line.startsWith("— ")) throw new FormatError("note: a line does not start with an em dash and a space");
        const parts = line.slice(2).split(" ");
        if (parts.length !== 2) throw new FormatError('note: a line is not "— <name> <signature>"');
        checkKeyName(parts[0]);
        const decoded = fromBase64(parts[1]);
        if (!decoded || decoded.length <= 4) throw new FormatError("note: a signature is not base64");
        const keyId = ((decoded[0] << 24) | (decoded[1] << 16) | (decoded[2] << 8) | decoded[3]) >>> 0;
        return { keyName: parts[0], keyId, signature: decoded.subarray(4) };
    });
    return { text, signatures };
}

const canonicalNumber = (text) => /^(0|[1-9][0-9]*)$/.test(text) && BigInt(text) < 2n ** 64n;

/** The commit checkpoint of `chainName`/`chainId`: {ledgerSize, ledgerRoot, height, round, headerHash}. */
export function parseCommitCheckpoint(text, chainName, chainId) {
    if (!text.endsWith("\n")) throw new FormatError("checkpoint does not end in a newline");
    const lines = text.slice(0, -1).split("\n");
    if (lines.length < 3) throw new FormatError(`checkpoint has ${lines.length} line(s), at least 3 are needed`);
    if (!canonicalNumber(lines[1])) throw new FormatError("checkpoint size must be decimal without leading zeros");
    const root = fromBase64(lines[2]);
    if (!root || root.length !== 32) throw new FormatError("checkpoint root is not 32 bytes of base64");
    if (!lines[0] || lines.slice(3).some((line) => !line)) throw new FormatError("checkpoint has an empty line");
    const origin = `${chainName}/${toHex(chainId)}`;
    if (lines[0] !== origin) throw new FormatError(`checkpoint names ${lines[0]}, not ${origin}`);
    if (lines.length !== 6) throw new FormatError("expected height, round and header lines");
    const number = (line, label) => {
        if (!line.startsWith(label + " ") || !canonicalNumber(line.slice(label.length + 1))) {
            throw new FormatError(`checkpoint ${label} must be "${label} <decimal without leading zeros>"`);
        }
        return BigInt(line.slice(label.length + 1));
    };
    const height = number(lines[3], "height");
    const round = number(lines[4], "round");
    if (round > 0xffffffffn) throw new FormatError("checkpoint round is above 2^32 - 1");
    const headerHash = lines[5].startsWith("header ") ? fromBase64(lines[5].slice(7)) : null;
    if (!headerHash || headerHash.length !== 32) throw new FormatError('expected "header <base64 hash>"');
    return { ledgerSize: BigInt(lines[1]), ledgerRoot: root, height, round: Number(round), headerHash };
}

/** §Signatures: lines of unknown keys are ignored, one bad line of a member rejects the note; a quorum of the set
 * (⌈2n/3⌉) must sign. Returns the signers' names in the set's order, or throws {quorum: reason}. */
export async function verifyCommitNote(note, validators) {
    const signed = new Set();
    for (const line of note.signatures) {
        const index = validators.findIndex((member) => member.name === line.keyName && member.noteKeyId === line.keyId);
        if (index < 0) continue;
        const verdict = await verifySignature(validators[index].key, line.signature, utf8(note.text));
        if (verdict !== "valid") {
            throw new FormatError(`the signature of validator ${line.keyName} is invalid: ${verdict}`);
        }
        signed.add(index);
    }
    const quorum = Math.floor((2 * validators.length + 2) / 3);
    if (signed.size < quorum) throw new FormatError(`${signed.size} validator signature(s), quorum is ${quorum}`);
    return [...signed].sort((left, right) => left - right).map((index) => validators[index].name);
}

/** A signed note's key id for a validator: SHA-256(SPKI DER)[:4], big-endian (NoteVerifierKey). */
export function noteKeyId(spki) {
    const digest = sha256(spki);
    return ((digest[0] << 24) | (digest[1] << 16) | (digest[2] << 8) | digest[3]) >>> 0;
}

export { decodeUTF8 };

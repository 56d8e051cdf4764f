// The genesis file (docs/FORMATS.md "Genesis"): its strict JSON, the chain id (SHA-256 of the canonical encoding)
// and the validator set with its hash, as the Swift `Genesis` and `ValidatorSet` compute them.

import { FormatError, concat, text, toHex, u16, u32, u64, utf8 } from "./bytes.mjs";
import { importKey, spkiFromPEM } from "./ecdsa.mjs";
import { checkIdentifier } from "./encoding.mjs";
import { fields } from "./fields.mjs";
import { parseJSON } from "./json.mjs";
import { noteKeyId } from "./note.mjs";
import { sha256 } from "./sha256.mjs";

/** A validator set from [{name, spki}] with the rules of ValidatorSet: 1…100 members, distinct names and keys. */
export async function validatorSet(entries, field = "validators") {
    if (!entries.length) throw new FormatError(`${field}: at least one is needed`);
    if (entries.length > 100) throw new FormatError(`${field}: more than 100`);
    const names = new Set();
    const keys = new Set();
    const members = [];
    for (const entry of entries) {
        checkIdentifier(entry.name, `${field}.name`);
        const keyId = toHex(sha256(entry.spki));
        if (names.has(entry.name)) throw new FormatError(`${field}: name ${entry.name} appears twice`);
        if (keys.has(keyId)) throw new FormatError(`${field}: validator ${entry.name} reuses another's key`);
        names.add(entry.name);
        keys.add(keyId);
        members.push({
            name: entry.name, spki: entry.spki, keyId, noteKeyId: noteKeyId(entry.spki), key: await importKey(entry.spki),
        });
    }
    const encoding = concat(utf8("mcledger/validator-set/v1"), u16(members.length), ...members.flatMap(memberBytes));
    return { members, hash: sha256(encoding), quorum: Math.floor((2 * members.length + 2) / 3) };
}

const memberBytes = (member) => [text(member.name), u16(member.spki.length), member.spki];

/** Parses a genesis file (bytes or text): {chainName, chainId, genesisTime, validators (a set), json}. */
export async function parseGenesis(input) {
    let root;
    try {
        root = parseJSON(input, 1024 * 1024);
    } catch (error) {
        throw new FormatError(`genesis: ${error.message}`);
    }
    const top = fields(root, "", ["format", "chainName", "genesisTimeMilliseconds", "validators", "parameters"]);
    const format = top.string("format");
    if (format === "mcledger.genesis.v1") {
        throw new FormatError("genesis format mcledger.genesis.v1 (chain format 1) is no longer supported");
    }
    if (format !== "mcledger.genesis.v2") throw new FormatError('format must be "mcledger.genesis.v2"');
    const entries = [];
    for (const [index, entry] of top.array("validators", 100).entries()) {
        const validator = fields(entry, `validators[${index}]`, ["name", "publicKey"]);
        const name = validator.string("name");
        let spki;
        try {
            spki = spkiFromPEM(validator.string("publicKey"));
            await importKey(spki);
        } catch (error) {
            throw new FormatError(`validators[${index}].publicKey: ${error.message}`);
        }
        entries.push({ name, spki });
    }
    const parameters = fields(top.value("parameters"), "parameters", [
        "maxTransactionsPerBlock", "maxBlockBytes", "clockDriftMilliseconds", "minValidators", "proposalLifetimeBlocks",
    ]);
    const values = Object.fromEntries(
        ["maxTransactionsPerBlock", "maxBlockBytes", "clockDriftMilliseconds", "minValidators", "proposalLifetimeBlocks"]
            .map((key) => [key, parameters.unsignedInteger(key)]));
    if (values.maxTransactionsPerBlock > 0xffffffffn || values.maxBlockBytes > 0xffffffffn) {
        throw new FormatError("parameters: block limits must fit 32 bits");
    }
    if (values.minValidators > 100n) throw new FormatError("parameters.minValidators must be at most 100");
    const ranges = [
        ["maxTransactionsPerBlock", 1n, 20000n], ["maxBlockBytes", 65536n, 16n * 1024n * 1024n],
        ["clockDriftMilliseconds", 0n, 15000n], ["minValidators", 1n, 100n], ["proposalLifetimeBlocks", 1n, 100000000n],
    ];
    for (const [key, low, high] of ranges) {
        if (values[key] < low || values[key] > high) throw new FormatError(`parameters.${key} must be ${low}…${high}`);
    }
    const chainName = top.string("chainName");
    checkIdentifier(chainName, "chainName");
    const genesisTime = top.unsignedInteger("genesisTimeMilliseconds");
    const validators = await validatorSet(entries);
    if (Number(values.minValidators) > validators.members.length) {
        throw new FormatError("parameters.minValidators is above the genesis validators");
    }
    const encoding = concat(
        utf8("mcledger/genesis/v2"), text(chainName), u64(genesisTime), u16(validators.members.length),
        ...validators.members.flatMap(memberBytes), u32(Number(values.maxTransactionsPerBlock)),
        u32(Number(values.maxBlockBytes)), u64(values.clockDriftMilliseconds), u16(Number(values.minValidators)),
        u64(values.proposalLifetimeBlocks));
    return { chainName, chainId: sha256(encoding), genesisTime, validators, parameters: values };
}

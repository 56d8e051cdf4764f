// The two tree proofs a bundle carries (docs/FORMATS.md): RFC 9162 §2.1 Merkle inclusion and consistency over
// transactions, and the status map's sparse Merkle tree hashed as penumbra-zone/jmt hashes it. Sizes and indices
// are BigInts: the tree's arithmetic needs more than 32 bits.

import { concat, equal, utf8 } from "./bytes.mjs";
import { sha256 } from "./sha256.mjs";

export class ProofError extends Error {}

const LEAF_PREFIX = Uint8Array.of(0);
const NODE_PREFIX = Uint8Array.of(1);

export const leafHash = (encoded) => sha256(concat(LEAF_PREFIX, encoded));
const nodeHash = (left, right) => sha256(concat(NODE_PREFIX, left, right));

/** RFC 9162 §2.1.3.2: the root an inclusion path leads to for the leaf at `index` of a tree of `size`. */
export function rootFromInclusion(leaf, index, size, path) {
    let fn = BigInt(index);
    let sn = BigInt(size) - 1n;
    if (fn > sn) throw new ProofError(`index ${index} is not below the tree size ${size}`);
    let root = leaf;
    for (const sibling of path) {
        if (sn === 0n) throw new ProofError("the inclusion path is too long");
        if ((fn & 1n) === 1n || fn === sn) {
            root = nodeHash(sibling, root);
            while ((fn & 1n) === 0n && fn !== 0n) {
                fn >>= 1n;
                sn >>= 1n;
            }
        } else {
            root = nodeHash(root, sibling);
        }
        fn >>= 1n;
        sn >>= 1n;
    }
    if (sn !== 0n) throw new ProofError("the inclusion path is too short");
    return root;
}

export function verifyInclusion(leaf, index, size, path, root) {
    if (!equal(rootFromInclusion(leaf, index, size, path), root)) {
        throw new ProofError("the inclusion path leads to another root");
    }
}

/** RFC 9162 §2.1.4.2: the tree (size2, root2) extends (size1, root1) by appends only. */
export function verifyConsistency(size1, size2, root1, root2, proof) {
    const first = BigInt(size1);
    const second = BigInt(size2);
    if (first === 0n) throw new ProofError("size1 must be above 0");
    if (first > second) throw new ProofError("size1 exceeds size2");
    if (first === second) {
        if (proof.length !== 0) throw new ProofError("equal sizes need an empty proof");
        if (!equal(root1, root2)) throw new ProofError("equal sizes with different roots");
        return;
    }
    const path = (first & (first - 1n)) === 0n ? [root1, ...proof] : proof.slice();
    if (path.length === 0) throw new ProofError("the consistency proof is empty");
    let fn = first - 1n;
    let sn = second - 1n;
    while ((fn & 1n) === 1n) {
        fn >>= 1n;
        sn >>= 1n;
    }
    let fr = path[0];
    let sr = path[0];
    for (const node of path.slice(1)) {
        if (sn === 0n) throw new ProofError("the consistency proof is too long");
        if ((fn & 1n) === 1n || fn === sn) {
            fr = nodeHash(node, fr);
            sr = nodeHash(node, sr);
            while ((fn & 1n) === 0n && fn !== 0n) {
                fn >>= 1n;
                sn >>= 1n;
            }
        } else {
            sr = nodeHash(sr, node);
        }
        fn >>= 1n;
        sn >>= 1n;
    }
    if (sn !== 0n) throw new ProofError("the consistency proof is too short");
    if (!equal(fr, root1) || !equal(sr, root2)) throw new ProofError("the consistency proof leads to other roots");
}

// --- The status map (FORMATS.md "Status map"; penumbra-zone/jmt src/types/proof.rs). ---

const JMT_LEAF = utf8("JMT::LeafNode");
const JMT_INTERNAL = utf8("JMT::IntrnalNode");
export const SPARSE_SIBLINGS_MAX = 256;

const keyBit = (key, depth) => (key[depth >> 3] >> (7 - (depth & 7))) & 1;

/** The record `value` is at `key` under `root`: its leaf, then the siblings from the bottom of the path up. */
export function verifySparseInclusion(root, key, value, siblings) {
    if (siblings.length > SPARSE_SIBLINGS_MAX) throw new ProofError("more than 256 siblings");
    if (value.length === 0) throw new ProofError("a status record is never empty");
    let node = sha256(concat(JMT_LEAF, key, sha256(value)));
    siblings.forEach((sibling, offset) => {
        const depth = siblings.length - 1 - offset;
        node = sha256(keyBit(key, depth) ? concat(JMT_INTERNAL, sibling, node) : concat(JMT_INTERNAL, node, sibling));
    });
    if (!equal(node, root)) throw new ProofError("the record leads to another root");
}

import Foundation
import LedgerCore
import Testing

@Suite("RFC 9162 Merkle log against published vectors")
struct MerkleVectorTests {
    struct RFC6962Vectors: Decodable {
        struct Inclusion: Decodable {
            let leafIndex: UInt64
            let treeSize: UInt64
            let path: [String]
        }
        struct Consistency: Decodable {
            let size1: UInt64
            let size2: UInt64
            let proof: [String]
        }
        struct Derived: Decodable {
            let inclusion: [Inclusion]
            let consistency: [Consistency]?
        }
        let leavesHex: [String]
        let leafHashes: [String]
        let emptyRoot: String
        let rootsBySize: [String: String]
        let inclusion: [Inclusion]
        let consistency: [Consistency]
        let derivedNotInUpstreamTestdata: Derived
    }

    static func loadRFC6962() throws -> RFC6962Vectors {
        let url = TestSupport.vectorsDirectory.appendingPathComponent("rfc6962.json")
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(RFC6962Vectors.self, from: Data(contentsOf: url))
    }

    @Test("rfc6962.json: leaf hashes, the empty root and every root by size")
    func leafHashesAndRoots() throws {
        let vectors = try Self.loadRFC6962()
        let hasher = MerkleHasher()
        let leafHashes = vectors.leavesHex.map { hasher.leafHash(TestSupport.bytes($0)) }
        #expect(leafHashes.map(\.hex) == vectors.leafHashes)
        #expect(MerkleHasher.emptyRoot.hex == vectors.emptyRoot)
        #expect(MerkleAccumulator().root(hasher: hasher).hex == vectors.emptyRoot)
        let tree = InMemoryMerkleTree(leafHashes: leafHashes, hasher: hasher)
        var accumulator = MerkleAccumulator()
        for (size, leafHash) in zip(1..., leafHashes) {
            accumulator.append(leafHash: leafHash, hasher: hasher)
            let expected = try #require(vectors.rootsBySize[String(size)])
            #expect(accumulator.root(hasher: hasher).hex == expected)
            #expect(try tree.root(size: UInt64(size), hasher: hasher).hex == expected)
        }
    }

    @Test("rfc6962.json: every inclusion and consistency proof is generated and verified")
    func proofs() throws {
        let vectors = try Self.loadRFC6962()
        let hasher = MerkleHasher()
        let leafHashes = vectors.leavesHex.map { hasher.leafHash(TestSupport.bytes($0)) }
        let tree = InMemoryMerkleTree(leafHashes: leafHashes, hasher: hasher)
        let builder = MerkleProofBuilder(reader: tree, hasher: hasher)
        let inclusions = vectors.inclusion + vectors.derivedNotInUpstreamTestdata.inclusion
        for vector in inclusions {
            let proof = try builder.inclusionProof(index: vector.leafIndex, size: vector.treeSize)
            #expect(proof.map(\.hex) == vector.path)
            let root = try tree.root(size: vector.treeSize, hasher: hasher)
            try MerkleProofVerifier.verifyInclusion(
                leafHash: leafHashes[Int(vector.leafIndex)], index: vector.leafIndex, size: vector.treeSize,
                proof: proof, root: root, hasher: hasher)
        }
        let consistencies = vectors.consistency + (vectors.derivedNotInUpstreamTestdata.consistency ?? [])
        for vector in consistencies {
            let proof = try builder.consistencyProof(from: vector.size1, to: vector.size2)
            #expect(proof.map(\.hex) == vector.proof)
            try MerkleProofVerifier.verifyConsistency(
                size1: vector.size1, size2: vector.size2, root1: try tree.root(size: vector.size1, hasher: hasher),
                root2: try tree.root(size: vector.size2, hasher: hasher), proof: proof, hasher: hasher)
        }
        #expect(inclusions.count >= 5 && consistencies.count >= 4)
    }

    struct InclusionCase: Decodable {
        let leafIdx: UInt64
        let treeSize: UInt64
        let root: String
        let leafHash: String
        let proof: [String]?
        let desc: String
        let wantErr: Bool
    }

    struct ConsistencyCase: Decodable {
        let size1: UInt64
        let size2: UInt64
        let root1: String
        let root2: String
        let proof: [String]?
        let desc: String
        let wantErr: Bool
    }

    /// A hash field from the vectors: base64 that must decode to exactly 32 bytes.
    static func digest(_ base64: String) -> SHA256Digest? {
        guard let data = Data(base64Encoded: base64) else { return nil }
        return try? SHA256Digest(bytes: [UInt8](data))
    }

    static func cases(_ kind: String) throws -> [URL] {
        let root = TestSupport.vectorsDirectory.appendingPathComponent("transparency-dev-merkle/\(kind)")
        let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
        return (enumerator?.compactMap { $0 as? URL }.filter { $0.pathExtension == "json" } ?? []).sorted {
            $0.path < $1.path
        }
    }

    @Test("transparency-dev inclusion cases: every happy path accepted, every wantErr rejected")
    func transparencyDevInclusion() throws {
        let hasher = MerkleHasher()
        let files = try Self.cases("inclusion")
        var rejected = 0
        for file in files {
            let vector = try JSONDecoder().decode(InclusionCase.self, from: Data(contentsOf: file))
            var accepted = false
            let proof = (vector.proof ?? []).map(Self.digest)
            if let root = Self.digest(vector.root), let leaf = Self.digest(vector.leafHash), !proof.contains(nil) {
                accepted =
                    (try? MerkleProofVerifier.verifyInclusion(
                        leafHash: leaf, index: vector.leafIdx, size: vector.treeSize, proof: proof.map { $0! },
                        root: root, hasher: hasher)) != nil
            }
            #expect(accepted == !vector.wantErr, "\(file.lastPathComponent): \(vector.desc)")
            if !accepted { rejected += 1 }
        }
        #expect(files.count > 90)
        #expect(rejected > 80)
    }

    @Test("transparency-dev consistency cases: every happy path accepted, every wantErr rejected")
    func transparencyDevConsistency() throws {
        let hasher = MerkleHasher()
        let files = try Self.cases("consistency")
        var rejected = 0
        for file in files {
            let vector = try JSONDecoder().decode(ConsistencyCase.self, from: Data(contentsOf: file))
            var accepted = false
            let proof = (vector.proof ?? []).map(Self.digest)
            if let root1 = Self.digest(vector.root1), let root2 = Self.digest(vector.root2), !proof.contains(nil) {
                accepted =
                    (try? MerkleProofVerifier.verifyConsistency(
                        size1: vector.size1, size2: vector.size2, root1: root1, root2: root2, proof: proof.map { $0! },
                        hasher: hasher)) != nil
            }
            if file.lastPathComponent == Self.stricterHere {
                // Upstream accepts equal sizes by comparing root bytes of any length; here a root that is not
                // 32 bytes is malformed and refused before verification. The same case with real roots passes.
                #expect(!accepted && !vector.wantErr && Self.digest(vector.root1) == nil)
                let root = SHA256.hash(Array("root".utf8))
                try MerkleProofVerifier.verifyConsistency(
                    size1: 1, size2: 1, root1: root, root2: root, proof: [], hasher: hasher)
                continue
            }
            #expect(accepted == !vector.wantErr, "\(file.lastPathComponent): \(vector.desc)")
            if !accepted { rejected += 1 }
        }
        #expect(files.count > 90)
        #expect(rejected > 80)
    }

    /// The one corpus case this verifier rejects although upstream accepts it (a 12-byte "root").
    static let stricterHere = "sizes-are-equal-one-and-proof-is-empty.json"

    @Test("the transparency-dev corpus holds 196 cases")
    func corpusIsComplete() throws {
        #expect(try Self.cases("inclusion").count + Self.cases("consistency").count == 196)
    }
}

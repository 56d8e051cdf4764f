import LedgerCore
import Testing

@Suite("Genesis file, chain id, quorum and proposer rotation")
struct GenesisTests {
    @Test("quorum q = ⌈2n/3⌉ and f = ⌊(n−1)/3⌋, including the member-states case n=8, q=6, f=2")
    func quorumTable() throws {
        let expected: [(n: Int, q: Int, f: Int)] = [
            (1, 1, 0), (2, 2, 0), (3, 2, 0), (4, 3, 1), (5, 4, 1), (6, 4, 1), (7, 5, 2), (8, 6, 2), (10, 7, 3),
        ]
        for row in expected {
            #expect(ValidatorSet.quorum(validatorCount: row.n) == row.q, "n=\(row.n)")
            #expect((row.n - 1) / 3 == row.f)
            // Two quorums always share an honest validator: 2q − n ≥ f + 1.
            #expect(2 * row.q - row.n >= row.f + 1)
        }
        let chain = try TestChain(validatorCount: 8)
        #expect(chain.genesis.validatorSet.quorum == 6 && chain.genesis.validatorSet.faultTolerance == 2)
    }

    @Test("JSON round trip keeps the chain id; any change to a field changes it")
    func jsonRoundTrip() throws {
        let chain = try TestChain(validatorCount: 3)
        let reparsed = try Genesis.parse(json: Array(chain.genesis.json.utf8))
        #expect(reparsed.chainID == chain.genesis.chainID)
        #expect(reparsed.encoded == chain.genesis.encoded)
        #expect(chain.genesis.chainID == SHA256.hash(chain.genesis.encoded))
        var renamed = chain.genesis.json.replacingOccurrences(of: "test-chain", with: "test-chain2")
        #expect(try Genesis.parse(json: Array(renamed.utf8)).chainID != chain.genesis.chainID)
        renamed = chain.genesis.json.replacingOccurrences(
            of: "\"maxTransactionsPerBlock\": 10000", with: "\"maxTransactionsPerBlock\": 9999")
        #expect(try Genesis.parse(json: Array(renamed.utf8)).chainID != chain.genesis.chainID)
    }

    @Test("bad genesis files are refused with the field named")
    func badGenesis() throws {
        let chain = try TestChain(validatorCount: 2)
        let good = chain.genesis.json
        let cases: [(String, String)] = [
            (good.replacingOccurrences(of: "mcledger.genesis.v2", with: "mcledger.genesis.v3"), "format"),
            (good.replacingOccurrences(of: "mcledger.genesis.v2", with: "mcledger.genesis.v1"), "predates"),
            (good.replacingOccurrences(of: "\"minValidators\": 1", with: "\"minValidators\": 3"), "minValidators"),
            (good.replacingOccurrences(of: "\"minValidators\": 1", with: "\"minValidators\": 0"), "minValidators"),
            (
                good.replacingOccurrences(
                    of: "\"proposalLifetimeBlocks\": 100000", with: "\"proposalLifetimeBlocks\": 0"),
                "proposalLifetimeBlocks"
            ),
            (good.replacingOccurrences(of: "\"chainName\"", with: "\"chain\""), "chain"),
            (
                good.replacingOccurrences(of: "BEGIN PUBLIC KEY-----\\nMFkw", with: "BEGIN PUBLIC KEY-----\\nMFkx"),
                "publicKey"
            ),
            (good.replacingOccurrences(of: "\"barbados\"", with: "\"cxc\""), "validators"),
            (
                good.replacingOccurrences(
                    of: "\"clockDriftMilliseconds\": 10000", with: "\"clockDriftMilliseconds\": 999999"), "clockDrift"
            ),
            (
                good.replacingOccurrences(of: "\"maxBlockBytes\": 8388608", with: "\"maxBlockBytes\": -1"),
                "maxBlockBytes"
            ),
            (String(good.dropLast(3)), "genesis"),
        ]
        for (text, field) in cases {
            #expect(text != good, "mutation for \(field) did not apply")
            do {
                _ = try Genesis.parse(json: Array(text.utf8))
                Issue.record("accepted a genesis with bad \(field)")
            } catch {
                #expect(error.description.contains(field) || field == "chain", "\(error)")
            }
        }
        let key = try P256PrivateKey.generate().publicKey
        #expect(throws: FormatError.self) {
            try Genesis(
                chainName: "x", genesisTimeMilliseconds: 0, validators: [("a", key), ("b", key)], parameters: .standard)
        }
        #expect(throws: FormatError.self) {
            try Genesis(chainName: "x", genesisTimeMilliseconds: 0, validators: [], parameters: .standard)
        }
    }

    @Test("proposers rotate round-robin by height and round")
    func proposerRotation() throws {
        let chain = try TestChain(validatorCount: 4)
        let genesis = chain.genesis
        #expect(genesis.validatorSet.proposer(height: 1, round: 0).index == 1)
        #expect(genesis.validatorSet.proposer(height: 1, round: 1).index == 2)
        #expect(genesis.validatorSet.proposer(height: 4, round: 0).index == 0)
        #expect(genesis.validatorSet.proposer(height: 3, round: 2).index == 1)
        #expect(genesis.validatorSet.proposer(height: UInt64.max, round: UInt32.max).index < 4)
        let seen = Set((0..<4).map { genesis.validatorSet.proposer(height: 7, round: UInt32($0)).index })
        #expect(seen.count == 4)
    }
}

@Suite("Validator set hash")
struct ValidatorSetHashTests {
    @Test("the hash follows the documented encoding, and changes with any name, key or order")
    func documentedEncoding() throws {
        let chain = try TestChain(validatorCount: 3)
        var manual = Array("mcledger/validator-set/v1".utf8) + [0, 3]
        for validator in chain.genesis.validators {
            let name = Array(validator.name.utf8)
            let key = validator.publicKey.spkiDER
            manual += [UInt8(name.count >> 8), UInt8(name.count & 0xFF)] + name
            manual += [UInt8(key.count >> 8), UInt8(key.count & 0xFF)] + key
        }
        #expect(chain.genesis.validatorSetHash == SHA256.hash(manual))
        let validators = chain.genesis.validators
        let reordered = [validators[1], validators[0], validators[2]]
        #expect(ValidatorSetHash.of(reordered) != chain.genesis.validatorSetHash)
        let renamed = [ValidatorRecord(index: 0, name: "other", publicKey: validators[0].publicKey)] + validators[1...]
        #expect(ValidatorSetHash.of(Array(renamed)) != chain.genesis.validatorSetHash)
        #expect(ValidatorSetHash.of(Array(validators.prefix(2))) != chain.genesis.validatorSetHash)
    }
}

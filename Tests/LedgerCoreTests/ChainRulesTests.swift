import LedgerCore
import LedgerParallel
import Testing

@Suite("Chain rules: links, time, roots, transactions and certificates")
struct ChainRulesTests {
    static func chainWithIssuer() throws -> (TestChain, P256PrivateKey) {
        let chain = try TestChain(validatorCount: 4)
        let issuer = try P256PrivateKey.generate()
        try chain.appendBlock([try chain.registerIssuer("uwi", key: issuer)])
        return (chain, issuer)
    }

    static func rejection(_ result: Result<AcceptedBlock, BlockRejection>) -> BlockRejection? {
        if case .failure(let rejection) = result { return rejection }
        return nil
    }

    @Test("a valid chain grows: heights, links, ledger size and registry all advance")
    func validChain() throws {
        let (chain, issuer) = try Self.chainWithIssuer()
        for batch in 0..<5 {
            try chain.appendBlock((0..<7).map { try chain.issue("cred-\(batch)-\($0)", by: issuer) })
        }
        #expect(chain.tip.height == 6)
        #expect(chain.tip.ledger.size == 36)
        #expect(chain.registry.credentialCount == 35)
        let leaves = chain.blocks.flatMap(\.transactions).map { $0.leafHash(hasher: MerkleHasher()) }
        #expect(chain.blocks.last!.header.ledgerRoot == NaiveMerkle.mth(leaves[...], MerkleHasher()))
        let decoded = try Block.decode(chain.blocks.last!.encoded)
        #expect(decoded == chain.blocks.last!)
    }

    @Test("an issuer registered earlier in the same block may issue later in it, not before")
    func sameBlockRegistration() throws {
        let chain = try TestChain(validatorCount: 1)
        let issuer = try P256PrivateKey.generate()
        let register = try chain.registerIssuer("uwi", key: issuer)
        let issue = try chain.issue("cred-1", by: issuer)
        #expect(
            Self.rejection(chain.validate(try chain.makeBlock([issue, register])))
                == .transaction(index: 0, .authorNotIssuer))
        try chain.appendBlock([register, issue])
        #expect(chain.registry.credential(id: "cred-1") != nil)
    }

    @Test("link rules: chain, height, previous hash, timestamps, proposer")
    func linkRules() throws {
        let (chain, issuer) = try Self.chainWithIssuer()
        let transactions = [try chain.issue("cred-1", by: issuer)]
        let good = try chain.makeBlock(transactions)
        #expect(Self.rejection(chain.validate(good)) == nil)
        func mutated(_ change: (inout BlockHeader) -> Void) throws -> Block {
            var header = good.header
            change(&header)
            return try chain.seal(header, transactions: transactions)
        }
        guard case .wrongChain? = Self.rejection(chain.validate(try mutated { $0.chainID = SHA256.hash([1]) })) else {
            Issue.record("wrong chain accepted")
            return
        }
        #expect(Self.rejection(chain.validate(try mutated { $0.height += 1 })) == .wrongHeight(expected: 2, actual: 3))
        guard
            case .wrongPreviousHash? = Self.rejection(
                chain.validate(try mutated { $0.previousHash = SHA256.hash([2]) }))
        else {
            Issue.record("broken link accepted")
            return
        }
        let parentTime = chain.tip.timestampMilliseconds
        #expect(
            Self.rejection(chain.validate(try mutated { $0.timestampMilliseconds = parentTime }))
                == .timestampNotIncreasing(parentMilliseconds: parentTime, blockMilliseconds: parentTime))
        let drift = chain.genesis.parameters.clockDriftMilliseconds
        let latest = chain.clockMilliseconds + drift
        #expect(Self.rejection(chain.validate(try mutated { $0.timestampMilliseconds = latest })) == nil)
        #expect(
            Self.rejection(chain.validate(try mutated { $0.timestampMilliseconds = latest + 1 }))
                == .timestampTooFarAhead(blockMilliseconds: latest + 1, latestAllowedMilliseconds: latest))
        guard
            case .wrongProposer? = Self.rejection(
                chain.validate(try mutated { $0.proposer = chain.validatorKeys[3].publicKey.keyID }))
        else {
            Issue.record("wrong proposer accepted")
            return
        }
        #expect(
            Self.rejection(chain.validate(try mutated { $0.transactionCount = 2 }))
                == .transactionCountMismatch(header: 2, actual: 1))
        for version: UInt16 in [1, 3] {
            guard case .malformed? = Self.rejection(chain.validate(try mutated { $0.version = version })) else {
                Issue.record("header version \(version) accepted")
                return
            }
        }
        let otherSet = SHA256.hash([9])
        #expect(
            Self.rejection(chain.validate(try mutated { $0.validatorSetHash = otherSet }))
                == .wrongValidatorSet(field: "validatorSetHash", header: otherSet, expected: chain.genesis.validatorSet)
        )
        #expect(
            Self.rejection(chain.validate(try mutated { $0.nextValidatorSetHash = otherSet }))
                == .wrongValidatorSet(
                    field: "nextValidatorSetHash", header: otherSet, expected: chain.genesis.validatorSet))
    }

    @Test("root rules: txRoot, ledgerSize, ledgerRoot and statusRoot are recomputed")
    func rootRules() throws {
        let (chain, issuer) = try Self.chainWithIssuer()
        let transactions = [try chain.issue("cred-1", by: issuer), try chain.issue("cred-2", by: issuer)]
        let good = try chain.makeBlock(transactions)
        func mutated(_ change: (inout BlockHeader) -> Void) throws -> Block {
            var header = good.header
            change(&header)
            return try chain.seal(header, transactions: transactions)
        }
        let wrong = SHA256.hash([3])
        #expect(
            Self.rejection(chain.validate(try mutated { $0.transactionRoot = wrong }))
                == .wrongTransactionRoot(header: wrong, computed: good.header.transactionRoot))
        #expect(
            Self.rejection(chain.validate(try mutated { $0.ledgerSize += 1 }))
                == .wrongLedgerSize(header: good.header.ledgerSize + 1, computed: good.header.ledgerSize))
        #expect(
            Self.rejection(chain.validate(try mutated { $0.ledgerRoot = wrong }))
                == .wrongLedgerRoot(header: wrong, computed: good.header.ledgerRoot))
        // The status root is the map after the block: the parent's root (before it) is refused too.
        for stale in [wrong, chain.statusMap.root] {
            #expect(
                Self.rejection(chain.validate(try mutated { $0.statusRoot = stale }))
                    == .wrongStatusRoot(header: stale, computed: good.header.statusRoot))
        }
        let swapped = try chain.seal(good.header, transactions: transactions.reversed())
        guard case .wrongTransactionRoot? = Self.rejection(chain.validate(swapped)) else {
            Issue.record("reordered transactions accepted")
            return
        }
    }

    @Test("a bad transaction anywhere rejects the block and names its index")
    func transactionRules() throws {
        let (chain, issuer) = try Self.chainWithIssuer()
        let first = try chain.issue("cred-1", by: issuer)
        let duplicate = try chain.sign(
            .issueCredential(
                IssueCredential(
                    credentialID: "cred-1", documentDigest: SHA256.hash([7]), subjectCommitment: SHA256.hash([8]),
                    definitionID: nil, issuedAtMilliseconds: chain.clockMilliseconds, expiresAtMilliseconds: nil)),
            by: issuer)
        #expect(duplicate.id != first.id)
        #expect(
            Self.rejection(chain.validate(try chain.makeBlock([first, duplicate])))
                == .transaction(index: 1, .credentialAlreadyIssued("cred-1")))
        #expect(
            Self.rejection(chain.validate(try chain.makeBlock([first, first])))
                == .transaction(index: 1, .duplicateTransaction(first.id)))
        let forged = try SignedTransaction(
            body: first.body, signature: try chain.validatorKeys[0].sign(message: first.body.encoded))
        #expect(
            Self.rejection(chain.validate(try chain.makeBlock([forged])))
                == .transaction(index: 0, .badSignature(.mismatch)))
    }

    @Test("certificate rules: quorum, distinct genesis validators, valid seals over this header")
    func certificateRules() throws {
        let (chain, issuer) = try Self.chainWithIssuer()
        let transactions = [try chain.issue("cred-1", by: issuer)]
        let tooFew = try chain.makeBlock(transactions, signers: 2)
        #expect(Self.rejection(chain.validate(tooFew)) == .certificate(.tooFewSeals(count: 2, quorum: 3)))
        let all = try chain.makeBlock(transactions, signers: 4)
        #expect(Self.rejection(chain.validate(all)) == nil)
        let header = all.header
        var seals = all.certificate.seals
        let outsider = try P256PrivateKey.generate()
        let foreign = CommitCertificate(
            round: header.round,
            seals: Array(seals.prefix(2)) + [try BlockBuilder.seal(header, genesis: chain.genesis, with: outsider)])
        #expect(
            Self.rejection(chain.validate(Block(header: header, transactions: transactions, certificate: foreign)))
                == .certificate(.notAValidator(outsider.publicKey.keyID)))
        let doubled = CommitCertificate(round: header.round, seals: Array(seals.prefix(2)) + [seals[0]])
        guard
            case .certificate(.duplicateValidator)? = Self.rejection(
                chain.validate(Block(header: header, transactions: transactions, certificate: doubled)))
        else {
            Issue.record("duplicate seal accepted")
            return
        }
        var otherHeader = header
        otherHeader.round = 1
        let wrongMessage = try BlockBuilder.seal(otherHeader, genesis: chain.genesis, with: chain.validatorKeys[0])
        seals[0] = CommitSeal(validatorKeyID: seals[0].validatorKeyID, signature: wrongMessage.signature)
        let stale = CommitCertificate(round: header.round, seals: seals)
        guard
            case .certificate(.badSeal(_, .mismatch))? = Self.rejection(
                chain.validate(Block(header: header, transactions: transactions, certificate: stale)))
        else {
            Issue.record("seal over another header accepted")
            return
        }
    }

    @Test("certificate encoding is canonical: seals must be strictly ascending")
    func certificateEncoding() throws {
        let (chain, issuer) = try Self.chainWithIssuer()
        let block = try chain.makeBlock([try chain.issue("cred-1", by: issuer)], signers: 3)
        let encoded = block.certificate.encoded
        #expect(try CommitCertificate.decode(encoded) == block.certificate)
        // Swap the first two seals in the encoding.
        // u32 round ‖ u16 count, then the seals.
        var reader = Array(encoded.dropFirst(6))
        let firstLength = 32 + 1 + Int(reader[32])
        let first = Array(reader.prefix(firstLength))
        reader.removeFirst(firstLength)
        let secondLength = 32 + 1 + Int(reader[32])
        let second = Array(reader.prefix(secondLength))
        reader.removeFirst(secondLength)
        let swapped = Array(encoded.prefix(6)) + second + first + reader
        #expect(throws: FormatError.self) { try CommitCertificate.decode(swapped) }
    }

    @Test("signatures checked at admission are not checked again: the validator uses them as given")
    func preverifiedReuse() throws {
        let (chain, issuer) = try Self.chainWithIssuer()
        let transaction = try chain.issue("cred-1", by: issuer)
        let block = try chain.makeBlock([transaction])
        let admitted = try TransactionAuthenticator.verify(transaction, authorKey: issuer.publicKey).get()
        var lookups = 0
        let result = try ChainRules.validate(
            block: block, parent: chain.tip, parentStatus: chain.statusMap, genesis: chain.genesis,
            registry: chain.registry, localTimeMilliseconds: chain.clockMilliseconds
        ) { candidate in
            lookups += 1
            return candidate == transaction ? admitted : nil
        }
        #expect(lookups == 1)
        #expect(Self.rejection(result) == nil)
        // A cached result for different bytes is ignored, so a cache cannot smuggle in a transaction.
        let other = try chain.issue("cred-2", by: issuer)
        let otherAdmitted = try TransactionAuthenticator.verify(other, authorKey: issuer.publicKey).get()
        #expect(TransactionAuthenticator.reuse(otherAdmitted, for: transaction) == nil)
    }

    @Test("parallel signature checks give the same verdicts as sequential ones, in order")
    func parallelVerification() throws {
        let (chain, issuer) = try Self.chainWithIssuer()
        var transactions = try (0..<200).map { try chain.issue("cred-\($0)", by: issuer) }
        transactions[37] = try SignedTransaction(body: transactions[37].body, signature: transactions[36].signature)
        let results = TransactionAuthenticator.verifyAll(transactions, work: Parallel.everyCore) {
            $0 == issuer.publicKey.keyID ? issuer.publicKey : nil
        }
        for (index, result) in results.enumerated() {
            if index == 37 {
                #expect((try? result.get()) == nil)
            } else {
                #expect(try result.get().transaction == transactions[index])
            }
        }
    }

    @Test("block limits from genesis: transaction count and size")
    func blockLimits() throws {
        let parameters = ChainParameters(
            transactionsPerBlockMax: 3, blockBytesMax: 65_536, clockDriftMilliseconds: 1_000)
        let chain = try TestChain(validatorCount: 1, parameters: parameters)
        let issuer = try P256PrivateKey.generate()
        try chain.appendBlock([try chain.registerIssuer("uwi", key: issuer)])
        let four = try (0..<4).map { try chain.issue("c\($0)", by: issuer) }
        #expect(
            Self.rejection(chain.validate(try chain.makeBlock(four))) == .tooManyTransactions(count: 4, countMax: 3))
        #expect(Self.rejection(chain.validate(try chain.makeBlock(Array(four.prefix(3))))) == nil)
    }

    @Test("block decoding is strict: truncated, trailing or count-mismatched blocks are refused")
    func blockDecoding() throws {
        let (chain, issuer) = try Self.chainWithIssuer()
        let block = try chain.makeBlock([try chain.issue("cred-1", by: issuer)])
        let bytes = block.encoded
        #expect(try Block.decode(bytes) == block)
        for length in stride(from: 0, to: bytes.count, by: 7) {
            #expect(throws: FormatError.self) { try Block.decode(Array(bytes.prefix(length))) }
        }
        #expect(throws: FormatError.self) { try Block.decode(bytes + [0]) }
        var wrongCount = bytes
        wrongCount[BlockHeader.encodedByteCount + 3] = 2
        #expect(throws: FormatError.self) { try Block.decode(wrongCount) }
        #expect(throws: FormatError.self) { try BlockHeader.decode(Array(block.header.encoded.dropLast())) }
    }
}

import LedgerCore
import Testing

/// Validator-set changes through the chain rules: proposals with proofs of possession, activation at H + 1, and the
/// regressions the issue names.
@Suite("Validator-set changes on the chain")
struct ValidatorChangeChainTests {
    /// A 4-validator chain that adds `bahamas` (proposed by validator 0, approved by 1 and 2) in its block H.
    static func grown() throws -> (chain: TestChain, newKey: P256PrivateKey, passHeight: UInt64) {
        let chain = try TestChain(validatorCount: 4)
        let newKey = try chain.joiningKey()
        let proposal = try chain.propose(try chain.addition("bahamas", key: newKey), by: chain.validatorKeys[0])
        try chain.appendBlock([proposal])
        try chain.appendBlock([try chain.approve(proposal.id, by: chain.validatorKeys[1])])
        #expect(chain.tip.validators.count == 4, "2 of q(4) = 3")
        let accepted = try chain.appendBlock([try chain.approve(proposal.id, by: chain.validatorKeys[2])])
        return (chain, newKey, accepted.header.height)
    }

    @Test("block H that passes a change commits the new set as next; from H + 1 the new set signs")
    func activation() throws {
        let (chain, newKey, passHeight) = try Self.grown()
        let passBlock = chain.blocks[Int(passHeight) - 1]
        #expect(passBlock.header.validatorSetHash == chain.genesis.validatorSetHash)
        #expect(passBlock.header.nextValidatorSetHash == chain.tip.validators.hash)
        #expect(chain.tip.validators.count == 5 && chain.tip.governance.epoch == 1)
        #expect(chain.tip.validators.validator(keyID: newKey.publicKey.keyID)?.country == "BS")
        #expect(chain.tip.governance.epochStartHeight == passHeight + 1)
        // q(5) = 4: the four genesis validators alone still make a quorum of the new set, and the new member too.
        let next = try chain.makeBlock([])
        #expect(next.header.validatorSetHash == chain.tip.validators.hash)
        let withNewMember = try chain.seal(
            next.header, transactions: [], keys: [newKey] + chain.validatorKeys.prefix(3))
        _ = try chain.validate(withNewMember).get()
        let threeOld = try chain.seal(next.header, transactions: [], signers: 3)
        #expect(
            Self.certificateProblem(chain.validate(threeOld)) == .tooFewSeals(count: 3, quorum: 4),
            "three seals were a quorum of the old set, not of the new one")
    }

    @Test("besu#2901: the proposer and both set hashes of H + 1 come from S(H + 1), not from H's parent")
    func nextSetSchedulesTheProposer() throws {
        let (chain, _, passHeight) = try Self.grown()
        let height = passHeight + 1
        let old = chain.genesis.validatorSet
        let new = chain.tip.validators
        var header = try chain.makeBlock([]).header
        #expect(header.proposer == new.proposer(height: height, round: 0).keyID)
        #expect(old.proposer(height: height, round: 0).keyID != header.proposer, "the rotations differ at H + 1")
        header.proposer = old.proposer(height: height, round: 0).keyID
        let stale = try chain.seal(header, transactions: [])
        guard case .wrongProposer? = Self.rejection(chain.validate(stale)) else {
            Issue.record("a header scheduled by the old set was accepted")
            return
        }
        var oldSet = try chain.makeBlock([]).header
        oldSet.validatorSetHash = old.hash
        oldSet.nextValidatorSetHash = old.hash
        guard
            case .wrongValidatorSet(field: "validatorSetHash", _, _)? = Self.rejection(
                chain.validate(try chain.seal(oldSet, transactions: [])))
        else {
            Issue.record("a header naming the old set after the handoff was accepted")
            return
        }
    }

    @Test("the pass block must name the new set as next, and no other block may")
    func nextSetHashIsChecked() throws {
        let chain = try TestChain(validatorCount: 4)
        let newKey = try chain.joiningKey()
        let proposal = try chain.propose(try chain.addition("bahamas", key: newKey), by: chain.validatorKeys[0])
        try chain.appendBlock([proposal, try chain.approve(proposal.id, by: chain.validatorKeys[1])])
        let passing = try chain.makeBlock([try chain.approve(proposal.id, by: chain.validatorKeys[2])])
        var unchanged = passing.header
        unchanged.nextValidatorSetHash = chain.genesis.validatorSetHash
        guard
            case .wrongValidatorSet(field: "nextValidatorSetHash", _, let expected)? = Self.rejection(
                chain.validate(try chain.seal(unchanged, transactions: passing.transactions)))
        else {
            Issue.record("a pass block naming the old set as next was accepted")
            return
        }
        #expect(expected.count == 5)
        var claimed = try chain.makeBlock([]).header
        claimed.nextValidatorSetHash = expected.hash
        guard
            case .wrongValidatorSet(field: "nextValidatorSetHash", _, _)? = Self.rejection(
                chain.validate(try chain.seal(claimed, transactions: [])))
        else {
            Issue.record("a block without a pass named a new set")
            return
        }
    }

    @Test("a removed validator's seals and transactions are refused from H + 1 (quorum#1728: q of the new set)")
    func removal() throws {
        let (chain, newKey, _) = try Self.grown()
        let leaving = chain.validatorKeys[3]
        let proposal = try chain.propose(.remove(name: "grenada"), by: chain.validatorKeys[0])
        try chain.appendBlock([proposal])
        try chain.appendBlock([try chain.approve(proposal.id, by: chain.validatorKeys[1])])
        try chain.appendBlock([try chain.approve(proposal.id, by: newKey)])
        #expect(chain.tip.validators.count == 5, "3 of q(5) = 4 is not enough")
        try chain.appendBlock([try chain.approve(proposal.id, by: chain.validatorKeys[2])])
        #expect(chain.tip.validators.count == 4 && !chain.tip.validators.contains(leaving.publicKey.keyID))
        #expect(chain.tip.governance.epoch == 2)
        let next = try chain.makeBlock([])
        let withRemoved = try chain.seal(
            next.header, transactions: [], keys: [leaving, chain.validatorKeys[0], chain.validatorKeys[1]])
        #expect(Self.certificateProblem(chain.validate(withRemoved)) == .notAValidator(leaving.publicKey.keyID))
        // q(4) = 3 members of the new set make it final.
        _ = try chain.validate(
            try chain.seal(
                next.header, transactions: [], keys: [newKey, chain.validatorKeys[0], chain.validatorKeys[1]])
        ).get()
        let issuerKey = try P256PrivateKey.generate()
        let late = try chain.registerIssuer("late-issuer", key: issuerKey, by: 3)
        let refused = try chain.makeBlock([late])
        guard case .transaction(0, .unknownAuthor)? = Self.rejection(chain.validate(refused)) else {
            Issue.record("a removed validator registered an issuer")
            return
        }
    }

    @Test("a proof of possession must be the new key's signature over this chain and this member")
    func proofOfPossession() throws {
        let chain = try TestChain(validatorCount: 1)
        let newKey = try chain.joiningKey()
        let good = try ValidatorAddition.signed(
            name: "bahamas", country: "BS", key: newKey, chainID: chain.genesis.chainID)
        var cases: [(String, ValidatorAddition)] = []
        var byProposer = good
        byProposer.proofOfPossession = try chain.validatorKeys[0].sign(
            message: ValidatorAddition.possessionMessage(
                chainID: chain.genesis.chainID, name: "bahamas", country: "BS", publicKey: good.publicKey))
        cases.append(("signed by the proposer", byProposer))
        cases.append(
            (
                "signed for another chain",
                try ValidatorAddition.signed(name: "bahamas", country: "BS", key: newKey, chainID: SHA256.hash([1]))
            ))
        var renamed = good
        renamed.name = "haiti"
        cases.append(("for another name", renamed))
        var recountried = good
        recountried.country = "HT"
        cases.append(("for another country", recountried))
        var flipped = good
        flipped.proofOfPossession[10] ^= 1
        cases.append(("with a flipped bit", flipped))
        for (label, addition) in cases {
            let block = try chain.makeBlock([try chain.propose(.add(addition), by: chain.validatorKeys[0])])
            #expect(
                Self.rejection(chain.validate(block)) == .transaction(index: 0, .badProofOfPossession), "\(label)")
        }
        try chain.appendBlock([try chain.propose(.add(good), by: chain.validatorKeys[0])])
        #expect(chain.tip.validators.count == 2, "a one-validator chain passes its own proposal at once")
    }

    @Test("a new validator's key may not be an issuer's, and an issuer may not take a pending member's key")
    func keyCollisions() throws {
        let chain = try TestChain(validatorCount: 4)
        let issuerKey = try P256PrivateKey.generate()
        try chain.appendBlock([try chain.registerIssuer("uwi", key: issuerKey)])
        let asIssuer = try chain.propose(try chain.addition("bahamas", key: issuerKey), by: chain.validatorKeys[0])
        #expect(
            Self.rejection(chain.validate(try chain.makeBlock([asIssuer])))
                == .transaction(index: 0, .validatorKeyInUse(issuerKey.publicKey.keyID)))
        let newKey = try chain.joiningKey()
        try chain.appendBlock([
            try chain.propose(try chain.addition("bahamas", key: newKey), by: chain.validatorKeys[0])
        ])
        let taking = try chain.registerIssuer("utech", key: newKey)
        #expect(
            Self.rejection(chain.validate(try chain.makeBlock([taking])))
                == .transaction(index: 0, .issuerKeyInUse(newKey.publicKey.keyID)))
    }

    @Test("governance payloads round-trip, and malformed ones are refused with the field named")
    func encoding() throws {
        let chain = try TestChain(validatorCount: 1)
        let key = try chain.joiningKey()
        for change in [try chain.addition("bahamas", key: key), .remove(name: "cxc")] {
            let transaction = try chain.propose(change, by: chain.validatorKeys[0])
            #expect(try SignedTransaction.decode(transaction.encoded) == transaction)
        }
        let approval = try chain.approve(SHA256.hash([7]), by: chain.validatorKeys[0])
        #expect(try SignedTransaction.decode(approval.encoded) == approval)
        let bad: [(ValidatorChange, String)] = [
            (.remove(name: "bad name"), "name"),
            (
                .add(
                    ValidatorAddition(
                        name: "bahamas", country: "bs", publicKey: key.publicKey.spkiDER, proofOfPossession: [1])),
                "country"
            ),
            (
                .add(ValidatorAddition(name: "bahamas", country: "BS", publicKey: [], proofOfPossession: [1])),
                "publicKey"
            ),
            (
                .add(
                    ValidatorAddition(
                        name: "bahamas", country: "BS", publicKey: key.publicKey.spkiDER, proofOfPossession: [])),
                "proofOfPossession"
            ),
        ]
        for (change, field) in bad {
            do {
                _ = try TransactionBody(
                    chainID: chain.genesis.chainID, authorKeyID: chain.validatorKeys[0].publicKey.keyID,
                    payload: .proposeValidatorChange(ProposeValidatorChange(change: change, proposedAtMilliseconds: 1)))
                Issue.record("accepted a proposal with a bad \(field)")
            } catch {
                #expect(error.description.contains(field), "\(error)")
            }
        }
    }

    static func rejection(_ result: Result<AcceptedBlock, BlockRejection>) -> BlockRejection? {
        if case .failure(let rejection) = result { return rejection }
        return nil
    }

    static func certificateProblem(_ result: Result<AcceptedBlock, BlockRejection>) -> CertificateProblem? {
        if case .certificate(let problem)? = rejection(result) { return problem }
        return nil
    }
}

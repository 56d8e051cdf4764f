import LedgerCore
import LedgerRuntime

/// The issuers' keys the simulated clients sign with: generated once per process, since ECDSA keys take time
/// and a seed need not choose them. Issuer 0 is registered during a run; issuer 1 never is (its transactions
/// have an unknown author); key 2 is the QA body's; keys 3 and 4 are the ones the college rotates to.
enum SimulationIssuers {
    static let keys: [P256PrivateKey] = (0..<5).map { _ in try! P256PrivateKey.generate() }
}

/// Simulated clients: real, signed transactions (registerIssuer, registerDefinition with a pathway,
/// registerQABody, recordAccreditation, withdrawAccreditation, changeIssuerStanding, rotateIssuerKey (by the college,
/// then by its authority), revokeIssuedRange, issueCredential citing entries, the accreditation and components,
/// revokeCredential, suspendCredential, reinstateCredential) submitted through the real admission path at seeded
/// times, with invalid ones (a forged signature, an unknown author, a retired key) and duplicates mixed in. They
/// remember what nodes reported final to them.
struct SimulatedClients {
    /// A transaction a client submitted, and the node it went to.
    struct Submission {
        let transaction: SignedTransaction
        let node: Int
    }

    let genesis: Genesis
    let authority: P256PrivateKey
    let transactionsMax: Int
    private(set) var submissions: [Submission] = []
    /// Transaction ids a node reported final to the client that submitted them, with the height it gave.
    private(set) var reportedFinal: [TransactionID: UInt64] = [:]
    /// Ids of transactions that must never be final (forged, or from an unregistered author).
    private(set) var invalidIDs: Set<TransactionID> = []
    private var issued: [String] = []
    private var step = 0
    private var withdrawn = false
    private var suspended = false
    /// The college's key, as the clients last rotated it (the rotation may yet be refused, say while suspended).
    private var keyIndex = 0
    var rejected = 0

    init(genesis: Genesis, authority: P256PrivateKey, transactionsMax: Int) {
        self.genesis = genesis
        self.authority = authority
        self.transactionsMax = transactionsMax
    }

    /// The next transaction the clients send at simulated time `now`.
    mutating func next(now: UInt64, random: inout SeededGenerator) -> SignedTransaction? {
        guard submissions.count < transactionsMax else { return nil }
        step += 1
        let issuer = SimulationIssuers.keys[keyIndex]
        func body(_ payload: TransactionPayload, by key: P256PrivateKey) -> SignedTransaction? {
            guard
                let body = try? TransactionBody(
                    chainID: genesis.chainID, authorKeyID: key.publicKey.keyID, payload: payload)
            else { return nil }
            return try? SignedTransaction.sign(body, with: key)
        }
        switch step {
        case 1:
            let registration = RegisterIssuer(
                issuerID: "simulated-college", displayName: "Simulated College", country: "BB",
                publicKey: SimulationIssuers.keys[0].publicKey.spkiDER, accreditationNotes: "")
            return body(.registerIssuer(registration), by: authority)
        case 2, 3:
            let definition = RegisterDefinition(
                definitionID: "course-\(step - 1)", title: "Food Safety \(step - 1)", notionalMinutes: 360, level: 3,
                format: .online, activity: .course)
            return body(.registerDefinition(definition), by: issuer)
        case 4:
            let registration = RegisterQABody(
                qaBodyID: "simulated-council", displayName: "Simulated Council", country: "BB",
                publicKey: SimulationIssuers.keys[2].publicKey.spkiDER)
            return body(.registerQABody(registration), by: authority)
        case 5:
            let accreditation = RecordAccreditation(
                accreditationID: "acc-1", issuerID: "simulated-college", scope: .issuer(kinds: [.course, .pathway]),
                validFromMilliseconds: 0, validUntilMilliseconds: .max)
            return body(.recordAccreditation(accreditation), by: SimulationIssuers.keys[2])
        case 6:
            let pathway = RegisterDefinition(
                definitionID: "path-1", title: "Certificate in Food Safety", notionalMinutes: 720, level: 4,
                format: .online, activity: .pathway, components: ["course-1", "course-2"], componentsRequired: 2)
            return body(.registerDefinition(pathway), by: issuer)
        default: break
        }
        let id = "c-\(step)"
        let definitionID = [nil, "course-1", "course-2"][Int.random(in: 0..<3, using: &random)]
        let issue = IssueCredential(
            credentialID: id, documentDigest: SHA256.hash(Array(id.utf8)), subjectCommitment: SHA256.hash([1]),
            definitionID: definitionID, issuedAtMilliseconds: now, expiresAtMilliseconds: nil,
            accreditationID: definitionID != nil && Bool.random(using: &random) ? "acc-1" : nil)
        switch Int.random(in: 0..<12, using: &random) {
        case 0 where !issued.isEmpty:
            let target = issued[Int.random(in: 0..<issued.count, using: &random)]
            return body(.revokeCredential(RevokeCredential(credentialID: target, reason: .superseded)), by: issuer)
        case 10 where !issued.isEmpty:
            // Suspensions and reinstatements of any issued credential: the rules refuse those its state forbids.
            let target = issued[Int.random(in: 0..<issued.count, using: &random)]
            let suspension = SuspendCredential(
                credentialID: target, reason: .underInvestigation, decidedAtMilliseconds: now &+ UInt64(step))
            return body(.suspendCredential(suspension), by: issuer)
        case 11 where !issued.isEmpty:
            let target = issued[Int.random(in: 0..<issued.count, using: &random)]
            let reinstatement = ReinstateCredential(credentialID: target, decidedAtMilliseconds: now &+ UInt64(step))
            return body(.reinstateCredential(reinstatement), by: issuer)
        case 1:
            // A forged signature: the issuer's body, signed by another key.
            guard let genuine = body(.issueCredential(issue), by: issuer),
                let forged = try? SignedTransaction(
                    body: genuine.body, signature: try SimulationIssuers.keys[1].sign(message: genuine.body.encoded))
            else { return nil }
            invalidIDs.insert(forged.id)
            return forged
        case 2:
            // An author that was never registered.
            guard let stranger = body(.issueCredential(issue), by: SimulationIssuers.keys[1]) else { return nil }
            invalidIDs.insert(stranger.id)
            return stranger
        case 8 where !withdrawn && step > transactionsMax / 2:
            // Late in a run the body withdraws its accreditation: later citations of it must be refused.
            withdrawn = true
            let withdrawal = WithdrawAccreditation(accreditationID: "acc-1", decidedAtMilliseconds: now)
            return body(.withdrawAccreditation(withdrawal), by: SimulationIssuers.keys[2])
        case 7 where step > transactionsMax / 3:
            // The authority suspends the college, then reinstates it: issuance in between must be refused.
            suspended.toggle()
            let change = ChangeIssuerStanding(
                issuerID: "simulated-college", standing: suspended ? .suspended : .active,
                decidedAtMilliseconds: now &+ UInt64(step))
            return body(.changeIssuerStanding(change), by: authority)
        case 9 where issued.count >= 2:
            // A stacked award of two issued credentials: refused unless one is for each course and both are active.
            let components = [issued.randomElement(using: &random)!, issued.randomElement(using: &random)!]
            let award = IssueCredential(
                credentialID: id, documentDigest: issue.documentDigest, subjectCommitment: issue.subjectCommitment,
                definitionID: "path-1", issuedAtMilliseconds: now, expiresAtMilliseconds: nil,
                components: Array(Set(components)).sorted())
            issued.append(id)
            return body(.issueCredential(award), by: issuer)
        case 4 where keyIndex == 0 && step > transactionsMax / 2:
            // The college rotates its own key; later it signs with the new one, and the old one is refused.
            keyIndex = 3
            guard
                let rotation = try? RotateIssuerKey.signed(
                    issuerID: "simulated-college", newKey: SimulationIssuers.keys[3], chainID: genesis.chainID)
            else { return nil }
            return body(.rotateIssuerKey(rotation), by: issuer)
        case 5 where keyIndex == 3 && step > transactionsMax * 2 / 3:
            // Its authority re-keys it after a "compromise", signing alone.
            keyIndex = 4
            let rotation = RotateIssuerKey(
                issuerID: "simulated-college", publicKey: SimulationIssuers.keys[4].publicKey.spkiDER,
                proofOfPossession: [])
            return body(.rotateIssuerKey(rotation), by: authority)
        case 6 where keyIndex == 4:
            // Then revokes everything final so far; a retired key's issuance is refused.
            if Bool.random(using: &random) { return body(.issueCredential(issue), by: SimulationIssuers.keys[3]) }
            guard let top = reportedFinal.values.max(), top >= 1 else { return nil }
            let range = RevokeIssuedRange(
                issuerID: "simulated-college", fromHeight: 1, toHeight: top, reason: .issuerKeyCompromised)
            return body(.revokeIssuedRange(range), by: authority)
        case 3 where !submissions.isEmpty:
            // A duplicate: the same transaction again; at most one copy may ever be final.
            return submissions[Int.random(in: 0..<submissions.count, using: &random)].transaction
        default:
            issued.append(id)
            return body(.issueCredential(issue), by: issuer)
        }
    }

    mutating func record(_ transaction: SignedTransaction, node: Int, outcome: AdmissionOutcome) {
        submissions.append(Submission(transaction: transaction, node: node))
        if case .rejected = outcome { rejected += 1 }
    }

    mutating func reportFinal(_ id: TransactionID, height: UInt64) { reportedFinal[id] = height }
}

// Test helper for the store's crash tests, killed with SIGKILL at random moments by the tests.
// - StoreCrashWriter STORE_DIR FIXTURE_DIR SEED: appends blocks forever, printing "final H" after each append
//   returns (that is, after the block is durable).
// - StoreCrashWriter consensus STATE_FILE: saves consensus states with rising rounds forever, printing
//   "saved R" after each save returns.
import Foundation
import LedgerCore
import LedgerStore

let arguments = CommandLine.arguments
if arguments.count == 3 && arguments[1] == "consensus" {
    let store = FileConsensusStateStore(path: arguments[2], chainID: SHA256.hash(Array("crash".utf8)))
    do {
        var state = try store.load() ?? ConsensusState(height: 1)
        while true {
            state.round += 1
            let slot = SigningSlot(height: state.height, round: state.round, kind: .prepare)
            state.signatures[slot] = StoredSignature(
                messageDigest: SHA256.hash(Array("round \(state.round)".utf8)),
                signature: [UInt8](repeating: 7, count: 70))
            if state.signatures.count > 64, let oldest = state.signatures.keys.min() { state.signatures[oldest] = nil }
            try store.save(state)
            FileHandle.standardOutput.write(Data("saved \(state.round)\n".utf8))
        }
    } catch {
        FileHandle.standardError.write(Data("StoreCrashWriter: \(error)\n".utf8))
        exit(1)
    }
}
guard arguments.count == 4, let seed = UInt64(arguments[3]) else {
    FileHandle.standardError.write(
        Data("usage: StoreCrashWriter STORE_DIR FIXTURE_DIR SEED | consensus STATE_FILE\n".utf8))
    exit(2)
}
let fixture = arguments[2]
do {
    let genesis = try Genesis.parse(
        json: [UInt8](try Data(contentsOf: URL(fileURLWithPath: fixture + "/genesis.json"))))
    let validators = try (0..<genesis.validatorSet.count).map {
        try KeyFile.readPrivateKey(path: fixture + "/validator-\($0).key.pem")
    }
    let issuer = try KeyFile.readPrivateKey(path: fixture + "/issuer.key.pem")
    let store = try ChainStore(directory: arguments[1], genesis: genesis)
    var random = SeededGenerator(seed: seed)
    func sign(_ payload: TransactionPayload, _ key: P256PrivateKey) throws -> SignedTransaction {
        try SignedTransaction.sign(
            try TransactionBody(chainID: genesis.chainID, authorKeyID: key.publicKey.keyID, payload: payload), with: key
        )
    }
    while true {
        let tip = store.tip
        var transactions: [SignedTransaction] = []
        if try store.issuer(id: "crash-issuer") == nil {
            transactions.append(
                try sign(
                    .registerIssuer(
                        RegisterIssuer(
                            issuerID: "crash-issuer", displayName: "Crash Test College", country: "BB",
                            publicKey: issuer.publicKey.spkiDER, accreditationNotes: "")), validators[0]))
        }
        let now = UInt64(Date().timeIntervalSince1970 * 1000)
        let timestamp = max(now, tip.timestampMilliseconds + 1)
        for index in 0..<Int.random(in: 1...12, using: &random) {
            transactions.append(
                try sign(
                    .issueCredential(
                        IssueCredential(
                            credentialID: "c-\(tip.height + 1)-\(index)", documentDigest: SHA256.hash([UInt8(index)]),
                            subjectCommitment: SHA256.hash([UInt8(index), 1]), definitionID: nil,
                            issuedAtMilliseconds: timestamp, expiresAtMilliseconds: nil)), issuer))
        }
        let parentStatus = store.status
        let execution = try store.withRegistry { registry in
            try ChainRules.execute(
                transactions, timestampMilliseconds: timestamp, parent: tip, parentStatus: parentStatus,
                genesis: genesis, registry: registry
            ).get()
        }
        let header = BlockBuilder.header(
            parent: tip, genesis: genesis, execution: execution, timestampMilliseconds: timestamp, round: 0)
        let seals = try validators.prefix(genesis.validatorSet.quorum).map {
            try BlockBuilder.seal(header, genesis: genesis, with: $0)
        }
        let block = Block(
            header: header, transactions: transactions,
            certificate: CommitCertificate(round: header.round, seals: seals))
        try store.append(block, localTimeMilliseconds: timestamp)
        FileHandle.standardOutput.write(Data("final \(header.height)\n".utf8))
    }
} catch {
    FileHandle.standardError.write(Data("StoreCrashWriter: \(error)\n".utf8))
    exit(1)
}

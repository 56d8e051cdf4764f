/// The wire encoding of consensus messages (docs/FORMATS.md, "Consensus messages"); strict like every decoder.
extension ConsensusMessage {
    private enum WireType: UInt8 {
        case proposal = 1
        case prepare = 2
        case commit = 3
        case roundChange = 4
        case finalBlock = 5
    }

    public var encoded: [UInt8] {
        var writer = CanonicalWriter(capacity: 512)
        switch self {
        case .proposal(let vote, let block, let roundChanges, let prepares):
            writer.write(WireType.proposal.rawValue)
            Self.write(vote, into: &writer)
            Self.write(block, into: &writer)
            Self.write(roundChanges, into: &writer)
            Self.write(prepares, into: &writer)
        case .prepare(let vote):
            writer.write(WireType.prepare.rawValue)
            Self.write(vote, into: &writer)
        case .commit(let vote):
            writer.write(WireType.commit.rawValue)
            Self.write(vote, into: &writer)
        case .roundChange(let vote, let block, let certificate):
            writer.write(WireType.roundChange.rawValue)
            Self.write(vote, into: &writer)
            writer.write(optional: block) { Self.write($1, into: &$0) }
            Self.write(certificate, into: &writer)
        case .finalBlock(let block):
            writer.write(WireType.finalBlock.rawValue)
            writer.write(longBytes: block.encoded, bytesMax: Limits.blockBytesMax)
        }
        return writer.bytes
    }

    /// Decodes one message; any malformed, oversize or mismatched input throws.
    public static func decode(_ bytes: [UInt8]) throws(FormatError) -> ConsensusMessage {
        guard bytes.count <= Limits.consensusMessageBytesMax else {
            throw .tooLong(field: "consensus message", bytesMax: Limits.consensusMessageBytesMax, actual: bytes.count)
        }
        var reader = CanonicalReader(bytes)
        let typeByte = try reader.readUInt8(field: "message.type")
        guard let type = WireType(rawValue: typeByte) else {
            throw .unknownTag(field: "message.type", value: UInt64(typeByte))
        }
        let message: ConsensusMessage
        switch type {
        case .proposal:
            let vote = try readVote(&reader, kind: .proposal)
            message = .proposal(
                vote: vote, block: try readBlock(&reader), roundChanges: try readVotes(&reader, kind: .roundChange),
                prepares: try readVotes(&reader, kind: .prepare))
        case .prepare: message = .prepare(try readVote(&reader, kind: .prepare))
        case .commit: message = .commit(try readVote(&reader, kind: .commit))
        case .roundChange:
            let vote = try readVote(&reader, kind: .roundChange)
            let block = try reader.readOptional(field: "roundChange.block") { reader throws(FormatError) in
                try readBlock(&reader)
            }
            message = .roundChange(
                vote: vote, preparedBlock: block, preparedCertificate: try readVotes(&reader, kind: .prepare))
        case .finalBlock:
            message = .finalBlock(
                try Block.decode(try reader.readLongBytes(field: "finalBlock", bytesMax: Limits.blockBytesMax)))
        }
        try reader.finish()
        return message
    }

    static func write(_ vote: ConsensusVote, into writer: inout CanonicalWriter) {
        writer.write(vote.kind.rawValue)
        writer.write(vote.height)
        writer.write(vote.round)
        writer.write(optional: vote.digest) { $0.write($1) }
        writer.write(optional: vote.preparedRound) { $0.write($1) }
        if vote.kind == .commit {
            guard let head = vote.ledgerHead else { preconditionFailure("a COMMIT vote carries its ledger head") }
            writer.write(head.size)
            writer.write(head.root)
        }
        writer.write(vote.signer)
        writer.write(shortBytes: vote.signature, bytesMax: Limits.signatureBytesMax)
    }

    static func write(_ votes: [ConsensusVote], into writer: inout CanonicalWriter) {
        writer.write(UInt16(votes.count))
        for vote in votes { write(vote, into: &writer) }
    }

    static func write(_ block: ProposedBlock, into writer: inout CanonicalWriter) {
        writer.write(raw: block.header.encoded)
        writer.write(UInt32(block.transactions.count))
        for transaction in block.transactions { transaction.encode(into: &writer) }
    }

    static func readVote(_ reader: inout CanonicalReader, kind: ConsensusMessageKind) throws(FormatError)
        -> ConsensusVote
    {
        let kindByte = try reader.readUInt8(field: "vote.kind")
        guard kindByte == kind.rawValue else {
            throw .invalidValue(field: "vote.kind", reason: "expected \(kind) inside this message, got \(kindByte)")
        }
        return ConsensusVote(
            kind: kind, height: try reader.readUInt64(field: "vote.height"),
            round: try reader.readUInt32(field: "vote.round"),
            digest: try reader.readOptional(field: "vote.digest") { reader throws(FormatError) in
                try reader.readDigest(field: "vote.digest")
            },
            preparedRound: try reader.readOptional(field: "vote.preparedRound") { reader throws(FormatError) in
                try reader.readUInt32(field: "vote.preparedRound")
            },
            ledgerHead: kind == .commit
                ? LedgerHead(
                    size: try reader.readUInt64(field: "vote.ledgerSize"),
                    root: try reader.readDigest(field: "vote.ledgerRoot")) : nil,
            signer: try reader.readDigest(field: "vote.signer"),
            signature: try reader.readShortBytes(field: "vote.signature", bytesMax: Limits.signatureBytesMax))
    }

    static func readVotes(_ reader: inout CanonicalReader, kind: ConsensusMessageKind) throws(FormatError)
        -> [ConsensusVote]
    {
        let count = Int(try reader.readUInt16(field: "votes.count"))
        guard count <= Limits.validatorsMax else {
            throw .tooMany(field: "votes", countMax: Limits.validatorsMax, actual: count)
        }
        var votes: [ConsensusVote] = []
        for _ in 0..<count { votes.append(try readVote(&reader, kind: kind)) }
        return votes
    }

    static func readBlock(_ reader: inout CanonicalReader) throws(FormatError) -> ProposedBlock {
        let header = try BlockHeader.decode(from: &reader)
        let count = try reader.readUInt32(field: "block.txCount")
        guard count == header.transactionCount, count <= Limits.transactionsPerBlockMax else {
            throw .invalidValue(
                field: "block.txCount", reason: "\(count) transactions, header says \(header.transactionCount)")
        }
        var transactions: [SignedTransaction] = []
        for _ in 0..<count { transactions.append(try SignedTransaction.decode(from: &reader)) }
        return ProposedBlock(header: header, transactions: transactions)
    }
}

/// Encodings of a prepared block and its certificate, for the persisted lock.
extension ProposedBlock {
    var encoded: [UInt8] {
        var writer = CanonicalWriter()
        ConsensusMessage.write(self, into: &writer)
        return writer.bytes
    }

    static func decode(_ bytes: [UInt8]) throws(FormatError) -> ProposedBlock {
        var reader = CanonicalReader(bytes)
        let block = try ConsensusMessage.readBlock(&reader)
        try reader.finish()
        return block
    }
}

enum PrepareCertificateCoding {
    static func encode(_ votes: [ConsensusVote]) -> [UInt8] {
        var writer = CanonicalWriter()
        ConsensusMessage.write(votes, into: &writer)
        return writer.bytes
    }

    static func decode(_ bytes: [UInt8]) throws(FormatError) -> [ConsensusVote] {
        var reader = CanonicalReader(bytes)
        let votes = try ConsensusMessage.readVotes(&reader, kind: .prepare)
        try reader.finish()
        return votes
    }
}

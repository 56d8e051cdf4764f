/// A final block: header, transactions and the commit certificate that made it final.
/// Encoding (docs/FORMATS.md): header (194 bytes) ‖ u32 count ‖ signed transactions… ‖ certificate.
public struct Block: Sendable, Hashable {
    public let header: BlockHeader
    public let transactions: [SignedTransaction]
    public let certificate: CommitCertificate

    public init(header: BlockHeader, transactions: [SignedTransaction], certificate: CommitCertificate) {
        self.header = header
        self.transactions = transactions
        self.certificate = certificate
    }

    /// Where the first transaction starts in `encoded`: after the header and the u32 transaction count.
    public static let transactionsOffset = BlockHeader.encodedByteCount + 4

    public var encoded: [UInt8] {
        var writer = CanonicalWriter(capacity: BlockHeader.encodedByteCount + transactions.count * 300 + 512)
        writer.write(raw: header.encoded)
        writer.write(UInt32(transactions.count))
        for transaction in transactions { transaction.encode(into: &writer) }
        certificate.encode(into: &writer)
        return writer.bytes
    }

    /// Strictly decodes a block; the transaction count must match the header and nothing may trail.
    public static func decode(_ bytes: [UInt8]) throws(FormatError) -> Block {
        guard bytes.count <= Limits.blockBytesMax else {
            throw .tooLong(field: "block", bytesMax: Limits.blockBytesMax, actual: bytes.count)
        }
        var reader = CanonicalReader(bytes)
        let header = try BlockHeader.decode(from: &reader)
        let count = try reader.readUInt32(field: "block.txCount")
        guard count == header.transactionCount else {
            throw .invalidValue(
                field: "block.txCount", reason: "\(count) transactions but the header says \(header.transactionCount)")
        }
        guard count <= Limits.transactionsPerBlockMax else {
            throw .tooMany(field: "block.transactions", countMax: Limits.transactionsPerBlockMax, actual: Int(count))
        }
        var transactions: [SignedTransaction] = []
        transactions.reserveCapacity(Int(count))
        for _ in 0..<count { transactions.append(try SignedTransaction.decode(from: &reader)) }
        let certificate = try CommitCertificate.decode(from: &reader)
        try reader.finish()
        return Block(header: header, transactions: transactions, certificate: certificate)
    }
}

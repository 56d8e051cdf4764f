import LedgerCore

extension ConsensusDriver {
    /// A message from an authenticated peer. Transactions are admitted here in one step; the node checks their
    /// signatures outside its actor first and calls `admit` itself.
    public func receive(_ message: PeerMessage, from peer: KeyID) {
        switch message {
        case .transactions(let transactions):
            _ = submit(transactions, from: peer)
        case .consensus(let consensus):
            run(.message(consensus, from: peer))
        case .blocksRequest(let fromHeight):
            serveBlocks(to: peer, fromHeight: fromHeight)
        case .status(let height, let headerHash):
            peerStatus(peer: peer, height: height, headerHash: headerHash)
        case .hello, .authenticate, .goodbye:
            network.disconnect(peer, reason: "handshake message after the handshake")
        }
    }

    /// Catch-up, serving side: final blocks from `fromHeight` on, bounded in count and bytes per request (the
    /// requester asks again for the rest).
    public func serveBlocks(to peer: KeyID, fromHeight: UInt64) {
        let tip = store.tip.height
        guard fromHeight >= 1, fromHeight <= tip else { return }
        var bytes = 0
        var height = fromHeight
        while height <= tip, height < fromHeight + UInt64(settings.catchUpBlocksMax), bytes < settings.catchUpBytesMax {
            let block: Block
            do {
                block = try store.block(height: height)
            } catch {
                logger.error("cannot read block for a peer", metadata: ["height": "\(height)", "error": "\(error)"])
                return
            }
            let message = PeerMessage.consensus(.finalBlock(block))
            guard network.send(message, to: peer) else { return }
            bytes += block.encoded.count
            height += 1
        }
    }

    /// Catch-up, requesting side: asks `preferred` for blocks, or any connected peer when it is not connected.
    func requestBlocks(fromHeight: UInt64, preferring preferred: KeyID) {
        if let last = lastBlocksRequest, last.fromHeight == fromHeight,
            tickCount - last.tick < settings.retransmitIntervalTicks
        {
            return
        }
        var peers = [preferred] + network.connectedPeers.filter { $0 != preferred }
        if let last = lastBlocksRequest, last.fromHeight == fromHeight {
            // Asked the same peer already without result: try the next one.
            peers.removeAll { $0 == last.peer }
            peers.append(last.peer)
        }
        for peer in peers where network.send(.blocksRequest(fromHeight: fromHeight), to: peer) {
            lastBlocksRequest = (peer, fromHeight, tickCount)
            return
        }
    }

    /// A peer's tip: if it is ahead, fetch the blocks we lack. Two different hashes at one height would be a
    /// fork, which BFT rules out unless more than f validators are faulty: it is logged loudly.
    func peerStatus(peer: KeyID, height: UInt64, headerHash: SHA256Digest) {
        let tip = store.tip
        if height > tip.height {
            requestBlocks(fromHeight: tip.height + 1, preferring: peer)
        } else if height == tip.height && headerHash != tip.headerHash {
            logger.critical(
                "peer reports a different block at our height: more than f validators may be faulty",
                metadata: [
                    "peer": "\(peer.hex.prefix(12))", "height": "\(height)", "theirs": "\(headerHash.hex)",
                    "ours": "\(tip.headerHash.hex)",
                ])
        }
    }
}

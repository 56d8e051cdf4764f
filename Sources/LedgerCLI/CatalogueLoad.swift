import Foundation
import LedgerClient
import LedgerCore

/// Submits a devnet's catalogue (`devnet init --with-catalogue`) once its first node answers: 1,000 transactions
/// per request, in order, so each entry's issuer is admitted before it. Entries already on the chain are counted,
/// not resubmitted as errors, so `devnet up` can run again.
struct CatalogueLoad {
    let path: String
    let node: String

    struct Outcome {
        var submitted = 0
        var alreadyLoaded = 0
        var refused: [String] = []

        var json: JSONValue {
            .object([
                JSONMember("submitted", .number(Double(submitted))),
                JSONMember("alreadyLoaded", .number(Double(alreadyLoaded))),
                JSONMember("refused", .array(refused.map { .string($0) })),
            ])
        }

        var description: String {
            if submitted == 0 && refused.isEmpty { return "catalogue: already loaded (\(alreadyLoaded) transactions)" }
            return "catalogue: submitted \(submitted) transactions"
                + (alreadyLoaded > 0 ? ", \(alreadyLoaded) already loaded" : "")
                + (refused.isEmpty ? "" : "; \(refused.count) refused, first: \(refused[0])")
        }
    }

    func run() throws -> Outcome {
        let bytes = try CLIOutput.readFile(path, what: "the catalogue", bytesMax: 64 << 20)
        let transactions: [SignedTransaction]
        do {
            let fields = try JSONFields(
                try JSONParser.parse(bytes, bytesMax: bytes.count), path: "", allowed: ["transactions"])
            transactions = try fields.array("transactions", countMax: 1_000_000).map { item in
                guard let text = item.stringValue, let encoded = Base64.decode(text) else {
                    throw FormatError.invalidBase64(field: "transactions")
                }
                return try SignedTransaction.decode(encoded)
            }
        } catch {
            throw CLIFailure.usage(
                "\(path) is not a catalogue written by 'ledger devnet init --with-catalogue': \(error)")
        }
        let call = try NodeCall(node: node)
        try waitUntilServing(call)
        var outcome = Outcome()
        var start = 0
        while start < transactions.count {
            let chunk = Array(transactions[start..<min(start + 1_000, transactions.count)])
            start += chunk.count
            let reply = try call.submitBatch(chunk)
            let results = try call.json(reply, what: "loading the catalogue")
            let items = chunk.count == 1 ? [results] : results["results"]?.arrayValue ?? []
            for item in items {
                switch (item["status"]?.stringValue, item["error"]?.stringValue) {
                case ("pending", _): outcome.submitted += 1
                case (_, "duplicate_transaction"?): outcome.alreadyLoaded += 1
                default: outcome.refused.append(item["reason"]?.stringValue ?? item["error"]?.stringValue ?? "?")
                }
            }
        }
        return outcome
    }

    /// The node's API answers within a minute of starting, or the devnet failed to come up.
    private func waitUntilServing(_ call: NodeCall) throws {
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            if let reply = try? call.get("/healthz"), reply.status == 200 { return }
            usleep(100_000)
        }
        throw CLIFailure.checkFailed("the first node's API at \(node) did not answer within 60 s; see its log")
    }
}

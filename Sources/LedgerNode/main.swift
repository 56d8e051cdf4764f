print("ledger-node")

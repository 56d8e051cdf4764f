#!/usr/bin/env bash
# The README's walkthrough, command for command: ReadmeWalkthroughTests keeps the two identical and runs this.
# From the repository root, with ledger and ledger-node on PATH:
#   swift build && export PATH="$PWD/.build/debug:$PATH" && examples/walkthrough.sh
set -euo pipefail

ledger devnet init --nodes 4 --dir walkthrough-net
ledger devnet up --dir walkthrough-net > walkthrough-net/up.log &
until ledger status --node http://127.0.0.1:7170 > /dev/null 2>&1; do sleep 0.2; done
ledger keygen --out walkthrough-net/cardi
ledger issuer register --node http://127.0.0.1:7170 --key walkthrough-net/node-1/node.key.pem \
  --issuer-id cardi --name "Caribbean Agricultural Research and Development Institute" --country TT \
  --issuer-public-key walkthrough-net/cardi.pub.pem --wait
ledger issuer list --node http://127.0.0.1:7170

ledger issue --node http://127.0.0.1:7172 --issuer cardi --key walkthrough-net/cardi.key.pem \
  --credential examples/open-badge-short-course.json \
  --subject "learner-2231@students.example" --salt-out walkthrough-net/learner.salt --wait
ledger issue --node http://127.0.0.1:7172 --issuer cardi --key walkthrough-net/cardi.key.pem \
  --credential examples/open-badge-workshop.json --credential-id cardi-2026-mistake --wait
ledger revoke --node http://127.0.0.1:7172 --key walkthrough-net/cardi.key.pem \
  --credential-id cardi-2026-mistake --reason issuedInError --wait
ledger status --node http://127.0.0.1:7172 --credential cardi-2026-mistake

ledger verifier-page --genesis walkthrough-net/genesis.json --out walkthrough-net/verify.html
ledger package urn:uuid:7a1d4c2e-8b3f-4e61-a9d2-5c0b7e9f1a34 --node http://127.0.0.1:7174 \
  --credential examples/open-badge-short-course.json --salt walkthrough-net/learner.salt \
  --out walkthrough-net/learner.mcpackage.json
ledger verify walkthrough-net/learner.mcpackage.json --genesis walkthrough-net/genesis.json \
  --subject "learner-2231@students.example"
ledger proof urn:uuid:7a1d4c2e-8b3f-4e61-a9d2-5c0b7e9f1a34 --node http://127.0.0.1:7174 \
  --out walkthrough-net/proof.json
ledger verify walkthrough-net/proof.json --genesis walkthrough-net/genesis.json \
  --credential examples/open-badge-short-course.json \
  --subject "learner-2231@students.example" --salt walkthrough-net/learner.salt
python3 examples/verify_proof.py walkthrough-net/proof.json walkthrough-net/genesis.json \
  --credential examples/open-badge-short-course.json \
  --subject "learner-2231@students.example" --salt walkthrough-net/learner.salt
ledger proof cardi-2026-mistake --node http://127.0.0.1:7174 --out walkthrough-net/revoked.json
status=0; ledger verify walkthrough-net/revoked.json --genesis walkthrough-net/genesis.json || status=$?
[ "$status" -eq 3 ]
jq '.header.height += 1' walkthrough-net/proof.json > walkthrough-net/tampered.json
status=0; ledger verify walkthrough-net/tampered.json --genesis walkthrough-net/genesis.json || status=$?
[ "$status" -eq 1 ]

ledger head --node http://127.0.0.1:7176
ledger consistency --node http://127.0.0.1:7176 --from 1 --to 4 --genesis walkthrough-net/genesis.json
ledger replay --data-dir walkthrough-net/node-4
kill %1 && wait

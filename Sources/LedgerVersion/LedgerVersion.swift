/// What `ledger --version` and `ledger-node --version` print: the release and the git commit built from.
public enum LedgerVersion {
    /// The release number; docs/DECISIONS.md says when it changes.
    public static let release = "0.1.0"

    /// The git commit (12 hex digits, `-dirty` with uncommitted changes), or `unknown` outside a git checkout.
    public static let commit = buildCommit

    /// The one line both binaries print.
    public static func line(program: String) -> String { "\(program) \(release) (commit \(commit))" }
}

import Foundation

/// The Python interpreter that tests run the independent verifier and the API-document check with.
public enum Python {
    /// The repository's `.venv` (created by scripts/setup) when it exists, else `python3` from PATH for machines
    /// that installed the packages by hand (README, "Setup").
    public static func interpreter(repositoryRoot: URL) -> String {
        let venv = repositoryRoot.appendingPathComponent(".venv/bin/python3").path
        return FileManager.default.isExecutableFile(atPath: venv) ? venv : "python3"
    }
}

import Foundation
import LedgerCore

#if canImport(Glibc)
    import Glibc
#endif

/// The one rule for files a command writes (`--out`, `--salt-out`, `export --out`): an existing file is refused
/// unless `--force` is given, and then replaced atomically; a missing folder is named as a missing folder.
enum OutputFile {
    /// Checks that `path` may be written: its folder exists and is a folder, and the file is new or `force`.
    static func check(_ path: String, option: String, force: Bool) throws {
        let folder = (path as NSString).deletingLastPathComponent
        var isDirectory: ObjCBool = false
        let folderPath = folder.isEmpty ? "." : folder
        guard FileManager.default.fileExists(atPath: folderPath, isDirectory: &isDirectory) else {
            throw CLIFailure.usage(
                "\(option) \(path): the folder '\(folderPath)' does not exist. Create it first (mkdir -p).",
                code: "missing_folder")
        }
        guard isDirectory.boolValue else {
            throw CLIFailure.usage("\(option) \(path): '\(folderPath)' is not a folder.", code: "missing_folder")
        }
        var isExistingDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isExistingDirectory) {
            guard !isExistingDirectory.boolValue else {
                throw CLIFailure.usage("\(option) \(path) is a folder; name a file.", code: "output_exists")
            }
            guard force else {
                throw CLIFailure.usage(
                    "\(option) \(path) already exists; pass --force to replace it, or choose another path.",
                    code: "output_exists")
            }
        }
    }

    /// Writes `contents` with `mode`: a new file, or (with `force`) a temporary file renamed over the old one.
    static func save(_ contents: [UInt8], to path: String, option: String, mode: mode_t, force: Bool) throws {
        try check(path, option: option, force: force)
        let temporary = force ? path + ".partial-\(getpid())" : path
        let flags = O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC
        let descriptor = open(temporary, flags, mode)
        guard descriptor >= 0 else { throw failure(option, path, errno) }
        var written = 0
        var error: Int32 = 0
        if fchmod(descriptor, mode) != 0 { error = errno }
        while error == 0, written < contents.count {
            let result = contents.withUnsafeBytes {
                write(descriptor, $0.baseAddress! + written, contents.count - written)
            }
            if result < 0 {
                if errno != EINTR { error = errno }
            } else {
                written += result
            }
        }
        if error == 0, fsync(descriptor) != 0 { error = errno }
        close(descriptor)
        if error == 0, force, rename(temporary, path) != 0 { error = errno }
        guard error == 0 else {
            unlink(temporary)
            throw failure(option, path, error)
        }
    }

    private static func failure(_ option: String, _ path: String, _ error: Int32) -> CLIFailure {
        switch error {
        case EEXIST:
            return .usage(
                "\(option) \(path) already exists; pass --force to replace it, or choose another path.",
                code: "output_exists")
        case ENOENT:
            return .usage("\(option) \(path): its folder does not exist. Create it first.", code: "missing_folder")
        case EACCES, EPERM, EROFS:
            return .usage("\(option) \(path): cannot write there (\(String(cString: strerror(error)))).")
        default:
            return .usage("\(option) \(path): \(String(cString: strerror(error))).")
        }
    }
}

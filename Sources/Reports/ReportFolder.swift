public import Foundation
#if canImport(Glibc)
internal import Glibc
#endif

/// Writes a report folder so that it appears complete or not at all.
///
/// The files go into a hidden `.<name>.partial-<pid>` folder beside the final one, each
/// flushed to disk, `manifest.json` last; then the folder is renamed into place. A crash
/// before the rename leaves only the hidden folder (removed by the next run once its
/// process is gone); a re-run moves the old folder aside, renames the new one in, and
/// deletes the old, so a reader never sees a mix of two runs.
public struct ReportFolder {
    public struct WriteError: Error, CustomStringConvertible, CustomDebugStringConvertible {
        /// What failed and what to do, safe to show.
        public var message: String
        /// The file system's error behind it, when there is one.
        public var underlying: (any Error)?

        public var description: String { message }

        /// The message and the cause, for logs.
        public var debugDescription: String {
            message + (underlying.map { "\n  caused by: \(String(reflecting: $0))" } ?? "")
        }
    }

    /// The `commit` step of ``write(_:manifest:commit:)`` failed: no folder was put in place.
    public struct CommitError: Error {
        public var underlying: any Error
    }

    public let parent: URL
    public let name: String

    public init(parent: URL, name: String) {
        self.parent = parent
        self.name = name
    }

    public var final: URL { parent.appendingPathComponent(name) }

    /// Writes `files`, then the manifest `makeManifest` builds from them, calls `commit`
    /// with the manifest, and renames the folder into place.
    ///
    /// `commit` is where the run and its disclosure are recorded in the database, in one
    /// transaction: the folder appears only once they are committed, and if they fail the
    /// hidden folder is removed and ``CommitError`` thrown, so no report exists that the
    /// record of disclosures does not name (GUARANTEES 37).
    ///
    /// In debug builds only, `$MCLEDGER_REPORT_CRASH_AFTER=<file>` kills the process
    /// (SIGKILL) right after that file is written: the tests' way to prove a crash leaves
    /// no final folder. A release binary carries no such switch.
    public func write(
        _ files: [ReportFile], manifest makeManifest: ([ReportFile]) -> Manifest, commit: (Manifest) throws -> Void = { _ in }
    ) throws -> Manifest {
        let manager = FileManager.default
        let pid = ProcessInfo.processInfo.processIdentifier
        let temp = parent.appendingPathComponent(".\(name).partial-\(pid)")
        do {
            try Self.createFolders(parent)
            removeAbandoned()
            try? manager.removeItem(at: temp)
            try manager.createDirectory(at: temp, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o750])
            _ = chmod(temp.path, Self.folderMode)
            for file in files {
                try put(file, in: temp)
            }
            let manifest = makeManifest(files)
            try put(manifest.file(), in: temp)
            sync(temp)
            do {
                try commit(manifest)
            } catch {
                throw CommitError(underlying: error)
            }
            if manager.fileExists(atPath: final.path) {
                let old = parent.appendingPathComponent(".\(name).replaced-\(pid)")
                try? manager.removeItem(at: old)
                try manager.moveItem(at: final, to: old)
                try manager.moveItem(at: temp, to: final)
                try? manager.removeItem(at: old)
            } else {
                try manager.moveItem(at: temp, to: final)
            }
            sync(parent)
            return manifest
        } catch let error as WriteError {
            try? manager.removeItem(at: temp)
            throw error
        } catch let error as CommitError {
            try? manager.removeItem(at: temp)
            throw error
        } catch {
            try? manager.removeItem(at: temp)
            throw WriteError(message: "cannot write the report into \(final.path): \(error.localizedDescription); check that the folder is writable and has space", underlying: error)
        }
    }

    private func put(_ file: ReportFile, in folder: URL) throws {
        let path = folder.appendingPathComponent(file.name).path
        guard FileManager.default.createFile(atPath: path, contents: Data(file.bytes), attributes: [.posixPermissions: 0o640]) else {
            throw WriteError(message: "cannot create \(path)")
        }
        sync(URL(fileURLWithPath: path))
        #if DEBUG
        if ProcessInfo.processInfo.environment["MCLEDGER_REPORT_CRASH_AFTER"] == file.name {
            kill(getpid(), SIGKILL)
        }
        #endif
    }

    /// The mode of every folder the report creates: the owner writes, its group reads
    /// (the report holds ids and findings), others nothing.
    static let folderMode: mode_t = 0o750

    /// Creates `folder` and any missing parent with ``folderMode``, whatever the umask:
    /// `mkdir -p` would give the parents the umask's mode (often world-readable). Folders
    /// that exist already are left as they are.
    static func createFolders(_ folder: URL) throws {
        let path = folder.standardizedFileURL.path
        var current = ""
        for component in path.split(separator: "/", omittingEmptySubsequences: true) {
            current += "/" + component
            var status = stat()
            if stat(current, &status) == 0 {
                guard (status.st_mode & S_IFMT) == S_IFDIR else {
                    throw WriteError(message: "\(current) exists and is not a folder")
                }
                continue
            }
            guard mkdir(current, folderMode) == 0 || errno == EEXIST else {
                throw WriteError(message: "cannot create \(current): \(String(cString: strerror(errno)))")
            }
            // mkdir applied the umask; set the mode we mean.
            guard chmod(current, folderMode) == 0 else {
                throw WriteError(message: "cannot set the mode of \(current): \(String(cString: strerror(errno)))")
            }
        }
    }

    /// Flushes a file or folder to disk (a folder: its entries), best effort.
    private func sync(_ url: URL) {
        let descriptor = open(url.path, O_RDONLY)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        _ = close(descriptor)
    }

    /// Hidden folders of this report left by a process that is gone (a crash).
    private func removeAbandoned() {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: parent.path)) ?? []
        for entry in entries {
            for marker in [".\(name).partial-", ".\(name).replaced-"] where entry.hasPrefix(marker) {
                guard let pid = Int32(entry.dropFirst(marker.count)), kill(pid, 0) != 0, errno == ESRCH else { continue }
                try? FileManager.default.removeItem(at: parent.appendingPathComponent(entry))
            }
        }
    }
}

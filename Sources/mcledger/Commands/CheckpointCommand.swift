import ArgumentParser
import EventStore
import Foundation
import Mentoring
import Postgres

struct CheckpointCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkpoint",
        abstract: "Sign the log's Merkle root and write it out as a checkpoint.",
        discussion: """
            Adds the events since the last checkpoint to the Merkle tree (RFC 9162), signs \
            origin, size and root as a C2SP tlog-checkpoint in a signed note, writes it to \
            DIR/<size> and DIR/latest (each through a temporary file and a rename), and \
            records it in mcledger.checkpoints. Before signing, it checks that the log still \
            extends the checkpoint in DIR/latest (a consistency proof), and refuses (exit 2) \
            to sign a history that was cut or rewritten since.

            Copy the checkpoints off this machine as they are written: to another machine, \
            the auditors' mailbox, or object storage with a retention lock. A checkpoint \
            kept only beside the database proves nothing against its owner. Keep the key \
            readable by this job only (see `mcledger key generate`). DIR/latest must be \
            signed by the same key: after a key rotation, start a new --out folder and \
            give the auditors the new public key.

            With --every, it keeps running: a checkpoint each interval in which the log grew, \
            and a heartbeat (the same tree, signed again) when --heartbeat has passed without \
            one (default 10m). --heartbeat without --every does one such round (for a timer).

            Runs as a login with mcledger_writer. Exit 0 written (or nothing to do); 2 the log \
            no longer extends DIR/latest; 3 DIR/latest cannot be trusted; 64 usage.

            Examples:
              mcledger checkpoint --key /etc/mcledger/keys/ledger.key --out /var/lib/mcledger/checkpoints
              mcledger checkpoint --key ledger.key --out cps --every 30s
            """
    )

    @Option(help: ArgumentHelp("The private key file of `mcledger key generate`.", valueName: "file"))
    var key: String
    @Option(help: ArgumentHelp("The folder for the checkpoint files.", valueName: "dir"))
    var out: String
    @Option(help: ArgumentHelp("The log's origin line (default: $MCLEDGER_ORIGIN, else mcledger/<database>).", valueName: "origin"))
    var origin: String?
    @Option(help: ArgumentHelp("Keep running, one round per interval (30s, 5m, …).", valueName: "interval"))
    var every: Interval?
    @Option(help: ArgumentHelp("Sign an unchanged tree again only after this long (default with --every: 10m).", valueName: "interval"))
    var heartbeat: Interval?
    @OptionGroup var connection: ConnectionOptions
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text

    func validate() throws {
        if let origin, origin.isEmpty || origin.contains("\n") || origin.count > 200 {
            throw ValidationError("--origin must be one line of 1 to 200 characters")
        }
    }

    func run() throws {
        var signer: NoteSigner!
        try reportingTrust(format: format) {
            guard let data = FileManager.default.contents(atPath: key) else {
                throw InvalidValue(field: "--key", value: key, message: "cannot read the key file \(key)")
            }
            do {
                signer = try NoteSigner(pem: String(decoding: data, as: UTF8.self))
            } catch let error as NoteError {
                throw InvalidValue(field: "--key", value: key, message: error.message, underlying: error)
            }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: out, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw InvalidValue(field: "--out", value: out, message: "\(out) is not a folder; create it first")
            }
        }
        guard let every else {
            try reportingTrust(format: format) { try round(signer, heartbeat: heartbeat) }
            return
        }
        let beat = heartbeat ?? Interval(seconds: 600)
        while true {
            do {
                try reportingTrust(format: format) { try round(signer, heartbeat: beat) }
            } catch let exit as ExitCode where exit.rawValue == ExitStatus.unavailable {
                // The database may come back: keep the schedule. Anything else stops the loop.
            }
            Thread.sleep(forTimeInterval: every.seconds)
        }
    }

    /// One checkpoint: integrate, compare with DIR/latest, sign, write, record.
    func round(_ signer: NoteSigner, heartbeat: Interval?) throws {
        try connection.withLedger { db in
            let store = EventStore(connection: db)
            let size = try store.integrateMerkleTree()
            let root = try store.merkleRoot(size: size)
            if let heartbeat, let last = try store.latestCheckpoint(), last.size == size, last.root == root, last.age < heartbeat.seconds {
                report(nil, size: size, root: root)
                return
            }
            let latestPath = (out as NSString).appendingPathComponent("latest")
            if FileManager.default.fileExists(atPath: latestPath) {
                let previous = try SignedCheckpoint(path: latestPath, keys: [.verifier(signer.verifier)]).checkpoint
                try checkExtends(previous, size: size, root: root, store)
            }
            let checkpoint = Checkpoint(origin: try origin ?? Self.environmentOrigin ?? store.defaultOrigin(), size: size, root: root)
            let note = try SignedNote.sign(checkpoint.body, with: signer)
            let path = (out as NSString).appendingPathComponent(String(size))
            try writeAtomically(note.serialized, to: path)
            try writeAtomically(note.serialized, to: latestPath)
            try store.recordCheckpoint(checkpoint, note: note, signer: signer.verifier)
            report(path, size: size, root: root)
        }
    }

    /// The log must still hold the tree DIR/latest signed, as a prefix.
    func checkExtends(_ previous: Checkpoint, size: Int64, root: [UInt8], _ store: EventStore) throws {
        if previous.size > size {
            throw ProofError(.doesNotHold, "log shorter than signed checkpoint: \(size) < \(previous.size) (\(out)/latest); refusing to sign")
        }
        if previous.size == size {
            guard previous.root == root else {
                throw ProofError(.doesNotHold, "head mismatch at size \(size): the log differs from \(out)/latest; refusing to sign")
            }
            return
        }
        guard previous.size > 0 else { return }
        let path = try store.consistencyProof(old: previous.size, new: size)
        guard Merkle.verifyConsistency(oldSize: previous.size, oldRoot: previous.root, newSize: size, newRoot: root, path: path) else {
            throw ProofError(.doesNotHold, "head mismatch at size \(previous.size): the log no longer extends \(out)/latest; refusing to sign")
        }
    }

    static var environmentOrigin: String? {
        Environment.value("MCLEDGER_ORIGIN").flatMap { $0.isEmpty ? nil : $0 }
    }

    func report(_ path: String?, size: Int64, root: [UInt8]) {
        switch format {
        case .json:
            JSONOutput.object([
                ("written", .bool(path != nil)), ("file", path.map(JSONOutput.string) ?? .null),
                ("treeSize", .int(size)), ("root", .string(B64.encode(root))),
            ]).print()
        case .text:
            if let path {
                print("checkpoint of \(size) events written to \(path); root \(B64.encode(root))")
            } else {
                print("no new events since the last checkpoint (\(size) events); nothing written")
            }
        }
        fflush(nil)  // all streams: a long-running --every shows each round at once
    }
}

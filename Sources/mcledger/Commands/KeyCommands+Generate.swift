import ArgumentParser
import EventStore
import Foundation
import Mentoring

extension KeyCommands {
    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "generate",
            abstract: "Generate a checkpoint signing key and its public forms.",
            discussion: """
                Writes three files into DIR, and refuses (exit 65) if any exists:
                  NAME.key   the private key, PKCS#8 PEM, mode 0600: for `mcledger checkpoint --key`
                  NAME.pub   the public key, PEM SubjectPublicKeyInfo (openssl pkey -pubin reads it)
                  NAME.vkey  the signed-note verifier key NAME+KEYHASH+BASE64KEY
                Give the public key to auditors; keep the private key on the machine that runs \
                checkpoints, readable by that job only, and in the program's secret store. It \
                is never printed, logged, or stored in the database. A '/' in NAME becomes '_' \
                in the file names.

                Example:
                  mcledger key generate --name mcledger.example-school --out /etc/mcledger/keys
                """
        )

        @Option(help: ArgumentHelp("The key's name in signatures (no spaces or '+').", valueName: "name"))
        var name: String
        @Option(help: ArgumentHelp("The folder to write the key files into.", valueName: "dir"))
        var out: String
        @Option(help: "Output format: text or json.") var format: OutputFormat = .text

        func run() throws {
            try reportingTrust(format: format) {
                let signer: NoteSigner
                do {
                    signer = try NoteSigner(name: name)
                } catch let error as NoteError {
                    throw InvalidValue(field: "--name", value: name, message: error.message, underlying: error)
                }
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: out, isDirectory: &isDirectory), isDirectory.boolValue else {
                    throw InvalidValue(field: "--out", value: out, message: "\(out) is not a folder; create it first")
                }
                let base = (out as NSString).appendingPathComponent(name.replacingOccurrences(of: "/", with: "_"))
                let paths = (key: base + ".key", pub: base + ".pub", vkey: base + ".vkey")
                for path in [paths.key, paths.pub, paths.vkey] where FileManager.default.fileExists(atPath: path) {
                    throw InvalidValue(field: "--out", value: out, message: "\(path) exists; a key is never overwritten: move it away or choose another --name")
                }
                try createPrivate(paths.key, signer.privateKeyPEM)
                try writeAtomically(signer.verifier.publicKeyPEM, to: paths.pub)
                try writeAtomically(signer.verifier.verifierKey + "\n", to: paths.vkey)
                switch format {
                case .json:
                    JSONOutput.object([
                        ("privateKey", .string(paths.key)), ("publicKey", .string(paths.pub)),
                        ("verifierKeyFile", .string(paths.vkey)), ("verifierKey", .string(signer.verifier.verifierKey)),
                    ]).print()
                case .text:
                    print("private key: \(paths.key) (mode 0600; keep it secret)")
                    print("public key:  \(paths.pub)")
                    print("verifier:    \(paths.vkey)")
                    print(signer.verifier.verifierKey)
                }
            }
        }

        /// Creates the private key file with mode 0600, never over an existing file.
        func createPrivate(_ path: String, _ text: String) throws {
            let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
            guard fd >= 0 else {
                throw InvalidValue(field: "--out", value: out, message: "cannot create \(path): \(String(cString: strerror(errno)))")
            }
            let bytes = Array(text.utf8)
            let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            let synced = fsync(fd)
            close(fd)
            guard written == bytes.count, synced == 0 else {
                unlink(path)
                throw InvalidValue(field: "--out", value: out, message: "could not write \(path) whole; nothing was kept")
            }
        }
    }
}

internal import Crypto
internal import Foundation
public import Mentoring

/// The digest that stands for a command under its command id.
///
/// A retry with the same `--command-id` must be recognised as the same command even when
/// it would now decide differently (the student it adds has meanwhile joined), so the
/// fingerprint is taken over the normalized command and its request, never over the
/// events it produces. The actor, the business date and the reason are part of it: the
/// same verb with another `--on` is another command.
///
/// The normal form walks the command's stored properties by reflection (type names,
/// labels and values, each length-prefixed so no two commands collide by concatenation;
/// dictionary entries sorted, since their order is random per process), so a new command
/// type needs no code here.
public enum CommandFingerprint {
    /// The hex SHA-256 of the normal form of `commands` with `request`.
    public static func digest(of commands: [Command], _ request: WriteRequest, kind: String = "command") -> String {
        var digest = SHA256()
        func add(_ text: String) { digest.update(data: Array(text.utf8)) }
        add("mcledger-command-v1\n\(kind)\n")
        add(normalForm(of: request.actor) + normalForm(of: request.occurredOn.description) + normalForm(of: request.givenReason ?? ""))
        for command in commands {
            add(normalForm(of: command))
        }
        return hex(digest.finalize())
    }

    /// The hex SHA-256 of an import: its kind, the request, and the file's text (reflecting
    /// over 100,000 decoded rows would cost more than the digest of the bytes they came from).
    public static func digest(ofSource source: String, _ request: WriteRequest, kind: String) -> String {
        var digest = SHA256()
        digest.update(data: Array("mcledger-source-v1\n\(kind)\n".utf8))
        digest.update(data: Array((normalForm(of: request.actor) + normalForm(of: request.occurredOn.description) + normalForm(of: request.givenReason ?? "")).utf8))
        digest.update(data: Array(source.utf8))
        return hex(digest.finalize())
    }

    /// ``digest(ofSource:_:kind:)`` taken as the source's bytes pass, for a file read in parts.
    public struct SourceDigest {
        private var digest = SHA256()

        public init(_ request: WriteRequest, kind: String) {
            digest.update(data: Array("mcledger-source-v1\n\(kind)\n".utf8))
            digest.update(data: Array((CommandFingerprint.normalForm(of: request.actor) + CommandFingerprint.normalForm(of: request.occurredOn.description)
                + CommandFingerprint.normalForm(of: request.givenReason ?? "")).utf8))
        }

        public mutating func update(_ bytes: [UInt8]) {
            digest.update(data: bytes)
        }

        public func finalize() -> String {
            CommandFingerprint.hex(digest.finalize())
        }
    }

    fileprivate static func hex(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    /// The normal form of any value: stable within one build of the program.
    static func normalForm(of value: Any) -> String {
        let mirror = Mirror(reflecting: value)
        let typeName = String(describing: mirror.subjectType)
        switch mirror.displayStyle {
        case .optional:
            guard let wrapped = mirror.children.first else { return "nil;" }
            return "some(" + normalForm(of: wrapped.value) + ")"
        case .enum:
            // A case with a payload reflects as one child labelled with the case name.
            guard let payload = mirror.children.first else { return typeName + "." + leaf("\(value)") }
            return typeName + "." + leaf(payload.label ?? "") + "(" + normalForm(of: payload.value) + ")"
        case .struct, .class, .tuple:
            guard mirror.children.isEmpty == false else { return typeName + leaf("\(value)") }
            return typeName + "{" + mirror.children.map { leaf($0.label ?? "") + normalForm(of: $0.value) }.joined() + "}"
        case .collection:
            return "[" + mirror.children.map { normalForm(of: $0.value) }.joined() + "]"
        case .dictionary, .set:
            return "{" + mirror.children.map { normalForm(of: $0.value) }.sorted().joined() + "}"
        default:
            return typeName + leaf("\(value)")
        }
    }

    private static func leaf(_ text: String) -> String {
        "\(text.utf8.count):\(text);"
    }
}

/// ``CommandFingerprint/digest(of:_:kind:)`` of one command, taken on a thread of its own.
///
/// The normal form is built by reflection, and in a fresh process every type it meets is
/// looked up in the runtime's tables for the first time: a few milliseconds of a CLI
/// command's CPU. Started before connecting, it runs while the server forks, authenticates
/// and answers the first statements, so the command waits for it only when it is slower
/// than they are. The digest is the same bytes as computed inline.
public final class PendingFingerprint: @unchecked Sendable {
    // @unchecked: `digest` is written once on the worker thread before `done` is
    // signalled, and read only after waiting for `done`.
    private let done = DispatchSemaphore(value: 0)
    private var digest = ""

    /// Starts taking the fingerprint of `command` under `request`, as
    /// ``CommandHandler/handle(_:_:)`` would.
    public init(of command: Command, _ request: WriteRequest) {
        Thread.detachNewThread { [self] in
            digest = CommandFingerprint.digest(of: [command], request, kind: "command")
            done.signal()
        }
    }

    /// The digest, once the worker has finished.
    public var value: String {
        done.wait()
        done.signal()  // later reads pass straight through
        return digest
    }
}

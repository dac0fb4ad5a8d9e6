internal import Crypto
internal import Postgres
internal import Foundation

/// Why a key, a signed note or a checkpoint cannot be used: malformed, not signed by a
/// key given, or signed badly. The CLI reports it as "cannot be trusted" (exit 3).
public struct NoteError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// An Ed25519 key that signs notes (C2SP signed-note): a name and a private key.
///
/// The private key lives in a file only (PKCS#8 PEM, mode 0600); it is never printed,
/// logged or sent to the database.
public struct NoteSigner {
    public let name: String
    let key: Curve25519.Signing.PrivateKey

    /// A fresh random key.
    public init(name: String) throws {
        try NoteVerifier.checkName(name)
        self.name = name
        key = Curve25519.Signing.PrivateKey()
    }

    /// The key of a 32-byte seed: test vectors only (docs/VERIFYING.md).
    public init(name: String, seed: [UInt8]) throws {
        try NoteVerifier.checkName(name)
        self.name = name
        key = try Curve25519.Signing.PrivateKey(rawRepresentation: seed)
    }

    public var verifier: NoteVerifier {
        NoteVerifier(name: name, publicKey: key.publicKey)
    }

    /// Ed25519 over `message`.
    func sign(_ message: [UInt8]) throws -> [UInt8] {
        Array(try key.signature(for: message))
    }

    // MARK: Files

    /// The PEM of the private key (PKCS#8, RFC 8410), with the key's name in the
    /// explanatory text before it (RFC 7468 §5.2), which openssl and others skip.
    public var privateKeyPEM: String {
        "mcledger-key-name: \(name)\n" + PEM.encode(label: "PRIVATE KEY", der: PEM.ed25519PrivatePrefix + Array(key.rawRepresentation))
    }

    /// Reads a private key file written by `mcledger key generate`.
    ///
    /// - Parameter name: the signer's name when the file does not carry one.
    public init(pem text: String, name given: String? = nil) throws {
        let der = try PEM.decode(text, label: "PRIVATE KEY")
        guard der.count == PEM.ed25519PrivatePrefix.count + 32, Array(der.prefix(PEM.ed25519PrivatePrefix.count)) == PEM.ed25519PrivatePrefix else {
            throw NoteError("the key file does not hold an Ed25519 private key (PKCS#8)")
        }
        let stated = text.split(separator: "\n").first { $0.hasPrefix("mcledger-key-name: ") }
            .map { String($0.dropFirst("mcledger-key-name: ".count)).trimmingCharacters(in: .whitespaces) }
        guard let name = given ?? stated else {
            throw NoteError("the key file does not name its key; give the key's name")
        }
        try self.init(name: name, seed: Array(der.suffix(32)))
    }
}

/// An Ed25519 public key that checks note signatures, with the name it signs under.
public struct NoteVerifier: Sendable {
    public let name: String
    /// The raw 32-byte Ed25519 public key (kept as bytes: the key type is not Sendable).
    public let rawPublicKey: [UInt8]

    init(name: String, publicKey: Curve25519.Signing.PublicKey) {
        self.name = name
        rawPublicKey = Array(publicKey.rawRepresentation)
    }

    /// The first 4 bytes of SHA-256(name ‖ "\n" ‖ 0x01 ‖ public key): how a signature line names its key.
    public var keyHash: [UInt8] { Self.keyHash(name: name, publicKey: rawPublicKey) }

    static func keyHash(name: String, publicKey: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: Array(name.utf8) + [0x0a, 0x01])
        hasher.update(data: publicKey)
        return Array(hasher.finalize().prefix(4))
    }

    /// `NAME+hex(keyhash)+base64(0x01 ‖ public key)`: the signed-note verifier key.
    public var verifierKey: String {
        "\(name)+\(Hex.encode(keyHash))+\(Data([0x01] + rawPublicKey).base64EncodedString())"
    }

    /// The public key as PEM SubjectPublicKeyInfo (RFC 8410), as openssl writes it.
    public var publicKeyPEM: String {
        PEM.encode(label: "PUBLIC KEY", der: PEM.ed25519PublicPrefix + rawPublicKey)
    }

    /// Parses a verifier key string.
    public init(verifierKey text: String) throws {
        let parts = text.split(separator: "+", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3 else {
            throw NoteError("'\(text.prefix(80))' is not a verifier key; expected NAME+KEYHASH+BASE64KEY")
        }
        let name = String(parts[0])
        try Self.checkName(name)
        guard let hash = Hex.decode(parts[1]), hash.count == 4, parts[1] == parts[1].lowercased() else {
            throw NoteError("the verifier key's key hash '\(parts[1])' is not 8 lowercase hex digits")
        }
        guard let key = Base64.decode(String(parts[2])), key.count == 33, key[0] == 0x01 else {
            throw NoteError("the verifier key's key is not base64 of 0x01 and 32 Ed25519 bytes")
        }
        let publicKey = try Curve25519.Signing.PublicKey(rawRepresentation: key.dropFirst())
        self.init(name: name, publicKey: publicKey)
        guard keyHash == hash else {
            throw NoteError("the verifier key's key hash \(parts[1]) does not match its name and key")
        }
    }

    /// Parses a PEM SubjectPublicKeyInfo; the name comes from the note it checks (nil here).
    public static func publicKey(pem text: String) throws -> [UInt8] {
        let der = try PEM.decode(text, label: "PUBLIC KEY")
        guard der.count == PEM.ed25519PublicPrefix.count + 32, Array(der.prefix(PEM.ed25519PublicPrefix.count)) == PEM.ed25519PublicPrefix else {
            throw NoteError("the PEM public key is not an Ed25519 key (SubjectPublicKeyInfo, OID 1.3.101.112)")
        }
        return Array(der.suffix(32))
    }

    /// A verifier for `publicKey` under `name`.
    public init(name: String, rawPublicKey: [UInt8]) throws {
        try Self.checkName(name)
        self.init(name: name, publicKey: try Curve25519.Signing.PublicKey(rawRepresentation: rawPublicKey))
    }

    func isValid(signature: [UInt8], for message: [UInt8]) -> Bool {
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: rawPublicKey) else { return false }
        return key.isValidSignature(signature, for: message)
    }

    /// C2SP signed-note: a key name is non-empty and holds no whitespace and no '+'.
    static func checkName(_ name: String) throws {
        guard !name.isEmpty, name.count <= 200,
              !name.unicodeScalars.contains(where: { $0 == "+" || $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7f })
        else {
            throw NoteError("'\(name.prefix(80))' is not a key name: use 1 to 200 characters without spaces or '+', e.g. mcledger.example-school")
        }
    }
}

/// A public key given on the command line: a verifier key, or a PEM key whose name the
/// signature line supplies.
public enum TrustedKey: Sendable {
    case verifier(NoteVerifier)
    case pem([UInt8])

    /// Reads `argument`: a verifier key string, or a file holding one or a PEM public key.
    public init(argument: String) throws {
        if FileManager.default.fileExists(atPath: argument) {
            guard let data = FileManager.default.contents(atPath: argument), let text = String(data: data, encoding: .utf8) else {
                throw NoteError("cannot read the key file \(argument)")
            }
            if text.contains("-----BEGIN") {
                self = .pem(try NoteVerifier.publicKey(pem: text))
            } else {
                self = .verifier(try NoteVerifier(verifierKey: text.trimmingCharacters(in: .whitespacesAndNewlines)))
            }
        } else if argument.contains("+") {
            self = .verifier(try NoteVerifier(verifierKey: argument))
        } else {
            throw NoteError("'\(argument.prefix(80))' is neither a file nor a verifier key (NAME+KEYHASH+BASE64KEY)")
        }
    }

    /// The verifier for a signature line naming `name` and `keyHash`, if this key is it.
    func verifier(name: String, keyHash: [UInt8]) -> NoteVerifier? {
        switch self {
        case .verifier(let verifier):
            return verifier.name == name && verifier.keyHash == keyHash ? verifier : nil
        case .pem(let key):
            guard NoteVerifier.keyHash(name: name, publicKey: key) == keyHash else { return nil }
            return try? NoteVerifier(name: name, rawPublicKey: key)
        }
    }
}

/// Standard base64 that refuses anything but its canonical encoding.
enum Base64 {
    static func decode(_ text: String) -> [UInt8]? {
        guard let data = Data(base64Encoded: text), data.base64EncodedString() == text else { return nil }
        return Array(data)
    }
}

/// PEM (RFC 7468) of the two fixed Ed25519 DER shapes of RFC 8410.
enum PEM {
    /// SEQUENCE { SEQUENCE { OID 1.3.101.112 }, BIT STRING (0 unused bits) … 32 bytes }.
    static let ed25519PublicPrefix: [UInt8] = [0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00]
    /// SEQUENCE { INTEGER 0, SEQUENCE { OID 1.3.101.112 }, OCTET STRING { OCTET STRING … 32 bytes } }.
    static let ed25519PrivatePrefix: [UInt8] = [0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20]

    static func encode(label: String, der: [UInt8]) -> String {
        let body = Data(der).base64EncodedString(options: [.lineLength64Characters, .endLineWithLineFeed])
        return "-----BEGIN \(label)-----\n\(body)\n-----END \(label)-----\n"
    }

    static func decode(_ text: String, label: String) throws -> [UInt8] {
        let begin = "-----BEGIN \(label)-----"
        let end = "-----END \(label)-----"
        guard let start = text.range(of: begin), let stop = text.range(of: end, range: start.upperBound..<text.endIndex) else {
            throw NoteError("not a PEM \(label.lowercased()): no '\(begin)' … '\(end)'")
        }
        let body = text[start.upperBound..<stop.lowerBound].filter { !$0.isWhitespace }
        guard let der = Data(base64Encoded: String(body)) else {
            throw NoteError("the PEM \(label.lowercased()) is not valid base64")
        }
        return Array(der)
    }
}

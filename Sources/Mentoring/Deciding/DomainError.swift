/// A refusal: the command breaks a program rule or refers to something that does not
/// exist, and nothing is written.
///
/// The code is open (a rule id such as `COM-03`, or one of the few codes for bad
/// references); the message says what is wrong and what to do, so the CLI can print
/// `COM-03: c-latinx already has 18 students (the maximum); remove one first`. The
/// message names the input to fix as a ``Field`` (`check the date`), never as a flag:
/// the CLI renders the field as its flag (`check --on`).
public struct DomainError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A refusal's code: a rule id, or a reference problem.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String

        public init(_ rawValue: String) { self.rawValue = rawValue }

        public init(_ rule: RuleID) { rawValue = rule.rawValue }

        public var description: String { rawValue }

        /// The community does not exist (or is retired) on that date.
        public static let unknownCommunity = Code("unknown-community")
        /// The person is not registered.
        public static let unknownPerson = Code("unknown-person")
        /// The person's role does not fit the command (a faculty member joining as a student).
        public static let wrongRole = Code("wrong-role")
        /// The thing already is so (already registered, already a member).
        public static let alreadyDone = Code("already-done")
        /// The state does not allow it (leaving a community one is not in).
        public static let notApplicable = Code("not-applicable")
        /// An input that is well-formed but not acceptable (an empty justification).
        public static let invalidInput = Code("invalid-input")
    }

    public let code: Code
    /// What is wrong and what to do, with the inputs to fix as fields.
    public let text: FieldMessage

    public init(_ code: Code, _ text: FieldMessage) {
        self.code = code
        self.text = text
    }

    public init(_ rule: RuleID, _ message: FieldMessage) {
        self.init(Code(rule), message)
    }

    /// The rule this refusal enforces, when it is a program rule.
    public var rule: RuleID? {
        rawValueIsRule ? RuleID(code.rawValue) : nil
    }

    /// The message in words (`check the date`); a front end renders ``text`` instead.
    public var message: String { text.description }

    public var description: String { "\(code): \(message)" }

    private var rawValueIsRule: Bool {
        let parts = code.rawValue.split(separator: "-")
        return parts.count == 2 && parts[0].allSatisfy(\.isUppercase) && parts[1].allSatisfy(\.isNumber)
    }
}

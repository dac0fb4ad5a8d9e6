/// Caps on the command line, checked before the argument parser sees it.
///
/// The parser's work grows with the square of a repeated option's count: 2,000
/// `--attendee` flags take seconds, 20,000 take many minutes of a core. No command needs
/// more than a community's worth of one flag, so a count far beyond that is refused at
/// once (exit 64) with a message naming the flag.
enum ArgumentLimits {
    /// The most times one option may be given (a community has at most a few dozen people).
    static let repeatsPerOption = 200
    /// The most arguments in all.
    static let arguments = 1_000

    /// Why `arguments` are refused, or nil when they are within the caps.
    static func problem(_ arguments: [String]) -> String? {
        var counts: [Substring: Int] = [:]
        for argument in arguments where argument.hasPrefix("--") {
            let name = argument.split(separator: "=", maxSplits: 1).first ?? Substring(argument)
            counts[name, default: 0] += 1
        }
        if let (flag, count) = counts.max(by: { $0.value < $1.value }), count > repeatsPerOption {
            return "\(flag) is given \(count) times; at most \(repeatsPerOption) are accepted in one command"
        }
        if arguments.count > Self.arguments {
            return "\(arguments.count) arguments; at most \(Self.arguments) are accepted in one command"
        }
        return nil
    }
}

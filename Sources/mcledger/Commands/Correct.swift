import ArgumentParser
import Ledger
import Mentoring

struct Correct: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "correct",
        abstract: "Void an earlier event by appending a correction that points at it.",
        discussion: """
            Appends EventCorrected (with the reason) to the stream of the event it voids; the \
            original stays in the log and folding skips it from then on. Correcting a \
            student's join or leave voids both halves (community and student stream). To \
            record the right fact, issue the right command after the correction. Find event \
            ids with `mcledger events --format json` or in the output of the write.

            An event this build cannot decode (listed by `mcledger projections quarantine`) \
            is corrected the same way: the correction names its stored type, readers skip \
            it from then on, and writes on its stream work again.

            Example:
              mcledger correct 3f2b8c1e-0d4a-4c8e-9a57-1b2c3d4e5f60 --reason "recorded for the wrong community"
            """
    )

    @Argument(help: ArgumentHelp("The id of the event to void (a uuid).", valueName: "event-id")) var eventID: String
    @OptionGroup var write: WriteOptions

    func validate() throws {
        try write.requireReason(for: "a correction")
    }

    func run() throws {
        try write.perform(lookingUp: { db in
            .correctEvent(try EventLookup(connection: db).correction(of: eventID))
        })
    }
}

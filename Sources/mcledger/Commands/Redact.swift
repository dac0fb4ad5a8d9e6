import ArgumentParser
import Ledger
import Mentoring

struct Redact: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "redact",
        abstract: "Remove a free text of an earlier event; its commitment stays and the chain verifies.",
        discussion: """
            Free text (a gathering's title, a logged activity, a leader's exception, a \
            waiver, a payment reference, a member's approvals, any --reason) is kept beside \
            the log; the event holds a salted SHA-256 commitment to it. This \
            removes the text and its salt and appends TextRedacted (the event id and field; \
            no text) to that event's stream, in one transaction. Every reader then shows \
            `[redacted 2027-01-04 by registrar: <reason>]` (an auditor without the \
            directory-reader duty, who reads no free text, sees it without the reason). \
            A --reason is removed from every \
            event of the write it was given with. Refused, with nothing written (exit 65): \
            an unknown event, a field its type holds no text in, a field with no text, a \
            text already redacted, and an event written before free text moved beside the \
            log (migration 15), whose text is \
            inline in the event and cannot go.

            Fields: title (GatheringHeld), activity (HoursLogged), exception \
            (LeaderAppointed), waiver (StipendApproved), reference (StipendPaid), deiApproval \
            and saApproval (CommunityMemberAssigned), reason (any event written with --reason).

            Example:
              mcledger redact 3f2b8c1e-0d4a-4c8e-9a57-1b2c3d4e5f60 --field reason --reason "named a student"
            """
    )

    @Argument(help: ArgumentHelp("The id of the event whose text goes (a uuid).", valueName: "event-id")) var eventID: String
    @Option(help: ArgumentHelp("The field whose text goes, e.g. reason, waiver, title.", valueName: "name")) var field: String
    @OptionGroup var write: WriteOptions

    func validate() throws {
        try write.requireReason(for: "a redaction")
        if field.isEmpty || field.count > 64 || !field.allSatisfy({ $0.isASCII && $0.isLetter }) {
            throw ValidationError("--field takes a field name such as reason, waiver or title (got '\(field)')")
        }
    }

    func run() throws {
        try write.perform(lookingUp: { db in
            .redactText(try EventTexts(connection: db).redaction(of: eventID, field: field))
        })
    }
}

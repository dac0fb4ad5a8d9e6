import ArgumentParser
import EventStore
import Postgres

struct Events: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events",
        abstract: "List events of the ledger in position order.",
        discussion: """
            Streams the log, so even a very long ledger prints with flat memory. With \
            --format json, prints {"events":[…]} with every field, payloads as stored, and \
            under "texts" the free texts kept beside the log (or their redaction notices).

            Examples:
              mcledger events --limit 20
              mcledger events --stream community-c-latinx
              mcledger events --after 1500 --format json
            """
    )

    @OptionGroup var connection: ConnectionOptions
    @Option(help: ArgumentHelp("Only events of this stream, e.g. community-c-latinx.", valueName: "name")) var stream: String?
    @Option(help: ArgumentHelp("Only events after this position.", valueName: "position")) var after: Int64 = 0
    @Option(help: ArgumentHelp("At most this many events.", valueName: "n")) var limit: Int?
    @Option(help: "Output format: text, json or csv.") var format: QueryFormat = .text

    func validate() throws {
        if after < 0 { throw ValidationError("--after must be a position, 0 or more (got \(after))") }
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1 (got \(limit))") }
        if let stream, stream.isEmpty || stream.count > 200 { throw ValidationError("--stream must be a stream name of 1 to 200 characters") }
    }

    func run() throws {
        try reportingFailures {
            try connection.withLedger { db in
                let store = EventStore(connection: db)
                var emit: (RecordedEvent) -> Void
                var finish: () -> Void = {}
                switch format {
                case .text:
                    print(Self.textHeader)
                    emit = { print(Self.textLine($0)) }
                case .csv:
                    print(csvLine(["position", "stream", "version", "type", "schema_version", "occurred_on", "recorded_at", "actor", "command_id", "event_id", "data", "login", "texts"]), terminator: "")
                    emit = { event in
                        print(csvLine([
                            String(event.position), event.stream.rawValue, String(event.version), event.type,
                            String(event.schemaVersion), event.occurredOn, event.recordedAt, event.actor,
                            event.commandID ?? "", event.eventID, event.data, event.login ?? "", event.texts ?? "",
                        ]), terminator: "")
                    }
                case .json:
                    print("{\"events\":[", terminator: "")
                    var first = true
                    emit = { event in
                        print((first ? "" : ",") + Self.json(event).render(), terminator: "")
                        first = false
                    }
                    finish = { print("]}") }
                }
                if let stream {
                    for event in try store.events(stream: StreamName(stream), after: after, limit: limit) { emit(event) }
                } else {
                    try store.readAll(after: after, limit: limit) { emit($0) }
                }
                finish()
            }
        }
    }

    static let textHeader = "POSITION  STREAM                          VERSION  TYPE                      OCCURRED    ACTOR (LOGIN)"

    static func textLine(_ event: RecordedEvent) -> String {
        func pad(_ text: String, _ width: Int) -> String {
            text.count >= width ? text + " " : text.padded(to: width)
        }
        return pad(String(event.position), 10) + pad(Terminal.cell(event.stream.rawValue), 32) + pad(String(event.version), 9)
            + pad(Terminal.cell(event.type), 26) + pad(Terminal.cell(event.occurredOn), 12) + Terminal.cell(event.actor)
            + (event.login.map { $0 == event.actor ? "" : " (" + Terminal.cell($0) + ")" } ?? "")
    }

    static func json(_ event: RecordedEvent) -> JSONOutput {
        .object([
            ("position", .int(event.position)),
            ("stream", .string(event.stream.rawValue)),
            ("version", .int(Int64(event.version))),
            ("eventId", .string(event.eventID)),
            ("type", .string(event.type)),
            ("schemaVersion", .int(Int64(event.schemaVersion))),
            ("data", .raw(event.data)),
            ("metadata", .raw(event.metadata)),
            // Free text beside the log (schema/015): field → text, or its redaction notice.
            ("texts", event.texts.map(JSONOutput.raw) ?? .null),
            ("actor", .string(event.actor)),
            ("login", event.login.map(JSONOutput.string) ?? .null),
            ("commandId", event.commandID.map(JSONOutput.string) ?? .null),
            ("correlationId", event.correlationID.map(JSONOutput.string) ?? .null),
            ("occurredOn", .string(event.occurredOn)),
            ("recordedAt", .string(event.recordedAt)),
            ("hash", .string(Hex.encode(event.hash))),
        ])
    }
}

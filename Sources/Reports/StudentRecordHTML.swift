public import Mentoring
public import Projections

/// A student's own record (FERPA 99.10), as `mcledger person record --format html`
/// renders it: every fact the ledger holds about the student, with positions.
///
/// One self-contained page, built like `summary.html`: every value escaped, no script,
/// no external asset (a Content-Security-Policy forbids loading any).
public struct StudentRecordDocument: Sendable {
    /// One disclosure of the student's records (schema/014).
    public struct Disclosure: Sendable, Hashable {
        public var position: Int64
        public var occurredOn: String
        public var recordedAt: String
        public var login: String?
        public var output: String
        public var recipient: String
        public var purpose: String
        public var scope: String

        public init(position: Int64, occurredOn: String, recordedAt: String, login: String?, output: String, recipient: String, purpose: String, scope: String) {
            self.position = position
            self.occurredOn = occurredOn
            self.recordedAt = recordedAt
            self.login = login
            self.output = output
            self.recipient = recipient
            self.purpose = purpose
            self.scope = scope
        }
    }

    public var student: PersonID
    /// From the people directory, when it has one and this login may read it.
    public var name: String?
    /// The day the record was produced.
    public var producedOn: Day
    /// Every event that touches the student (its stream, or naming it), oldest first.
    public var events: [TrailEntry]
    /// The corrections that voided any of ``events``.
    public var corrections: [TrailEntry]
    /// Every disclosure of the student's records, this one included.
    public var disclosures: [Disclosure]

    public init(student: PersonID, name: String?, producedOn: Day, events: [TrailEntry], corrections: [TrailEntry], disclosures: [Disclosure]) {
        self.student = student
        self.name = name
        self.producedOn = producedOn
        self.events = events
        self.corrections = corrections
        self.disclosures = disclosures
    }

    public func html() -> String {
        let escape = SummaryHTML.escape
        let title = "Education record of \(student) in the Mentoring Communities program"
        let eventRows = events.map { entry in
            let note = ([entry.voidedBy.map { "voided by \($0)" }, entry.reason.map { "reason: \($0)" }].compactMap { $0 } + entry.textNotes).joined(separator: "; ")
            return "<tr><td class=\"num\">\(entry.position)</td><td>\(entry.occurredOn)</td><td>\(escape(entry.type))</td><td>\(escape(entry.stream))</td><td><code>\(escape(entry.data))</code></td><td>\(escape(entry.actor))\(entry.login.map { " (login \(escape($0)))" } ?? "")</td><td>\(escape(note))</td></tr>"
        }.joined(separator: "\n")
        let correctionRows = corrections.map { entry in
            "<tr><td class=\"num\">\(entry.position)</td><td>\(entry.occurredOn)</td><td><code>\(escape(entry.data))</code></td><td>\(escape(entry.actor))\(entry.login.map { " (login \(escape($0)))" } ?? "")</td><td>\(escape(([entry.reason].compactMap { $0 } + entry.textNotes).joined(separator: "; ")))</td></tr>"
        }.joined(separator: "\n")
        let disclosureRows = disclosures.map { row in
            "<tr><td class=\"num\">\(row.position)</td><td>\(escape(row.occurredOn))</td><td>\(escape(row.login ?? "-"))</td><td>\(escape(row.output))</td><td>\(escape(row.recipient))</td><td>\(escape(row.purpose))</td><td>\(escape(row.scope))</td></tr>"
        }.joined(separator: "\n")
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escape(title))</title>
            <style>body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #ccc;padding:.3em .5em;text-align:left;vertical-align:top}td.num{text-align:right}code{font-size:.85em;word-break:break-all}</style>
            </head>
            <body>
            <h1>\(escape(title))</h1>
            <p>Student <strong id="student">\(escape(student.rawValue))</strong>\(name.map { ", <strong id=\"name\">\(escape($0))</strong>" } ?? "") — produced \(producedOn) by <code>mcledger person record</code>. Every fact the ledger holds about this student, with its position in the ledger; names are kept in the people directory, never in the ledger.</p>
            <h2>Events</h2>
            <table id="events"><thead><tr><th>Position</th><th>Date</th><th>Fact</th><th>Stream</th><th>Details</th><th>Recorded by</th><th>Note</th></tr></thead>
            <tbody>
            \(eventRows)
            </tbody></table>
            <h2>Corrections</h2>
            \(corrections.isEmpty ? "<p>None of these events was corrected.</p>" : "<table id=\"corrections\"><thead><tr><th>Position</th><th>Date</th><th>Details</th><th>Recorded by</th><th>Reason</th></tr></thead>\n<tbody>\n\(correctionRows)\n</tbody></table>")
            <h2>Disclosures of this record</h2>
            <table id="disclosures"><thead><tr><th>Position</th><th>Date</th><th>Login</th><th>Output</th><th>Recipient</th><th>Purpose</th><th>Query</th></tr></thead>
            <tbody>
            \(disclosureRows)
            </tbody></table>
            </body>
            </html>

            """
    }
}

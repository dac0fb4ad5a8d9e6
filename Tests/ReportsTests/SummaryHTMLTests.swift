import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import TestSupport

/// `summary.html` is self-contained, well-formed, and holds the year's numbers; opened
/// in headless Chromium when the machine has it (scripts/test installs it from Debian).
@Suite struct SummaryHTMLTests {
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }

    func report(_ extra: [String] = []) throws -> (html: String, path: String) {
        try TestDatabase.with { db in
            try seedYear(db)
            let out = try scratchFolder()
            let result = try nightly(db, out: out, extra)
            guard result.status == 0 else { throw Failed(message: result.stderr) }
            let url = out.appendingPathComponent("2027-07-01/summary.html")
            return (try text(url), url.path)
        }
    }

    @Test func itIsSelfContainedWellFormedAndHoldsTheNumbers() throws {
        // A threshold of 2 hides only counts of one student: none here, so every number shows.
        let (html, _) = try report(["--suppress-below", "2"])
        // No external reference: nothing to fetch, no script.
        for forbidden in ["<script", "<link", "<img", "<iframe", "src=", "url(", "@import", "https:"] {
            #expect(!html.contains(forbidden), "\(forbidden)")
        }
        let http = html.components(separatedBy: "http:").count - 1
        let xmlns = html.components(separatedBy: "xmlns=\"http://www.w3.org/2000/svg\"").count - 1
        #expect(http == xmlns, "only SVG namespaces may name a URL")
        // The body parses as XML once the doctype and void meta elements are closed.
        let body = html.components(separatedBy: "<body>")[1].components(separatedBy: "</body>")[0]
        let parser = XMLParser(data: Data(("<body>" + body + "</body>").utf8))
        #expect(parser.parse(), "\(parser.parserError.map(String.init(describing:)) ?? "")")
        for expected in [
            #"data-metric="communities">2<"#, #"data-metric="violations">"#,
            #"data-metric="c-latinx-students">6<"#, #"data-metric="c-gen-1-students">2<"#,
            #"data-metric="c-latinx-gatherings">2 / 2<"#, #"data-metric="c-gen-1-gatherings">1 / 2<"#,
            #"data-metric="c-latinx-meetings">1 / 1<"#, #"data-metric="c-gen-1-meetings">0 / 1<"#,
            #"data-metric="c-latinx-hours-f-okafor">16.00 h<"#, #"data-metric="c-gen-1-hours-f-lee">2.00 h ⚠<"#,
            "Stipend 2026-27: <strong>paid</strong>, $2500.00 to f-okafor", "LDR-03 exception for f-lee",
        ] {
            #expect(html.contains(expected), "\(expected)")
        }
        // Student ids never appear; names are not part of the report.
        for hidden in ["s-7", "s-8", "Okafor", "Student 1"] { #expect(!html.contains(hidden), "\(hidden)") }
    }

    /// By default (the policy's threshold, 5) c-gen-1's 2 students read "<5"; c-latinx's 6
    /// are hidden too, since the program's total of 8 minus 6 would give the 2 back.
    @Test func suppressionShowsSmallStudentCountsAsLessThanAndHidesTheirComplements() throws {
        let (html, _) = try report()
        #expect(html.contains(#"data-metric="c-gen-1-students">&lt;5<"#))
        #expect(html.contains(#"data-metric="c-latinx-students">—<"#))
        #expect(html.contains("<tr class=\"total\"><th>Program</th><td class=\"num\">—</td><td class=\"num\">&lt;5</td><td class=\"num\">8</td></tr>"), "\(html)")
        #expect(html.contains("c-gen-1 has &lt;5 students on 2027-06-30"))
        #expect(html.contains("some other counts are hidden (—) so totals cannot reveal them"))
        #expect(!html.contains(">6<"))
    }

    @Test(.enabled(if: chromium != nil, "chromium is not installed: scripts/test installs it with apt-get as root; run it as root or `apt-get install chromium`"))
    func itOpensInHeadlessChromiumWithTheNumbers() throws {
        let (_, path) = try report(["--suppress-below", "2"])
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.chromium!)
        process.arguments = ["--headless", "--disable-gpu", "--no-sandbox", "--disable-dev-shm-usage", "--dump-dom", "file://" + path]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let errData = LockedBox(Data())
        let reader = Thread { errData.withLock { $0 = err.fileHandleForReading.readDataToEndOfFile() } }
        reader.start()
        let dom = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        while !reader.isFinished { Thread.sleep(forTimeInterval: 0.01) }
        let stderr = errData.withLock { String(decoding: $0, as: UTF8.self) }
        #expect(process.terminationStatus == 0, "\(stderr)")
        // The page's own problems (CSP refusals, console errors) are reported as CONSOLE lines.
        let pageErrors = stderr.split(separator: "\n").filter { $0.contains("CONSOLE") || $0.contains("Content Security Policy") }
        #expect(pageErrors.isEmpty, "\(pageErrors)")
        #expect(dom.contains("<title>Mentoring Communities 2026-27 — as of 2027-07-01</title>"))
        #expect(dom.contains(#"data-metric="c-gen-1-gatherings">1 / 2<"#))
        #expect(dom.contains(#"data-metric="c-latinx-hours-f-okafor">16.00 h<"#))
        #expect(dom.contains("<svg"))
    }
}

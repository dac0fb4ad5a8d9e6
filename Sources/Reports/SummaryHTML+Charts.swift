internal import Mentoring

extension SummaryHTML {
    /// Gatherings and meetings as bars, each with its minimum as a line.
    func activityChart(_ activity: CommunityActivity) -> String {
        let width = 360.0, left = 90.0, barHeight = 22.0
        let scale = Double(max(activity.gatherings, activity.meetings, activity.gatheringsMinimum, activity.meetingsMinimum, 1)) * 1.25
        let rows: [(String, Int, Int)] = [
            ("Gatherings", activity.gatherings, activity.gatheringsMinimum),
            ("Meetings", activity.meetings, activity.meetingsMinimum),
        ]
        var svg = """
            <svg class="chart" role="img" viewBox="0 0 \(Int(width)) 80" width="\(Int(width))" height="80" xmlns="http://www.w3.org/2000/svg">
            <title>Gatherings \(activity.gatherings) of \(activity.gatheringsMinimum) required; meetings \(activity.meetings) of \(activity.meetingsMinimum) required</title>

            """
        for (index, (label, value, minimum)) in rows.enumerated() {
            let y = 8.0 + Double(index) * 34.0
            let span = width - left - 60
            let bar = span * Double(value) / scale
            let line = left + span * Double(minimum) / scale
            let tone = value >= minimum ? "ok" : isYearOver ? "bad" : "pending"
            svg += """
                <text x="0" y="\(fmt(y + 15))" class="label">\(label)</text>
                <rect x="\(fmt(left))" y="\(fmt(y))" width="\(fmt(span))" height="\(fmt(barHeight))" class="track"/>
                <rect x="\(fmt(left))" y="\(fmt(y))" width="\(fmt(bar))" height="\(fmt(barHeight))" class="bar \(tone)"/>
                <line x1="\(fmt(line))" x2="\(fmt(line))" y1="\(fmt(y - 3))" y2="\(fmt(y + barHeight + 3))" class="minimum"/>
                <text x="\(fmt(width - 55))" y="\(fmt(y + 15))" class="value" data-metric="\(activity.community)-\(label.lowercased())">\(value) / \(minimum)</text>

                """
        }
        return svg + "</svg>"
    }

    /// Each leader's hours as a bar over the policy's band (15–20 by default).
    func hoursChart(_ activity: CommunityActivity) -> String {
        let width = 420.0, left = 90.0, rowHeight = 26.0
        guard !activity.leaders.isEmpty else { return "<p class=\"chart-empty\">No leader in office: no hours to show.</p>" }
        let highest = activity.leaders.map(\.hours.hundredths).max() ?? 0
        // At least one hour wide: a 0–0 policy band and no hours yet must not divide by zero.
        let scale = Double(max(highest, activity.hoursMaximum.hundredths, 100)) * 1.2
        let span = width - left - 70
        let height = 24.0 + Double(activity.leaders.count) * rowHeight
        let x = { (hundredths: Int) in left + span * Double(hundredths) / scale }
        let bandFrom = x(activity.hoursMinimum.hundredths), bandTo = x(activity.hoursMaximum.hundredths)
        var svg = """
            <svg class="chart" role="img" viewBox="0 0 \(Int(width)) \(Int(height))" width="\(Int(width))" height="\(Int(height))" xmlns="http://www.w3.org/2000/svg">
            <title>Leader hours against the \(activity.hoursMinimum)–\(activity.hoursMaximum) band</title>
            <rect x="\(fmt(bandFrom))" y="0" width="\(fmt(bandTo - bandFrom))" height="\(fmt(height - 16))" class="band"/>
            <text x="\(fmt(bandFrom))" y="\(fmt(height - 3))" class="axis">\(activity.hoursMinimum.hundredths / 100)</text>
            <text x="\(fmt(bandTo))" y="\(fmt(height - 3))" class="axis">\(activity.hoursMaximum.hundredths / 100) h</text>

            """
        for (index, leader) in activity.leaders.enumerated() {
            let y = 6.0 + Double(index) * rowHeight
            let tone = leader.hours < activity.hoursMinimum ? (isYearOver ? "bad" : "pending") : leader.hours > activity.hoursMaximum ? "over" : "ok"
            svg += """
                <text x="0" y="\(fmt(y + 13))" class="label">\(SummaryHTML.escape(leader.leader.rawValue))</text>
                <rect x="\(fmt(left))" y="\(fmt(y))" width="\(fmt(x(leader.hours.hundredths) - left))" height="18" class="bar \(tone)"/>
                <text x="\(fmt(width - 65))" y="\(fmt(y + 13))" class="value" data-metric="\(activity.community)-hours-\(leader.leader)">\(leader.hours) h\(leader.trained ? "" : " ⚠")</text>

                """
        }
        return svg + "</svg>"
    }

    /// One decimal, the same on every machine (no locale, no float formatting surprises).
    /// A value that is not finite (a chart's bug) prints as 0.0 rather than trapping.
    func fmt(_ value: Double) -> String {
        guard value.isFinite, abs(value) < 1e12 else { return "0.0" }
        let tenths = Int((value * 10).rounded())
        let sign = tenths < 0 ? "-" : ""
        return "\(sign)\(abs(tenths) / 10).\(abs(tenths) % 10)"
    }

    static let style = """
        body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1d2329;max-width:1100px;margin:0 auto;padding:1.5rem}
        h1{font-size:1.6rem;margin:0 0 .3rem}h2{border-bottom:2px solid #d8dee4;padding-bottom:.2rem;margin-top:2rem}
        code{font-size:.8rem;word-break:break-all}table{border-collapse:collapse;margin:.6rem 0;width:100%}
        th,td{border:1px solid #d8dee4;padding:.25rem .45rem;text-align:left;vertical-align:top}thead th{background:#f3f5f7}
        td.num,.num{font-variant-numeric:tabular-nums}.big{font-size:1.3rem;font-weight:600}
        .ok{color:#1a7f37}.bad{color:#cf222e}.pending{color:#9a6700}
        .sev{display:inline-block;border-radius:.6rem;padding:0 .45rem;font-size:.8rem;color:#fff}
        .sev.violation{background:#cf222e}.sev.warning{background:#bf8700}.sev.advisory{background:#57606a}
        .composition{display:flex;gap:1.2rem;list-style:none;padding:0}.charts{display:flex;flex-wrap:wrap;gap:1.5rem;align-items:flex-start}
        svg .label,svg .value,svg .axis{font-size:12px;fill:#1d2329}svg .axis{fill:#57606a}
        svg .track{fill:#eef1f4}svg .band{fill:#dafbe1}svg .minimum{stroke:#1d2329;stroke-width:2}
        svg .bar.ok{fill:#2da44e}svg .bar.bad{fill:#cf222e}svg .bar.pending{fill:#d4a72c}svg .bar.over{fill:#0969da}
        .evidence{font-size:.8rem;color:#57606a}footer{margin-top:2rem;color:#57606a;font-size:.85rem}
        @media print{section.community{break-inside:avoid}}
        """
}

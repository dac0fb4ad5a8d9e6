// The figures of one scripts/bench run: each phase adds its figure to a shared file (one
// JSON object a line, so the store and projections benches, two processes, write to the
// same file), and `mcledger-bench --summarize FILE` prints them as one table and writes the
// `--json` document.

import Foundation

/// One figure of the run, as `scripts/bench --json` reports it.
struct Figure {
    var name: String
    var value: Double
    var unit: String
    /// The raw baseline measured in the same run, when there is one.
    var baseline: Double?
    /// Ours against the baseline (its meaning per figure is in ``Figure/targets``).
    var ratio: Double?

    /// The issue's target for each figure, shown beside it in the summary table.
    static let targets: [String: String] = [
        "one_event_commit": "ratio ≥ 0.80",
        "append_text_on": "ratio ≥ 0.95 (on/off)",
        "one_event_text_on": "ratio ≤ 1.05 (on ÷ off)",
        "batch_100": "ratio ≥ 0.90",
        "read_all": "ratio ≥ 0.60",
        "import_people": "ratio ≥ 0.50",
        "import_roster": "ratio ≥ 0.40",
        "cli_one_command": "ratio ≤ 1.20 (ours ÷ psql)",
        "follow_lag_p50_ms": "",
        "follow_lag_p99_ms": "< 50 ms",
        "writers_8_speedup": "≥ 3× (baseline: pgbench)",
        "rebuild": "",
    ]

    /// The order of the summary table and of the JSON document.
    static let order = [
        "one_event_commit", "append_text_off", "append_text_on", "batch_100", "read_all", "import_people", "import_roster",
        "cli_one_command", "one_event_text_off", "one_event_text_on", "follow_lag_p50_ms", "follow_lag_p99_ms", "writers_8_speedup", "rebuild",
    ]

    var json: String {
        func number(_ value: Double?) -> String {
            guard let value, value.isFinite else { return "null" }
            // Plain decimals (no exponent), four significant digits for small values.
            return abs(value) >= 100 ? String(format: "%.1f", value) : String(format: "%.4g", value)
        }
        return #"{"name":"\#(name)","value":\#(number(value)),"unit":"\#(unit)","baseline":\#(number(baseline)),"ratio":\#(number(ratio))}"#
    }

    init(name: String, value: Double, unit: String, baseline: Double? = nil, ratio: Double? = nil) {
        self.name = name
        self.value = value
        self.unit = unit
        self.baseline = baseline
        self.ratio = ratio
    }

    init?(json line: String) {
        guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
              let name = object["name"] as? String, let value = object["value"] as? Double, let unit = object["unit"] as? String
        else { return nil }
        self.init(name: name, value: value, unit: unit, baseline: object["baseline"] as? Double, ratio: object["ratio"] as? Double)
    }
}

/// Appends figures to the file named by `--figures` (nothing without it).
struct FigureLog {
    let path: String?

    func record(_ figure: Figure) {
        guard let path else { return }
        if !FileManager.default.fileExists(atPath: path) {
            FileManager.default.createFile(atPath: path, contents: nil)
        }
        guard let handle = FileHandle(forWritingAtPath: path) else { return }
        defer { try? handle.close() }
        handle.seekToEndOfFile()
        handle.write(Data((figure.json + "\n").utf8))
    }
}

/// Prints the run's figures as a table and, with `json`, writes the JSON document.
func summarize(figuresFile: String, json: String?) throws {
    let text = (try? String(contentsOfFile: figuresFile, encoding: .utf8)) ?? ""
    var byName: [String: Figure] = [:]
    for line in text.split(separator: "\n") {
        if let figure = Figure(json: String(line)) { byName[figure.name] = figure }
    }
    let figures = Figure.order.compactMap { byName[$0] } + byName.values.filter { !Figure.order.contains($0.name) }.sorted { $0.name < $1.name }
    func format(_ value: Double?, _ unit: String) -> String {
        guard let value, value.isFinite else { return "—" }
        switch unit {
        case "events/s", "rows/s": return value >= 10_000 ? String(format: "%.0fk %@", value / 1000, unit) : String(format: "%.0f %@", value, unit)
        case "ms": return String(format: "%.1f ms", value)
        case "x": return String(format: "%.2f×", value)
        default: return String(format: "%.3g %@", value, unit)
        }
    }
    func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
    print("")
    print("summary (medians; ratios against the baseline measured in this run)")
    print(pad("figure", 20) + pad("baseline", 16) + pad("mcledger", 16) + pad("ratio", 9) + "target")
    for figure in figures {
        let ratio = figure.ratio.map { String(format: "%.2f×", $0) } ?? "—"
        print(pad(figure.name, 20) + pad(format(figure.baseline, figure.unit), 16) + pad(format(figure.value, figure.unit), 16) + pad(ratio, 9) + (Figure.targets[figure.name] ?? ""))
    }
    let missing = Figure.order.filter { byName[$0] == nil }
    if !missing.isEmpty { print("not measured in this run: \(missing.joined(separator: ", "))") }
    if let json {
        let document = #"{"figures":["# + figures.map(\.json).joined(separator: ",") + "]}\n"
        try Data(document.utf8).write(to: URL(fileURLWithPath: json))
        print("wrote \(json)")
    }
}

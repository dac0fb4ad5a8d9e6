@testable import Projections
import Testing

/// How `projections verify` names differences, without a database: rows equal on both
/// sides match as a multiset; rows sharing a key are paired and compared by column;
/// the rest is missing or extra.
@Suite struct ReadModelCompareTests {
    let model = ReadModel(table: "roster_communities", columns: "community, name, focus, epoch_from", key: ["community", "epoch_from"])

    @Test func equalRowsInAnyOrderHaveNoDifference() {
        let rows: [[String?]] = [["c-a", "A", "general", nil], ["c-b", "B", "latinx", nil], ["c-b", "B", "latinx", nil]]
        #expect(model.compare(stored: rows.reversed(), expected: rows).isEmpty)
    }

    @Test func aChangedColumnIsNamedWithBothValues() {
        let differences = model.compare(stored: [["c-a", "Forged", "general", nil]], expected: [["c-a", "A", "general", nil]])
        #expect(differences == [ReadModelDifference(table: "roster_communities", key: "community=c-a, epoch_from=NULL", kind: .changed, column: "name", stored: "Forged", expected: "A")])
        #expect(differences[0].description == "roster_communities [community=c-a, epoch_from=NULL]: name stored 'Forged', expected 'A'")
    }

    @Test func aDeletedOrAddedRowIsMissingOrExtraAndADuplicateCounts() {
        let row: [String?] = ["c-a", "A", "general", nil]
        let deleted = model.compare(stored: [], expected: [row])
        #expect(deleted.map(\.kind) == [.missing])
        let added = model.compare(stored: [row, ["c-z", "Z", "general", "2026-09-01"]], expected: [row])
        #expect(added.map(\.kind) == [.extra] && added[0].key == "community=c-z, epoch_from=2026-09-01")
        #expect(model.compare(stored: [row, row], expected: [row]).map(\.kind) == [.extra])
    }

    @Test func jsonIsComparedByMeaningNotSpelling() {
        let stipends = ReadModel(table: "audit_stipends", columns: "community, anomalies", key: ["community"])
        let stored = stipends.expected([["c-a", #"[{"rule": "STP-06", "message": "paid 2 times"}]"#]])
        let expected = stipends.expected([["c-a", #"[{"message":"paid 2 times","rule":"STP-06"}]"#]])
        #expect(stipends.compare(stored: stored, expected: expected).isEmpty)
        let trail = ReadModel(table: "audit_subjects", view: "audit_subjects", columns: "subject, position", key: ["subject", "position"])
        #expect(trail.expected([["s-1", "3", "{3,7}"]]) == [["s-1", "3"], ["s-1", "7"]])
    }
}

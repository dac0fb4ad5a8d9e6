import Reports
import Testing
import TestSupport

/// Small-cell suppression (issue 15), without a database.
@Suite struct SmallCellsTests {
    /// Which cells a reader who sees the shown counts and knows every line sums to its
    /// total can work out, by subtracting again and again: while a line (a row or column
    /// of the table with its margin) has exactly one unknown cell, that cell is known.
    static func recoverable(_ table: SmallCells) -> Set<[Int]> {
        let rows = table.grid.count, columns = table.grid[0].count
        var known = Set<[Int]>()
        for i in 0..<rows {
            for j in 0..<columns where table.cells[i][j] == .shown { known.insert([i, j]) }
        }
        var lines: [[[Int]]] = []
        for i in 0..<rows { lines.append((0..<columns).map { [i, $0] }) }
        for j in 0..<columns { lines.append((0..<rows).map { [$0, j] }) }
        var progress = true
        while progress {
            progress = false
            for line in lines {
                let unknown = line.filter { !known.contains($0) }
                if unknown.count == 1 {
                    known.insert(unknown[0])
                    progress = true
                }
            }
        }
        var recovered = Set<[Int]>()
        for i in 0..<rows {
            for j in 0..<columns where table.cells[i][j] != .shown && known.contains([i, j]) { recovered.insert([i, j]) }
        }
        return recovered
    }

    @Test func aSmallCellAloneInItsRowAndColumnTakesItsComplementsWithIt() {
        // c-latinx: 6 met, 0 not; c-gen-1: 0 met, 2 not.
        let table = SmallCells([[6, 0], [0, 2]], threshold: 5)
        #expect(table.grid == [[6, 0, 6], [0, 2, 2], [6, 2, 8]])
        #expect((0..<3).map { table.text(0, $0) } == ["—", "0", "—"])
        #expect((0..<3).map { table.text(1, $0) } == ["0", "<5", "<5"])
        #expect((0..<3).map { table.text(2, $0) } == ["—", "<5", "8"])
        #expect(Self.recoverable(table).isEmpty)
    }

    @Test func largeCountsAndNoThresholdAreShownAsTheyAre() {
        let large = SmallCells([[6, 7], [9, 12]], threshold: 5)
        #expect(!large.suppressesAny)
        let off = SmallCells([[1, 2], [3, 4]], threshold: nil)
        #expect(!off.suppressesAny)
        #expect(off.text(0, 0) == "1")
        #expect(!SmallCells([], threshold: 5).suppressesAny)
    }

    /// 2,000 random tables (1–8 rows, 1–4 columns, counts 0–30, thresholds 2–11): every
    /// count from 1 to threshold - 1 is suppressed, no suppressed cell can be recovered
    /// from the totals by subtraction, and a table with no small count is shown whole.
    @Test func noSuppressedCellIsRecoverableFromTheTotals() {
        let seed = UInt64.random(in: 0...UInt64.max)
        var generator = SeededGenerator(seed: seed)
        for _ in 0..<2000 {
            let rows = Int.random(in: 1...8, using: &generator), columns = Int.random(in: 1...4, using: &generator)
            let threshold = Int.random(in: 2...11, using: &generator)
            var table: [[Int]] = []
            for _ in 0..<rows {
                var row: [Int] = []
                for _ in 0..<columns {
                    // Many small counts and zeros, some large.
                    row.append(Bool.random(using: &generator) ? Int.random(in: 0...threshold, using: &generator) : Int.random(in: 0...30, using: &generator))
                }
                table.append(row)
            }
            let suppressed = SmallCells(table, threshold: threshold)
            var small = false
            for (i, row) in suppressed.grid.enumerated() {
                for (j, value) in row.enumerated() where value > 0 && value < threshold {
                    small = true
                    #expect(suppressed.cells[i][j] == .small, "seed \(seed): \(table) at \(threshold): cell \(i),\(j)")
                }
            }
            #expect(Self.recoverable(suppressed).isEmpty, "seed \(seed): \(table) at \(threshold) recovers \(Self.recoverable(suppressed))")
            if !small { #expect(!suppressed.suppressesAny, "seed \(seed): \(table)") }
        }
    }
}

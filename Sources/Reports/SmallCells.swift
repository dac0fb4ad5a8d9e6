/// Small-cell suppression of a table of counts of students, with its row and column
/// totals: counts from 1 to `threshold - 1` are hidden ("primary"), and then other
/// counts ("complementary"), so that no hidden count can be worked out from the totals.
///
/// Why: a table that leaves the program office must not let a reader single out a few
/// students (docs/PRIVACY.md). Hiding only the small cells is not enough: a row total
/// minus the other cells of the row gives the hidden one back. So the table is treated
/// with its margins, as an (r+1) × (c+1) grid of lines (every row, interior cells and
/// its total; every column, likewise; the totals row ends with the grand total), and
/// no line may hold exactly one hidden cell. While one does, the smallest shown cell of
/// that line is hidden too (a non-zero one first: hiding a zero protects less), and the
/// lines are checked again until none changes. Totals are counts of students as well,
/// so a small total is hidden like any cell.
///
/// Pure, and deterministic: the same table and threshold hide the same cells.
public struct SmallCells: Sendable, Hashable {
    /// How one cell is shown.
    public enum Cell: Sendable, Hashable {
        case shown
        /// 1 to threshold - 1: shown as "<N".
        case small
        /// Hidden so that the totals cannot reveal a small cell.
        case hidden
    }

    /// The counts with their margins: `grid[i][j]` for i < rows, j < columns is the table;
    /// column `columns` holds the row totals and row `rows` the column totals.
    public let grid: [[Int]]
    /// The treatment of each cell of ``grid``.
    public let cells: [[Cell]]
    public let threshold: Int

    /// Suppresses `table` (rows of equal length) at `threshold` (nil: show every count).
    public init(_ table: [[Int]], threshold: Int?) {
        let rows = table.count
        let columns = table.first?.count ?? 0
        var grid = table.map { $0 + [$0.reduce(0, +)] }
        var totals = [Int](repeating: 0, count: columns + 1)
        for row in grid {
            for (index, value) in row.enumerated() { totals[index] += value }
        }
        grid.append(totals)
        self.grid = grid
        self.threshold = threshold ?? 0
        var cells = grid.map { row in row.map { _ in Cell.shown } }
        guard let threshold, rows > 0, columns > 0 else {
            self.cells = cells
            return
        }
        for i in grid.indices {
            for j in grid[i].indices where grid[i][j] > 0 && grid[i][j] < threshold {
                cells[i][j] = .small
            }
        }
        var lines: [[(Int, Int)]] = []
        for i in 0...rows { lines.append((0...columns).map { (i, $0) }) }
        for j in 0...columns { lines.append((0...rows).map { ($0, j) }) }
        var changed = true
        while changed {
            changed = false
            for line in lines {
                var hiddenCount = 0
                var best: (Int, Int)?
                var bestKey = (2, Int.max)
                for (i, j) in line {
                    if cells[i][j] != .shown {
                        hiddenCount += 1
                        continue
                    }
                    let key = (grid[i][j] == 0 ? 1 : 0, grid[i][j])
                    if key < bestKey {
                        bestKey = key
                        best = (i, j)
                    }
                }
                if hiddenCount == 1, let (i, j) = best {
                    cells[i][j] = .hidden
                    changed = true
                }
            }
        }
        self.cells = cells
    }

    /// Whether any count is not shown.
    public var suppressesAny: Bool {
        for row in cells where row.contains(where: { $0 != .shown }) { return true }
        return false
    }

    /// The cell as text: the count, "<N", or "—".
    public func text(_ i: Int, _ j: Int) -> String {
        switch cells[i][j] {
        case .shown: String(grid[i][j])
        case .small: "<\(threshold)"
        case .hidden: "—"
        }
    }
}

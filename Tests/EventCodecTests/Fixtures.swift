import Mentoring

/// Shorthands for ids and amounts the tests know to be valid.
func cid(_ text: String) -> CommunityID { try! CommunityID(text) }
func pid(_ text: String) -> PersonID { try! PersonID(text) }
func year(_ text: String) -> AcademicYear { try! AcademicYear(text) }
func hours(_ text: String) -> Hours { try! Hours(text) }
func dollars(_ text: String) -> Cents { try! Cents(dollars: text) }
func pids(_ texts: String...) -> [PersonID] { texts.map(pid) }

/// The error a throwing call raised, for `#expect(thrown { ... }?.description == ...)`.
func thrown<E: Error>(_ body: () throws(E) -> Void) -> E? {
    do {
        try body()
        return nil
    } catch {
        return error
    }
}

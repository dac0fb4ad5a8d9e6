public import Mentoring

extension CommandHandler {
    /// The policy in force for `year`, as the program stream says now.
    ///
    /// `policy set` starts from it and changes only the numbers given, so a program that
    /// changes one bound does not have to restate the others.
    public func policy(for year: AcademicYear) throws -> Policy {
        var loader = StreamLoader(store: store)
        try loader.load(.program)
        return loader.states.program.policy(for: year)
    }
}

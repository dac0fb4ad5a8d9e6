extension ProgramState {
    /// A student's last day as a member: graduation, by the policy of their class year.
    public func graduation(of person: PersonState) -> Day? {
        guard let classOf = person.registration?.payload.classOf else { return nil }
        return person.graduation(policy(for: AcademicYear(startYear: classOf - 1)))
    }
}

extension CommunityState {
    /// The periods in `role` as they count: a student's ends at graduation (the day after
    /// it is the first day they are no longer a member), when their class is known.
    ///
    /// - Parameter people: person states as folded; a student missing here is counted
    ///   as recorded.
    public func counted(_ role: MembershipRole, people: [PersonID: PersonState], program: ProgramState) -> [Tenure] {
        let periods = tenures.filter { $0.role == role }
        guard role == .student else { return periods }
        return periods.map { tenure in
            guard let person = people[tenure.person], let graduation = program.graduation(of: person) else { return tenure }
            let end = graduation.next
            guard tenure.until.map({ $0 > end }) ?? true else { return tenure }
            var capped = tenure
            capped.until = max(end, tenure.since)
            return capped
        }
    }

    /// The people in `role` on `day`, counting graduation.
    public func members(_ role: MembershipRole, on day: Day, people: [PersonID: PersonState], program: ProgramState) -> [Tenure] {
        counted(role, people: people, program: program).filter { $0.isMember(on: day) }
    }
}

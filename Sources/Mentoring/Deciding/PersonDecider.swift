/// Decisions on a `person-<id>` stream: registration, titles and training.
enum PersonDecider {
    static func register(_ command: RegisterPerson, _ states: StreamStates, _ context: DecisionContext) throws(DomainError) -> [PendingEvent] {
        if let existing = states.person(command.person).registration {
            throw DomainError(.alreadyDone, "\(command.person) was registered on \(existing.occurredOn) as \(existing.payload.role); use another id or `person retitle`")
        }
        _ = try Guards.text(command.name, field: "name")
        if command.role != .faculty, command.title != nil || command.residencyCompleted != nil {
            throw DomainError(.invalidInput, "\(Field.title) and \(Field.residencyCompleted) are for faculty; \(command.person) is registered as \(command.role)")
        }
        if command.role != .student, command.classOf != nil {
            throw DomainError(.invalidInput, "\(Field.classOf) is for students; \(command.person) is registered as \(command.role)")
        }
        if let year = command.residencyCompleted, year > context.occurredOn.year {
            throw DomainError(.invalidInput, "residency completed in \(year) is after \(context.occurredOn); check \(Field.residencyCompleted)")
        }
        let event = PersonRegistered(
            person: command.person, role: command.role, classOf: command.classOf,
            residencyCompleted: command.residencyCompleted,
            title: command.role == .faculty ? (command.title ?? FacultyTitle.none) : nil
        )
        return [PendingEvent(stream: .person(command.person), event: .personRegistered(event))]
    }

    static func retitle(_ command: RetitlePerson, _ states: StreamStates, _ context: DecisionContext) throws(DomainError) -> [PendingEvent] {
        let person = try Guards.registered(command.person, as: .faculty, for: "hold a title", states, context)
        guard person.title(on: context.occurredOn) != command.title else {
            throw DomainError(.alreadyDone, "\(command.person) already has the title \(command.title) on \(context.occurredOn)")
        }
        return [PendingEvent(stream: .person(command.person), event: .personRetitled(PersonRetitled(person: command.person, title: command.title)))]
    }

    /// The fact that a name changed (the name itself goes to the directory only).
    static func rename(_ command: RenamePerson, _ states: StreamStates, _ context: DecisionContext) throws(DomainError) -> [PendingEvent] {
        let person = try Guards.registered(command.person, states)
        if let erasure = person.erasure {
            throw DomainError(.notApplicable, "the details of \(command.person) were erased on \(erasure.occurredOn) (position \(erasure.position)); an erased name is not recorded again")
        }
        _ = try Guards.text(command.name, field: "name")
        let event = PersonDetailsChanged(person: command.person, fields: [.name])
        return [PendingEvent(stream: .person(command.person), event: .personDetailsChanged(event))]
    }

    /// The fact that a person's details were erased (the directory entry is emptied
    /// beside it). Refused while the person still belongs to a community in any role on
    /// or after the date: end that first. A student's membership ends at graduation.
    static func erase(_ command: ErasePerson, _ states: StreamStates, _ context: DecisionContext) throws(DomainError) -> [PendingEvent] {
        _ = try Guards.reason(context, for: "erasing a person's details")
        let person = try Guards.registered(command.person, states)
        if let erasure = person.erasure {
            throw DomainError(.alreadyDone, "the details of \(command.person) were already erased on \(erasure.occurredOn) (position \(erasure.position))")
        }
        if let open = openMembership(command.person, states, on: context.occurredOn) {
            throw DomainError(.notApplicable, "\(command.person) is a \(open.role) of \(open.community) since \(open.since)\(open.until.map { " until \($0)" } ?? ""); end that membership first, then erase")
        }
        let event = PersonDetailsErased(person: command.person, fields: [.name])
        return [PendingEvent(stream: .person(command.person), event: .personDetailsErased(event))]
    }

    /// The first membership of `id`, in any community and role, not ended by `day`
    /// (a student's as counted: ended at graduation).
    private static func openMembership(
        _ id: PersonID, _ states: StreamStates, on day: Day
    ) -> (community: CommunityID, role: MembershipRole, since: Day, until: Day?)? {
        for community in states.communities.keys.sorted() {
            for role in MembershipRole.allCases {
                let tenures = states.community(community).counted(role, people: states.people, program: states.program)
                if let open = tenures.first(where: { $0.person == id && ($0.until.map { $0 > day } ?? true) }) {
                    return (community, role, open.since, open.until)
                }
            }
        }
        return nil
    }

    static func completeTraining(_ command: CompleteTraining, _ states: StreamStates, _ context: DecisionContext) throws(DomainError) -> [PendingEvent] {
        _ = try Guards.registered(command.faculty, as: .faculty, for: "complete leadership training", states, context)
        let event = TrainingCompleted(person: command.faculty, hours: command.hours)
        return [PendingEvent(stream: .person(command.faculty), event: .trainingCompleted(event))]
    }
}

/// Decisions on a `person-<id>` stream: registration, titles and training.
enum PersonDecider {
    static func register(_ command: RegisterPerson, _ states: StreamStates, _ context: DecisionContext) throws(DomainError) -> [PendingEvent] {
        if let existing = states.person(command.person).registration {
            throw DomainError(.alreadyDone, "\(command.person) was registered on \(existing.occurredOn) as \(existing.payload.role); use another id or `person retitle`")
        }
        _ = try Guards.text(command.name, field: "name")
        if command.role != .faculty, command.title != nil || command.residencyCompleted != nil {
            throw DomainError(.invalidInput, "--title and --residency-completed are for faculty; \(command.person) is registered as \(command.role)")
        }
        if command.role != .student, command.classOf != nil {
            throw DomainError(.invalidInput, "--class-of is for students; \(command.person) is registered as \(command.role)")
        }
        if let year = command.residencyCompleted, year > context.occurredOn.year {
            throw DomainError(.invalidInput, "residency completed in \(year) is after \(context.occurredOn); check --residency-completed")
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
        _ = try Guards.registered(command.person, states)
        _ = try Guards.text(command.name, field: "name")
        let event = PersonDetailsChanged(person: command.person, fields: [.name])
        return [PendingEvent(stream: .person(command.person), event: .personDetailsChanged(event))]
    }

    static func completeTraining(_ command: CompleteTraining, _ states: StreamStates, _ context: DecisionContext) throws(DomainError) -> [PendingEvent] {
        _ = try Guards.registered(command.faculty, as: .faculty, for: "complete leadership training", states, context)
        let event = TrainingCompleted(person: command.faculty, hours: command.hours)
        return [PendingEvent(stream: .person(command.faculty), event: .trainingCompleted(event))]
    }
}

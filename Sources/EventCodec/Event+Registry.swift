public import Mentoring

/// The codec's registry: every event type this build reads, and its current version.
extension Event {
    /// The payload's schema version stored in the `schema_version` column.
    public var schemaVersion: Int {
        switch self {
        case .communityEstablished: CommunityEstablished.schemaVersion
        case .communityRetired: CommunityRetired.schemaVersion
        case .policySet: PolicySet.schemaVersion
        case .yearClosed: YearClosed.schemaVersion
        case .personRegistered: PersonRegistered.schemaVersion
        case .personRetitled: PersonRetitled.schemaVersion
        case .personDetailsChanged: PersonDetailsChanged.schemaVersion
        case .personDetailsErased: PersonDetailsErased.schemaVersion
        case .trainingCompleted: TrainingCompleted.schemaVersion
        case .studentPlaced: StudentPlaced.schemaVersion
        case .studentReleased: StudentReleased.schemaVersion
        case .leaderAppointed: LeaderAppointed.schemaVersion
        case .leaderSteppedDown: LeaderSteppedDown.schemaVersion
        case .residentJoined: ResidentJoined.schemaVersion
        case .residentLeft: ResidentLeft.schemaVersion
        case .studentJoined: StudentJoined.schemaVersion
        case .studentLeft: StudentLeft.schemaVersion
        case .staffLiaisonAssigned: StaffLiaisonAssigned.schemaVersion
        case .staffLiaisonUnassigned: StaffLiaisonUnassigned.schemaVersion
        case .communityMemberAssigned: CommunityMemberAssigned.schemaVersion
        case .communityMemberRemoved: CommunityMemberRemoved.schemaVersion
        case .gatheringHeld: GatheringHeld.schemaVersion
        case .meetingHeld: MeetingHeld.schemaVersion
        case .hoursLogged: HoursLogged.schemaVersion
        case .stipendRequested: StipendRequested.schemaVersion
        case .stipendApproved: StipendApproved.schemaVersion
        case .stipendPaid: StipendPaid.schemaVersion
        case .stipendReversed: StipendReversed.schemaVersion
        case .eventCorrected: EventCorrected.schemaVersion
        case .textRedacted: TextRedacted.schemaVersion
        case .recordsDisclosed: RecordsDisclosed.schemaVersion
        }
    }

    /// Every type name, for the store's documentation and for tests.
    public static let allTypeNames: [String] = [
        CommunityEstablished.typeName,
        CommunityRetired.typeName,
        PolicySet.typeName,
        YearClosed.typeName,
        PersonRegistered.typeName,
        PersonRetitled.typeName,
        PersonDetailsChanged.typeName,
        PersonDetailsErased.typeName,
        TrainingCompleted.typeName,
        StudentPlaced.typeName,
        StudentReleased.typeName,
        LeaderAppointed.typeName,
        LeaderSteppedDown.typeName,
        ResidentJoined.typeName,
        ResidentLeft.typeName,
        StudentJoined.typeName,
        StudentLeft.typeName,
        StaffLiaisonAssigned.typeName,
        StaffLiaisonUnassigned.typeName,
        CommunityMemberAssigned.typeName,
        CommunityMemberRemoved.typeName,
        GatheringHeld.typeName,
        MeetingHeld.typeName,
        HoursLogged.typeName,
        StipendRequested.typeName,
        StipendApproved.typeName,
        StipendPaid.typeName,
        StipendReversed.typeName,
        EventCorrected.typeName,
        TextRedacted.typeName,
        RecordsDisclosed.typeName,
    ]

    /// The current schema version of every type; every version from 1 up to it is read
    /// (see ``FreeText`` for the types at version 2).
    public static let currentSchemaVersions: [String: Int] = [
        CommunityEstablished.typeName: CommunityEstablished.schemaVersion,
        CommunityRetired.typeName: CommunityRetired.schemaVersion,
        PolicySet.typeName: PolicySet.schemaVersion,
        YearClosed.typeName: YearClosed.schemaVersion,
        PersonRegistered.typeName: PersonRegistered.schemaVersion,
        PersonRetitled.typeName: PersonRetitled.schemaVersion,
        PersonDetailsChanged.typeName: PersonDetailsChanged.schemaVersion,
        PersonDetailsErased.typeName: PersonDetailsErased.schemaVersion,
        TrainingCompleted.typeName: TrainingCompleted.schemaVersion,
        StudentPlaced.typeName: StudentPlaced.schemaVersion,
        StudentReleased.typeName: StudentReleased.schemaVersion,
        LeaderAppointed.typeName: LeaderAppointed.schemaVersion,
        LeaderSteppedDown.typeName: LeaderSteppedDown.schemaVersion,
        ResidentJoined.typeName: ResidentJoined.schemaVersion,
        ResidentLeft.typeName: ResidentLeft.schemaVersion,
        StudentJoined.typeName: StudentJoined.schemaVersion,
        StudentLeft.typeName: StudentLeft.schemaVersion,
        StaffLiaisonAssigned.typeName: StaffLiaisonAssigned.schemaVersion,
        StaffLiaisonUnassigned.typeName: StaffLiaisonUnassigned.schemaVersion,
        CommunityMemberAssigned.typeName: CommunityMemberAssigned.schemaVersion,
        CommunityMemberRemoved.typeName: CommunityMemberRemoved.schemaVersion,
        GatheringHeld.typeName: GatheringHeld.schemaVersion,
        MeetingHeld.typeName: MeetingHeld.schemaVersion,
        HoursLogged.typeName: HoursLogged.schemaVersion,
        StipendRequested.typeName: StipendRequested.schemaVersion,
        StipendApproved.typeName: StipendApproved.schemaVersion,
        StipendPaid.typeName: StipendPaid.schemaVersion,
        StipendReversed.typeName: StipendReversed.schemaVersion,
        EventCorrected.typeName: EventCorrected.schemaVersion,
        TextRedacted.typeName: TextRedacted.schemaVersion,
        RecordsDisclosed.typeName: RecordsDisclosed.schemaVersion,
    ]
}

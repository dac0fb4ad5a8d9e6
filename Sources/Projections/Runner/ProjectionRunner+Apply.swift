internal import Mentoring
internal import Postgres

extension ProjectionRunner {
    /// Folds one batch into `projector`'s tables of the batch's generation.
    ///
    /// Rows that depend on a whole stream (a community's roster, findings, stipends) are
    /// recomputed from the domain's folded states of the streams the batch touched and
    /// replaced; rows of one event (audit trail, corrections, adjustments) are appended.
    ///
    /// - Parameter cache: states folded by this catch-up's earlier batches, to continue
    ///   from (nil: fold every stream from its first event).
    func apply(_ projector: ProjectorName, _ batch: Batch, cache: FoldCache? = nil) throws {
        if let cache, batch.events.contains(where: { if case .textRedacted = $0.event { true } else { false } }) {
            // A redaction changes what earlier events read as (schema/015): states folded
            // before it hold the old text, so fold from the log again.
            cache.program = nil
            cache.communities.removeAll()
            cache.people.removeAll()
        }
        cache?.advance(from: batch.after, to: batch.through, untouchedBy: batch.events)
        let loader = StateLoader(reader: reader, through: batch.through, cache: cache, recent: (batch.after, batch.events))
        let generation = batch.generation
        var rows = RowBuffer()
        switch projector {
        case .roster:
            if batch.events.contains(where: { $0.stream == .program }) {
                let program = try loader.program()
                try connection.execute("DELETE FROM \(generation.table("roster_communities"))")
                for row in RosterModel.communities(program) {
                    rows.add(generation.table("roster_communities"), RowEncoding.communityColumns, RowEncoding.fields(row))
                }
            }
            var touched = Self.communityStreams(batch.events)
            // A policy moves graduation, which ends students' memberships: every community.
            let policyChanged = batch.events.contains { if case .policySet = $0.event { true } else { false } }
            let program = touched.isEmpty && !policyChanged ? ProgramState() : try loader.program()
            if policyChanged { touched.formUnion(program.communities.keys) }
            try delete(generation.table("roster_tenures"), column: "community", touched.map(\.rawValue))
            for id in touched.sorted() {
                let states = try loader.community(id, program: program)
                for row in RosterModel.tenures(id, states.community(id), people: states.people, program: program) {
                    rows.add(generation.table("roster_tenures"), RowEncoding.tenureColumns, RowEncoding.fields(row))
                }
            }

        case .compliance:
            try recordLeads(batch.events)
            // The program's state is read only when a scope is evaluated: a write that
            // evaluates none (a person registered, not yet in any community) reads no more
            // of the log than its own events.
            let programScope = batch.events.contains { $0.stream == .program } || batch.stale.contains("")
            var known = programScope ? try loader.program() : nil
            var touched = try touchedCommunities(batch.events, known)
            touched.formUnion(batch.stale.filter { !$0.isEmpty }.compactMap { try? CommunityID($0) })
            if known == nil && !touched.isEmpty { known = try loader.program() }
            let program = known ?? ProgramState()
            let scopes = touched.map(\.rawValue) + (programScope ? [""] : [])
            try delete(generation.table("compliance_findings"), column: "scope", scopes)
            try delete(generation.table("compliance_evaluations"), column: "scope", scopes)
            var evaluations: [ComplianceModel.Evaluation] = []
            if programScope {
                evaluations += ComplianceModel.program(program, today: today, horizon: batch.horizon)
            }
            for id in touched.sorted() {
                let states = try loader.community(id, program: program)
                evaluations += ComplianceModel.community(id, states, today: today, horizon: batch.horizon)
            }
            Self.add(evaluations, generation, to: &rows)

        case .audit:
            try recordLeads(batch.events)
            Self.addEventRows(batch.events, generation, to: &rows)
            let touched = try touchedCommunities(batch.events, nil)
            if !touched.isEmpty {
                let program = try loader.program()
                try delete(generation.table("audit_stipends"), column: "community", touched.map(\.rawValue))
                try delete(generation.table("audit_exceptions"), column: "community", touched.map(\.rawValue))
                for id in touched.sorted() {
                    Self.addCommunityAudit(id, try loader.community(id, program: program), generation, to: &rows)
                }
            }
        }
        try rows.flush(connection)
    }

    // MARK: Rows shared with the rebuild

    static func add(_ evaluations: [ComplianceModel.Evaluation], _ generation: Generation, to rows: inout RowBuffer) {
        for evaluation in evaluations {
            rows.add(generation.table("compliance_evaluations"), RowEncoding.evaluationColumns, RowEncoding.fields(evaluation))
            for finding in evaluation.findings {
                rows.add(generation.table("compliance_findings"), RowEncoding.findingColumns, RowEncoding.fields(finding, year: evaluation.year, scope: evaluation.scope))
            }
        }
    }

    static func addCommunityAudit(_ id: CommunityID, _ states: StreamStates, _ generation: Generation, to rows: inout RowBuffer) {
        for row in AuditModel.stipends(id, states) {
            rows.add(generation.table("audit_stipends"), RowEncoding.stipendColumns, RowEncoding.fields(row))
        }
        for row in AuditModel.exceptions(id, states.community(id)) {
            rows.add(generation.table("audit_exceptions"), RowEncoding.exceptionColumns, RowEncoding.fields(row))
        }
    }

    /// The audit rows of single events: one run of positions per subject the events name
    /// (schema/004), and each correction and post-close adjustment among them.
    ///
    /// - Parameter envelopes: events in ascending position order, none of them folded yet.
    static func addEventRows(_ envelopes: some Sequence<EventEnvelope>, _ generation: Generation, to rows: inout RowBuffer) {
        var runs: [String: [Int64]] = [:]
        for envelope in envelopes {
            for subject in envelope.subjects { runs[subject, default: []].append(envelope.position) }
            if let correction = AuditModel.correction(envelope) {
                rows.add(generation.table("audit_corrections"), RowEncoding.correctionColumns, RowEncoding.fields(correction))
            }
            if let adjustment = AuditModel.adjustment(envelope) {
                rows.add(generation.table("audit_adjustments"), RowEncoding.adjustmentColumns, RowEncoding.fields(adjustment))
            }
        }
        for (subject, positions) in runs.sorted(by: { $0.key < $1.key }) {
            rows.add(generation.table("audit_subjects"), RowEncoding.subjectColumns, RowEncoding.fields(subject: subject, positions: positions))
        }
    }

    // MARK: Which communities a batch touches

    /// Communities whose own stream the batch wrote.
    static func communityStreams(_ events: [EventEnvelope]) -> Set<CommunityID> {
        Set(events.compactMap { envelope in
            if case .community(let id) = envelope.stream { return id }
            return nil
        })
    }

    /// Communities whose findings or stipend audit may change: their own stream, the
    /// communities a person in the batch was appointed to lead, and for program events
    /// the community established or retired (every community for a policy or a
    /// correction of the program stream).
    ///
    /// - Parameter program: the program state, when program-wide changes should widen
    ///   the set to every community it ever established (nil: load it only if needed).
    func touchedCommunities(_ events: [EventEnvelope], _ program: ProgramState?) throws -> Set<CommunityID> {
        var touched = Self.communityStreams(events)
        var people: Set<PersonID> = []
        var everyCommunity = false
        for envelope in events {
            switch envelope.stream {
            case .community, .disclosures: break
            case .person(let id): people.insert(id)
            case .program:
                switch envelope.event {
                case .communityEstablished(let event): touched.insert(event.community)
                case .communityRetired(let event): touched.insert(event.community)
                case .policySet, .eventCorrected: everyCommunity = true
                case .yearClosed, .personRegistered, .personRetitled, .personDetailsChanged, .personDetailsErased, .recordsDisclosed, .trainingCompleted, .studentPlaced, .studentReleased,
                     .leaderAppointed, .leaderSteppedDown, .residentJoined, .residentLeft, .studentJoined, .studentLeft,
                     .staffLiaisonAssigned, .staffLiaisonUnassigned, .communityMemberAssigned, .communityMemberRemoved,
                     .gatheringHeld, .meetingHeld, .hoursLogged, .stipendRequested, .stipendApproved, .stipendPaid, .stipendReversed,
                     .textRedacted:
                    // A closed year changes no finding; the others are not program events.
                    break
                }
            }
        }
        if everyCommunity {
            let program = try program ?? StateLoader(reader: reader, through: events.last?.position ?? 0).program()
            touched.formUnion(Self.everCommunities(program))
        }
        if !people.isEmpty {
            touched.formUnion(try ledCommunities(people, through: events.last?.position ?? 0))
        }
        return touched
    }

    /// The communities whose streams name any of `people` as a leader, facilitator or
    /// payee, once the events through `through` have had their leads recorded.
    ///
    /// Compliance and audit ask the same of the same batch, one after the other: the
    /// second is answered from the first (``leadsAsked``). The table only grows, and
    /// every lead of an event through `through` is recorded before either asks, so the
    /// answer for the same people through the same position cannot differ.
    func ledCommunities(_ people: Set<PersonID>, through: Int64) throws -> Set<CommunityID> {
        if let asked = leadsAsked, asked.people == people, asked.through == through {
            return asked.communities
        }
        let rows = try connection.execute(
            "SELECT DISTINCT community FROM mcledger.projection_leads WHERE person = ANY($1::text[])",
            [TextArrayParameter(people.map(\.rawValue))]
        )
        let communities = Set(rows.compactMap { row in row.string(0).flatMap { text in try? CommunityID(text) } })
        leadsAsked = LeadsAnswer(people: people, through: through, communities: communities)
        return communities
    }

    /// Every community the program stream ever established (voided or not).
    static func everCommunities(_ program: ProgramState) -> Set<CommunityID> {
        var ids = Set(program.communities.keys)
        for envelope in program.history {
            if case .communityEstablished(let event) = envelope.event { ids.insert(event.community) }
        }
        return ids
    }

    /// Remembers which community streams name whom as a leader, facilitator or payee
    /// (mcledger.projection_leads): their person events change that community's rows.
    func recordLeads(_ events: [EventEnvelope]) throws {
        var pairs: [(String, String)] = []
        for envelope in events {
            guard case .community(let community) = envelope.stream else { continue }
            for person in envelope.leadersNamed { pairs.append((person.rawValue, community.rawValue)) }
        }
        try recordLeads(pairs)
    }

    func recordLeads(_ pairs: [(person: String, community: String)]) throws {
        guard !pairs.isEmpty else { return }
        try connection.execute(
            "INSERT INTO mcledger.projection_leads (person, community) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT DO NOTHING",
            [TextArrayParameter(pairs.map(\.person)), TextArrayParameter(pairs.map(\.community))]
        )
    }

    func delete(_ table: String, column: String, _ keys: [String]) throws {
        guard !keys.isEmpty else { return }
        try connection.execute("DELETE FROM \(table) WHERE \(column) = ANY($1::text[])", [TextArrayParameter(keys)])
    }
}

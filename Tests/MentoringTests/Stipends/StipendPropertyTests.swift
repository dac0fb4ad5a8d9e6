import Mentoring
import Testing

/// Random stipend histories against a plain reference (guarantee 23, Jepsen bank-style).
///
/// Each run plays a seeded random sequence of stipend commands — requests (sometimes for
/// the wrong amount or a payee who never led), approvals, payments, reversals, voids of
/// any stipend event, retitles and step-downs — by four logins (one of them the payee's
/// own), dated at random over two academic years, so most are recorded late, back-dated
/// or ahead. After every accepted command the whole log is folded by a reference that
/// shares no code with the deciders, and for every community and year:
///
/// - at most one payment stands (not reversed, not voided), and the money standing is at
///   most the policy's amount;
/// - every standing payment has a standing request and approval before it, in the log and
///   by date, for the amount the policy set;
/// - three different logins requested, approved and paid it, and the payee's login
///   neither approved nor paid it.
@Suite struct StipendPropertyTests {
    static let sequences = 300
    static let communities = [cid("c-latinx"), cid("c-gen1")]
    static let years = [year("2026-27"), year("2027-28")]
    static let payees = pids("f-1", "f-2", "f-3")
    static let logins = ["ann", "bob", "cat", "f-1"]
    static let amount = dollars("2500")
    static let days: [Day] = (0..<24).flatMap { month in
        [1, 15].map { try! Day(year: 2026 + (month + 6) / 12, month: (month + 6) % 12 + 1, day: $0) }
    }

    @Test func noHistoryPaysACommunityYearTwiceOrWithoutItsThreePeople() {
        var accepted = 0
        var paid = 0
        for seed in 0..<UInt64(Self.sequences) {
            var random = SplitMix64(seed: seed &* 6271 &+ 3)
            var ledger = Self.start()
            var today = 0
            for step in 0..<40 {
                let (command, date, login) = Self.randomCommand(ledger, &today, &random)
                guard ledger.refusal(command, on: date.description, by: login, login: login, reason: "r") == nil else { continue }
                accepted += 1
                if case .payStipend = command { paid += 1 }
                let reference = StipendReference(log: ledger.log)
                if let broken = reference.problems.first {
                    Issue.record("seed \(seed) step \(step): after \(command) on \(date) by \(login): \(broken)")
                    return
                }
            }
        }
        // The generator must reach payments, or the test proves nothing.
        #expect(accepted > Self.sequences * 5)
        #expect(paid > Self.sequences / 2)
    }

    /// f-1 leads c-latinx and f-2 leads c-gen1 from July 1, 2026, both trained; c-latinx
    /// holds its gatherings each year, c-gen1 none (its approvals need a waiver); f-3
    /// leads c-latinx from January 2027.
    static func start() -> Ledger {
        var ledger = Ledger.program()
        ledger.appoint("f-1", "c-latinx")
        ledger.appoint("f-2", "c-gen1")
        ledger.appoint("f-3", "c-latinx", on: "2027-01-15")
        for faculty in ["f-1", "f-2"] {
            ledger.given(.completeTraining(CompleteTraining(faculty: pid(faculty), hours: hours("1.5"))), on: "2026-07-15")
        }
        for date in ["2026-10-01", "2027-04-01", "2027-10-01", "2028-04-01"] {
            ledger.given(.recordGathering(RecordGathering(community: cid("c-latinx"), kind: .social, hours: hours("2"), facilitator: pid("f-1"), attendees: [])), on: date)
        }
        return ledger
    }

    /// Most commands are dated at or a little after the last one (`today` moves forward);
    /// one in four is dated anywhere in the two years: late, back-dated or ahead.
    static func randomCommand(_ ledger: Ledger, _ today: inout Int, _ random: inout SplitMix64) -> (Command, Day, String) {
        let date: Day
        if Int.random(in: 0..<4, using: &random) == 0 {
            date = days.randomElement(using: &random)!
        } else {
            today = min(today + Int.random(in: 0...2, using: &random), days.count - 1)
            date = days[today]
        }
        let login = logins.randomElement(using: &random)!
        // Mostly the stipend last worked on, and its next step, so that histories reach
        // payments; otherwise anything.
        var community = communities.randomElement(using: &random)!
        var year = years.randomElement(using: &random)!
        var roll = Int.random(in: 0..<100, using: &random)
        if let last = ledger.log.last(where: \.event.isStipendEvent), let key = StipendReference.key(of: last.event), Int.random(in: 0..<10, using: &random) < 7 {
            (community, year) = (key.community, key.year)
            if Int.random(in: 0..<10, using: &random) < 6 {
                switch StipendReference(log: ledger.log).stipends[key]?.last {
                case .some(let stipend) where !stipend.reversed && stipend.paid != nil: roll = Bool.random(using: &random) ? 70 : 90
                case .some(let stipend) where !stipend.reversed && stipend.approved != nil: roll = 50
                case .some(let stipend) where !stipend.reversed: roll = 30
                default: roll = 10
                }
            }
        }
        let command: Command
        switch roll {
        case 0..<20:
            let amount = Int.random(in: 0..<10, using: &random) == 0 ? dollars("2400") : Self.amount
            command = .requestStipend(RequestStipend(community: community, year: year, payee: payees.randomElement(using: &random)!, amount: amount))
        case 20..<42:
            let waiver = Bool.random(using: &random) ? "first year of this community" : nil
            command = .approveStipend(ApproveStipend(community: community, year: year, waiver: waiver))
        case 42..<70:
            command = .payStipend(PayStipend(community: community, year: year, reference: "AP-\(roll)"))
        case 70..<78:
            command = .reverseStipend(ReverseStipend(community: community, year: year))
        case 78..<82:
            let title: FacultyTitle = Bool.random(using: &random) ? .clerkshipDirector : FacultyTitle.none
            command = .retitlePerson(RetitlePerson(person: payees.randomElement(using: &random)!, title: title))
        case 82..<84:
            command = .stepDownLeader(StepDownLeader(leader: payees.randomElement(using: &random)!, community: community))
        default:
            let stipendEvents = ledger.log.filter(\.event.isStipendEvent)
            guard let target = stipendEvents.randomElement(using: &random) else {
                return (.payStipend(PayStipend(community: community, year: year, reference: "AP-0")), date, login)
            }
            command = .correctEvent(CorrectEvent(eventID: target.eventID, stream: target.stream))
        }
        return (command, date, login)
    }
}

/// The stipends' rules written plainly over the log: voided events are dropped, each
/// request opens a stipend, and an approval, a payment or a reversal applies to the
/// latest stipend of its community and year that can take it. Shares no code with the
/// deciders or the state.
struct StipendReference {
    struct Step {
        var login: String
        var day: Day
        var position: Int64
    }

    struct Stipend {
        var payee: PersonID
        var amount: Cents
        var requested: Step
        var approved: Step?
        var paid: Step?
        var paidAmount: Cents?
        var reversed = false
    }

    struct Key: Hashable {
        var community: CommunityID
        var year: AcademicYear
    }

    private(set) var stipends: [Key: [Stipend]] = [:]

    static func key(of event: Event) -> Key? {
        switch event {
        case .stipendRequested(let event): Key(community: event.community, year: event.year)
        case .stipendApproved(let event): Key(community: event.community, year: event.year)
        case .stipendPaid(let event): Key(community: event.community, year: event.year)
        case .stipendReversed(let event): Key(community: event.community, year: event.year)
        default: nil
        }
    }
    private(set) var problems: [String] = []

    init(log: [EventEnvelope], amount: Cents = StipendPropertyTests.amount) {
        var voided: Set<EventID> = []
        for envelope in log {
            if case .eventCorrected(let correction) = envelope.event { voided.insert(correction.voids) }
        }
        for envelope in log where !voided.contains(envelope.eventID) {
            let step = Step(login: envelope.login?.rawValue ?? envelope.actor.description, day: envelope.occurredOn, position: envelope.position)
            switch envelope.event {
            case .stipendRequested(let event):
                stipends[Key(community: event.community, year: event.year), default: []]
                    .append(Stipend(payee: event.payee, amount: event.amount, requested: step))
            case .stipendApproved(let event):
                apply(Key(community: event.community, year: event.year), at: envelope.position, "an approval") { stipend in
                    guard stipend.approved == nil else { return false }
                    stipend.approved = step
                    return true
                }
            case .stipendPaid(let event):
                apply(Key(community: event.community, year: event.year), at: envelope.position, "a payment") { stipend in
                    guard stipend.approved != nil, stipend.paid == nil else { return false }
                    stipend.paid = step
                    stipend.paidAmount = event.amount
                    return true
                }
            case .stipendReversed(let event):
                apply(Key(community: event.community, year: event.year), at: envelope.position, "a reversal") { stipend in
                    stipend.reversed = true
                    return true
                }
            default:
                break
            }
        }
        for (key, list) in stipends {
            let standing = list.filter { $0.paid != nil && !$0.reversed }
            let money = standing.reduce(0) { $0 + ($1.paidAmount?.value ?? 0) }
            if standing.count > 1 {
                problems.append("\(key.community) has \(standing.count) standing payments for \(key.year)")
            }
            if money > amount.value {
                problems.append("\(key.community) stands paid \(money) cents for \(key.year), more than \(amount.value)")
            }
            for stipend in standing {
                check(stipend, key)
            }
        }
    }

    /// Applies a step to the latest stipend not reversed; a step no stipend can take is a
    /// history the rules should not have allowed.
    private mutating func apply(_ key: Key, at position: Int64, _ what: String, _ change: (inout Stipend) -> Bool) {
        guard let index = stipends[key]?.lastIndex(where: { !$0.reversed }), change(&stipends[key]![index]) else {
            problems.append("\(what) at position \(position) for \(key.community) \(key.year) has no stipend to apply to")
            return
        }
    }

    private mutating func check(_ stipend: Stipend, _ key: Key) {
        let what = "the payment of \(key.community) \(key.year) at position \(stipend.paid!.position)"
        guard let approved = stipend.approved, let paid = stipend.paid else { return }
        if stipend.paidAmount != stipend.amount || stipend.amount.value != StipendPropertyTests.amount.value {
            problems.append("\(what) is \(stipend.paidAmount.map(String.init(describing:)) ?? "-"), requested \(stipend.amount)")
        }
        let logins = [stipend.requested.login, approved.login, paid.login]
        if Set(logins).count < 3 {
            problems.append("\(what) was requested, approved and paid by \(logins.joined(separator: ", ")): not three people")
        }
        if approved.login == stipend.payee.description || paid.login == stipend.payee.description {
            problems.append("\(what): the payee \(stipend.payee) approved or paid it")
        }
        if !(stipend.requested.day <= approved.day && approved.day <= paid.day) {
            problems.append("\(what): requested \(stipend.requested.day), approved \(approved.day), paid \(paid.day) — out of order by date")
        }
        if paid.day < key.year.firstDay {
            problems.append("\(what) is dated \(paid.day), before \(key.year) began")
        }
    }
}

extension Event {
    var isStipendEvent: Bool {
        switch self {
        case .stipendRequested, .stipendApproved, .stipendPaid, .stipendReversed: true
        default: false
        }
    }
}

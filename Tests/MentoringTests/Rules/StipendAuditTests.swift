import Mentoring
import Testing

/// The stipend anomalies audit lists, from events the commands would have refused
/// (written before a rule, or past the deciders).
@Suite struct StipendAuditTests {
    let year = AcademicYear(startYear: 2026)

    func anomalies(_ ledger: Ledger, _ community: String = "c-latinx") -> [[StipendAudit.Anomaly]] {
        StipendAudit.anomalies(of: cid(community), community: ledger.all.community(cid(community)), people: ledger.all.people, program: ledger.all.program)
    }

    @Test func aCleanStipendHasNoAnomaly() {
        var ledger = Ledger.program()
        ledger.appoint("f-1")
        ledger.given(.completeTraining(CompleteTraining(faculty: pid("f-1"), hours: hours("1"))), on: "2026-07-05")
        for date in ["2026-10-01", "2027-03-10"] {
            ledger.given(.recordGathering(RecordGathering(community: cid("c-latinx"), kind: .social, hours: hours("2"), facilitator: pid("f-1"), attendees: [])), on: date)
        }
        ledger.given(.requestStipend(RequestStipend(community: cid("c-latinx"), year: year, payee: pid("f-1"), amount: dollars("2500"))), on: "2027-04-01", by: "clerk")
        ledger.given(.approveStipend(ApproveStipend(community: cid("c-latinx"), year: year)), on: "2027-04-02", by: "dean")
        ledger.given(.payStipend(PayStipend(community: cid("c-latinx"), year: year, reference: "PO-1")), on: "2027-04-03", by: "finance")
        #expect(anomalies(ledger) == [[]])
    }

    @Test func duplicatesNonLeadersTitlesAndUnwaivedApprovals() {
        var ledger = Ledger.program()
        ledger.appoint("f-1")
        let stream = StreamName.community(cid("c-latinx"))
        // Two stipends for one community-year; the second for someone who never led it.
        ledger.given(stream, .stipendRequested(StipendRequested(community: cid("c-latinx"), year: year, payee: pid("f-1"), amount: dollars("2500"))), on: "2027-04-01", by: "clerk")
        ledger.given(stream, .stipendApproved(StipendApproved(community: cid("c-latinx"), year: year, payee: pid("f-1"))), on: "2027-04-02", by: "clerk")
        ledger.given(.person(pid("f-1")), .personRetitled(PersonRetitled(person: pid("f-1"), title: .clerkshipDirector)), on: "2027-04-03")
        ledger.given(stream, .stipendPaid(StipendPaid(community: cid("c-latinx"), year: year, payee: pid("f-1"), amount: dollars("2500"), reference: "PO-1")), on: "2027-04-04", by: "finance")
        ledger.given(stream, .stipendRequested(StipendRequested(community: cid("c-latinx"), year: year, payee: pid("f-2"), amount: dollars("2000"))), on: "2027-04-05", by: "clerk")
        let found = anomalies(ledger)
        #expect(found.count == 2)
        #expect(found[0].map(\.rule) == [.stp01, .stp04, .ldr02, .stp05])
        #expect(found[0][2].message == "paid on 2027-04-04 although f-1 was clerkship-director from 2027-04-03 while leading (LDR-02 holds the stipend)")
        #expect(found[0][3].message == "approved on 2027-04-02 without a waiver although f-1 had not completed leadership training and c-latinx had 0 of 2 gatherings")
        #expect(found[1].map(\.rule) == [.stp01, .stp02, .stp03])
        #expect(found[1][2].message == "f-2 is not a leader of c-latinx during 2026-27")
    }

    /// Steps appended raw in the right log order but dated backwards are STP-04 anomalies.
    @Test func stepsDatedBeforeTheStepTheyFollowAreListed() {
        var ledger = Ledger.program()
        ledger.appoint("f-1")
        let stream = StreamName.community(cid("c-latinx"))
        ledger.given(stream, .stipendRequested(StipendRequested(community: cid("c-latinx"), year: year, payee: pid("f-1"), amount: dollars("2500"))), on: "2027-04-10", by: "clerk")
        ledger.given(stream, .stipendApproved(StipendApproved(community: cid("c-latinx"), year: year, payee: pid("f-1"), waiver: "w")), on: "2027-04-01", by: "dean")
        ledger.given(stream, .stipendPaid(StipendPaid(community: cid("c-latinx"), year: year, payee: pid("f-1"), amount: dollars("2500"), reference: "PO-1")), on: "2026-09-01", by: "finance")
        let stp04 = anomalies(ledger)[0].filter { $0.rule == .stp04 }.map(\.message)
        #expect(stp04 == [
            "approved on 2027-04-01, before it was requested on 2027-04-10",
            "paid on 2026-09-01, before it was approved on 2027-04-01",
        ])
    }

    /// A second StipendPaid appended raw through mcledger.append (past the deciders) is
    /// folded as a stray step; the audit lists both payments under STP-06.
    @Test func aSecondPaymentIsListedWithBothPositions() throws {
        var ledger = Ledger.program()
        ledger.appoint("f-1")
        let stream = StreamName.community(cid("c-latinx"))
        ledger.given(stream, .stipendRequested(StipendRequested(community: cid("c-latinx"), year: year, payee: pid("f-1"), amount: dollars("2500"))), on: "2027-04-01", by: "clerk")
        ledger.given(stream, .stipendApproved(StipendApproved(community: cid("c-latinx"), year: year, payee: pid("f-1"))), on: "2027-04-02", by: "dean")
        ledger.given(stream, .stipendPaid(StipendPaid(community: cid("c-latinx"), year: year, payee: pid("f-1"), amount: dollars("2500"), reference: "PO-1")), on: "2027-04-03", by: "finance")
        #expect(!anomalies(ledger)[0].contains { $0.rule == .stp06 })
        ledger.given(stream, .stipendPaid(StipendPaid(community: cid("c-latinx"), year: year, payee: pid("f-1"), amount: dollars("2500"), reference: "PO-2")), on: "2027-04-05", by: "mallory")
        let paid = ledger.all.community(cid("c-latinx")).history.filter { if case .stipendPaid = $0.event { true } else { false } }.map(\.position)
        try #require(paid.count == 2)
        let record = ledger.all.community(cid("c-latinx")).stipends[0]
        #expect(StipendAudit.livePayments(of: record, ledger.all.community(cid("c-latinx"))).map(\.position) == paid)
        let stp06 = anomalies(ledger)[0].filter { $0.rule == .stp06 }
        #expect(stp06.map(\.message) == [
            "paid 2 times: $2500.00 on 2027-04-03 (position \(paid[0]), by finance); $2500.00 on 2027-04-05 (position \(paid[1]), by mallory)",
        ])
    }

    @Test func aPaymentWithoutAnApprovalIsAnAnomaly() {
        var ledger = Ledger.program()
        ledger.appoint("f-1")
        let stream = StreamName.community(cid("c-latinx"))
        ledger.given(stream, .stipendRequested(StipendRequested(community: cid("c-latinx"), year: year, payee: pid("f-1"), amount: dollars("2500"))), on: "2027-04-01", by: "clerk")
        ledger.given(stream, .stipendPaid(StipendPaid(community: cid("c-latinx"), year: year, payee: pid("f-1"), amount: dollars("2500"), reference: "PO-1")), on: "2027-04-05", by: "mallory")
        let stp06 = anomalies(ledger)[0].filter { $0.rule == .stp06 }
        #expect(stp06.count == 1 && stp06[0].message.hasSuffix("by mallory) without an approval in force"), "\(stp06)")
    }
}

/// The projection's ways of evaluating (per scope, several years at once) give exactly
/// the findings of ``Compliance/evaluate(year:asOf:states:)``.
@Suite struct ComplianceByScopeTests {
    @Test(arguments: ["2026-08-15", "2026-12-20", "2027-07-01", "2028-01-01"])
    func scopesAddUpToTheWholeEvaluation(asOf: String) {
        var ledger = Ledger.program()
        ledger.appoint("f-1")
        ledger.appoint("f-2", "c-gen1")
        ledger.join("s-1")
        ledger.given(.recordGathering(RecordGathering(community: cid("c-latinx"), kind: .social, hours: hours("2"), facilitator: pid("f-1"), attendees: [])), on: "2026-10-01")
        ledger.given(.retitlePerson(RetitlePerson(person: pid("f-2"), title: .seniorDean)), on: "2027-02-01")
        let states = ledger.all
        let years = [AcademicYear(startYear: 2025), AcademicYear(startYear: 2026), AcademicYear(startYear: 2027)]
        for year in years {
            let whole = Compliance.evaluate(year: year, asOf: day(asOf), states: states)
            var parts = Compliance.evaluateProgram(year: year, asOf: day(asOf), program: states.program)
            for id in ["c-gen1", "c-latinx"] {
                parts += Compliance.evaluateCommunity(cid(id), years: years, asOf: day(asOf), states: states)[year] ?? []
                #expect(Compliance.evaluateCommunity(cid(id), years: years, asOf: day(asOf), states: states)[year] == Compliance.evaluateCommunity(cid(id), year: year, asOf: day(asOf), states: states))
            }
            #expect(parts.sorted(by: Compliance.reportOrder) == whole)
        }
    }
}

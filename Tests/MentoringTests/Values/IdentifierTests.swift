import Mentoring
import Testing

@Suite struct IdentifierTests {
    @Test func acceptsAdministratorIds() throws {
        #expect(try CommunityID("c-latinx").rawValue == "c-latinx")
        #expect(try PersonID("s-2029-ana").rawValue == "s-2029-ana")
        #expect(try PersonID("9lives").rawValue == "9lives")
        #expect(try PersonID(String(repeating: "a", count: 64)).rawValue.count == 64)
    }

    @Test func refusesBadIdsNamingTheField() {
        #expect(thrown { () throws(InvalidValue) in _ = try CommunityID("C Latinx") }?.description
            == "community id: 'C Latinx' contains 'C'; use only lowercase letters, digits and '-'")
        #expect(thrown { () throws(InvalidValue) in _ = try PersonID("s ana", field: "student id") }?.description
            == "student id: 's ana' contains ' '; use only lowercase letters, digits and '-'")
        #expect(thrown { () throws(InvalidValue) in _ = try PersonID("") }?.description
            == "person id: is empty; use lowercase letters, digits and '-', e.g. c-latinx")
        #expect(thrown { () throws(InvalidValue) in _ = try PersonID("-ana") }?.description
            == "person id: '-ana' starts with '-'; start with a letter or digit")
        #expect(thrown { () throws(InvalidValue) in _ = try PersonID(String(repeating: "a", count: 65)) }?.field == "person id")
        #expect(thrown { () throws(InvalidValue) in _ = try PersonID("ana_b") } != nil)
        #expect(thrown { () throws(InvalidValue) in _ = try PersonID("josé") } != nil)
    }

    @Test func streamNamesRoundTrip() throws {
        #expect(StreamName.community(cid("c-latinx")).rawValue == "community-c-latinx")
        #expect(StreamName.person(pid("s-1")).rawValue == "person-s-1")
        #expect(try StreamName("program") == .program)
        #expect(try StreamName("community-c-latinx") == .community(cid("c-latinx")))
        #expect(try StreamName("person-f-okafor") == .person(pid("f-okafor")))
        #expect(thrown { () throws(InvalidValue) in _ = try StreamName("team-x") }?.field == "stream")
        #expect(thrown { () throws(InvalidValue) in _ = try StreamName("person-") }?.field == "stream")
    }

    @Test func actorMapsToThePersonWithTheSameId() {
        #expect(Actor("f-okafor").person == pid("f-okafor"))
        #expect(Actor("Jane Smith").person == nil)
    }
}

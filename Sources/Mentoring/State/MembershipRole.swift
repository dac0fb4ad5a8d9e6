/// The ways a person belongs to a community; each has its own bound in the policy.
public enum MembershipRole: String, CaseIterable, Hashable, Sendable, CustomStringConvertible {
    case leader
    case resident
    case student
    case staffLiaison = "staff-liaison"
    case communityMember = "community-member"

    /// The program role a person must have to hold this membership.
    public var requiredRole: Role {
        switch self {
        case .leader: .faculty
        case .resident: .resident
        case .student: .student
        case .staffLiaison: .staff
        case .communityMember: .communityMember
        }
    }

    /// The policy's bounds for this membership.
    public func bounds(in policy: Policy) -> CountRange {
        switch self {
        case .leader: policy.leaders
        case .resident: policy.residents
        case .student: policy.students
        case .staffLiaison: policy.staffLiaisons
        case .communityMember: policy.communityMembers
        }
    }

    /// The rule that bounds this membership's count.
    public var countRule: RuleID {
        switch self {
        case .leader: .com01
        case .resident: .com02
        case .student: .com03
        case .staffLiaison: .com04
        case .communityMember: .com05
        }
    }

    /// Plural noun for messages: "18 students".
    func counted(_ count: Int) -> String {
        let noun = switch self {
        case .leader: "leader"
        case .resident: "resident"
        case .student: "student"
        case .staffLiaison: "staff liaison"
        case .communityMember: "member of the local community"
        }
        guard count != 1 else { return "1 \(noun)" }
        return self == .communityMember ? "\(count) members of the local community" : "\(count) \(noun)s"
    }

    public var description: String { rawValue }
}

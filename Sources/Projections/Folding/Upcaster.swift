public import Mentoring

/// The domain's upcasters (``Mentoring/Upcaster``), named here too so that a projection's
/// ``EnvelopeDecoder`` can be given its own.
public typealias Upcaster = Mentoring.Upcaster

import Mentoring
import Testing

/// An enum is as large as its largest case, and every folded stream keeps each of its
/// events (`history`): one large payload stored inline makes every event in memory that
/// large. A payload past the bound goes in an `indirect` case, as `policySet` does.
@Suite struct EventLayoutTests {
    @Test func noPayloadMakesEveryEventLarge() {
        #expect(MemoryLayout<Event>.size <= 80, "an Event takes \(MemoryLayout<Event>.size) bytes; box the largest payload's case (indirect)")
        #expect(MemoryLayout<EventEnvelope>.size <= 208, "an EventEnvelope takes \(MemoryLayout<EventEnvelope>.size) bytes")
    }
}

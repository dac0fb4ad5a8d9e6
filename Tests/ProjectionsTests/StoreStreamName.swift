import EventStore

/// The event store's stream name, spelled apart from the domain's `StreamName`.
typealias StoreStreamName = StreamName

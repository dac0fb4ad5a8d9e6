public import EventStore

/// The store's stream name, spelled so that files importing both `EventStore` and
/// `Mentoring` (each has a `StreamName`, and `EventStore` is also a class) can name it.
public typealias StoreStreamName = StreamName

extension EventStore {
    /// The store's stream name as `EventStore.StreamName`, for files that also see the
    /// domain's `Mentoring.StreamName`: there `EventStore.` names this class, which
    /// shadows the module, so the plain module-qualified spelling would not resolve.
    /// `EventStore::` (a module selector) reaches past the class to the module's type.
    public typealias StreamName = EventStore::StreamName
}

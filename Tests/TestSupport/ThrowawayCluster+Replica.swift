import Foundation
import Postgres

/// A streaming standby of a throwaway cluster, for reading the ledger from a replica.
extension ThrowawayCluster {
    /// Makes and starts a hot standby of this cluster: a cluster of its own (folder,
    /// socket) whose data directory is a `pg_basebackup` of this one, streaming from it.
    ///
    /// The primary's defaults allow it: `wal_level = replica`, WAL senders, and initdb's
    /// `local replication all trust`. Destroy the standby before the primary.
    public func standby() throws -> ThrowawayCluster {
        let standby = try ThrowawayCluster()
        try standby.run(standby.bin + "/pg_ctl", ["-D", standby.dataDirectory, "-m", "fast", "-w", "stop"])
        try FileManager.default.removeItem(atPath: standby.dataDirectory)
        // -R writes standby.signal and primary_conninfo; -X stream copies the WAL it needs.
        try standby.run(bin + "/pg_basebackup", [
            "-D", standby.dataDirectory, "-h", socketDirectory, "-p", port, "-U", "postgres", "-R", "-X", "stream", "-c", "fast",
        ])
        // The copy carries the primary's settings; later lines win.
        let conf = "\n# standby of \(directory.path)\nunix_socket_directories = '\(standby.socketDirectory)'\nhot_standby = on\n"
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: standby.dataDirectory + "/postgresql.conf"))
        handle.seekToEndOfFile()
        handle.write(Data(conf.utf8))
        try handle.close()
        try standby.start()
        return standby
    }
}

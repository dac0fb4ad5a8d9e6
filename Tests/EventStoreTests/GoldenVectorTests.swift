import EventStore
import Foundation
import Postgres
import Testing
import TestSupport

/// GUARANTEES 16: the published golden vectors (schema/golden-vectors.json) still map
/// fixed events to fixed canonical bytes and chain hashes, in the Swift verifier and in
/// the SQL function an auditor's recipe uses. A change to either implementation that
/// would change a hash fails here before it could split them or break old ledgers.
@Suite struct GoldenVectorTests {
    struct Vector: Decodable {
        var position: Int64
        var stream: String
        var version: Int
        var event_id: String
        var type: String
        var schema_version: Int
        var occurred_on: String
        var recorded_at: String
        var actor: String
        var command_id: String?
        var correlation_id: String?
        var data: String
        var metadata: String
        var canonical_form: String
        var hash: String
    }

    struct File: Decodable {
        var genesis: String
        var vectors: [Vector]
    }

    static func published() throws -> File {
        let url = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("schema/golden-vectors.json")
        return try JSONDecoder().decode(File.self, from: Data(contentsOf: url))
    }

    @Test func theSwiftVerifierGivesThePublishedBytesAndHashes() throws {
        let file = try Self.published()
        #expect(file.vectors.count >= 5)
        #expect(file.genesis == Hex.encode(LedgerHead.genesis.hash))
        var previous = LedgerHead.genesis.hash
        for vector in file.vectors {
            let event = RecordedEvent(
                position: vector.position, stream: StreamName(vector.stream), version: vector.version, eventID: vector.event_id,
                type: vector.type, schemaVersion: vector.schema_version, data: vector.data, metadata: vector.metadata,
                actor: vector.actor, commandID: vector.command_id, correlationID: vector.correlation_id,
                occurredOn: vector.occurred_on, recordedAt: vector.recorded_at, hash: []
            )
            #expect(CanonicalForm.bytes(of: event) == Array(vector.canonical_form.utf8), "position \(vector.position)")
            previous = CanonicalForm.chainHash(previous: previous, event: event)
            #expect(Hex.encode(previous) == vector.hash, "position \(vector.position)")
        }
    }

    @Test func theSQLRecipeGivesThePublishedBytesAndHashes() throws {
        let file = try Self.published()
        try TestDatabase.with { db in
            try db.withConnection { connection in
                var previous = file.genesis
                for vector in file.vectors {
                    let row = try #require(try connection.execute("""
                        WITH f(text) AS (
                            SELECT mcledger.canonical_form($1::bigint, $2, $3::integer, $4::uuid, $5, $6::integer, $7::date,
                                                           $8::timestamptz, $9, $10, $11::uuid, $12::jsonb, $13::jsonb))
                        SELECT f.text, encode(sha256(decode($14, 'hex') || convert_to(f.text, 'UTF8')), 'hex'),
                               $12::jsonb::text = $12::text AND $13::jsonb::text = $13::text
                          FROM f
                        """, [
                            vector.position, vector.stream, vector.version, vector.event_id, vector.type, vector.schema_version,
                            vector.occurred_on, vector.recorded_at, vector.actor, vector.command_id, vector.correlation_id,
                            vector.data, vector.metadata, previous,
                        ]).first)
                    #expect(row.string(0) == vector.canonical_form, "position \(vector.position)")
                    #expect(row.string(1) == vector.hash, "position \(vector.position)")
                    // The published payloads are jsonb's own text: reading them back changes nothing.
                    #expect(row.bool(2) == true, "position \(vector.position)")
                    previous = vector.hash
                }
            }
        }
    }
}

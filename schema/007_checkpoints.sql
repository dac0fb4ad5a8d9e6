-- 007_checkpoints.sql — the Merkle tree over the log, and the signed checkpoints of it.
--
-- GUARANTEES 12, 13, 15 (issue 13). The hash chain catches an edit in place, but whoever
-- owns the table can cut the tail or rewrite history and recompute every later hash. A
-- checkpoint signed with a key kept outside the database, and copied outside it, is the
-- evidence the owner cannot change: `mcledger verify --checkpoint FILE --key PUBKEY`.
-- docs/VERIFYING.md states every byte.
--
-- THE TREE (RFC 9162 §2.1, the RFC 6962 hashing). Leaf i (0-based) is the event at
-- position i + 1; its leaf input is that event's 32-byte chain hash (events.hash):
--
--     leaf(i)        = sha256('\x00' || events.hash at position i + 1)
--     node(l, r)     = sha256('\x01' || l || r)
--     MTH(D[n])      = node(MTH(D[0:k]), MTH(D[k:n])), k the largest power of two < n
--
-- mcledger.merkle_nodes keeps every complete subtree: (level, index) covers the 2^level
-- leaves from index * 2^level, level 0 being the leaf hashes. Any root or proof then
-- needs at most a few dozen rows. The rows are only a cache of what the log implies:
-- `verify --checkpoint` recomputes the root from the events themselves, never from here.
--
-- mcledger.merkle_extend() adds the leaves and complete subtrees the head has reached
-- since the last call, computed in SQL from events.hash (nobody hands it hashes), under
-- an advisory lock of its own. The checkpoint step calls it; the append path does not,
-- so a write costs what it cost before.
--
-- mcledger.checkpoints records each signed checkpoint `mcledger checkpoint` wrote: the
-- signed note itself (public: a signature is not a secret; the private key is never in
-- the database), and its origin, size and root. Rows are only ever inserted, through
-- mcledger.record_checkpoint(), which refuses a size the tree has not reached.
--
--   SELECT tree_size, encode(root, 'base64'), key_name, recorded_at
--     FROM mcledger.checkpoints ORDER BY checkpoint DESC LIMIT 5;

CREATE TABLE mcledger.merkle_nodes (
    level   smallint NOT NULL CHECK (level BETWEEN 0 AND 62),
    index   bigint   NOT NULL CHECK (index >= 0),
    hash    bytea    NOT NULL CHECK (octet_length(hash) = 32),
    PRIMARY KEY (level, index)
);
COMMENT ON TABLE mcledger.merkle_nodes IS
    'Complete subtrees of the RFC 9162 Merkle tree over events.hash; filled by mcledger.merkle_extend(). See schema/007.';

CREATE TABLE mcledger.checkpoints (
    checkpoint   bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    origin       text        NOT NULL CHECK (origin <> '' AND length(origin) <= 200),
    tree_size    bigint      NOT NULL CHECK (tree_size >= 0),
    root         bytea       NOT NULL CHECK (octet_length(root) = 32),
    key_name     text        NOT NULL CHECK (key_name <> '' AND length(key_name) <= 200),
    key_hash     bytea       NOT NULL CHECK (octet_length(key_hash) = 4),
    note         text        NOT NULL CHECK (note <> ''),
    recorded_by  text        NOT NULL DEFAULT session_user,
    recorded_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX checkpoints_tree_size_idx ON mcledger.checkpoints (tree_size);

CREATE TRIGGER merkle_nodes_refuse_update_delete BEFORE UPDATE OR DELETE ON mcledger.merkle_nodes
    FOR EACH ROW EXECUTE FUNCTION mcledger.refuse_change();
CREATE TRIGGER merkle_nodes_refuse_truncate BEFORE TRUNCATE ON mcledger.merkle_nodes
    FOR EACH STATEMENT EXECUTE FUNCTION mcledger.refuse_change();
CREATE TRIGGER checkpoints_refuse_update_delete BEFORE UPDATE OR DELETE ON mcledger.checkpoints
    FOR EACH ROW EXECUTE FUNCTION mcledger.refuse_change();
CREATE TRIGGER checkpoints_refuse_truncate BEFORE TRUNCATE ON mcledger.checkpoints
    FOR EACH STATEMENT EXECUTE FUNCTION mcledger.refuse_change();

-- Integrates the events up to the recorded head into the tree; returns the tree size.
-- Set-based: one INSERT of leaves, then one per level, each new node from its two
-- children (an old left child is read back from the table). Errors: MCL07 when the log
-- has a gap or ends before the tree (events deleted behind the triggers' back).
CREATE FUNCTION mcledger.merkle_extend() RETURNS bigint
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_old    bigint;
    v_new    bigint;
    v_count  bigint;
    v_level  integer := 0;
    v_first  bigint;
    v_last   bigint;
BEGIN
    -- One integrator at a time (a key of its own, not the append lock).
    PERFORM pg_advisory_xact_lock(7881692290035345259);
    SELECT coalesce(max(n.index) + 1, 0) INTO v_old FROM mcledger.merkle_nodes n WHERE n.level = 0;
    SELECT h.position INTO v_new FROM mcledger.ledger_head h WHERE h.ledger = 1;
    IF v_new < v_old THEN
        RAISE EXCEPTION USING ERRCODE = 'MCL07',
            MESSAGE = format('the log ends at position %s but its Merkle tree already holds %s leaves: events were deleted', v_new, v_old),
            HINT = 'Run mcledger verify --checkpoint with the last checkpoint kept outside the database.';
    END IF;
    IF v_new = v_old THEN
        RETURN v_old;
    END IF;
    INSERT INTO mcledger.merkle_nodes (level, index, hash)
    SELECT 0, e.position - 1, sha256('\x00'::bytea || e.hash)
      FROM mcledger.events e
     WHERE e.position > v_old AND e.position <= v_new;
    GET DIAGNOSTICS v_count = ROW_COUNT;
    IF v_count <> v_new - v_old THEN
        RAISE EXCEPTION USING ERRCODE = 'MCL07',
            MESSAGE = format('positions %s to %s should hold %s events but hold %s: the log has a gap', v_old + 1, v_new, v_new - v_old, v_count),
            HINT = 'Run mcledger verify to find the first missing position.';
    END IF;
    LOOP
        v_level := v_level + 1;
        v_first := v_old >> v_level;
        v_last := v_new >> v_level;
        EXIT WHEN v_last = 0;
        IF v_last > v_first THEN
            INSERT INTO mcledger.merkle_nodes (level, index, hash)
            SELECT v_level, l.index / 2, sha256('\x01'::bytea || l.hash || r.hash)
              FROM mcledger.merkle_nodes l
              JOIN mcledger.merkle_nodes r ON r.level = l.level AND r.index = l.index + 1
             WHERE l.level = v_level - 1 AND l.index >= 2 * v_first AND l.index < 2 * v_last AND l.index % 2 = 0;
        END IF;
    END LOOP;
    RETURN v_new;
END
$$;

-- Records a checkpoint the caller signed and wrote out. The size must be one the tree
-- has reached; the root is the caller's to compute from the tree (a wrong one shows at
-- the next verify --checkpoint).
CREATE FUNCTION mcledger.record_checkpoint(
    p_origin text, p_tree_size bigint, p_root bytea, p_key_name text, p_key_hash bytea, p_note text
) RETURNS bigint
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_size bigint;
    v_id   bigint;
BEGIN
    SELECT coalesce(max(n.index) + 1, 0) INTO v_size FROM mcledger.merkle_nodes n WHERE n.level = 0;
    IF p_tree_size IS NULL OR p_tree_size > v_size THEN
        RAISE EXCEPTION USING ERRCODE = 'MCL04',
            MESSAGE = format('a checkpoint of size %s is past the Merkle tree (%s leaves)', p_tree_size, v_size);
    END IF;
    INSERT INTO mcledger.checkpoints (origin, tree_size, root, key_name, key_hash, note)
    VALUES (p_origin, p_tree_size, p_root, p_key_name, p_key_hash, p_note)
    RETURNING checkpoint INTO v_id;
    RETURN v_id;
END
$$;

ALTER TABLE mcledger.merkle_nodes OWNER TO mcledger_owner;
ALTER TABLE mcledger.checkpoints OWNER TO mcledger_owner;
ALTER FUNCTION mcledger.merkle_extend() OWNER TO mcledger_owner;
ALTER FUNCTION mcledger.record_checkpoint(text, bigint, bytea, text, bytea, text) OWNER TO mcledger_owner;

REVOKE ALL ON mcledger.merkle_nodes, mcledger.checkpoints FROM PUBLIC;
REVOKE ALL ON FUNCTION mcledger.merkle_extend() FROM PUBLIC;
REVOKE ALL ON FUNCTION mcledger.record_checkpoint(text, bigint, bytea, text, bytea, text) FROM PUBLIC;
GRANT SELECT ON mcledger.merkle_nodes, mcledger.checkpoints TO mcledger_writer, mcledger_auditor, mcledger_reporter;
GRANT EXECUTE ON FUNCTION mcledger.merkle_extend() TO mcledger_writer;
GRANT EXECUTE ON FUNCTION mcledger.record_checkpoint(text, bigint, bytea, text, bytea, text) TO mcledger_writer;

-- 020_names_by_arrays.sql — an import's names recorded from three arrays instead of one
-- JSON array of objects.
--
-- Issue 16, "fast paths". An import of 100,000 people recorded their names with one
-- call of mcledger.record_names(jsonb) (schema/011, 013), whose argument the caller built
-- with jsonb_agg(jsonb_build_object(…)) over its staged names and the function took apart
-- twice with jsonb_to_recordset: about a third of the call, for nothing the checks need.
--
-- This overload takes the ids, names and positions as three arrays of equal length (the
-- caller aggregates its staged names with array_agg in one pass) and does exactly what
-- the jsonb form does: each name must sit beside its event, the person's
-- PersonRegistered for a new entry or a later PersonDetailsChanged for a changed one; a
-- name of a person whose details were erased is refused; the same SQLSTATEs and
-- messages. The jsonb form stays for single writes, and is redefined here to hand its
-- entries to this one, so the rule a name must meet is written once.

CREATE FUNCTION mcledger.record_names(p_ids text[], p_names text[], p_positions bigint[]) RETURNS integer
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_bad   record;
    v_count integer;
BEGIN
    IF p_ids IS NULL OR p_names IS NULL OR p_positions IS NULL
       OR cardinality(p_names) <> cardinality(p_ids) OR cardinality(p_positions) <> cardinality(p_ids) THEN
        RAISE EXCEPTION USING ERRCODE = 'MCL04', MESSAGE = 'record_names needs as many names and positions as ids';
    END IF;
    SELECT r.id, r.position, e.type, p.registered_position AS cited, p.erased_position AS erased INTO v_bad
      FROM unnest(p_ids, p_names, p_positions) AS r(id, name, position)
      LEFT JOIN mcledger.events e ON e.position = r.position AND e.data->>'person' = r.id
      LEFT JOIN mcledger.people p ON p.person_id = r.id
     WHERE r.id IS NULL OR r.name IS NULL OR e.position IS NULL OR p.erased_position IS NOT NULL
        OR NOT ((p.person_id IS NULL AND e.type = 'PersonRegistered')
             OR (p.person_id IS NOT NULL AND e.type = 'PersonDetailsChanged' AND e.position > p.registered_position))
     LIMIT 1;
    IF FOUND THEN
        IF v_bad.erased IS NOT NULL THEN
            RAISE EXCEPTION USING ERRCODE = 'MCL04',
                MESSAGE = format('the details of %s were erased at position %s; an erased name is not recorded again', v_bad.id, v_bad.erased);
        END IF;
        RAISE EXCEPTION USING ERRCODE = 'MCL04',
            MESSAGE = format('no name for %s without its event: position %s is not a %s of that person%s',
                coalesce(v_bad.id, '(no id)'), coalesce(v_bad.position::text, '(none)'),
                CASE WHEN v_bad.cited IS NULL THEN 'registration' ELSE 'details change' END,
                CASE WHEN v_bad.cited IS NULL THEN '' ELSE format(' after position %s', v_bad.cited) END),
            HINT = 'a name is recorded with the PersonRegistered or PersonDetailsChanged event that introduces or changes it';
    END IF;
    INSERT INTO mcledger.people (person_id, name, registered_position)
    SELECT r.id, r.name, r.position FROM unnest(p_ids, p_names, p_positions) AS r(id, name, position)
    ON CONFLICT (person_id) DO UPDATE
        SET name = EXCLUDED.name, registered_position = EXCLUDED.registered_position, updated_at = now();
    GET DIAGNOSTICS v_count = ROW_COUNT;
    RETURN v_count;
END
$$;

CREATE OR REPLACE FUNCTION mcledger.record_names(p_entries jsonb) RETURNS integer
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_ids       text[];
    v_names     text[];
    v_positions bigint[];
BEGIN
    IF jsonb_typeof(p_entries) IS DISTINCT FROM 'array' THEN
        RAISE EXCEPTION USING ERRCODE = 'MCL04', MESSAGE = 'record_names needs a JSON array of {id, name, position}';
    END IF;
    -- One aggregation pass: the three arrays line up entry by entry.
    SELECT coalesce(array_agg(r.id), '{}'), coalesce(array_agg(r.name), '{}'), coalesce(array_agg(r.position), '{}')
      INTO v_ids, v_names, v_positions
      FROM jsonb_to_recordset(p_entries) AS r(id text, name text, position bigint);
    RETURN mcledger.record_names(v_ids, v_names, v_positions);
END
$$;

ALTER FUNCTION mcledger.record_names(text[], text[], bigint[]) OWNER TO mcledger_owner;
REVOKE ALL ON FUNCTION mcledger.record_names(text[], text[], bigint[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION mcledger.record_names(text[], text[], bigint[]) TO mcledger_writer;

-- 022_lean_names.sql — an import's names written for less work per row, by the same rules.
--
-- Issue 16, "bulk import near COPY". Of a 100,000-person import, recording the names took
-- about 0.83 s after the events were in, all of it in the INSERT into mcledger.people:
--
-- 1. THE PERSON ID CHECK. schema/002 checks each id against '^[a-z0-9][a-z0-9-]{0,63}$'.
--    PostgreSQL's regular expressions unroll a bounded repetition into one state per
--    count, and that check cost about 2.5 µs a row (0.40 s against 0.19 s for 100,000
--    rows). The check below accepts exactly the same ids: the same first character, the
--    same characters after it, at most 64 in all (every character it admits is one byte,
--    so length() counts what {0,63} counted). The constraint keeps its name.
--
-- 2. NEW PEOPLE ARE INSERTED, NOT UPSERTED. mcledger.record_names (schema/020) wrote
--    every entry with INSERT … ON CONFLICT DO UPDATE, whose speculative insertion costs
--    about 1.3 µs a row more than a plain INSERT. Its check already looks every entry's
--    id up in the directory; it now also says whether any entry names a person already
--    there. When none does (an import of people, any registration), the rows go in with a
--    plain INSERT; otherwise exactly as before. What is accepted, what is refused, with
--    which SQLSTATE and message, is schema/020's: the check is the same condition, and the
--    entry it reports is still the first refused one in the order given. Two entries for
--    one new id in one call are refused either way (unique_violation now, where the
--    upsert raised cardinality_violation); the CLI never sends them.

ALTER TABLE mcledger.people DROP CONSTRAINT people_person_id_check;
ALTER TABLE mcledger.people ADD CONSTRAINT people_person_id_check
    CHECK (person_id ~ '^[a-z0-9][a-z0-9-]*$' AND length(person_id) <= 64);

CREATE OR REPLACE FUNCTION mcledger.record_names(p_ids text[], p_names text[], p_positions bigint[]) RETURNS integer
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_found record;
    v_count integer;
BEGIN
    IF p_ids IS NULL OR p_names IS NULL OR p_positions IS NULL
       OR cardinality(p_names) <> cardinality(p_ids) OR cardinality(p_positions) <> cardinality(p_ids) THEN
        RAISE EXCEPTION USING ERRCODE = 'MCL04', MESSAGE = 'record_names needs as many names and positions as ids';
    END IF;
    -- The first refused entry if there is one, else any entry of a person already in the
    -- directory, else nothing: one pass for both questions.
    SELECT c.* INTO v_found
      FROM (SELECT r.id, r.position, e.type, p.registered_position AS cited, p.erased_position AS erased,
                   p.person_id IS NOT NULL AS known, r.ord,
                   (r.id IS NULL OR r.name IS NULL OR e.position IS NULL OR p.erased_position IS NOT NULL
                    OR NOT ((p.person_id IS NULL AND e.type = 'PersonRegistered')
                         OR (p.person_id IS NOT NULL AND e.type = 'PersonDetailsChanged' AND e.position > p.registered_position)))
                   IS TRUE AS refused
              FROM unnest(p_ids, p_names, p_positions) WITH ORDINALITY AS r(id, name, position, ord)
              LEFT JOIN mcledger.events e ON e.position = r.position AND e.data->>'person' = r.id
              LEFT JOIN mcledger.people p ON p.person_id = r.id) c
     WHERE c.refused OR c.known
     ORDER BY c.refused DESC, c.ord
     LIMIT 1;
    IF FOUND AND v_found.refused THEN
        IF v_found.erased IS NOT NULL THEN
            RAISE EXCEPTION USING ERRCODE = 'MCL04',
                MESSAGE = format('the details of %s were erased at position %s; an erased name is not recorded again', v_found.id, v_found.erased);
        END IF;
        RAISE EXCEPTION USING ERRCODE = 'MCL04',
            MESSAGE = format('no name for %s without its event: position %s is not a %s of that person%s',
                coalesce(v_found.id, '(no id)'), coalesce(v_found.position::text, '(none)'),
                CASE WHEN v_found.cited IS NULL THEN 'registration' ELSE 'details change' END,
                CASE WHEN v_found.cited IS NULL THEN '' ELSE format(' after position %s', v_found.cited) END),
            HINT = 'a name is recorded with the PersonRegistered or PersonDetailsChanged event that introduces or changes it';
    END IF;
    IF FOUND THEN
        INSERT INTO mcledger.people (person_id, name, registered_position)
        SELECT r.id, r.name, r.position FROM unnest(p_ids, p_names, p_positions) AS r(id, name, position)
        ON CONFLICT (person_id) DO UPDATE
            SET name = EXCLUDED.name, registered_position = EXCLUDED.registered_position, updated_at = now();
    ELSE
        INSERT INTO mcledger.people (person_id, name, registered_position)
        SELECT r.id, r.name, r.position FROM unnest(p_ids, p_names, p_positions) AS r(id, name, position);
    END IF;
    GET DIAGNOSTICS v_count = ROW_COUNT;
    RETURN v_count;
END
$$;

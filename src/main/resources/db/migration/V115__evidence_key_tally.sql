-- The archive's keys as the Compliance sheet shows them (issue #27): per key-encryption key, the kept objects it
-- protects and the first and last business day (Asia/Shanghai) they were captured. Aggregating the kept rows of
-- evidence_archive read the whole archive for every workbook (617,000 blocks, 2.5 s at 11 M objects); this tally is
-- a row per key and capture day, kept by statement triggers (one pass over a statement's rows, as V111's):
--   archived (INSERT)                         + the kept rows inserted
--   purged, erased (purged_at set), rotated   - the rows kept before, + the rows kept after (a rotation moves
--   (kek_id rewritten)                          objects from the old key's rows to the new key's)
--   removed with their month (DELETE)         - the kept rows deleted
--   TRUNCATE                                  the tally emptied
-- Rows falling to zero are deleted; a row that would fall below zero raises (checked after the upsert: a CHECK
-- would refuse the negative change itself before ON CONFLICT adds it).
CREATE TABLE evidence_key_tally (
    kek_id       text   NOT NULL,
    captured_day date   NOT NULL,
    objects      bigint NOT NULL,
    PRIMARY KEY (kek_id, captured_day)
);

CREATE FUNCTION evidence_captured_day(captured_at timestamptz) RETURNS date LANGUAGE sql STABLE PARALLEL SAFE
    RETURN (captured_at AT TIME ZONE 'Asia/Shanghai')::date;

-- Applies one statement's net changes per (key, capture day). Called by the triggers below only.
CREATE FUNCTION evidence_key_apply(kek_ids text[], captured_days date[], nets bigint[]) RETURNS void
    LANGUAGE plpgsql AS $$
DECLARE
    negative bigint;
BEGIN
    IF coalesce(cardinality(kek_ids), 0) = 0 THEN
        RETURN;
    END IF;
    WITH upserted AS (
        INSERT INTO evidence_key_tally AS t (kek_id, captured_day, objects)
        SELECT kek_id, captured_day, net FROM unnest(kek_ids, captured_days, nets) AS c (kek_id, captured_day, net)
         WHERE net <> 0 ORDER BY kek_id, captured_day
        ON CONFLICT (kek_id, captured_day) DO UPDATE SET objects = t.objects + excluded.objects
        RETURNING t.objects)
    SELECT count(*) FILTER (WHERE objects < 0) INTO negative FROM upserted;
    IF negative > 0 THEN
        RAISE EXCEPTION 'evidence_key_tally would fall below zero' USING ERRCODE = 'check_violation';
    END IF;
    DELETE FROM evidence_key_tally t USING unnest(kek_ids, captured_days) AS c (kek_id, captured_day)
     WHERE t.kek_id = c.kek_id AND t.captured_day = c.captured_day AND t.objects = 0;
END $$;

CREATE FUNCTION evidence_key_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM evidence_key_apply(array_agg(kek_id), array_agg(captured_day), array_agg(net))
       FROM (SELECT kek_id, evidence_captured_day(captured_at) AS captured_day, count(*) AS net
               FROM inserted WHERE purged_at IS NULL GROUP BY 1, 2) c;
    RETURN NULL;
END $$;

CREATE FUNCTION evidence_key_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM evidence_key_apply(array_agg(kek_id), array_agg(captured_day), array_agg(net))
       FROM (SELECT kek_id, captured_day, sum(net)::bigint AS net
               FROM (SELECT o.kek_id, evidence_captured_day(o.captured_at) AS captured_day, -1 AS net
                       FROM before_rows o WHERE o.purged_at IS NULL
                     UNION ALL
                     SELECT n.kek_id, evidence_captured_day(n.captured_at), 1
                       FROM after_rows n WHERE n.purged_at IS NULL) ch
              GROUP BY 1, 2) c;
    RETURN NULL;
END $$;

CREATE FUNCTION evidence_key_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM evidence_key_apply(array_agg(kek_id), array_agg(captured_day), array_agg(net))
       FROM (SELECT kek_id, evidence_captured_day(captured_at) AS captured_day, -count(*) AS net
               FROM deleted WHERE purged_at IS NULL GROUP BY 1, 2) c;
    RETURN NULL;
END $$;

CREATE FUNCTION evidence_key_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE evidence_key_tally;
    RETURN NULL;
END $$;

LOCK TABLE evidence_archive IN SHARE ROW EXCLUSIVE MODE;

CREATE TRIGGER evidence_key_insert_trg AFTER INSERT ON evidence_archive
    REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION evidence_key_inserted();
CREATE TRIGGER evidence_key_update_trg AFTER UPDATE ON evidence_archive
    REFERENCING OLD TABLE AS before_rows NEW TABLE AS after_rows
    FOR EACH STATEMENT EXECUTE FUNCTION evidence_key_updated();
CREATE TRIGGER evidence_key_delete_trg AFTER DELETE ON evidence_archive
    REFERENCING OLD TABLE AS deleted FOR EACH STATEMENT EXECUTE FUNCTION evidence_key_deleted();
CREATE TRIGGER evidence_key_truncate_trg AFTER TRUNCATE ON evidence_archive
    FOR EACH STATEMENT EXECUTE FUNCTION evidence_key_truncated();

-- Backfill: one pass over the kept rows at upgrade, writers held off by the lock above.
INSERT INTO evidence_key_tally (kek_id, captured_day, objects)
SELECT kek_id, evidence_captured_day(captured_at), count(*) FROM evidence_archive
 WHERE purged_at IS NULL GROUP BY 1, 2;

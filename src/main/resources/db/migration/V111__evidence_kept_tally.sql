-- What the archive keeps, tallied as evidence rows are written, purged and deleted (issue #27): the Evidence page,
-- the monthly Compliance sheet and the idv_archive_bytes gauge read a few thousand tally rows instead of
-- aggregating every kept object of the three-year retention (billions of rows at a large merchant).
--
-- evidence_kept_tally: the kept (unpurged) objects per provider, business day of their retain-until and business
-- day they were archived (created_at), Asia/Shanghai as everywhere in the ledger.
--   retain_day is the day holding retain_until with an instant at midnight belonging to the day before, so that
--   "retain_until <= midnight of D" (the Compliance sheet's buckets, counted from the month's end) is exactly
--   "retain_day < D".
--   created_day is kept because the Compliance sheet counts the objects archived before the month's end that are
--   still kept when the workbook is written: a workbook written after its month ignores what was archived since.
--   sessions: the sessions with at least one kept object in the row's (provider, retain_day, created_day). A sum
--   over rows counts a session once per row it has objects in; the archive writes a session's objects with the
--   same retain-until day and archive day unless their capture times or their archive transactions straddle
--   midnight, so sums over rows are the distinct sessions except for those sessions.
-- evidence_kept_sessions: per provider, the sessions with at least one kept object, exactly (the Evidence page).
--
-- How the sessions stay exact: each change is taken per (provider, session, tally row) with its net number of
-- objects; after the statement the session's kept objects in that row are counted through the session's index
-- (evidence_archive_item_key, a handful of rows). "Kept" is a FILTER of that count, never a WHERE: a WHERE on
-- purged_at IS NULL lets the planner AND the partial indexes on kept rows (evidence_archive_kek_idx) into each
-- session's lookup, which reads every kept object of the archive per session (a 30,000-object insert took
-- 79 s that way, 0.3 s this way): the session enters the row when it had none before
-- (kept - net = 0) and has some now, and leaves it when it had some and has none now. Purges split one session's
-- objects over batches (EvidencePurger's LIMIT), erasures shred all of them, the archive inserts them item by
-- item with ON CONFLICT DO NOTHING: the count after the statement is right for all of these. Two transactions
-- changing the same session's objects at once (an erasure during the nightly purge) would each miss the other's
-- uncommitted rows, so the trigger first locks the sessions' ledger rows (FOR NO KEY UPDATE, in id order) and
-- counts in a later statement, which sees what the other committed. The archive, the purge and the erasure
-- update those ledger rows in the same transaction anyway; the month removal deletes them.
--
-- Statement-level triggers with transition tables: one pass over a statement's rows, never a row at a time.
-- The tally rows are upserted in key order (no deadlock between two writers); rows falling to zero are deleted
-- (a concurrent upsert of a deleted row inserts it again: ON CONFLICT retries).
-- TRUNCATE of evidence_archive empties both tallies. A row that would fall below zero raises (checked on the rows
-- upserted: a CHECK constraint would refuse the negative change itself before ON CONFLICT adds it).
--
-- Backfill: one pass over the kept rows of evidence_archive at upgrade (an aggregate per provider and days, with
-- the table locked against writers while it runs).

LOCK TABLE evidence_archive IN SHARE ROW EXCLUSIVE MODE;

CREATE FUNCTION evidence_retain_day(retain_until timestamptz) RETURNS date LANGUAGE sql STABLE PARALLEL SAFE
    RETURN ((retain_until - interval '1 microsecond') AT TIME ZONE 'Asia/Shanghai')::date;
CREATE FUNCTION evidence_created_day(created_at timestamptz) RETURNS date LANGUAGE sql STABLE PARALLEL SAFE
    RETURN (created_at AT TIME ZONE 'Asia/Shanghai')::date;

CREATE TABLE evidence_kept_tally (
    provider    text   NOT NULL,
    retain_day  date   NOT NULL,
    created_day date   NOT NULL,
    objects     bigint NOT NULL,
    sessions    bigint NOT NULL,
    bytes       bigint NOT NULL,
    PRIMARY KEY (provider, retain_day, created_day)
);
CREATE TABLE evidence_kept_sessions (
    provider text   PRIMARY KEY,
    sessions bigint NOT NULL
);

-- Applies one statement's changes, pre-aggregated per (provider, session, retain_day, created_day): net objects
-- (+ inserted or unpurged, - purged or deleted) and net bytes. Called by the triggers below only.
CREATE FUNCTION evidence_kept_apply(providers text[], session_ids bigint[], retain_days date[], created_days date[],
                                    nets bigint[], sizes bigint[]) RETURNS void LANGUAGE plpgsql
    -- planned for each statement's rows as the archive is then: a plan cached while the archive was small would
    -- read it whole for each session instead of through the session's index
    SET plan_cache_mode = force_custom_plan AS $$
DECLARE
    negative bigint;
BEGIN
    IF coalesce(cardinality(session_ids), 0) = 0 THEN
        RETURN;
    END IF;
    -- joined, not "id = ANY (session_ids)": a cached generic plan would filter a scan of the ledger by the array
    PERFORM 1 FROM verification_session s JOIN (SELECT DISTINCT unnest(session_ids) AS id) c ON c.id = s.id
     ORDER BY s.id FOR NO KEY UPDATE OF s;

    WITH ch AS (
        SELECT * FROM unnest(providers, session_ids, retain_days, created_days, nets, sizes)
                   AS c (provider, session_id, retain_day, created_day, net, bytes)),
    counted AS (
        SELECT ch.*, k.kept FROM ch CROSS JOIN LATERAL (
            SELECT count(*) FILTER (WHERE a.purged_at IS NULL AND a.provider = ch.provider
                                      AND evidence_retain_day(a.retain_until) = ch.retain_day
                                      AND evidence_created_day(a.created_at) = ch.created_day) AS kept
              FROM evidence_archive a WHERE a.session_id = ch.session_id) k),
    delta AS (
        SELECT provider, retain_day, created_day, sum(net) AS objects, sum(bytes) AS bytes,
               sum((kept > 0)::int - (kept - net > 0)::int) AS sessions
          FROM counted GROUP BY 1, 2, 3),
    upserted AS (
        INSERT INTO evidence_kept_tally AS t (provider, retain_day, created_day, objects, sessions, bytes)
        SELECT provider, retain_day, created_day, objects, sessions, bytes FROM delta
         WHERE objects <> 0 OR sessions <> 0 OR bytes <> 0
         ORDER BY provider, retain_day, created_day
        ON CONFLICT (provider, retain_day, created_day) DO UPDATE
           SET objects = t.objects + excluded.objects, sessions = t.sessions + excluded.sessions,
               bytes = t.bytes + excluded.bytes
        RETURNING t.objects, t.sessions, t.bytes)
    SELECT count(*) FILTER (WHERE objects < 0 OR sessions < 0 OR bytes < 0) INTO negative FROM upserted;
    IF negative > 0 THEN
        RAISE EXCEPTION 'evidence_kept_tally would fall below zero' USING ERRCODE = 'check_violation';
    END IF;

    WITH per_session AS (
        SELECT provider, session_id, sum(net) AS net
          FROM unnest(providers, session_ids, nets) AS c (provider, session_id, net) GROUP BY 1, 2),
    counted AS (
        SELECT p.*, k.kept FROM per_session p CROSS JOIN LATERAL (
            SELECT count(*) FILTER (WHERE a.purged_at IS NULL AND a.provider = p.provider) AS kept
              FROM evidence_archive a WHERE a.session_id = p.session_id) k),
    delta AS (
        SELECT provider, sum((kept > 0)::int - (kept - net > 0)::int) AS sessions FROM counted GROUP BY 1),
    upserted AS (
        INSERT INTO evidence_kept_sessions AS t (provider, sessions)
        SELECT provider, sessions FROM delta WHERE sessions <> 0 ORDER BY provider
        ON CONFLICT (provider) DO UPDATE SET sessions = t.sessions + excluded.sessions
        RETURNING t.sessions)
    SELECT count(*) FILTER (WHERE sessions < 0) INTO negative FROM upserted;
    IF negative > 0 THEN
        RAISE EXCEPTION 'evidence_kept_sessions would fall below zero' USING ERRCODE = 'check_violation';
    END IF;

    DELETE FROM evidence_kept_tally t
     USING unnest(providers, retain_days, created_days) AS c (provider, retain_day, created_day)
     WHERE t.provider = c.provider AND t.retain_day = c.retain_day AND t.created_day = c.created_day
       AND t.objects = 0 AND t.sessions = 0 AND t.bytes = 0;
    DELETE FROM evidence_kept_sessions t WHERE t.provider = ANY (providers) AND t.sessions = 0;
END $$;

CREATE FUNCTION evidence_kept_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM evidence_kept_apply(array_agg(provider), array_agg(session_id), array_agg(retain_day),
                                array_agg(created_day), array_agg(net), array_agg(bytes))
       FROM (SELECT provider, session_id, evidence_retain_day(retain_until) AS retain_day,
                    evidence_created_day(created_at) AS created_day, count(*) AS net,
                    sum(ciphertext_size)::bigint AS bytes
               FROM inserted WHERE purged_at IS NULL GROUP BY 1, 2, 3, 4) c;
    RETURN NULL;
END $$;

-- Purges set purged_at; key rotation rewrites kek_id and wrapped_key of kept rows, which changes nothing here.
CREATE FUNCTION evidence_kept_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM evidence_kept_apply(array_agg(provider), array_agg(session_id), array_agg(retain_day),
                                array_agg(created_day), array_agg(net), array_agg(bytes))
       FROM (SELECT provider, session_id, retain_day, created_day, sum(net)::bigint AS net,
                    sum(bytes)::bigint AS bytes
               FROM (SELECT o.provider, o.session_id, evidence_retain_day(o.retain_until) AS retain_day,
                            evidence_created_day(o.created_at) AS created_day, -1 AS net, -o.ciphertext_size AS bytes
                       FROM before_rows o JOIN after_rows n ON n.id = o.id
                      WHERE o.purged_at IS NULL
                        AND (n.purged_at IS NOT NULL
                             OR (n.provider, n.session_id, n.retain_until, n.created_at, n.ciphertext_size)
                                IS DISTINCT FROM (o.provider, o.session_id, o.retain_until, o.created_at,
                                                  o.ciphertext_size))
                     UNION ALL
                     SELECT n.provider, n.session_id, evidence_retain_day(n.retain_until),
                            evidence_created_day(n.created_at), 1, n.ciphertext_size
                       FROM before_rows o JOIN after_rows n ON n.id = o.id
                      WHERE n.purged_at IS NULL
                        AND (o.purged_at IS NOT NULL
                             OR (n.provider, n.session_id, n.retain_until, n.created_at, n.ciphertext_size)
                                IS DISTINCT FROM (o.provider, o.session_id, o.retain_until, o.created_at,
                                                  o.ciphertext_size))) ch
              GROUP BY 1, 2, 3, 4) c;
    RETURN NULL;
END $$;

CREATE FUNCTION evidence_kept_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM evidence_kept_apply(array_agg(provider), array_agg(session_id), array_agg(retain_day),
                                array_agg(created_day), array_agg(net), array_agg(bytes))
       FROM (SELECT provider, session_id, evidence_retain_day(retain_until) AS retain_day,
                    evidence_created_day(created_at) AS created_day, -count(*) AS net,
                    -sum(ciphertext_size)::bigint AS bytes
               FROM deleted WHERE purged_at IS NULL GROUP BY 1, 2, 3, 4) c;
    RETURN NULL;
END $$;

CREATE FUNCTION evidence_kept_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE evidence_kept_tally, evidence_kept_sessions;
    RETURN NULL;
END $$;

CREATE TRIGGER evidence_kept_insert_trg AFTER INSERT ON evidence_archive
    REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION evidence_kept_inserted();
CREATE TRIGGER evidence_kept_update_trg AFTER UPDATE ON evidence_archive
    REFERENCING OLD TABLE AS before_rows NEW TABLE AS after_rows
    FOR EACH STATEMENT EXECUTE FUNCTION evidence_kept_updated();
CREATE TRIGGER evidence_kept_delete_trg AFTER DELETE ON evidence_archive
    REFERENCING OLD TABLE AS deleted FOR EACH STATEMENT EXECUTE FUNCTION evidence_kept_deleted();
CREATE TRIGGER evidence_kept_truncate_trg AFTER TRUNCATE ON evidence_archive
    FOR EACH STATEMENT EXECUTE FUNCTION evidence_kept_truncated();

INSERT INTO evidence_kept_tally (provider, retain_day, created_day, objects, sessions, bytes)
SELECT provider, evidence_retain_day(retain_until), evidence_created_day(created_at), count(*),
       count(DISTINCT session_id), sum(ciphertext_size)
  FROM evidence_archive WHERE purged_at IS NULL GROUP BY 1, 2, 3;
INSERT INTO evidence_kept_sessions (provider, sessions)
SELECT provider, count(DISTINCT session_id) FROM evidence_archive WHERE purged_at IS NULL GROUP BY 1;

-- Fills a migrated saslfail schema with :rows offenses and their ban events (bench/fleet/reports-pg.sh).
-- psql variables: rows, now_ms. Bounded: one INSERT … SELECT per table over generate_series.
SET maintenance_work_mem = '512MB';
SET synchronous_commit = off;
-- the load goes faster into bare tables: keep the indexes' definitions, drop them, build them after
CREATE TEMP TABLE saved_indexes AS
    SELECT indexname, indexdef FROM pg_indexes
    WHERE schemaname = current_schema() AND tablename IN ('events', 'offenses', 'offender_keys')
      AND indexname NOT LIKE '%pkey';
DO $$ DECLARE r record; BEGIN
    FOR r IN SELECT indexname FROM saved_indexes LOOP EXECUTE 'DROP INDEX ' || quote_ident(r.indexname); END LOOP;
END $$;
ALTER TABLE events DROP CONSTRAINT events_pkey;
ALTER TABLE offender_keys DROP CONSTRAINT offender_keys_pkey;
TRUNCATE events, offenses, offender_keys, totals;

-- offense i at an even step over three years up to now; offender, strike and service from i by
-- multiplicative hashing (deterministic, spread over the whole range)
CREATE TEMP VIEW gen AS
    SELECT i, at_ms, a, strike, service,
           (a >> 24) || '.' || ((a >> 16) & 255) || '.' || ((a >> 8) & 255) || '.' || (a & 255) AS ip,
           '4' || lpad(to_hex(a), 8, '0') AS hex,
           'saslfail-' || service AS strike_one_jail,
           CASE strike WHEN 1 THEN 'saslfail-' || service ELSE 'saslfail-strike' || strike END AS jail,
           at_ms + CASE strike WHEN 1 THEN 172800000 WHEN 2 THEN 691200000 ELSE 2764800000 END AS expires_ms
    FROM (SELECT i,
                 :now_ms::bigint - 94608000000 + i * (94608000000 / :rows::bigint) AS at_ms,
                 184549376 + (i * 2654435761) % 4000000 AS a,               -- 11.0.0.0 + one of 4,000,000
                 CASE WHEN (i * 40503) % 100 < 80 THEN 1 WHEN (i * 40503) % 100 < 94 THEN 2 ELSE 3 END AS strike,
                 CASE WHEN (i * 69069) % 4 = 0 THEN 'dovecot' ELSE 'postfix' END AS service
          FROM generate_series(0::bigint, :rows::bigint - 1) AS i) s;

INSERT INTO offenses (offender, offender_hex, offender_len, ip, service, strike, jail, at_ms, expires_at_ms)
    SELECT ip, hex, 32, ip, service, strike, jail, at_ms, expires_ms FROM gen;
INSERT INTO events (event_key, action, jail, ip, ip_hex, offender, at_ms, result, strike, service, detail)
    SELECT 'ban|' || strike_one_jail || '|' || ip || '|' || at_ms, 'ban', strike_one_jail, ip, hex, ip, at_ms,
           'offense', strike, service, 'offense, strike ' || strike
    FROM gen;
INSERT INTO offender_keys (offender_hex, offender_len) SELECT DISTINCT offender_hex, 32 FROM offenses;
INSERT INTO totals (counter, strike, service, total)
    SELECT 'offenses', strike, service, count(*) FROM offenses GROUP BY strike, service;
INSERT INTO totals (counter, strike, service, total) SELECT 'offenders', 0, '', count(*) FROM offender_keys;

ALTER TABLE events ADD PRIMARY KEY (event_key);
ALTER TABLE offender_keys ADD PRIMARY KEY (offender_hex, offender_len);
DO $$ DECLARE r record; BEGIN
    FOR r IN SELECT indexdef FROM saved_indexes LOOP EXECUTE r.indexdef; END LOOP;
END $$;
VACUUM ANALYZE events, offenses, offender_keys, totals;

-- One ban decision as saslfail's store runs it on PostgreSQL (a new offender's strike-1 offense,
-- subnet rule on): the transaction's statements, in order, on the bench store's tables.
-- pgbench script for bench/fleet/write-load.sh; :notify 1 adds the NOTIFY fleet propagation sends.
\set n random(0, 3999999)
\set a 184549376 + :n
\set k random(1, 2000000000)
\set at 1900000000000 + random(0, 86400000)
BEGIN;
SELECT pg_advisory_xact_lock(1936024940, (:a >> 8)::int);
SELECT EXISTS (SELECT 1 FROM events WHERE event_key = 'ban|saslfail-postfix|' || :a || '|' || :k);
SELECT * FROM offenses WHERE offender_hex = '4' || lpad(to_hex(:a), 8, '0') AND offender_len = 32
    AND (at_ms >= :at - 31536000000 OR expires_at_ms IS NULL OR expires_at_ms > :at - 31536000000) ORDER BY at_ms;
SELECT * FROM logins WHERE from_hex = '4' || lpad(to_hex(:a), 8, '0') ORDER BY last_at_ms DESC LIMIT 10;
INSERT INTO events (event_key, action, jail, ip, ip_hex, offender, at_ms, result, strike, service, detail)
    VALUES ('ban|saslfail-postfix|' || :a || '|' || :k, 'ban', 'saslfail-postfix', :a::text, '4' || lpad(to_hex(:a), 8, '0'),
            :a::text, :at, 'offense', 1, 'postfix', 'offense 1, strike 1') ON CONFLICT DO NOTHING;
INSERT INTO offender_keys (offender_hex, offender_len) VALUES ('4' || lpad(to_hex(:a), 8, '0'), 32) ON CONFLICT DO NOTHING;
INSERT INTO offenses (offender, offender_hex, offender_len, ip, service, strike, jail, at_ms, expires_at_ms)
    VALUES (:a::text, '4' || lpad(to_hex(:a), 8, '0'), 32, :a::text, 'postfix', 1, 'saslfail-postfix', :at, :at + 172800000);
INSERT INTO totals (counter, strike, service, total) VALUES ('offenses', 1, 'postfix', 1)
    ON CONFLICT (counter, strike, service) DO UPDATE SET total = totals.total + excluded.total;
INSERT INTO totals (counter, strike, service, total) VALUES ('offenders', 0, '', 1)
    ON CONFLICT (counter, strike, service) DO UPDATE SET total = totals.total + excluded.total;
SELECT * FROM offenses WHERE offender_hex BETWEEN '4' || lpad(to_hex((:a >> 8) << 8), 8, '0')
    AND '4' || lpad(to_hex(((:a >> 8) << 8) + 255), 8, '0') AND at_ms > :at - 86400000 ORDER BY at_ms;
SELECT * FROM offenses WHERE offender_hex = '4' || lpad(to_hex((:a >> 8) << 8), 8, '0') AND offender_len = 24
    AND (at_ms >= :at - 31536000000 OR expires_at_ms IS NULL OR expires_at_ms > :at - 31536000000) ORDER BY at_ms;
\if :notify
SELECT pg_notify('saslfail_bench', :a::text);
\endif
END;

-- saslfail schema 5: running totals behind 'saslfail report summary'.
--
-- Counting 800,000 offenses at every summary took a third of a second; these counters are kept
-- exact in the same transaction as every write that changes them (recording outcomes, forget),
-- so the summary reads a handful of rows. counter is
--   'offenses'  one row per (strike, service): offenses recorded at that strike for that service
--   'offenders' strike 0, service '': distinct offenders with at least one offense
--   'restore', 'repeat'  strike 0, service '': events with that result (never offenses)
-- Rows whose total fell to 0 stay; readers skip them. Portable DDL and DML only (see V1).

-- Every offender with at least one offense, once. Inserting a write's offenders here (ON CONFLICT
-- DO NOTHING) tells exactly which are new, even with several writers at once (PostgreSQL fleets).
CREATE TABLE offender_keys (
    offender_hex VARCHAR(33) NOT NULL,
    offender_len INTEGER     NOT NULL,
    PRIMARY KEY (offender_hex, offender_len)
);

CREATE TABLE totals (
    counter VARCHAR(16) NOT NULL,
    strike  INTEGER     NOT NULL,
    service VARCHAR(16) NOT NULL,
    total   BIGINT      NOT NULL,
    PRIMARY KEY (counter, strike, service)
);

INSERT INTO totals (counter, strike, service, total)
    SELECT 'offenses', strike, service, count(*) FROM offenses GROUP BY strike, service;
INSERT INTO offender_keys (offender_hex, offender_len)
    SELECT DISTINCT offender_hex, offender_len FROM offenses;
INSERT INTO totals (counter, strike, service, total)
    SELECT 'offenders', 0, '', count(*) FROM offender_keys;
INSERT INTO totals (counter, strike, service, total)
    SELECT result, 0, '', count(*) FROM events WHERE result IN ('restore', 'repeat') GROUP BY result;

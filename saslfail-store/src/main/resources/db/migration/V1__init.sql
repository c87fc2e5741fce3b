-- saslfail schema 1: the event log and the offenses it produced.
--
-- This one script runs unchanged on SQLite (3.35+) and PostgreSQL 15, and jOOQ's code
-- generator reads it too (DDLDatabase), so it uses only portable DDL. Anything that only one
-- database understands would have to be wrapped in jooq-ignore comments AND split into
-- per-dialect scripts; so far nothing needs that. See saslfail-store/SCHEMA.md.
--
-- Conventions: every time is UTC epoch milliseconds (BIGINT, column suffix _ms); addresses are
-- in canonical text (IPv4 dotted quad, IPv6 RFC 5952, IPv4-mapped IPv6 as IPv4); a network is
-- "address/length", a single address is written bare. *_hex columns are a sortable form of an
-- address ("4" + 8 hex digits, or "6" + 32 hex digits) so that "every address in 2001:db8::/48"
-- is one index range.

CREATE TABLE schema_version (
    version       INTEGER      NOT NULL PRIMARY KEY,
    description   VARCHAR(200) NOT NULL,
    applied_at_ms BIGINT       NOT NULL
);

-- Every ban event saslfail has decided, once: its idempotency key keeps replays from counting twice.
CREATE TABLE events (
    event_key VARCHAR(200) NOT NULL PRIMARY KEY,
    action    VARCHAR(16)  NOT NULL,
    jail      VARCHAR(64)  NOT NULL,
    ip        VARCHAR(45)  NOT NULL,
    ip_hex    VARCHAR(33)  NOT NULL,
    offender  VARCHAR(50)  NOT NULL,
    at_ms     BIGINT       NOT NULL,
    result    VARCHAR(16)  NOT NULL,
    strike    INTEGER      NOT NULL,
    service   VARCHAR(16),
    detail    VARCHAR(500) NOT NULL
);
CREATE INDEX events_at ON events (at_ms);
CREATE INDEX events_ip_at ON events (ip_hex, at_ms);
CREATE INDEX events_result_at ON events (result, at_ms);

-- Every counted offense and the ban it earned; expires_at_ms NULL = permanent,
-- lifted_at_ms set when an unban ended the ban early.
CREATE TABLE offenses (
    offender      VARCHAR(50) NOT NULL,
    offender_hex  VARCHAR(33) NOT NULL,
    offender_len  INTEGER     NOT NULL,
    ip            VARCHAR(45) NOT NULL,
    service       VARCHAR(16) NOT NULL,
    strike        INTEGER     NOT NULL,
    jail          VARCHAR(64) NOT NULL,
    at_ms         BIGINT      NOT NULL,
    expires_at_ms BIGINT,
    lifted_at_ms  BIGINT
);
-- (offender_hex, offender_len) names the offender for every lookup: one address, a network's
-- addresses (a range of offender_hex) and the networks covering an address.
CREATE INDEX offenses_offender ON offenses (offender_hex, offender_len, at_ms, strike);
CREATE INDEX offenses_at ON offenses (at_ms, strike);
CREATE INDEX offenses_strike ON offenses (strike, service);
CREATE INDEX offenses_expires ON offenses (expires_at_ms);

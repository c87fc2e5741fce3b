-- saslfail schema 7: smart mode's alert window (issue 16).
--
-- The urgent notices (first bans, strike 3+, permanent, subnet) waiting for the 5-minute window
-- of notify.mode = smart to close, so that a daemon restarted inside it sends them after it.
-- Deleted all together once their alert is in the outbox. seq keeps the order they were held;
-- times are UTC epoch milliseconds, expires_at_ms NULL = permanent. usernames: the tried user
-- names (attacker text), each URL-encoded (UTF-8), joined by commas; NULL when none are known.
-- Portable DDL only (see V1).
CREATE TABLE alert_window (
    seq            BIGINT          NOT NULL PRIMARY KEY,
    kind           VARCHAR(20)     NOT NULL,
    at_ms          BIGINT          NOT NULL,
    offender       VARCHAR(50)     NOT NULL,
    strike         INTEGER         NOT NULL,
    service        VARCHAR(16)     NOT NULL,
    expires_at_ms  BIGINT,
    usernames      VARCHAR(1000000)
);

-- saslfail schema 2: the notification outbox.
--
-- Mail waits here until the MTA has taken it, so nothing is lost across a daemon restart or
-- while the mail server is down. mail_key is the idempotency key of a message (a daily summary
-- is "daily-2026-06-08"): a row is never deleted when sent, so the same summary is never queued
-- twice. Times are UTC epoch milliseconds; sent_at_ms NULL = not sent yet. mail_to holds the
-- recipients separated by commas. Portable DDL only (see V1).

CREATE TABLE outbox (
    id              BIGINT          NOT NULL PRIMARY KEY,
    mail_key        VARCHAR(200)    NOT NULL,
    mail_from       VARCHAR(320)    NOT NULL,
    mail_to         VARCHAR(4000)   NOT NULL,
    subject         VARCHAR(400)    NOT NULL,
    body_text       VARCHAR(1000000) NOT NULL,
    body_html       VARCHAR(1000000) NOT NULL,
    enqueued_at_ms  BIGINT          NOT NULL,
    attempts        INTEGER         NOT NULL,
    next_attempt_ms BIGINT          NOT NULL,
    sent_at_ms      BIGINT,
    last_error      VARCHAR(500)
);
CREATE UNIQUE INDEX outbox_key ON outbox (mail_key);
CREATE INDEX outbox_due ON outbox (sent_at_ms, next_attempt_ms);
-- summaries: bans lifted in an interval
CREATE INDEX offenses_lifted ON offenses (lifted_at_ms);

-- saslfail schema 3: what the daemon keeps besides the history.
--
-- daemon_state: small named values that must survive a restart with the store, such as the
-- intake's watermark in fail2ban's database ("intake.watermark" = "ROWID TIMEOFBAN").
CREATE TABLE daemon_state (
    name          VARCHAR(64)  NOT NULL PRIMARY KEY,
    value         VARCHAR(500) NOT NULL,
    updated_at_ms BIGINT       NOT NULL
);

-- The daemon's heartbeat, one row per node, rewritten every few seconds; 'saslfail doctor'
-- reads it to tell a live daemon from a dead one.
CREATE TABLE daemon_heartbeat (
    node          VARCHAR(64)  NOT NULL PRIMARY KEY,
    pid           BIGINT       NOT NULL,
    started_at_ms BIGINT       NOT NULL,
    beat_at_ms    BIGINT       NOT NULL,
    intake_lag_ms BIGINT,
    pending       INTEGER      NOT NULL,
    detail        VARCHAR(500) NOT NULL
);

-- Jail commands fail2ban refused or could not take (it was down): retried with backoff
-- until they succeed. op is 'ban' or 'unban'; target is an address or network in canonical text.
CREATE TABLE pending_jail_ops (
    jail          VARCHAR(64)  NOT NULL,
    target        VARCHAR(50)  NOT NULL,
    op            VARCHAR(8)   NOT NULL,
    created_at_ms BIGINT       NOT NULL,
    attempts      INTEGER      NOT NULL,
    next_at_ms    BIGINT       NOT NULL,
    last_error    VARCHAR(500) NOT NULL,
    PRIMARY KEY (jail, target, op)
);
CREATE INDEX pending_jail_ops_next ON pending_jail_ops (next_at_ms);

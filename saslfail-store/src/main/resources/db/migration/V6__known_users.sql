-- saslfail schema 6: known users (issue 15).
--
-- Successful logins learned from the Postfix and Dovecot logs, kept as small as the rule needs:
-- one row per known-user key (an IPv4 address, or the /64 of an IPv6 address), service and user
-- name, with only the latest login time. Rows older than known_user_window are deleted by the
-- daemon. user_name is cleaned before it is written (no control characters, at most 128 chars).
-- Portable DDL only (see V1).
CREATE TABLE logins (
    login_from  VARCHAR(50)  NOT NULL,
    from_hex    VARCHAR(33)  NOT NULL,
    from_len    INTEGER      NOT NULL,
    service     VARCHAR(16)  NOT NULL,
    user_name   VARCHAR(128) NOT NULL,
    last_at_ms  BIGINT       NOT NULL,
    PRIMARY KEY (from_hex, from_len, service, user_name)
);
CREATE INDEX logins_last ON logins (last_at_ms);

-- The users who had logged in from an offense's address when it was decided (tab-separated,
-- cleaned like logins.user_name); NULL for an address no known user logged in from. Such an
-- offense is capped at strike 1 under known_users = cap and never counts toward a subnet.
ALTER TABLE offenses ADD COLUMN known_users VARCHAR(600);

-- The user names the attacker tried for this ban, as the daemon read them from fail2ban's record
-- of the ban (tab-separated, cleaned and bounded like user_name); NULL when not known. The
-- summaries list them beside each ban.
ALTER TABLE offenses ADD COLUMN tried_users VARCHAR(600);

-- saslfail schema 8: fleets (issue 13). Portable DDL and DML only (see V1).
--
-- fleet_decisions: every ban and every lift a node decided, in the order they were committed
-- (id is max + 1, taken under one lock by the writer, so a reader that has applied up to id N
-- has seen every decision committed before N+1). Written in the same transaction as the
-- offense or lift it announces. action is 'ban' or 'lift'; a ban names its jail, strike and
-- expiry (NULL = permanent); a lift names only the offender. node is the deciding fleet.node.
CREATE TABLE fleet_decisions (
    id            BIGINT      NOT NULL PRIMARY KEY,
    node          VARCHAR(64) NOT NULL,
    action        VARCHAR(8)  NOT NULL,
    offender      VARCHAR(50) NOT NULL,
    jail          VARCHAR(64),
    strike        INTEGER     NOT NULL,
    at_ms         BIGINT      NOT NULL,
    expires_at_ms BIGINT,
    decided_at_ms BIGINT      NOT NULL
);
CREATE INDEX fleet_decisions_expires ON fleet_decisions (expires_at_ms);

-- How far each node has applied the others' decisions (the largest id), and until when it has
-- lifted the bans it applied that ran out (expired_to_ms).
CREATE TABLE fleet_applied (
    node          VARCHAR(64) NOT NULL PRIMARY KEY,
    applied_id    BIGINT      NOT NULL,
    applied_at_ms BIGINT      NOT NULL,
    expired_to_ms BIGINT      NOT NULL
);

-- The fleet.node that decided an offense (NULL: before fleets, or a store without fleet.node).
ALTER TABLE offenses ADD COLUMN node VARCHAR(64);

-- Pending jail commands belong to the node whose fail2ban must take them: several daemons share
-- one PostgreSQL store. Existing commands are the single daemon's ('local').
CREATE TABLE node_jail_ops (
    node          VARCHAR(64)  NOT NULL,
    jail          VARCHAR(64)  NOT NULL,
    target        VARCHAR(50)  NOT NULL,
    op            VARCHAR(8)   NOT NULL,
    created_at_ms BIGINT       NOT NULL,
    attempts      INTEGER      NOT NULL,
    next_at_ms    BIGINT       NOT NULL,
    last_error    VARCHAR(500) NOT NULL,
    PRIMARY KEY (node, jail, target, op)
);
CREATE INDEX node_jail_ops_next ON node_jail_ops (node, next_at_ms);
INSERT INTO node_jail_ops (node, jail, target, op, created_at_ms, attempts, next_at_ms, last_error)
    SELECT 'local', jail, target, op, created_at_ms, attempts, next_at_ms, last_error FROM pending_jail_ops;
DROP TABLE pending_jail_ops;

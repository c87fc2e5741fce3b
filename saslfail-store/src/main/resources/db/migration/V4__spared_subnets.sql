-- saslfail schema 4: subnets spared from subnet escalation.
--
-- A /24 (or IPv6 /48) whose offenders reached subnet_threshold within subnet_window is never
-- banned when it holds an ignored address or one of the server's own addresses (issue 7). One
-- row per subnet per UTC day (day = UTC epoch day of the first time that day): first/last time
-- it reached the threshold, the largest number of distinct offenders seen, and the ignore entry
-- that spared it. Writing the same fact twice changes nothing. Portable DDL only (see V1).
CREATE TABLE spared_subnets (
    subnet       VARCHAR(50) NOT NULL,
    subnet_hex   VARCHAR(33) NOT NULL,
    subnet_len   INTEGER     NOT NULL,
    day          BIGINT      NOT NULL,
    spared_by    VARCHAR(50) NOT NULL,
    service      VARCHAR(16) NOT NULL,
    offenders    INTEGER     NOT NULL,
    first_at_ms  BIGINT      NOT NULL,
    last_at_ms   BIGINT      NOT NULL,
    PRIMARY KEY (subnet_hex, subnet_len, day)
);
CREATE INDEX spared_subnets_last ON spared_subnets (last_at_ms);

-- 005: what the monitor raised and to whom it was sent, so a restart never sends twice (#17).

-- One row per alert (its id is stable while its window grows); `rank` is its level as a
-- number (1 watch, 2 warning, 3 critical) so "the level rose" is a comparison.
CREATE TABLE alert_log (
    alert_id     VARCHAR PRIMARY KEY,
    a            VARCHAR NOT NULL,
    b            VARCHAR NOT NULL,
    period       VARCHAR NOT NULL,
    start_day    DATE NOT NULL,
    end_day      DATE NOT NULL,
    level        VARCHAR NOT NULL,
    rank         TINYINT NOT NULL,
    first_raised TIMESTAMP NOT NULL,
    last_raised  TIMESTAMP NOT NULL,
    explanation  VARCHAR NOT NULL,
    payload      JSON NOT NULL
);

-- One row per alert, channel and level: 'sent' rows are never sent again; 'failed' rows are
-- retried on the next cycle with their attempts counted.
CREATE TABLE alert_deliveries (
    alert_id  VARCHAR NOT NULL,
    channel   VARCHAR NOT NULL,
    rank      TINYINT NOT NULL,
    status    VARCHAR NOT NULL,             -- sent | failed
    attempts  INTEGER NOT NULL,
    sent_at   TIMESTAMP NOT NULL,
    error     VARCHAR,
    PRIMARY KEY (alert_id, channel, rank)
);

-- 007: per-day dyad counts and per-pair totals kept at write time (#18), so a dyad's series,
-- the busiest pairs and the actor network read a few rows instead of scanning every event.
-- `store/pairs.py` fills them right after this file runs (existing events, in the same
-- transaction) and keeps them up to date on every write; `Store.rebuild_pair_tables` rebuilds.

-- One row per undirected pair of keys (actor id or country, `a` <= `b`), modality and day: the
-- units (an incident, or an event outside any) between them whose earliest dated report falls
-- on that day, as `Store.dyad_series` counts them. The Goldstein sum is a decimal so that
-- adding days up in any order gives one answer.
CREATE TABLE dyad_days (
    a             VARCHAR NOT NULL,
    b             VARCHAR NOT NULL,
    modality      VARCHAR NOT NULL,
    day           DATE NOT NULL,
    n_events      INTEGER NOT NULL,
    quad1         INTEGER NOT NULL,
    quad2         INTEGER NOT NULL,
    quad3         INTEGER NOT NULL,
    quad4         INTEGER NOT NULL,
    goldstein_sum DECIMAL(38, 3) NOT NULL,
    n_goldstein   INTEGER NOT NULL,
    killed        BIGINT NOT NULL,
    injured       BIGINT NOT NULL
);

-- Events between two different countries (`a` < `b`) per modality, with the first one (by
-- date, undated last, then event id) for ties in `Store.country_pairs`.
CREATE TABLE country_pair_counts (
    a              VARCHAR NOT NULL,
    b              VARCHAR NOT NULL,
    modality       VARCHAR NOT NULL,
    n_events       BIGINT NOT NULL,
    first_day      DATE,
    first_event_id VARCHAR NOT NULL,
    PRIMARY KEY (a, b, modality)
);

-- Events from one actor to another (two different, non-empty ids) per modality, over the
-- whole store, with the names and countries of the first one: the actor network unbounded.
CREATE TABLE actor_pair_counts (
    source_actor   VARCHAR NOT NULL,
    target_actor   VARCHAR NOT NULL,
    modality       VARCHAR NOT NULL,
    n_events       BIGINT NOT NULL,
    cooperation    BIGINT NOT NULL,
    conflict       BIGINT NOT NULL,
    goldstein_sum  DECIMAL(38, 3) NOT NULL,
    n_scored       BIGINT NOT NULL,
    first_day      DATE,
    first_event_id VARCHAR NOT NULL,
    source_name    VARCHAR,
    source_country VARCHAR,
    target_name    VARCHAR,
    target_country VARCHAR,
    PRIMARY KEY (source_actor, target_actor, modality)
);

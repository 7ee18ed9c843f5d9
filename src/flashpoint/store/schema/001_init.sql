-- 001: the first schema. Every table the DESIGN.md store section names, events flattened.

CREATE TABLE runs (
    run_id        VARCHAR PRIMARY KEY,
    started       TIMESTAMP NOT NULL,
    finished      TIMESTAMP,
    command       VARCHAR NOT NULL,
    coder         VARCHAR,
    data_versions JSON,
    counts        JSON,
    status        VARCHAR NOT NULL          -- running | finished | failed
);

CREATE TABLE articles (
    content_hash VARCHAR PRIMARY KEY,
    doc_id       VARCHAR NOT NULL,
    source       VARCHAR,
    url          VARCHAR,
    title        VARCHAR,
    publisher    VARCHAR,
    published    DATE,
    language     VARCHAR,
    text         VARCHAR NOT NULL,
    duplicate_of VARCHAR,
    fetched_at   VARCHAR,
    minhash      BLOB,
    run_id       VARCHAR,
    status       VARCHAR NOT NULL           -- coded | pending | not_coded | duplicate
);
CREATE INDEX articles_doc_id ON articles (doc_id);

CREATE TABLE events (
    event_id           VARCHAR PRIMARY KEY,
    doc_id             VARCHAR NOT NULL,
    content_hash       VARCHAR,
    run_id             VARCHAR,
    sentence           INTEGER NOT NULL,
    evidence_text      VARCHAR NOT NULL,
    evidence_start     INTEGER NOT NULL,
    evidence_end       INTEGER NOT NULL,
    trigger_text       VARCHAR,
    trigger_start      INTEGER,
    trigger_end        INTEGER,
    type               VARCHAR NOT NULL,
    mode               VARCHAR,
    cameo              VARCHAR,
    quad_class         TINYINT,
    goldstein          DOUBLE,
    modality           VARCHAR NOT NULL,
    source_text        VARCHAR,
    source_actor       VARCHAR,
    source_country     VARCHAR,
    source_sector      VARCHAR,
    source_name        VARCHAR,
    target_text        VARCHAR,
    target_actor       VARCHAR,
    target_country     VARCHAR,
    target_sector      VARCHAR,
    target_name        VARCHAR,
    reported_by_text   VARCHAR,
    reported_by_actor  VARCHAR,
    reported_by_country VARCHAR,
    reported_by_sector VARCHAR,
    reported_by_name   VARCHAR,
    location_text      VARCHAR,
    location_name      VARCHAR,
    location_country   VARCHAR,
    location_admin1    VARCHAR,
    location_lat       DOUBLE,
    location_lon       DOUBLE,
    location_precision VARCHAR,
    date_value         DATE,
    date_precision     VARCHAR,
    date_basis         VARCHAR,
    killed             INTEGER,
    killed_min         INTEGER,
    injured            INTEGER,
    injured_min        INTEGER,
    confidence         DOUBLE NOT NULL,
    coder              VARCHAR NOT NULL,
    incident_id        VARCHAR              -- set by analysis through Store.set_incidents
);
CREATE INDEX events_doc_id ON events (doc_id);

CREATE TABLE incidents (
    incident_id  VARCHAR PRIMARY KEY,
    type         VARCHAR,
    first_date   DATE,
    last_date    DATE,
    source_actor VARCHAR,
    target_actor VARCHAR,
    country      VARCHAR,
    killed       INTEGER,
    injured      INTEGER,
    n_events     INTEGER,
    n_sources    INTEGER,
    lat          DOUBLE,
    lon          DOUBLE
);

-- A registry snapshot: one id may have several rows, one per validity span (office holders).
CREATE TABLE actors (
    actor_id    VARCHAR NOT NULL,
    name        VARCHAR,
    country     VARCHAR,
    sector      VARCHAR,
    valid_from  DATE,
    valid_until DATE,
    aliases     VARCHAR[]
);

-- Keyed on every field so a resumed batch does not write a problem twice.
CREATE TABLE problems (
    run_id VARCHAR NOT NULL,
    doc_id VARCHAR NOT NULL,
    code   VARCHAR NOT NULL,
    reason VARCHAR NOT NULL,
    PRIMARY KEY (run_id, doc_id, code, reason)
);

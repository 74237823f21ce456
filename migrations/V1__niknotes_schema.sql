-- NikNotes schema, exactly as the app's SQLAlchemy models create it (see APP.md), so that the app's own
-- start-up (`alembic upgrade head` / `create_all`) finds everything in place and does nothing.
-- Enum types are native PostgreSQL enums named lower(EnumClass) whose labels are the member NAMES.
-- Server-side DEFAULTs mirror the models' Python-side defaults (harmless for the app, helpful for psql users).
-- Unique indexes are part of the data's meaning and are created here; the performance indexes come later
-- (V2+, built concurrently) so that a bulk copy can load the tables before they exist.

CREATE TYPE travelstyle AS ENUM ('BUSINESS', 'LEISURE', 'ADVENTURE', 'BACKPACKING', 'LUXURY');
CREATE TYPE transportmethod AS ENUM ('FLIGHT', 'ROAD_TRIP', 'TRAIN', 'CRUISE', 'OTHER');
CREATE TYPE itemcategory AS ENUM ('CLOTHING', 'TOILETRIES', 'ELECTRONICS', 'DOCUMENTS', 'MEDICAL',
                                  'ENTERTAINMENT', 'GEAR', 'FOOD', 'OTHER');

CREATE TABLE users (
    id              VARCHAR      NOT NULL,
    username        VARCHAR(80)  NOT NULL,
    email           VARCHAR(120) NOT NULL,
    password_hash   VARCHAR(255),
    created_at      TIMESTAMP WITHOUT TIME ZONE,
    last_login      TIMESTAMP WITHOUT TIME ZONE,
    oauth_provider  VARCHAR(50),
    oauth_id        VARCHAR(255),
    profile_picture VARCHAR(500),
    CONSTRAINT users_pkey PRIMARY KEY (id)
);
-- username and email: unique=True, index=True in the models → unique indexes named ix_<table>_<column>
CREATE UNIQUE INDEX ix_users_username ON users (username);
CREATE UNIQUE INDEX ix_users_email ON users (email);

CREATE TABLE trips (
    id                 VARCHAR NOT NULL,
    user_id            VARCHAR NOT NULL,
    destination        VARCHAR NOT NULL,
    start_date         VARCHAR NOT NULL,
    end_date           VARCHAR NOT NULL,
    duration           INTEGER DEFAULT 1,
    travel_style       travelstyle,
    transportation     transportmethod,
    activities         TEXT,
    special_notes      TEXT,
    weather_conditions VARCHAR,
    is_template        BOOLEAN DEFAULT false,
    template_name      VARCHAR,
    created_at         TIMESTAMP WITHOUT TIME ZONE,
    updated_at         TIMESTAMP WITHOUT TIME ZONE,
    CONSTRAINT trips_pkey PRIMARY KEY (id),
    CONSTRAINT trips_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);

CREATE TABLE travelers (
    id            VARCHAR NOT NULL,
    trip_id       VARCHAR NOT NULL,
    name          VARCHAR NOT NULL,
    traveler_type VARCHAR NOT NULL,
    age           INTEGER,
    special_needs TEXT,
    preferences   TEXT,
    created_at    TIMESTAMP WITHOUT TIME ZONE,
    CONSTRAINT travelers_pkey PRIMARY KEY (id),
    CONSTRAINT travelers_trip_id_fkey FOREIGN KEY (trip_id) REFERENCES trips (id) ON DELETE CASCADE
);

CREATE TABLE packing_items (
    id            VARCHAR NOT NULL,
    trip_id       VARCHAR NOT NULL,
    name          VARCHAR NOT NULL,
    category      itemcategory,
    quantity      INTEGER DEFAULT 1,
    is_packed     BOOLEAN DEFAULT false,
    is_essential  BOOLEAN DEFAULT false,
    notes         TEXT,
    ai_suggested  BOOLEAN DEFAULT false,
    actually_used BOOLEAN,
    display_order INTEGER DEFAULT 0,
    created_at    TIMESTAMP WITHOUT TIME ZONE,
    updated_at    TIMESTAMP WITHOUT TIME ZONE,
    CONSTRAINT packing_items_pkey PRIMARY KEY (id),
    CONSTRAINT packing_items_trip_id_fkey FOREIGN KEY (trip_id) REFERENCES trips (id) ON DELETE CASCADE
);

CREATE TABLE audit_logs (
    id             SERIAL       NOT NULL,
    "timestamp"    TIMESTAMP WITHOUT TIME ZONE NOT NULL,
    event_type     VARCHAR(50)  NOT NULL,
    event_category VARCHAR(50)  NOT NULL,
    severity       VARCHAR(20),
    user_id        VARCHAR,
    username       VARCHAR(80),
    ip_address     VARCHAR(45),
    user_agent     TEXT,
    request_method VARCHAR(10),
    request_path   VARCHAR(500),
    action         VARCHAR(200) NOT NULL,
    resource_type  VARCHAR(50),
    resource_id    VARCHAR,
    changes        TEXT,
    metadata       TEXT,
    success        BOOLEAN      NOT NULL,
    error_message  TEXT,
    session_id     VARCHAR,
    CONSTRAINT audit_logs_pkey PRIMARY KEY (id)
);

-- Alembic's bookkeeping: the app's head revision, so `alembic upgrade head` is a no-op on this database.
CREATE TABLE alembic_version (
    version_num VARCHAR(32) NOT NULL,
    CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);
INSERT INTO alembic_version (version_num) VALUES ('a1b2c3d4e5f6');

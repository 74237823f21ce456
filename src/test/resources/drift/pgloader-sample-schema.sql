-- The schema pgloader made (Debian package pgloader 3.6.9-1, which calls itself 3.6.7~devel; its defaults:
-- `pgloader sample-niknotes.db postgresql:///pgl`) from ../shared/niknotes/sample-niknotes.db on PostgreSQL 15, dumped with
-- pg_dump --schema-only --no-owner --no-privileges (psql \restrict lines removed). SchemaDriftTest builds it: the test installs nothing.
--
-- PostgreSQL database dump
--


-- Dumped from database version 15.18 (Debian 15.18-0+deb12u1)
-- Dumped by pg_dump version 15.18 (Debian 15.18-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: audit_logs; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.audit_logs (
    id bigint NOT NULL,
    "timestamp" timestamp with time zone,
    event_type text,
    event_category text,
    severity text,
    user_id text,
    username text,
    ip_address text,
    user_agent text,
    request_method text,
    request_path text,
    action text,
    resource_type text,
    resource_id text,
    changes text,
    metadata text,
    success boolean,
    error_message text,
    session_id text
);


--
-- Name: packing_items; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.packing_items (
    id text NOT NULL,
    trip_id text,
    name text,
    category text,
    quantity bigint,
    is_packed boolean,
    is_essential boolean,
    notes text,
    ai_suggested boolean,
    actually_used boolean,
    display_order bigint,
    created_at timestamp with time zone,
    updated_at timestamp with time zone
);


--
-- Name: travelers; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.travelers (
    id text NOT NULL,
    trip_id text,
    name text,
    traveler_type text,
    age bigint,
    special_needs text,
    preferences text,
    created_at timestamp with time zone
);


--
-- Name: trips; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.trips (
    id text NOT NULL,
    user_id text,
    destination text,
    start_date text,
    end_date text,
    duration bigint,
    travel_style text,
    transportation text,
    activities text,
    special_notes text,
    weather_conditions text,
    is_template boolean,
    template_name text,
    created_at timestamp with time zone,
    updated_at timestamp with time zone
);


--
-- Name: users; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.users (
    id text NOT NULL,
    username text,
    email text,
    password_hash text,
    created_at timestamp with time zone,
    last_login timestamp with time zone,
    oauth_provider text,
    oauth_id text,
    profile_picture text
);


--
-- Name: users idx_16385_sqlite_autoindex_users_1; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.users
    ADD CONSTRAINT idx_16385_sqlite_autoindex_users_1 PRIMARY KEY (id);


--
-- Name: audit_logs idx_16390_audit_logs_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.audit_logs
    ADD CONSTRAINT idx_16390_audit_logs_pkey PRIMARY KEY (id);


--
-- Name: trips idx_16395_sqlite_autoindex_trips_1; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.trips
    ADD CONSTRAINT idx_16395_sqlite_autoindex_trips_1 PRIMARY KEY (id);


--
-- Name: travelers idx_16400_sqlite_autoindex_travelers_1; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.travelers
    ADD CONSTRAINT idx_16400_sqlite_autoindex_travelers_1 PRIMARY KEY (id);


--
-- Name: packing_items idx_16405_sqlite_autoindex_packing_items_1; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.packing_items
    ADD CONSTRAINT idx_16405_sqlite_autoindex_packing_items_1 PRIMARY KEY (id);


--
-- Name: idx_16385_idx_user_oauth; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX idx_16385_idx_user_oauth ON public.users USING btree (oauth_provider, oauth_id);


--
-- Name: idx_16385_ix_users_email; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX idx_16385_ix_users_email ON public.users USING btree (email);


--
-- Name: idx_16385_ix_users_oauth_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX idx_16385_ix_users_oauth_id ON public.users USING btree (oauth_id);


--
-- Name: idx_16385_ix_users_username; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX idx_16385_ix_users_username ON public.users USING btree (username);


--
-- Name: idx_16390_idx_audit_category_timestamp; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX idx_16390_idx_audit_category_timestamp ON public.audit_logs USING btree (event_category, "timestamp");


--
-- Name: idx_16390_idx_audit_event_timestamp; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX idx_16390_idx_audit_event_timestamp ON public.audit_logs USING btree (event_type, "timestamp");


--
-- Name: idx_16390_idx_audit_resource; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX idx_16390_idx_audit_resource ON public.audit_logs USING btree (resource_type, resource_id);


--
-- Name: idx_16390_idx_audit_timestamp_desc; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX idx_16390_idx_audit_timestamp_desc ON public.audit_logs USING btree ("timestamp");


--
-- Name: idx_16390_idx_audit_user_timestamp; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX idx_16390_idx_audit_user_timestamp ON public.audit_logs USING btree (user_id, "timestamp");


--
-- Name: idx_16390_ix_audit_logs_event_category; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX idx_16390_ix_audit_logs_event_category ON public.audit_logs USING btree (event_category);


--
-- Name: idx_16390_ix_audit_logs_event_type; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX idx_16390_ix_audit_logs_event_type ON public.audit_logs USING btree (event_type);


--
-- Name: idx_16390_ix_audit_logs_severity; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX idx_16390_ix_audit_logs_severity ON public.audit_logs USING btree (severity);


--
-- Name: idx_16390_ix_audit_logs_success; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX idx_16390_ix_audit_logs_success ON public.audit_logs USING btree (success);


--
-- Name: idx_16390_ix_audit_logs_timestamp; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX idx_16390_ix_audit_logs_timestamp ON public.audit_logs USING btree ("timestamp");


--
-- Name: idx_16390_ix_audit_logs_user_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX idx_16390_ix_audit_logs_user_id ON public.audit_logs USING btree (user_id);


--
-- Name: idx_16390_ix_audit_logs_username; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX idx_16390_ix_audit_logs_username ON public.audit_logs USING btree (username);


--
-- Name: idx_16395_idx_trip_created_desc; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX idx_16395_idx_trip_created_desc ON public.trips USING btree (created_at);


--
-- Name: idx_16395_idx_trip_destination_date; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX idx_16395_idx_trip_destination_date ON public.trips USING btree (destination, start_date);


--
-- Name: idx_16395_ix_trips_created_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX idx_16395_ix_trips_created_at ON public.trips USING btree (created_at);


--
-- Name: idx_16395_ix_trips_destination; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX idx_16395_ix_trips_destination ON public.trips USING btree (destination);


--
-- Name: idx_16395_ix_trips_is_template; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX idx_16395_ix_trips_is_template ON public.trips USING btree (is_template);


--
-- Name: idx_16395_ix_trips_start_date; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX idx_16395_ix_trips_start_date ON public.trips USING btree (start_date);


--
-- Name: idx_16395_ix_trips_travel_style; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX idx_16395_ix_trips_travel_style ON public.trips USING btree (travel_style);


--
-- Name: idx_16395_ix_trips_user_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX idx_16395_ix_trips_user_id ON public.trips USING btree (user_id);


--
-- Name: idx_16400_ix_travelers_trip_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX idx_16400_ix_travelers_trip_id ON public.travelers USING btree (trip_id);


--
-- Name: idx_16405_idx_item_trip_category; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX idx_16405_idx_item_trip_category ON public.packing_items USING btree (trip_id, category);


--
-- Name: idx_16405_idx_item_trip_packed; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX idx_16405_idx_item_trip_packed ON public.packing_items USING btree (trip_id, is_packed);


--
-- Name: idx_16405_ix_packing_items_category; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX idx_16405_ix_packing_items_category ON public.packing_items USING btree (category);


--
-- Name: idx_16405_ix_packing_items_is_essential; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX idx_16405_ix_packing_items_is_essential ON public.packing_items USING btree (is_essential);


--
-- Name: idx_16405_ix_packing_items_is_packed; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX idx_16405_ix_packing_items_is_packed ON public.packing_items USING btree (is_packed);


--
-- Name: idx_16405_ix_packing_items_trip_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX idx_16405_ix_packing_items_trip_id ON public.packing_items USING btree (trip_id);


--
-- Name: packing_items packing_items_trip_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.packing_items
    ADD CONSTRAINT packing_items_trip_id_fkey FOREIGN KEY (trip_id) REFERENCES public.trips(id) ON DELETE CASCADE;


--
-- Name: travelers travelers_trip_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.travelers
    ADD CONSTRAINT travelers_trip_id_fkey FOREIGN KEY (trip_id) REFERENCES public.trips(id) ON DELETE CASCADE;


--
-- Name: trips trips_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.trips
    ADD CONSTRAINT trips_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;


--
-- PostgreSQL database dump complete
--



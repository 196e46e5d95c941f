import type { MigrationInterface, QueryRunner } from 'typeorm'
import { onPostgres, PG_TEN_YEARS_AGO } from './pg'

/** The server-side retention purge (branch mode); its signature, as GRANT and REVOKE name it. */
export const RETENTION_PURGE_FUNCTION = 'audit_retention_purge(integer, varchar, integer, varchar, varchar)'

const PG_NOW = `to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`

const CHAIN_ANCHOR = `CREATE TABLE audit_chain_anchor (
  workstation varchar(128) PRIMARY KEY NOT NULL,
  last_chain_seq integer NOT NULL CHECK (last_chain_seq > 0),
  last_seq integer NOT NULL CHECK (last_seq > 0),
  last_hash varchar(64) NOT NULL,
  purged_at varchar(32) NOT NULL
)`

/**
 * The one way the app role may remove audit events (S21 retention in branch mode, issue 14). It
 * runs with the owner's rights (SECURITY DEFINER, its search_path fixed to pg_catalog so that no
 * table, function or operator the caller could create is used) and enforces the rule itself, whatever the caller says: the events
 * removed are exactly those up to `p_upto_seq`, every one of them older than 10 years by the
 * server's clock, `p_count` of them (what the archive holds), the last one with link
 * `p_last_hash`, and only forward of what was removed before. Each workstation chain's anchor moves to its last removed event, the single
 * chain's anchor to the last removed event; anything else is refused and nothing changes.
 */
const PURGE = `CREATE FUNCTION audit_retention_purge(p_upto_seq integer, p_last_hash varchar, p_count integer, p_archive varchar, p_archive_sha256 varchar)
  RETURNS integer LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  DECLARE
    v_cutoff varchar := ${PG_TEN_YEARS_AGO};
    v_stamp varchar := ${PG_NOW};
    v_hash varchar;
    v_count integer;
    v_row record;
  BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('audit-retention'));
    IF p_archive IS NULL OR length(p_archive) NOT BETWEEN 1 AND 255 OR p_archive_sha256 IS NULL OR p_archive_sha256 !~ '^[0-9a-f]{64}$' THEN
      RAISE EXCEPTION 'audit retention refused: the archive must be named by its file and SHA-256';
    END IF;
    -- Only forward of what was removed before: an event slipped in below the anchor (a free seq, a
    -- purged place of a chain) cannot be used to move the anchors back or purge without an archive.
    IF p_upto_seq IS NULL OR p_upto_seq <= COALESCE((SELECT last_seq FROM public.audit_anchor WHERE id = 1), 0) THEN
      RAISE EXCEPTION 'audit retention refused: events up to that one were removed before';
    END IF;
    IF EXISTS (SELECT 1 FROM public.audit_event e JOIN public.audit_chain_anchor a ON a.workstation = e.workstation
               WHERE e.seq <= p_upto_seq AND e.chain_seq IS NOT NULL AND e.chain_seq <= a.last_chain_seq) THEN
      RAISE EXCEPTION 'audit retention refused: an event sits at a place of its chain that was removed before';
    END IF;
    SELECT hash INTO v_hash FROM public.audit_event WHERE seq = p_upto_seq;
    IF NOT FOUND OR v_hash IS DISTINCT FROM p_last_hash THEN
      RAISE EXCEPTION 'audit retention refused: the archive does not end at that event';
    END IF;
    IF EXISTS (SELECT 1 FROM public.audit_event WHERE seq <= p_upto_seq AND at >= v_cutoff) THEN
      RAISE EXCEPTION 'audit retention refused: events up to that one are not all older than 10 years';
    END IF;
    SELECT count(*) INTO v_count FROM public.audit_event WHERE seq <= p_upto_seq;
    IF v_count IS DISTINCT FROM p_count THEN
      RAISE EXCEPTION 'audit retention refused: the archive does not hold every event up to that one';
    END IF;
    INSERT INTO public.audit_chain_anchor (workstation, last_chain_seq, last_seq, last_hash, purged_at)
      SELECT DISTINCT ON (workstation) workstation, chain_seq, seq, hash, v_stamp FROM public.audit_event
      WHERE seq <= p_upto_seq AND chain_seq IS NOT NULL ORDER BY workstation, chain_seq DESC
      ON CONFLICT (workstation) DO UPDATE SET last_chain_seq = excluded.last_chain_seq, last_seq = excluded.last_seq,
        last_hash = excluded.last_hash, purged_at = excluded.purged_at;
    FOR v_row IN SELECT seq FROM public.audit_event WHERE seq <= p_upto_seq ORDER BY seq LOOP
      DELETE FROM public.audit_event WHERE seq = v_row.seq;
    END LOOP;
    INSERT INTO public.audit_anchor (id, last_seq, last_hash, purged_at, archive, archive_sha256)
      VALUES (1, p_upto_seq, p_last_hash, v_stamp, p_archive, p_archive_sha256)
      ON CONFLICT (id) DO UPDATE SET last_seq = excluded.last_seq, last_hash = excluded.last_hash, purged_at = excluded.purged_at,
        archive = excluded.archive, archive_sha256 = excluded.archive_sha256;
    RETURN v_count;
  END $$`

/** Migration 0004's delete trigger, the same rule, with qualified names and a fixed search_path. */
const RETENTION_TRIGGER = `CREATE OR REPLACE FUNCTION audit_event_retention_only() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
  BEGIN
    IF OLD.at >= ${PG_TEN_YEARS_AGO} OR OLD.seq > (SELECT MIN(seq) FROM public.audit_event) THEN
      RAISE EXCEPTION 'audit_event rows are kept 10 years and removed oldest first by the retention job only';
    END IF;
    RETURN OLD;
  END $$`

/**
 * Version 19 (issue 14, retention in branch mode): `audit_chain_anchor` keeps, for each
 * workstation chain (migration 0018), the place and link of its last event removed by retention,
 * so that the chain verifies from there and the workstation's next event continues it. On
 * PostgreSQL, `audit_retention_purge` lets the app role (INSERT and SELECT only on the trail)
 * run retention without the right to DELETE; EXECUTE is revoked from PUBLIC and granted to the
 * app role alone (branch-roles.ts). A local SQLite store has one chain: it only gets the (always
 * empty) table, and keeps purging under its own trigger.
 */
export class AuditRetentionBranch1764000000019 implements MigrationInterface {
  name = 'AuditRetentionBranch1764000000019'

  async up(q: QueryRunner): Promise<void> {
    await q.query(CHAIN_ANCHOR)
    if (!onPostgres(q)) return
    await q.query(`ALTER TABLE audit_event ADD CONSTRAINT audit_event_seq_positive CHECK (seq > 0)`)
    // The delete trigger runs inside the purge: its names are qualified and its search_path fixed
    // too, so no operator or table the caller creates in a schema it may write is ever used.
    await q.query(RETENTION_TRIGGER)
    await q.query(PURGE)
    await q.query(`REVOKE ALL ON FUNCTION ${RETENTION_PURGE_FUNCTION} FROM PUBLIC`)
  }

  async down(): Promise<void> {
    throw new Error('Migrations are append-only; restore from a backup instead of migrating down.')
  }
}

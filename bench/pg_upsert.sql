-- PostgreSQL's own upsert rate for the ingest benchmark's rows (bench/ingest.sh): the same
-- table, indexes and key as a batch through ioc, 10,000 rows a transaction (a commit
-- each), generated in the database: no HTTP, no client, no CSV. Rows go to the benchmark's
-- first dataset under keys of their own, so its field index is maintained as in a batch.
-- psql -v batches=N
SELECT set_config('bench.batches', :'batches', false) \gset
DO $$
DECLARE
  ds int := (SELECT id FROM dataset WHERE code LIKE 'bench-%' ORDER BY id LIMIT 1);
  n int := current_setting('bench.batches')::int;
  t0 timestamptz := clock_timestamp();
  secs float8;
BEGIN
  FOR b IN 0 .. n - 1 LOOP
    INSERT INTO dataset_record (dataset_id, record_key, unit_code, period, data, batch_id, updated_at)
    SELECT ds, 'own|' || g, u, d,
           json_build_object('district_code', u, 'day', d, 'site', (g / 8) % 100,
                             'value', (g % 997) / 10.0, 'status', 'ok')::text,
           0, now()
    FROM (SELECT g, (ARRAY['747','748','750','751','752','753','754','755'])[g % 8 + 1] AS u,
                 to_char(date '1990-01-01' + g / 800, 'YYYY-MM-DD') AS d
          FROM generate_series(b * 10000, b * 10000 + 9999) AS g) AS r
    ON CONFLICT (dataset_id, record_key) DO UPDATE SET
      unit_code = excluded.unit_code, period = excluded.period, data = excluded.data,
      batch_id = excluded.batch_id, updated_at = excluded.updated_at;
    COMMIT;
  END LOOP;
  secs := extract(epoch FROM clock_timestamp() - t0);
  RAISE NOTICE 'PostgreSQL alone (same table, plpgsql, 10,000-row transactions): % rows in % s = % rows/s',
    n * 10000, round(secs::numeric, 2), round(n * 10000 / secs);
END $$;
-- The rows of this measurement go: they are not the benchmark's.
DELETE FROM dataset_record WHERE record_key LIKE 'own|%';

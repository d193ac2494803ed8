-- Villages (issue 23): thôn, bản and tổ dân phố, the level below a 2025 commune. The GSO gives
-- them no code: a village is known by its id, and as a unit (a role's scope, a live audience)
-- by "<commune code>.<id>". Imported by `congdanso units villages --import` and edited by the
-- commune's administrators. name_folded serves search; one name per commune.
CREATE TABLE villages (
  id           ${ID},
  commune_code TEXT NOT NULL,
  name         TEXT NOT NULL,
  kind         TEXT NOT NULL,             -- thon | ban | to_dan_pho
  name_folded  TEXT NOT NULL,
  boundary     TEXT NOT NULL DEFAULT '',  -- a GeoJSON Polygon or MultiPolygon, or ''
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL
);
CREATE UNIQUE INDEX villages_name ON villages (commune_code, name_folded);

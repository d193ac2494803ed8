-- Commune boundaries (2025 units), imported from GeoJSON by `congdanso units boundaries
-- --import`: a report that comes with only a point on the map is placed in the commune whose
-- boundary contains it. geometry is the feature's GeoJSON Polygon or MultiPolygon as text; the
-- bounding box lets a lookup skip most communes without parsing anything.
CREATE TABLE unit_boundaries (
  code      TEXT PRIMARY KEY,
  geometry  TEXT NOT NULL,
  min_lat   DOUBLE PRECISION NOT NULL,
  max_lat   DOUBLE PRECISION NOT NULL,
  min_lon   DOUBLE PRECISION NOT NULL,
  max_lon   DOUBLE PRECISION NOT NULL
);

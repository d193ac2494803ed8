-- Benchmark data: :N field reports spread over the 99 communes of Lào Cai (2025 code 15), all
-- categories and statuses, generated inside the database (runs on SQLite and PostgreSQL).
-- Used by bench/run through `congdanso db exec`; never part of the demo data.
WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < :N),
communes AS (SELECT code, ROW_NUMBER() OVER (ORDER BY code) - 1 AS i FROM units
             WHERE generation = 2025 AND parent_code = '15'),
cats AS (SELECT id, ROW_NUMBER() OVER (ORDER BY id) - 1 AS i FROM categories)
INSERT INTO reports (public_id, category_id, description, description_folded, unit_code, address_text, lat, lon,
                     status, source, received_at, deadline_on, updated_at, show_name, support_count)
SELECT 'bench' || n, cats.id, 'Phản ánh thử nghiệm số ' || n || ': đường hư hỏng, cần sửa chữa',
       'phan anh thu nghiem so ' || n || ': duong hu hong, can sua chua', communes.code, 'Thôn ' || (n % 40),
       21.7 + (n % 1000) / 10000.0, 104.9 + (n % 997) / 10000.0,
       CASE n % 5 WHEN 0 THEN 'received' WHEN 1 THEN 'assigned' WHEN 2 THEN 'in_progress' WHEN 3 THEN 'resolved'
                  ELSE 'rejected' END,
       'web', '2026-01-01T00:00:00Z', '2026-01-08', '2026-01-01T00:00:00Z', 0, 0
FROM seq JOIN communes ON communes.i = n % 99 JOIN cats ON cats.i = n % 11;

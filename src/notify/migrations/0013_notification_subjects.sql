-- In-app notifications belong to the notify module: any module posts one about its subject (a
-- report today; an alert or a dossier later) with the link that opens it. report_id stays for
-- the rows written before; new rows leave it empty.
ALTER TABLE notifications ADD COLUMN subject TEXT NOT NULL DEFAULT '';
ALTER TABLE notifications ADD COLUMN link TEXT NOT NULL DEFAULT '';
UPDATE notifications SET subject = (SELECT r.public_id FROM reports r WHERE r.id = notifications.report_id)
  WHERE report_id IS NOT NULL;
UPDATE notifications SET link = '/phan-anh/' || subject WHERE subject <> '';

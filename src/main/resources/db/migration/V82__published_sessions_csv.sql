-- A day with more sessions than idv.reports.sessions-csv-above has its session detail in a compressed CSV beside
-- its workbook (reports/YYYY/MM/idv-daily-YYYY-MM-DD-sessions.csv.gz, org.idvbatch.report.SessionsCsv). It is
-- published, recorded and served like the workbooks: only as written, checked by size, modification time and
-- SHA-256.
ALTER TABLE published_workbook DROP CONSTRAINT published_workbook_name_check;
ALTER TABLE published_workbook ADD CONSTRAINT published_workbook_name_check CHECK (name ~
    '^\d{4}/\d{2}/idv-(daily-\d{4}-\d{2}-\d{2}(-sessions\.csv\.gz|\.xlsx)|monthly-\d{4}-\d{2}\.xlsx)$');

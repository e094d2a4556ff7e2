-- The queue, the reports and the CSV export are served from the in-memory case index
-- (Portal/Workflow/CaseIndex.swift), and no query selects cases by status or assignee: these two
-- indexes only cost every filing and every change of a case two more index writes.
DROP INDEX cases_status;
DROP INDEX cases_assignee;

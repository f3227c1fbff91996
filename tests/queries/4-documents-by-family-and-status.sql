-- What did the run read? Documents by family and status, with the pages
-- and items they hold.
SELECT coalesce(document_type, 'not read') AS family, status,
       count(*) AS documents, sum(items) AS items
FROM read_json_auto('documents.jsonl')
GROUP BY family, status
ORDER BY family, status;

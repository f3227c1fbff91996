-- The learning of each review: lessons per review, with the documents they
-- were read from (duplicates of an input are counted once).
SELECT r.area, r.subject, r.review_type, r.published,
       count(i.uid) AS lessons,
       string_agg(DISTINCT i.document, ' | ' ORDER BY i.document) AS from_documents
FROM read_json_auto('reviews.jsonl') AS r
JOIN read_json_auto('items.jsonl') AS i USING (review_key)
WHERE i.kind = 'lesson'
GROUP BY ALL
ORDER BY r.area, r.subject;

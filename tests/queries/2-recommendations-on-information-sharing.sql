-- Which recommendations concern information sharing? With the review, its
-- date and where each was read.
SELECT area, subject, published, id, number, text, document, page
FROM read_json_auto('items.jsonl')
WHERE kind = 'recommendation'
  AND (regexp_matches(lower(text), 'information[- ]shar|shar(e|es|ed|ing)\b.{0,40}information|shared what')
       OR regexp_matches(lower(coalesce(theme_title, '')), 'information[- ]shar|sharing information'))
ORDER BY area, subject, number;

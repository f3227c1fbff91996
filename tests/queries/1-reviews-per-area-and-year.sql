-- How many reviews per area per year? Each review once, however many
-- documents (or renderings of one document) name it.
SELECT area, year, count(*) AS reviews
FROM read_json_auto('reviews.jsonl')
GROUP BY area, year
ORDER BY area, year;

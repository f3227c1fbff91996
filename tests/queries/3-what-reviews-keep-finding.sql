-- What do our reviews keep finding? Themes by the number of reviews that
-- raise them.
SELECT lower(theme_title) AS theme,
       count(DISTINCT review_key) AS reviews,
       count(*) FILTER (WHERE kind = 'finding') AS findings,
       count(*) FILTER (WHERE kind = 'recommendation') AS recommendations
FROM read_json_auto('items.jsonl')
WHERE theme_title IS NOT NULL
GROUP BY theme
ORDER BY reviews DESC, theme;

//! Reviews by area and year: a stacked bar per area (inline SVG, one
//! colour per year) with the same numbers as a table beside it.

use std::collections::BTreeMap;
use std::io::{self, Write};

use super::text::{clip, esc};
use crate::write::tables::ReviewRow;

/// Areas drawn; the table beside the chart lists every one.
const AREAS_DRAWN: usize = 40;

/// Colours told apart with the common colour-vision deficiencies
/// (Okabe and Ito), one per year in turn; reviews without a date are grey.
const PALETTE: [&str; 7] = [
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#6A3D9A",
];
const UNDATED: &str = "#8c8c8c";

/// Name shown for reviews whose area is not known.
const NO_AREA: &str = "(no area)";

/// Reviews per area, per year (`None`: no date), areas with the most
/// reviews first, then by name.
pub(super) fn by_area_year(reviews: &[ReviewRow]) -> Vec<(String, BTreeMap<Option<u32>, usize>)> {
    let mut m: BTreeMap<String, BTreeMap<Option<u32>, usize>> = BTreeMap::new();
    for r in reviews {
        let area = r.area.clone().unwrap_or_else(|| NO_AREA.into());
        *m.entry(area).or_default().entry(r.year).or_default() += 1;
    }
    let mut v: Vec<_> = m.into_iter().collect();
    let total = |y: &BTreeMap<Option<u32>, usize>| y.values().sum::<usize>();
    v.sort_by(|a, b| total(&b.1).cmp(&total(&a.1)).then(a.0.cmp(&b.0)));
    v
}

fn colour(years: &[Option<u32>], y: Option<u32>) -> &'static str {
    match (
        y,
        years.iter().filter(|y| y.is_some()).position(|x| *x == y),
    ) {
        (Some(_), Some(i)) => PALETTE[i % PALETTE.len()],
        _ => UNDATED,
    }
}

/// The section.
pub(super) fn write<W: Write>(w: &mut W, reviews: &[ReviewRow]) -> io::Result<()> {
    writeln!(
        w,
        "<section id=\"reviews\">\n<h2>Reviews by area and year</h2>"
    )?;
    let rows = by_area_year(reviews);
    if rows.is_empty() {
        writeln!(w, "<p>No reviews found.</p>")?;
        return writeln!(w, "</section>");
    }
    let mut years: Vec<Option<u32>> = rows.iter().flat_map(|(_, y)| y.keys().copied()).collect();
    years.sort();
    years.dedup();
    // Dated years first in order, then "no date".
    let undated = usize::from(years.first() == Some(&None));
    years.rotate_left(undated);
    let max = rows
        .iter()
        .map(|(_, y)| y.values().sum::<usize>())
        .max()
        .unwrap_or(1)
        .max(1);
    let drawn = &rows[..rows.len().min(AREAS_DRAWN)];
    // Drawn near its size on a phone; a wide screen scales it up.
    let (label_w, bar_w, row_h) = (140.0, 260.0, 24.0);
    let height = drawn.len() as f64 * row_h + 8.0;
    writeln!(w, "<div class=\"pair\">\n<figure class=\"chart\">")?;
    writeln!(
        w,
        "<svg id=\"area-year-chart\" role=\"img\" aria-labelledby=\"chart-title\" viewBox=\"0 0 440 {height}\" width=\"100%\" xmlns=\"http://www.w3.org/2000/svg\"><title id=\"chart-title\">Reviews per area, each year a colour</title>"
    )?;
    for (i, (area, per_year)) in drawn.iter().enumerate() {
        let y = 4.0 + i as f64 * row_h;
        writeln!(
            w,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" class=\"label\">{}<title>{}</title></text>",
            label_w - 6.0,
            y + row_h * 0.65,
            esc(&clip(area, 20)),
            esc(area)
        )?;
        let mut x = label_w;
        for year in &years {
            let Some(&n) = per_year.get(year) else {
                continue;
            };
            let width = bar_w * n as f64 / max as f64;
            let when = year.map_or("no date".to_string(), |y| y.to_string());
            writeln!(
                w,
                "<rect class=\"bar\" x=\"{x:.1}\" y=\"{:.1}\" width=\"{width:.1}\" height=\"{:.1}\" fill=\"{}\"><title>{}, {when}: {n}</title></rect>",
                y + 2.0,
                row_h - 6.0,
                colour(&years, *year),
                esc(area)
            )?;
            if width >= 16.0 {
                writeln!(
                    w,
                    "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" class=\"in-bar\">{n}</text>",
                    x + width / 2.0,
                    y + row_h * 0.65
                )?;
            }
            x += width;
        }
        writeln!(
            w,
            "<text x=\"{:.1}\" y=\"{:.1}\" class=\"label\">{}</text>",
            x + 4.0,
            y + row_h * 0.65,
            per_year.values().sum::<usize>()
        )?;
    }
    writeln!(w, "</svg>")?;
    write!(w, "<figcaption><ul class=\"legend\">")?;
    for year in &years {
        write!(
            w,
            "<li><span class=\"swatch\" style=\"background:{}\"></span>{}</li>",
            colour(&years, *year),
            year.map_or("no date".to_string(), |y| y.to_string())
        )?;
    }
    write!(w, "</ul>")?;
    if rows.len() > drawn.len() {
        write!(
            w,
            "<p>The {AREAS_DRAWN} areas with the most reviews are drawn; the table lists all {}.</p>",
            rows.len()
        )?;
    }
    writeln!(w, "</figcaption>\n</figure>")?;
    writeln!(
        w,
        "<div class=\"scroll\"><table id=\"area-year\"><caption>Reviews per area and year</caption><thead><tr><th>area</th><th>year</th><th class=\"num\">reviews</th></tr></thead><tbody>"
    )?;
    let mut by_name: Vec<_> = rows.iter().collect();
    by_name.sort_by(|a, b| a.0.cmp(&b.0));
    for (area, per_year) in by_name {
        for (year, n) in per_year {
            writeln!(
                w,
                "<tr><td>{}</td><td>{}</td><td class=\"num\">{n}</td></tr>",
                esc(area),
                year.map_or("no date".to_string(), |y| y.to_string())
            )?;
        }
    }
    writeln!(w, "</tbody></table></div>\n</div>\n</section>")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn review(area: Option<&str>, year: Option<u32>) -> ReviewRow {
        ReviewRow {
            review_key: "k".into(),
            subject: String::new(),
            title: None,
            code: None,
            review_type: None,
            review_type_printed: None,
            area: area.map(str::to_string),
            partnership: None,
            published: None,
            year,
            commissioned: None,
            documents: Vec::new(),
            items: 0,
            findings: 0,
            lessons: 0,
            recommendations: 0,
            actions: 0,
            measures: 0,
        }
    }

    #[test]
    fn areas_with_most_reviews_come_first_and_years_are_counted() {
        let rows = by_area_year(&[
            review(Some("Fenford"), Some(2021)),
            review(Some("Ashby"), Some(2020)),
            review(Some("Fenford"), Some(2021)),
            review(Some("Fenford"), None),
            review(None, Some(2019)),
        ]);
        assert_eq!(rows[0].0, "Fenford");
        assert_eq!(rows[0].1[&Some(2021)], 2);
        assert_eq!(rows[0].1[&None], 1);
        assert_eq!(rows[1].0, "(no area)");
        assert_eq!(rows[2].0, "Ashby");
    }

    #[test]
    fn the_chart_escapes_area_names_and_matches_its_table() {
        let mut out = Vec::new();
        write(&mut out, &[review(Some("<b>A&B</b>"), Some(2022))]).unwrap();
        let s = String::from_utf8(out).unwrap();
        assert!(!s.contains("<b>"), "{s}");
        assert!(s.contains("&lt;b&gt;A&amp;B&lt;/b&gt;"));
        assert!(s.contains("<td>2022</td><td class=\"num\">1</td>"));
    }
}

//! Reviews first: which reviews a text publishes or describes, read from
//! what it says (a child or reference named in a label or a sentence with a
//! review type, a publication statement, a thematic review's title),
//! whatever its layout. Families add items to what is found here; they
//! never decide whether a review is there.

pub(crate) mod entry;
pub(crate) mod mention;
pub(crate) mod sections;

use std::collections::{HashMap, HashSet};

use super::outline::Outline;
use crate::model::{DocumentType, Review};
use crate::segment::grammar::LabelKind;
use mention::Named;

/// One place a review is named.
#[derive(Debug, Clone)]
struct Mention {
    /// Index into the outline's paragraphs.
    at: usize,
    named: Named,
    /// Named in a label (heading, card, link), not in a sentence.
    label: bool,
}

/// Labels are short: a heading, or a paragraph of a few words that is not
/// a sentence.
const LABEL_WORDS: usize = 14;

/// Whether paragraph `i` is a label: a heading, or a short line that does
/// not read as a sentence (a card's title, a link, "Child Q:").
fn is_label(o: &Outline, i: usize) -> bool {
    o.texts[i].heading.is_some() || is_short_label(&o.joined[i])
}

/// Whether one line reads as a label: a few words, not a sentence.
fn is_short_label(line: &str) -> bool {
    let t = line.trim();
    let words = t.split_whitespace().count();
    words > 0 && words <= LABEL_WORDS && !entry::is_sentence(t)
}

/// Whether the paragraphs after label `i` speak of `name` again as a
/// review's child: a first name alone is a child's only where the text
/// goes on about them and about a review.
fn confirms(o: &Outline, i: usize, name: &str) -> bool {
    let first = name.split_whitespace().next().unwrap_or(name);
    let next = || o.joined.iter().skip(i + 1).take(2);
    next().any(|t| t.split(|c: char| !c.is_alphanumeric()).any(|w| w == first))
        && next().any(|t| o.g.any_review_type.is_match(t))
}

/// Every review the document names, in the order it first names them.
pub(crate) fn find(o: &Outline) -> Vec<Review> {
    if o.review_mentions == 0 {
        return Vec::new();
    }
    let mut mentions = mentions(o);
    // An unnamed review spoken of inside another's entry ("this review
    // looks into …" under the child's name) is that review: entries are
    // marked out by the named reviews and the labels alone.
    let named: Vec<Mention> = mentions
        .iter()
        .filter(|m| !m.named.subject.is_empty() || m.label)
        .cloned()
        .collect();
    // Each named mention's entry, computed once: the positions of the
    // mentions of the same review (and of the same paragraph) are its own.
    let keys: Vec<Option<String>> = named
        .iter()
        .map(|m| (!m.named.subject.is_empty()).then(|| mention::key(o.g, &m.named.subject)))
        .collect();
    let mut by_key: HashMap<&str, HashSet<usize>> = HashMap::new();
    for (m, k) in named.iter().zip(&keys) {
        if let Some(k) = k {
            by_key.entry(k.as_str()).or_default().insert(m.at);
        }
    }
    // A review named in a sentence owns that paragraph only (the next
    // paragraph announcing a review, "… published CSPR Safe Sleep …", is
    // another): only labels open entries that can hold one.
    let entries: Vec<(usize, usize)> = named
        .iter()
        .zip(&keys)
        .filter(|(m, _)| m.label)
        .map(|(m, k)| {
            let mut own: HashSet<usize> = k
                .as_deref()
                .and_then(|k| by_key.get(k))
                .cloned()
                .unwrap_or_default();
            own.insert(m.at);
            (m.at, region_end_of(o, &named, &own, m.at))
        })
        .collect();
    let inside = |at: usize| entries.iter().any(|&(a, e)| at > a && at < e);
    mentions.retain(|m| m.label || !m.named.subject.is_empty() || !inside(m.at));
    let groups = group(o, &mentions);
    // A review's entry opens at its own label where it has one (a heading
    // before a card or a link: a link to the review in a list above its
    // section is not where its story is), else where the text first names
    // it.
    let anchors: Vec<usize> = groups
        .iter()
        .map(|g| {
            g.iter()
                .find(|&&m| mentions[m].label && o.texts[mentions[m].at].heading.is_some())
                .or_else(|| g.iter().find(|&&m| mentions[m].label))
                .map_or(mentions[g[0]].at, |&m| mentions[m].at)
        })
        .collect();
    let mut out = Vec::new();
    let mut regions = Vec::new();
    for (gi, members) in groups.iter().enumerate() {
        let anchor = anchors[gi];
        let end = region_end(o, &mentions, members, anchor);
        regions.push((anchor, end));
        out.push(review(o, &mentions, members, anchor, end));
    }
    let labelled: Vec<bool> = groups
        .iter()
        .map(|g| g.iter().any(|&m| mentions[m].label))
        .collect();
    join_references(o.g, &mut out, &mut regions, &labelled);
    attach_sections(o, &mut out, &regions);
    out
}

/// A review named by its reference whose story names a child only in
/// prose ("… referred to in the report as Child P") is that child's
/// review: one review, the child as subject and the reference as code.
fn join_references(
    g: &crate::segment::grammar::Grammar,
    out: &mut Vec<Review>,
    regions: &mut Vec<(usize, usize)>,
    labelled: &[bool],
) {
    let is_reference = |s: &str| mention::is_reference(g, s);
    let mut drop = vec![false; out.len()];
    for i in 0..out.len() {
        if drop[i] || !is_reference(&out[i].subject) {
            continue;
        }
        let (a, e) = regions[i];
        let inside: Vec<usize> = (0..out.len())
            .filter(|&j| j != i && !drop[j] && !labelled[j] && !out[j].subject.is_empty())
            .filter(|&j| !is_reference(&out[j].subject) && regions[j].0 >= a && regions[j].0 <= e)
            .collect();
        // Only one child: several would be the reviews it lists.
        if let [j] = inside[..] {
            let child = std::mem::take(&mut out[j].subject);
            let reference = std::mem::replace(&mut out[i].subject, child);
            out[i].code = Some(reference);
            drop[j] = true;
        }
    }
    let mut k = 0;
    out.retain(|_| {
        k += 1;
        !drop[k - 1]
    });
    let mut k = 0;
    regions.retain(|_| {
        k += 1;
        !drop[k - 1]
    });
}

/// Puts the items of each section under the review whose entry holds it,
/// or under the one review of the page. A page whose only review is the
/// learning it sets out ("Key learning" under a text that speaks of a
/// review it does not name) gets one unnamed review for it, where a
/// section holds two items or more.
fn attach_sections(o: &Outline, reviews: &mut Vec<Review>, regions: &[(usize, usize)]) {
    let found = sections::sections(o);
    if found.is_empty() {
        return;
    }
    if reviews.is_empty() {
        // One paragraph under a bold "Learning" is a term defined, not the
        // learning of a review: a page's own learning is a list of it.
        if found.iter().all(|s| s.items.len() < 2) {
            return;
        }
        reviews.push(Review::default());
    }
    for s in found {
        let target = regions
            .iter()
            .rposition(|&(a, e)| s.at >= a && s.at < e)
            .or((reviews.len() == 1).then_some(0));
        let Some(r) = target.and_then(|t| reviews.get_mut(t)) else {
            continue;
        };
        let list = match s.kind {
            LabelKind::Finding => &mut r.findings,
            LabelKind::Recommendation => &mut r.recommendations,
            _ => &mut r.lessons,
        };
        list.extend(s.items);
    }
}

/// A family's reviews and the reviews the text names, as one list. A
/// review both found keeps the family's reading (its items, its fields),
/// with the entry's own date where the family dated it by the page and
/// the items of kinds the family did not read (its summary stays the
/// family's where it read one: a family knows where its shape tells the
/// story); one the text
/// does not name is kept only if the family read items under it; one the
/// family did not read is added. The list is in the text's order.
pub(crate) fn merge(
    g: &crate::segment::grammar::Grammar,
    kind: DocumentType,
    family: Vec<Review>,
    found: Vec<Review>,
) -> Vec<Review> {
    // A text that names no review publishes none: a family's review there
    // is the shape of a page about reviews in general ("what a case review
    // looks at", a bold "Facts" over a definition), not a review.
    if found.is_empty() {
        return Vec::new();
    }
    if kind == DocumentType::Report {
        return merge_report(family, found);
    }
    let keys: Vec<String> = found.iter().map(|r| mention::key(g, &r.subject)).collect();
    let mut used = vec![false; found.len()];
    // Each review with its place in the text: the found review's, or for a
    // family review the text does not name, just after the one before it.
    let mut out: Vec<((usize, usize), Review)> = Vec::with_capacity(family.len().max(found.len()));
    let mut last = (0, 0);
    // Families but the response date their reviews by the page; the text
    // dates each entry. (A response's date is its review's: it is published
    // with the report.)
    let entry_dates = kind != DocumentType::Response;
    let family_len = family.len();
    for mut r in family {
        let k = mention::key(g, &r.subject);
        let same = (0..found.len()).find(|&j| {
            !used[j]
                && ((!r.subject.is_empty() && keys[j] == k)
                    || (r.summary.is_some() && found[j].summary == r.summary)
                    || (!r.subject.is_empty()
                        && found[j].code.as_deref() == Some(r.subject.as_str()))
                    // A family's one unnamed review of a text that names
                    // one review is that review.
                    || (r.subject.is_empty() && found.len() == 1 && family_len == 1))
        });
        match same {
            Some(j) => {
                used[j] = true;
                // The family named the review by the reference the text
                // gives as its code: the child is the subject.
                if found[j].code.as_deref() == Some(r.subject.as_str()) || r.subject.is_empty() {
                    r.code = found[j].code.clone();
                    r.subject = found[j].subject.clone();
                }
                if entry_dates && found[j].published.is_some() {
                    r.published = found[j].published.clone();
                }
                if r.review_type_printed.is_none() {
                    r.review_type_printed = found[j].review_type_printed.clone();
                }
                if r.title.is_none() && r.subject.is_empty() {
                    r.title = found[j].title.clone();
                }
                // A response tells what is done about a review; its story
                // is the report's.
                if r.summary.is_none() && kind != DocumentType::Response {
                    r.summary = found[j].summary.clone();
                }
                // Items of a kind the family did not read come from the
                // sections under the review; a response's themes hold its
                // items, and sections never add to them.
                let f = &found[j];
                if r.themes.is_empty() {
                    for (mine, theirs) in [
                        (&mut r.findings, &f.findings),
                        (&mut r.lessons, &f.lessons),
                        (&mut r.recommendations, &f.recommendations),
                    ] {
                        if mine.is_empty() {
                            mine.clone_from(theirs);
                        }
                    }
                }
                last = (j, 0);
                out.push((last, r));
            }
            None if has_items(&r) || r.subject.is_empty() => {
                last.1 += 1;
                out.push((last, r));
            }
            None => {}
        }
    }
    // An unnamed review beside the family's unnamed one is that one; beside
    // the family's items, its items are the family's.
    let unnamed_read = out.iter().any(|(_, r)| r.subject.is_empty());
    let items_read = out.iter().any(|(_, r)| has_items(r));
    for (j, r) in found.into_iter().enumerate() {
        let bare = r.published.is_none() && r.summary.is_none();
        if used[j] || (r.subject.is_empty() && (unnamed_read || items_read && bare)) {
            continue;
        }
        out.push(((j, 0), r));
    }
    // A family review the text does not name stays right after the one
    // before it (the sort is stable).
    out.sort_by_key(|(at, _)| *at);
    let mut out: Vec<Review> = out.into_iter().map(|(_, r)| r).collect();
    for r in out.iter_mut().filter(|r| r.code.is_none()) {
        r.code = crate::segment::identity::code_of(g, &r.subject);
    }
    out
}

/// A report is about its own review: the reviews its text cites (earlier
/// reviews, national ones) are not added; the first review it names (its
/// cover's) gives the report's review its identity and story.
fn merge_report(family: Vec<Review>, found: Vec<Review>) -> Vec<Review> {
    let own = found
        .iter()
        .find(|r| !r.subject.is_empty())
        .or(found.first());
    family
        .into_iter()
        .map(|mut r| {
            if let Some(f) = own {
                if r.subject.is_empty() {
                    r.subject.clone_from(&f.subject);
                    r.code.clone_from(&f.code);
                }
                r.published = r.published.or_else(|| f.published.clone());
                r.summary = r.summary.or_else(|| f.summary.clone());
                r.review_type = r.review_type.or_else(|| f.review_type.clone());
                r.review_type_printed = r
                    .review_type_printed
                    .or_else(|| f.review_type_printed.clone());
                r.title = r.title.or_else(|| f.title.clone());
            }
            r
        })
        .collect()
}

fn has_items(r: &Review) -> bool {
    !(r.themes.is_empty()
        && r.findings.is_empty()
        && r.lessons.is_empty()
        && r.recommendations.is_empty()
        && r.dissemination.is_empty())
}

/// Every mention of a review, in reading order.
fn mentions(o: &Outline) -> Vec<Mention> {
    let g = o.g;
    let mut out = Vec::new();
    for (i, text) in o.joined.iter().enumerate() {
        let confirmed = |part: &str| confirms(o, i, part);
        // Links set one per line in a block ("Report⏎Briefing") are labels
        // each; the block as a whole is none.
        let lines = &o.texts[i].lines;
        let set_apart = lines
            .iter()
            .skip(1)
            .all(|l| !l.starts_with(char::is_lowercase))
            && !entry::is_sentence(text);
        if lines.len() > 1 && set_apart && lines.iter().all(|l| is_short_label(l)) {
            let mut named_lines = lines
                .iter()
                .filter_map(|l| mention::in_label(g, l, &confirmed))
                .peekable();
            if named_lines.peek().is_some() {
                out.extend(named_lines.map(|named| Mention {
                    at: i,
                    named,
                    label: true,
                }));
                continue;
            }
        }
        if is_label(o, i) {
            if let Some(named) = mention::in_label(g, text, &confirmed)
                && !contents_line(o, i, &named)
            {
                out.push(Mention {
                    at: i,
                    named,
                    label: true,
                });
            }
            continue;
        }
        let mut unnamed_here = false;
        for s in entry::sentences(text) {
            let subjects = mention::in_sentence(g, s);
            for subject in &subjects {
                out.push(Mention {
                    at: i,
                    named: Named {
                        subject: subject.clone(),
                        title: None,
                        printed_type: g.any_review_type.find(s).map(|m| m.as_str().to_string()),
                        code: None,
                    },
                    label: false,
                });
            }
            if !subjects.is_empty() || unnamed_here {
                continue;
            }
            let printed = mention::unnamed_in_sentence(g, s);
            // An unnamed review is known by its title, else by its topic
            // ("our second review into safe sleep" twice is one review).
            let title = mention::quoted_title_published(g, s)
                .or_else(|| printed.as_ref().and_then(|_| mention::topic(s)));
            if printed.is_some() || title.is_some() {
                unnamed_here = true;
                out.push(Mention {
                    at: i,
                    named: Named {
                        subject: String::new(),
                        title,
                        printed_type: printed,
                        code: None,
                    },
                    label: false,
                });
            }
        }
    }
    out
}

/// Whether a label naming a review by its topic alone is a line of a
/// list of contents ("In this issue: … national review into …"): a list
/// item that links nowhere and dates nothing is no entry of its own.
fn contents_line(o: &Outline, i: usize, named: &Named) -> bool {
    named.subject.is_empty()
        && o.texts[i].list.is_some()
        && o.texts[i].links.is_empty()
        && crate::segment::dates::find_date(&o.joined[i]).is_none()
        && crate::segment::dates::find_year(&o.joined[i]).is_none()
}

/// Mentions grouped by review (its subject's key, an unnamed review's
/// title or topic, else its paragraph), in the order of first mention.
fn group(o: &Outline, mentions: &[Mention]) -> Vec<Vec<usize>> {
    let mut by_key: HashMap<String, usize> = HashMap::new();
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (mi, m) in mentions.iter().enumerate() {
        let key = if !m.named.subject.is_empty() {
            mention::key(o.g, &m.named.subject)
        } else if let Some(t) = &m.named.title {
            format!("title:{}", mention::key(o.g, t))
        } else {
            format!("at:{}", m.at)
        };
        match by_key.get(&key) {
            Some(&gi) => groups[gi].push(mi),
            None => {
                by_key.insert(key, groups.len());
                groups.push(vec![mi]);
            }
        }
    }
    groups
}

/// Where a review's entry ends: at the next paragraph that names another
/// review, or the next heading as important as its own (any heading, for
/// a review named in prose).
fn region_end(o: &Outline, mentions: &[Mention], members: &[usize], anchor: usize) -> usize {
    let own: HashSet<usize> = members.iter().map(|&m| mentions[m].at).collect();
    region_end_of(o, mentions, &own, anchor)
}

/// [`region_end`], given the positions of the review's own mentions.
fn region_end_of(o: &Outline, mentions: &[Mention], own: &HashSet<usize>, anchor: usize) -> usize {
    let level = o.texts[anchor].heading;
    let mut end = o.joined.len();
    if let Some(next) = mentions
        .iter()
        .filter(|m| m.at > anchor && !own.contains(&m.at))
        .map(|m| m.at)
        .min()
    {
        end = next;
    }
    for (i, p) in o.texts.iter().enumerate().take(end).skip(anchor + 1) {
        if let Some(l) = p.heading
            && level.is_none_or(|own| l <= own)
        {
            return i;
        }
    }
    end
}

/// The review one group of mentions names, read from its entry.
fn review(
    o: &Outline,
    mentions: &[Mention],
    members: &[usize],
    anchor: usize,
    end: usize,
) -> Review {
    let g = o.g;
    let first = &mentions[members[0]];
    let printed_type = members
        .iter()
        .find_map(|&m| mentions[m].named.printed_type.clone())
        .filter(|t| !mention::is_plural(t))
        .or_else(|| {
            // Reviews in general ("practice reviews") type none.
            (anchor..end).find_map(|i| {
                g.any_review_type
                    .find_iter(&o.joined[i])
                    .map(|m| m.as_str())
                    .find(|t| !mention::is_plural(t))
                    .map(str::to_string)
            })
        });
    // The review's own mentions date it first (its label's date, the
    // sentence that names it as published), then its entry's paragraphs.
    let member: HashSet<usize> = members.iter().copied().collect();
    let other_reviews: HashSet<usize> = mentions
        .iter()
        .enumerate()
        .filter(|(mi, _)| !member.contains(mi))
        .map(|(_, m)| m.at)
        .collect();
    let own_labels: HashSet<usize> = members
        .iter()
        .filter(|&&m| mentions[m].label)
        .map(|&m| mentions[m].at)
        .collect();
    let published = members
        .iter()
        .find_map(|&m| {
            let mm = &mentions[m];
            let text = &o.joined[mm.at];
            if mm.label {
                entry::published_in_label(g, text, mm.named.printed_type.is_some())
            } else {
                entry::sentences(text)
                    .into_iter()
                    .filter(|s| names(o, s, &mm.named))
                    .find_map(|s| entry::published_in_sentence(o.g, s))
            }
        })
        .or_else(|| {
            // A date line that closes the entry right before the next
            // review's label is that review's ("Date of publication: …"
            // over each entry's links).
            let is_title = title_at(o) == Some(anchor);
            let next_is_review = mentions
                .iter()
                .enumerate()
                .any(|(mi, m)| m.at == end && !member.contains(&mi));
            (anchor..end)
                .filter(|i| !own_labels.contains(i))
                .filter(|&i| !(i + 1 == end && next_is_review && entry::is_date_line(&o.joined[i])))
                // The date line under the page's title is the page's.
                .filter(|&i| !(i == anchor + 1 && is_title && entry::is_date_line(&o.joined[i])))
                .find_map(|i| entry::published_in_paragraph(o.g, &o.joined[i]))
        })
        .or_else(|| date_before(o, anchor))
        .or_else(|| {
            let today = members.iter().any(|&m| {
                entry::sentences(&o.joined[mentions[m].at])
                    .into_iter()
                    .any(entry::published_today)
            }) || (anchor..end).any(|i| entry::published_today(&o.joined[i]));
            today.then(|| page_date(o)).flatten()
        });
    let summary = (anchor..end)
        .filter(|&i| o.texts[i].heading.is_none() && o.texts[i].list.is_none())
        .filter(|&i| !is_label(o, i))
        .filter(|i| !other_reviews.contains(i))
        .find_map(|i| entry::story(g, &o.joined[i], &first.named.subject));
    Review {
        subject: first.named.subject.clone(),
        code: members.iter().find_map(|&m| mentions[m].named.code.clone()),
        review_type: printed_type
            .as_deref()
            .and_then(|t| g.review_type(t))
            .map(str::to_string),
        review_type_printed: printed_type.clone(),
        title: members
            .iter()
            .find_map(|&m| mentions[m].named.title.clone()),
        published,
        summary,
        links: (anchor..end)
            .flat_map(|i| o.texts[i].links.iter().cloned())
            .map(|l| crate::model::Link {
                title: l.title,
                href: l.href,
            })
            .collect(),
        ..Review::default()
    }
}

/// Where the page's title is: its first heading of the top level.
fn title_at(o: &Outline) -> Option<usize> {
    let top = o.headings.iter().map(|h| h.level).min()?;
    o.headings.iter().find(|h| h.level == top).map(|h| h.at)
}

/// The date just over an entry: a date line right before its label, or the
/// month heading it is listed under ("June 2021").
fn date_before(o: &Outline, anchor: usize) -> Option<String> {
    // Over the page's title stands the page's own date (a post's or a
    // statement's), not a review's.
    if title_at(o) == Some(anchor) {
        return None;
    }
    let prev = anchor.checked_sub(1)?;
    if entry::is_date_line(&o.joined[prev]) {
        return crate::segment::dates::find_date(&o.joined[prev]);
    }
    // The first heading above the entry's own rank decides: a month, or a
    // section that dates nothing.
    let level = o.texts[anchor].heading;
    let over = (0..anchor).rev().find(|&i| {
        o.texts[i]
            .heading
            .is_some_and(|h| level.is_none_or(|l| h < l))
    })?;
    let t = &o.joined[over];
    crate::segment::dates::is_bare_date(t)
        .then(|| crate::segment::dates::find_date(t))
        .flatten()
}

/// The page's own date: a date line near its top ("Posted on 3 May 2023").
pub(crate) fn page_date(o: &Outline) -> Option<String> {
    // A line of its own: a print can set the date under the breadcrumb or
    // the issue line in one block with the text.
    o.texts
        .iter()
        .take(8)
        .flat_map(|p| p.lines.iter())
        .filter(|t| t.split_whitespace().count() <= 10 && !entry::is_sentence(t))
        .find_map(|t| crate::segment::dates::find_date(t))
}

/// Whether a sentence names the review (its subject, or for an unnamed
/// review any sentence of its paragraph).
fn names(o: &Outline, sentence: &str, named: &Named) -> bool {
    named.subject.is_empty()
        || sentence.contains(named.subject.as_str())
        || mention::in_sentence(o.g, sentence)
            .iter()
            .any(|s| mention::key(o.g, s) == mention::key(o.g, &named.subject))
}

#[cfg(test)]
mod tests {
    use crate::model::{Document, Format};
    use crate::read::ReadOptions;

    fn read(page: &str, grammar: &[&str]) -> Document {
        let opts = ReadOptions {
            grammar: grammar.iter().map(|g| g.to_string()).collect(),
            ..ReadOptions::default()
        };
        crate::pipeline::process_bytes(page.as_bytes(), "p.html", Format::Html, &opts).unwrap()
    }

    const STORY: &str = "<p>The partnership published the review on 3 May 2023. The child was \
        eight months old when her father took her to hospital with a head injury.</p>";

    /// A review type added with `--grammar` names reviews wherever a
    /// built-in one does: the review is found, typed and dated.
    #[test]
    fn an_added_review_type_is_read_everywhere() {
        let row = r#"
[[review_type]]
code = "Learning Inquiry"
phrases = ["child learning inquiry"]
examples = ["a Child Learning Inquiry"]
not = ["a child's inquiry"]
"#;
        let page = format!(
            "<h1>Child Learning Inquiry: Child W</h1>{}",
            STORY.replace("review", "inquiry")
        );
        assert!(read(&page, &[]).reviews.is_empty());
        let d = read(&page, &[row]);
        assert_eq!(d.reviews.len(), 1, "{:?}", d.reviews);
        assert_eq!(d.reviews[0].subject, "Child W");
        assert_eq!(
            d.reviews[0].review_type.as_deref(),
            Some("Learning Inquiry")
        );
        assert_eq!(d.reviews[0].published.as_deref(), Some("2023-05-03"));
    }

    /// A subject form added with `--grammar` names the child.
    #[test]
    fn an_added_subject_form_names_the_child() {
        let row = r#"
[[subject]]
pattern = '^Learner [A-Z]{1,2}$'
examples = ["Learner QX"]
not = ["Learner drivers"]
"#;
        let page = format!("<h1>Serious Case Review: Learner QX</h1>{STORY}");
        let subjects = |d: Document| d.reviews.into_iter().map(|r| r.subject).collect::<Vec<_>>();
        assert!(!subjects(read(&page, &[])).contains(&"Learner QX".to_string()));
        assert_eq!(subjects(read(&page, &[row])), ["Learner QX"]);
    }

    /// A section heading added with `--grammar` makes the bullets under it
    /// items.
    #[test]
    fn an_added_section_heading_opens_items() {
        let row = r#"
[[heading]]
kind = "lesson"
spellings = ["points to ponder"]
examples = ["Points to ponder"]
not = ["Points were pondered"]
"#;
        let page = format!(
            "<h1>Local Child Safeguarding Practice Review – Child W</h1>{STORY}\
             <h2>Points to ponder</h2><ul><li>Ask who else lives in the home.</li>\
             <li>See the baby awake.</li></ul>"
        );
        assert!(read(&page, &[]).reviews[0].lessons.is_empty());
        let d = read(&page, &[row]);
        let lessons: Vec<&str> = d.reviews[0]
            .lessons
            .iter()
            .map(|l| l.text.as_str())
            .collect();
        assert_eq!(
            lessons,
            ["Ask who else lives in the home.", "See the baby awake."]
        );
    }
}

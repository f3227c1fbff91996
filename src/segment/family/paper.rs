//! Briefing papers: a few pages on one or several reviews, their learning
//! as numbered points.

use super::{Family, Score};
use crate::model::DocumentType;
use crate::segment::Segmented;
use crate::segment::dates::find_date;
use crate::segment::numbered;
use crate::segment::outline::Outline;

/// A paper of numbered learning points about case reviews.
pub struct BriefingPaper;

/// Words that say the numbered points are learning, looked for in the
/// paragraphs before them.
const LEARNING_WORDS: [&str; 6] = [
    "learning", "lessons", "learned", "learnt", "findings", "themes",
];

impl Family for BriefingPaper {
    fn kind(&self) -> DocumentType {
        DocumentType::BriefingPaper
    }

    /// Numbered points count only when the text before them introduces
    /// case reviews and their learning: a guideline's numbered references
    /// or a form's numbered questions are not lessons.
    fn score(&self, o: &Outline) -> Option<Score> {
        let (start, items, _) = numbered::longest_run(&o.texts)?;
        if items.len() < 3 {
            return None;
        }
        let intro = &o.joined[..start];
        let reviews: usize = intro.iter().map(|t| o.g.count_review_phrases(t)).sum();
        let learning = intro.iter().any(|t| {
            let l = t.to_lowercase();
            LEARNING_WORDS.iter().any(|w| l.contains(w))
        });
        // The points must be the paper's substance, not a numbered table
        // or a list of dates beside it.
        let in_points: usize = items
            .iter()
            .map(|i| i.text.split_whitespace().count())
            .sum();
        let coverage = in_points as f32 / o.words.max(1) as f32;
        let value = match (reviews > 0, learning) {
            (true, true) if coverage >= 0.3 => 0.5 + 0.02 * items.len().min(10) as f32,
            (true, true) => 0.25 + coverage,
            (true, false) | (false, true) => 0.2,
            (false, false) => 0.05,
        };
        Some(Score::new(
            value,
            format!(
                "{} numbered points ({:.0}% of the words) after {} paragraphs naming {reviews} reviews{}",
                items.len(),
                coverage * 100.0,
                start,
                if learning { " and their learning" } else { "" }
            ),
        ))
    }

    fn segment(&self, o: &Outline) -> Segmented {
        let mut s = Segmented::new(DocumentType::BriefingPaper);
        if let Some((start, items, _)) = numbered::longest_run(&o.texts) {
            s.lessons = items;
            let intro = &o.joined[..start];
            s.title = intro.first().cloned();
            s.published = intro.iter().find_map(|t| find_date(t));
        }
        s
    }
}

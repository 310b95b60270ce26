//! Evaluation measures: classification reports for topics.
//!
//! [`ClassificationReport`] computes accuracy, per-class precision, recall and
//! F1, macro-F1 (the unweighted mean of the gold classes' F1) and the confusion
//! matrix from (gold, predicted) label pairs. A prediction outside the gold
//! classes (such as `(none)`, no evidence) counts against recall only.

use std::fmt;

/// Scores of one class.
#[derive(Clone, Debug, PartialEq)]
pub struct ClassScores {
    pub label: String,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub support: usize,
}

/// Accuracy, macro-F1, per-class scores and confusion matrix.
#[derive(Clone, Debug, PartialEq)]
pub struct ClassificationReport {
    pub total: usize,
    pub correct: usize,
    pub accuracy: f64,
    pub macro_f1: f64,
    pub classes: Vec<ClassScores>,
    /// Row labels are the gold classes; column labels are the gold classes
    /// followed by any other predicted label.
    pub columns: Vec<String>,
    /// `matrix[gold][predicted]`
    pub matrix: Vec<Vec<usize>>,
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

impl ClassificationReport {
    /// Build the report from (gold, predicted) pairs. Gold classes are listed
    /// in `classes` order; gold labels not in `classes` are added after them.
    pub fn new(pairs: &[(String, String)], classes: &[String]) -> Self {
        let mut gold: Vec<String> = classes.to_vec();
        for (g, _) in pairs {
            if !gold.contains(g) {
                gold.push(g.clone());
            }
        }
        let mut columns = gold.clone();
        for (_, p) in pairs {
            if !columns.contains(p) {
                columns.push(p.clone());
            }
        }
        let mut matrix = vec![vec![0usize; columns.len()]; gold.len()];
        for (g, p) in pairs {
            let gi = gold.iter().position(|x| x == g).unwrap();
            let pi = columns.iter().position(|x| x == p).unwrap();
            matrix[gi][pi] += 1;
        }
        let correct = (0..gold.len()).map(|i| matrix[i][i]).sum();
        let mut scores = Vec::new();
        for (i, label) in gold.iter().enumerate() {
            let tp = matrix[i][i];
            let support: usize = matrix[i].iter().sum();
            let predicted: usize = matrix.iter().map(|row| row[i]).sum();
            let precision = ratio(tp, predicted);
            let recall = ratio(tp, support);
            let f1 = if precision + recall == 0.0 {
                0.0
            } else {
                2.0 * precision * recall / (precision + recall)
            };
            scores.push(ClassScores {
                label: label.clone(),
                precision,
                recall,
                f1,
                support,
            });
        }
        let macro_f1 = if scores.is_empty() {
            0.0
        } else {
            scores.iter().map(|s| s.f1).sum::<f64>() / scores.len() as f64
        };
        ClassificationReport {
            total: pairs.len(),
            correct,
            accuracy: ratio(correct, pairs.len()),
            macro_f1,
            classes: scores,
            columns,
            matrix,
        }
    }
}

impl fmt::Display for ClassificationReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "documents {}  correct {}  accuracy {:.3}  macro-F1 {:.3}",
            self.total, self.correct, self.accuracy, self.macro_f1
        )?;
        writeln!(f)?;
        writeln!(
            f,
            "{:<14} {:>9} {:>9} {:>9} {:>8}",
            "class", "precision", "recall", "F1", "support"
        )?;
        for c in &self.classes {
            writeln!(
                f,
                "{:<14} {:>9.3} {:>9.3} {:>9.3} {:>8}",
                c.label, c.precision, c.recall, c.f1, c.support
            )?;
        }
        writeln!(f)?;
        writeln!(f, "confusion matrix (rows: gold, columns: predicted)")?;
        write!(f, "{:<14}", "")?;
        for c in &self.columns {
            write!(f, " {:>11}", truncate(c, 11))?;
        }
        writeln!(f)?;
        for (i, row) in self.matrix.iter().enumerate() {
            write!(f, "{:<14}", truncate(&self.classes[i].label, 14))?;
            for n in row {
                write!(f, " {n:>11}")?;
            }
            writeln!(f)?;
        }
        Ok(())
    }
}

fn truncate(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_by_hand() {
        let p = |g: &str, q: &str| (g.to_string(), q.to_string());
        let pairs = [p("a", "a"), p("a", "b"), p("b", "b"), p("b", "(none)")];
        let r = ClassificationReport::new(&pairs, &["a".into(), "b".into()]);
        assert_eq!((r.total, r.correct), (4, 2));
        assert!((r.accuracy - 0.5).abs() < 1e-9);
        // a: P 1/1, R 1/2, F1 2/3; b: P 1/2, R 1/2, F1 1/2.
        assert!((r.classes[0].f1 - 2.0 / 3.0).abs() < 1e-9);
        assert!((r.classes[1].f1 - 0.5).abs() < 1e-9);
        assert!((r.macro_f1 - (2.0 / 3.0 + 0.5) / 2.0).abs() < 1e-9);
        assert_eq!(r.columns, ["a", "b", "(none)"]);
        assert_eq!(r.matrix, [[1, 1, 0], [0, 1, 1]]);
    }
}

/// A labelled span: document, character offsets (end exclusive), type.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LabelledSpan {
    pub doc_id: String,
    pub start: usize,
    pub end: usize,
    pub label: String,
}

/// Precision, recall and F1 from counts.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Prf {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Prf {
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

/// How a predicted span is compared with a gold span.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SpanMatch {
    /// Same offsets and same type.
    Exact,
    /// Overlapping offsets and same type (each span matched once).
    Partial,
    /// Same offsets, any type.
    TypeBlind,
}

/// NER scores: overall and per type, for one way of matching.
#[derive(Clone, Debug, PartialEq)]
pub struct NerScores {
    pub overall: Prf,
    /// Per gold/predicted label, sorted by label.
    pub by_type: Vec<(String, Prf)>,
    /// Gold spans not found (exact matching only).
    pub false_negatives: Vec<LabelledSpan>,
    /// Predicted spans not in the gold (exact matching only).
    pub false_positives: Vec<LabelledSpan>,
}

/// Compare predictions with gold spans. Both lists may be in any order.
pub fn score_ner(gold: &[LabelledSpan], predicted: &[LabelledSpan], how: SpanMatch) -> NerScores {
    use std::collections::{BTreeMap, HashMap};
    let mut counts: BTreeMap<String, Prf> = BTreeMap::new();
    let mut matched_gold = vec![false; gold.len()];
    let mut matched_pred = vec![false; predicted.len()];
    match how {
        SpanMatch::Exact | SpanMatch::TypeBlind => {
            let mut index: HashMap<(&str, usize, usize), Vec<usize>> = HashMap::new();
            for (i, g) in gold.iter().enumerate() {
                index
                    .entry((&g.doc_id, g.start, g.end))
                    .or_default()
                    .push(i);
            }
            for (j, p) in predicted.iter().enumerate() {
                if let Some(candidates) = index.get(&(p.doc_id.as_str(), p.start, p.end)) {
                    let hit = candidates.iter().copied().find(|&i| {
                        !matched_gold[i]
                            && (how == SpanMatch::TypeBlind || gold[i].label == p.label)
                    });
                    if let Some(i) = hit {
                        matched_gold[i] = true;
                        matched_pred[j] = true;
                    }
                }
            }
        }
        SpanMatch::Partial => {
            let mut by_doc: HashMap<&str, Vec<usize>> = HashMap::new();
            for (i, g) in gold.iter().enumerate() {
                by_doc.entry(&g.doc_id).or_default().push(i);
            }
            for (j, p) in predicted.iter().enumerate() {
                let Some(candidates) = by_doc.get(p.doc_id.as_str()) else {
                    continue;
                };
                let hit = candidates.iter().copied().find(|&i| {
                    !matched_gold[i]
                        && gold[i].label == p.label
                        && gold[i].start < p.end
                        && p.start < gold[i].end
                });
                if let Some(i) = hit {
                    matched_gold[i] = true;
                    matched_pred[j] = true;
                }
            }
        }
    }
    let mut false_negatives = Vec::new();
    let mut false_positives = Vec::new();
    for (i, g) in gold.iter().enumerate() {
        let c = counts.entry(g.label.clone()).or_default();
        if matched_gold[i] {
            c.tp += 1;
        } else {
            c.fn_ += 1;
            false_negatives.push(g.clone());
        }
    }
    for (j, p) in predicted.iter().enumerate() {
        if !matched_pred[j] {
            counts.entry(p.label.clone()).or_default().fp += 1;
            false_positives.push(p.clone());
        }
    }
    // With type-blind matching, a true positive is counted under the gold type.
    let overall = counts.values().fold(Prf::default(), |a, c| Prf {
        tp: a.tp + c.tp,
        fp: a.fp + c.fp,
        fn_: a.fn_ + c.fn_,
    });
    false_negatives.sort();
    false_positives.sort();
    NerScores {
        overall,
        by_type: counts.into_iter().collect(),
        false_negatives,
        false_positives,
    }
}

/// Parse a BRAT standoff `.ann` file: text-bound annotations (`T…` lines) as
/// spans of `doc_id`; a discontinuous span counts from its first start to its
/// last end. Other lines (relations, notes) are ignored.
pub fn parse_brat(doc_id: &str, ann: &str) -> Result<Vec<LabelledSpan>, String> {
    let mut out = Vec::new();
    for (n, line) in ann.lines().enumerate() {
        if !line.starts_with('T') {
            continue;
        }
        let mut fields = line.splitn(3, '\t');
        let (_, middle) = (fields.next(), fields.next());
        let middle = middle
            .ok_or_else(|| format!("line {}: expected ID<TAB>TYPE START END<TAB>TEXT", n + 1))?;
        let mut parts = middle.split(' ');
        let label = parts.next().unwrap_or("").to_string();
        let offsets: Vec<usize> = parts
            .flat_map(|p| p.split(';'))
            .map(|x| {
                x.parse::<usize>()
                    .map_err(|_| format!("line {}: bad offset `{x}`", n + 1))
            })
            .collect::<Result<_, _>>()?;
        let (Some(&start), Some(&end)) = (offsets.iter().min(), offsets.iter().max()) else {
            return Err(format!("line {}: no offsets", n + 1));
        };
        out.push(LabelledSpan {
            doc_id: doc_id.to_string(),
            start,
            end,
            label,
        });
    }
    Ok(out)
}

/// Parse CoNLL / IOB2 text (a token and its tag per line, the tag last; blank
/// lines between sentences; `-DOCSTART-` between documents). Returns each
/// document's text (tokens joined by spaces, sentences by newlines) and spans.
/// Tags are `B-X`, `I-X`, `O` (an `I-X` that does not continue an `X` starts one).
pub fn parse_conll(
    name: &str,
    data: &str,
) -> Result<Vec<(String, String, Vec<LabelledSpan>)>, String> {
    let mut docs = Vec::new();
    let mut text = String::new();
    let mut spans: Vec<LabelledSpan> = Vec::new();
    let mut open: Option<(usize, String)> = None;
    let mut last_end = 0;
    let mut chars = 0;
    let mut doc_id = format!("{name}#1");
    let close = |open: &mut Option<(usize, String)>,
                 spans: &mut Vec<LabelledSpan>,
                 end: usize,
                 doc_id: &str| {
        if let Some((start, label)) = open.take() {
            spans.push(LabelledSpan {
                doc_id: doc_id.to_string(),
                start,
                end,
                label,
            });
        }
    };
    for (n, line) in data.lines().enumerate() {
        let line = line.trim_end();
        if line.starts_with("-DOCSTART-") {
            close(&mut open, &mut spans, last_end, &doc_id);
            if !text.is_empty() {
                docs.push((
                    doc_id.clone(),
                    std::mem::take(&mut text),
                    std::mem::take(&mut spans),
                ));
            }
            chars = 0;
            doc_id = format!("{name}#{}", docs.len() + 1);
            continue;
        }
        if line.is_empty() {
            close(&mut open, &mut spans, last_end, &doc_id);
            if !text.is_empty() && !text.ends_with('\n') {
                text.push('\n');
                chars += 1;
            }
            continue;
        }
        let fields: Vec<&str> = line.split_whitespace().collect();
        if fields.len() < 2 {
            return Err(format!("{name}:{}: expected a token and a tag", n + 1));
        }
        let (token, tag) = (fields[0], fields[fields.len() - 1]);
        if !text.is_empty() && !text.ends_with('\n') {
            text.push(' ');
            chars += 1;
        }
        let start = chars;
        text.push_str(token);
        chars += token.chars().count();
        let (prefix, label) = match tag.split_once('-') {
            Some((p, l)) => (p, l),
            None if tag == "O" => ("O", ""),
            None => return Err(format!("{name}:{}: bad tag `{tag}`", n + 1)),
        };
        match prefix {
            "O" => close(&mut open, &mut spans, last_end, &doc_id),
            "B" | "S" | "U" => {
                close(&mut open, &mut spans, last_end, &doc_id);
                open = Some((start, label.to_string()));
            }
            "I" | "E" | "L" => {
                if open.as_ref().is_none_or(|(_, l)| l != label) {
                    close(&mut open, &mut spans, last_end, &doc_id);
                    open = Some((start, label.to_string()));
                }
            }
            _ => return Err(format!("{name}:{}: bad tag `{tag}`", n + 1)),
        }
        last_end = chars;
    }
    close(&mut open, &mut spans, last_end, &doc_id);
    if !text.is_empty() {
        docs.push((doc_id, text, spans));
    }
    Ok(docs)
}

#[cfg(test)]
mod ner_tests {
    use super::*;

    fn span(doc: &str, start: usize, end: usize, label: &str) -> LabelledSpan {
        LabelledSpan {
            doc_id: doc.into(),
            start,
            end,
            label: label.into(),
        }
    }

    #[test]
    fn exact_partial_blind() {
        let gold = [
            span("d", 0, 6, "LOC"),
            span("d", 10, 20, "PER"),
            span("d", 30, 35, "ORG"),
        ];
        let pred = [
            span("d", 0, 6, "LOC"),
            span("d", 10, 15, "PER"),
            span("d", 30, 35, "LOC"),
        ];
        let exact = score_ner(&gold, &pred, SpanMatch::Exact);
        assert_eq!(
            (exact.overall.tp, exact.overall.fp, exact.overall.fn_),
            (1, 2, 2)
        );
        let partial = score_ner(&gold, &pred, SpanMatch::Partial);
        assert_eq!(
            (partial.overall.tp, partial.overall.fp, partial.overall.fn_),
            (2, 1, 1)
        );
        let blind = score_ner(&gold, &pred, SpanMatch::TypeBlind);
        assert_eq!(
            (blind.overall.tp, blind.overall.fp, blind.overall.fn_),
            (2, 1, 1)
        );
        assert_eq!(exact.by_type[0].0, "LOC");
        assert_eq!((exact.by_type[0].1.tp, exact.by_type[0].1.fp), (1, 1));
    }

    #[test]
    fn brat() {
        let spans = parse_brat("a.txt", "T1\tLocation 0 6\tFrance\nR1\tRel Arg1:T1 Arg2:T2\nT2\tPerson 10 12;13 20\tJean Dupont\n").unwrap();
        assert_eq!(
            spans,
            [
                span("a.txt", 0, 6, "Location"),
                span("a.txt", 10, 20, "Person")
            ]
        );
    }

    #[test]
    fn conll() {
        let docs = parse_conll(
            "f",
            "Ilham B-PER\nAliev I-PER\nà O\nBakou B-LOC\n.\tO\n\nÉté I-LOC\n",
        )
        .unwrap();
        assert_eq!(docs.len(), 1);
        let (_, text, spans) = &docs[0];
        assert_eq!(text, "Ilham Aliev à Bakou .\nÉté");
        assert_eq!(
            spans,
            &[
                span("f#1", 0, 11, "PER"),
                span("f#1", 14, 19, "LOC"),
                span("f#1", 22, 25, "LOC")
            ]
        );
    }
}

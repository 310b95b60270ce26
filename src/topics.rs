//! Topic labels from the IPTC Media Topics vocabulary, with their evidence.
//!
//! The topic table (`gazetteers/topics/topics.tsv`: code, French and English
//! label, parent) and the rules (`gazetteers/topics/rules.tsv`: topic, trigger,
//! weight) are embedded; more rule files can be added. A trigger is a
//! `|`-separated list of alternatives:
//!
//! * a word or phrase, matched with the entity normaliser and tokenizer (case,
//!   accents, apostrophes and hyphens folded; whole tokens only); a trailing `*`
//!   on a word matches any ending (`vaccin*`: vaccins, vaccination …);
//! * `entity:ID`: any mention of that gazetteer entity (`entity:cop29`);
//! * `type:TYPE`: any mention of that entity type.
//!
//! The same trigger given again for the same topic (in a later file) replaces
//! the earlier weight. A weight is a number (negative numbers lower the topic) or `veto`: the
//! phrase's occurrences cancel the positive phrase triggers of that topic and its
//! descendants that they overlap ("guerre des prix" is not armed conflict).
//!
//! **Score.** For a topic, each distinct trigger form found `c` times contributes
//! `w × (1 + ln c)`, plus `w` once more when one of them is in the title (the
//! first line of the body); a topic's evidence `E` is the sum of its contributions plus
//! the positive evidence of its children. With `N` the number of words counted,
//! `score = 1 − exp(−E / (5 × √(1 + N / 250)))`: 0 without evidence, towards 1
//! with strong, repeated evidence, and comparable across short and long texts.
//! Only text in the chosen zones counts (the body by default: breadcrumbs,
//! teasers and boilerplate of scraped pages do not decide what a page is about).

use crate::gazetteer::{EntityType, GazetteerError};
use crate::normalize::{fold, Normalized};
use crate::resolve::{Annotation, Tagger};
use crate::spans::SpanIndex;
use crate::tokenize::TokenKind;
use crate::zones::{Zone, Zones};
use aho_corasick::{AhoCorasick, MatchKind};
use rustc_hash::FxHashMap as HashMap;

/// The embedded topic table.
pub const DEFAULT_TOPICS: &str = include_str!("../gazetteers/topics/topics.tsv");
/// The embedded rules: the hand-written word rules, then the entity rules
/// generated from the sections of the default gazetteer pack
/// (`gazetteers/topics/build_entity_rules.py`).
pub const DEFAULT_RULES: &[(&str, &str)] = &[
    (
        "gazetteers/topics/rules.tsv",
        include_str!("../gazetteers/topics/rules.tsv"),
    ),
    (
        "gazetteers/topics/entity-rules.tsv",
        include_str!("../gazetteers/topics/entity-rules.tsv"),
    ),
];

/// One topic of the table.
#[derive(Clone, Debug)]
pub struct Topic {
    /// `medtop:…`
    pub code: String,
    pub label_fr: String,
    pub label_en: String,
    /// Index of the parent topic.
    pub parent: Option<u32>,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Weight {
    Value(f64),
    Veto,
}

#[derive(Clone, Debug)]
struct PhraseRule {
    topic: u32,
    weight: Weight,
    prefix: bool,
}

/// Which zones of a page decide its topics.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TopicsFrom {
    /// The main article only.
    #[default]
    Body,
    /// Everything, teasers and boilerplate included.
    All,
}

/// Options for scoring.
#[derive(Clone, Copy, Debug)]
pub struct TopicOptions {
    /// Topics scoring below this are not reported.
    pub threshold: f64,
    /// At most this many topics per document.
    pub top_k: usize,
    pub from: TopicsFrom,
}

impl Default for TopicOptions {
    fn default() -> Self {
        TopicOptions {
            threshold: 0.2,
            top_k: 5,
            from: TopicsFrom::Body,
        }
    }
}

/// One piece of evidence: a trigger form, how often it was found, and what it
/// contributed.
#[derive(Clone, Debug, PartialEq)]
pub struct Evidence {
    pub label: String,
    pub count: u32,
    pub contribution: f64,
}

/// A topic of a document.
#[derive(Clone, Debug, PartialEq)]
pub struct TopicScore {
    /// Index into [`TopicModel::topics`].
    pub topic: u32,
    pub score: f64,
    /// Total evidence `E` (own and children's).
    pub evidence_total: f64,
    /// Strongest evidence first.
    pub evidence: Vec<Evidence>,
}

/// The topic table, the rules, and their automaton.
pub struct TopicModel {
    topics: Vec<Topic>,
    automaton: AhoCorasick,
    /// For each pattern, the phrase rules behind it.
    pattern_rules: Vec<Vec<u32>>,
    phrase_rules: Vec<PhraseRule>,
    entity_rules: HashMap<String, Vec<(u32, f64)>>,
    type_rules: Vec<(EntityType, u32, f64)>,
    /// Each topic's depth: 0 for a top-level topic.
    depths: Vec<usize>,
    options: TopicOptions,
}

/// Builds a [`TopicModel`] from a table and rule files.
pub struct TopicModelBuilder {
    topics: Vec<Topic>,
    by_code: HashMap<String, u32>,
    patterns: Vec<String>,
    pattern_index: HashMap<String, u32>,
    pattern_rules: Vec<Vec<u32>>,
    phrase_rules: Vec<PhraseRule>,
    entity_rules: HashMap<String, Vec<(u32, f64)>>,
    type_rules: Vec<(EntityType, u32, f64)>,
}

fn data_lines(contents: &str) -> impl Iterator<Item = (usize, &str)> {
    contents
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end_matches('\r')))
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
}

impl TopicModelBuilder {
    /// Read the topic table: `code`, `label_fr`, `label_en`, `parent`.
    pub fn new(name: &str, table: &str) -> Result<Self, GazetteerError> {
        let err = |line: usize, reason: String| GazetteerError {
            path: name.to_string(),
            line,
            reason,
        };
        let mut lines = data_lines(table);
        let (hline, header) = lines
            .next()
            .ok_or_else(|| err(0, "empty topic table".into()))?;
        let header: Vec<&str> = header.split('\t').map(str::trim).collect();
        if header.get(..4) != Some(&["code", "label_fr", "label_en", "parent"][..]) {
            return Err(err(
                hline,
                "expected the header `code	label_fr	label_en	parent`".into(),
            ));
        }
        let mut rows = Vec::new();
        let mut by_code = HashMap::default();
        for (line, row) in lines {
            let f: Vec<&str> = row.split('\t').map(str::trim).collect();
            if f.len() < 3 || f[0].is_empty() || f[1].is_empty() {
                return Err(err(
                    line,
                    "expected code, label_fr, label_en and parent".into(),
                ));
            }
            if !f[0].starts_with("medtop:") {
                return Err(err(line, format!("invalid topic code `{}`", f[0])));
            }
            if by_code
                .insert(f[0].to_string(), rows.len() as u32)
                .is_some()
            {
                return Err(err(line, format!("duplicate topic `{}`", f[0])));
            }
            rows.push((
                line,
                f[0].to_string(),
                f[1].to_string(),
                f[2].to_string(),
                f.get(3).unwrap_or(&"").to_string(),
            ));
        }
        let mut topics = Vec::with_capacity(rows.len());
        for (line, code, label_fr, label_en, parent) in rows {
            let parent = if parent.is_empty() {
                None
            } else {
                Some(
                    *by_code
                        .get(&parent)
                        .ok_or_else(|| err(line, format!("unknown parent `{parent}`")))?,
                )
            };
            topics.push(Topic {
                code,
                label_fr,
                label_en,
                parent,
            });
        }
        // Reject cycles: every chain of parents must end.
        for (i, _) in topics.iter().enumerate() {
            let mut at = i as u32;
            for _ in 0..=topics.len() {
                match topics[at as usize].parent {
                    Some(p) => at = p,
                    None => break,
                }
            }
            if topics[at as usize].parent.is_some() {
                return Err(err(
                    0,
                    format!("topic `{}` is its own ancestor", topics[i].code),
                ));
            }
        }
        Ok(TopicModelBuilder {
            topics,
            by_code,
            patterns: Vec::new(),
            pattern_index: HashMap::default(),
            pattern_rules: Vec::new(),
            phrase_rules: Vec::new(),
            entity_rules: HashMap::default(),
            type_rules: Vec::new(),
        })
    }

    /// Add rules: `topic`, `trigger`, `weight` (see the module documentation).
    pub fn add_rules(&mut self, name: &str, rules: &str) -> Result<(), GazetteerError> {
        let err = |line: usize, reason: String| GazetteerError {
            path: name.to_string(),
            line,
            reason,
        };
        let mut lines = data_lines(rules);
        let Some((hline, header)) = lines.next() else {
            return Ok(());
        };
        let header: Vec<&str> = header.split('\t').map(str::trim).collect();
        if header.get(..3) != Some(&["topic", "trigger", "weight"][..]) {
            return Err(err(
                hline,
                "expected the header `topic	trigger	weight`".into(),
            ));
        }
        for (line, row) in lines {
            let f: Vec<&str> = row.split('\t').map(str::trim).collect();
            if f.len() < 3 {
                return Err(err(line, "expected topic, trigger and weight".into()));
            }
            let topic = *self
                .by_code
                .get(f[0])
                .ok_or_else(|| err(line, format!("unknown topic `{}`", f[0])))?;
            let weight = match f[2] {
                "veto" => Weight::Veto,
                w => Weight::Value(w.parse::<f64>().ok().filter(|w| w.is_finite()).ok_or_else(
                    || err(line, format!("invalid weight `{w}` (a number or veto)")),
                )?),
            };
            for alternative in f[1].split('|') {
                let alternative = alternative.trim();
                if alternative.is_empty() {
                    return Err(err(line, format!("empty alternative in `{}`", f[1])));
                }
                let numeric = |w: Weight| match w {
                    Weight::Value(v) => Ok(v),
                    Weight::Veto => Err(err(line, "veto is only for words and phrases".into())),
                };
                if let Some(id) = alternative.strip_prefix("entity:") {
                    let w = numeric(weight)?;
                    let rules = self.entity_rules.entry(id.to_string()).or_default();
                    match rules.iter_mut().find(|(t, _)| *t == topic) {
                        Some(rule) => rule.1 = w,
                        None => rules.push((topic, w)),
                    }
                } else if let Some(t) = alternative.strip_prefix("type:") {
                    let etype = EntityType::parse(t)
                        .ok_or_else(|| err(line, format!("unknown entity type `{t}`")))?;
                    self.type_rules.push((etype, topic, numeric(weight)?));
                } else {
                    let (phrase, prefix) = match alternative.strip_suffix('*') {
                        Some(stem) => (stem, true),
                        None => (alternative, false),
                    };
                    let pattern = fold(phrase);
                    if pattern.trim().is_empty() {
                        return Err(err(
                            line,
                            format!("trigger `{alternative}` has no letter or digit"),
                        ));
                    }
                    let p = match self.pattern_index.get(&pattern) {
                        Some(&p) => p,
                        None => {
                            let p = self.patterns.len() as u32;
                            self.patterns.push(pattern.clone());
                            self.pattern_index.insert(pattern, p);
                            self.pattern_rules.push(Vec::new());
                            p
                        }
                    };
                    // The same trigger for the same topic again (in a later
                    // file, say) replaces the earlier weight instead of counting twice.
                    let existing = self.pattern_rules[p as usize].iter().copied().find(|&r| {
                        let rule = &self.phrase_rules[r as usize];
                        rule.topic == topic
                            && rule.prefix == prefix
                            && (rule.weight == Weight::Veto) == (weight == Weight::Veto)
                    });
                    match existing {
                        Some(r) => self.phrase_rules[r as usize].weight = weight,
                        None => {
                            self.pattern_rules[p as usize].push(self.phrase_rules.len() as u32);
                            self.phrase_rules.push(PhraseRule {
                                topic,
                                weight,
                                prefix,
                            });
                        }
                    }
                }
            }
        }
        Ok(())
    }

    pub fn build(self, options: TopicOptions) -> TopicModel {
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(&self.patterns)
            .expect("topic patterns are small");
        let depths = (0..self.topics.len())
            .map(|t| {
                let mut depth = 0;
                let mut at = self.topics[t].parent;
                while let Some(p) = at {
                    depth += 1;
                    at = self.topics[p as usize].parent;
                }
                depth
            })
            .collect();
        TopicModel {
            topics: self.topics,
            depths,
            automaton,
            pattern_rules: self.pattern_rules,
            phrase_rules: self.phrase_rules,
            entity_rules: self.entity_rules,
            type_rules: self.type_rules,
            options,
        }
    }
}

impl TopicModel {
    /// The embedded table and rules.
    pub fn default_model(options: TopicOptions) -> TopicModel {
        let mut b = TopicModelBuilder::new("gazetteers/topics/topics.tsv", DEFAULT_TOPICS)
            .expect("the embedded topic table is valid");
        for (name, rules) in DEFAULT_RULES {
            b.add_rules(name, rules)
                .expect("the embedded topic rules are valid");
        }
        b.build(options)
    }

    pub fn topics(&self) -> &[Topic] {
        &self.topics
    }

    pub fn options(&self) -> TopicOptions {
        self.options
    }

    /// Index of a topic by code.
    pub fn find(&self, code: &str) -> Option<u32> {
        self.topics
            .iter()
            .position(|t| t.code == code)
            .map(|i| i as u32)
    }

    /// Is `ancestor` the topic itself or one of its ancestors?
    fn is_within(&self, topic: u32, ancestor: u32) -> bool {
        let mut at = Some(topic);
        while let Some(t) = at {
            if t == ancestor {
                return true;
            }
            at = self.topics[t as usize].parent;
        }
        false
    }

    /// Every topic with positive evidence (threshold and top-k not applied):
    /// top-level topics first, then second-level ones and so on, by score
    /// within a level. `norm` must be the normalised form of `text`.
    pub fn score_all(
        &self,
        text: &str,
        norm: &Normalized,
        annotation: &Annotation,
        tagger: &Tagger,
        zones: &Zones,
    ) -> Vec<TopicScore> {
        let counted = |at: usize| match self.options.from {
            TopicsFrom::All => true,
            TopicsFrom::Body => zones.zone_at(at) == Zone::Body,
        };
        let title = title_range(text, zones);
        let in_title = |at: usize| title.is_some_and(|(s, e)| s <= at && at < e);
        // (topic, label) → (count, weight, seen in the title)
        let mut found: HashMap<(u32, String), (u32, f64, bool)> = HashMap::default();
        let haystack = norm.as_str();
        let bytes = haystack.as_bytes();
        let mut positives: Vec<(u32, usize, usize, String, f64)> = Vec::new();
        let mut vetoes: Vec<(usize, usize, u32)> = Vec::new();
        for m in self.automaton.find_overlapping_iter(haystack) {
            let mut end = m.end();
            let rules = &self.pattern_rules[m.pattern().as_usize()];
            let at_token_end = end >= bytes.len() || bytes[end] == b' ';
            let mut prefix_end = end;
            while prefix_end < bytes.len() && bytes[prefix_end] != b' ' {
                prefix_end += 1;
            }
            for &r in rules {
                let rule = &self.phrase_rules[r as usize];
                if !rule.prefix && !at_token_end {
                    continue;
                }
                if rule.prefix {
                    end = prefix_end;
                }
                let (s, e) = norm.original_range(m.start() + 1, end);
                if !counted(s) {
                    continue;
                }
                match rule.weight {
                    Weight::Veto => vetoes.push((s, e, rule.topic)),
                    Weight::Value(w) => {
                        positives.push((rule.topic, s, e, text[s..e].to_lowercase(), w));
                    }
                }
            }
        }
        // The vetoes over a trigger are found by binary search (a long
        // document has many).
        let vetoes = SpanIndex::new(vetoes);
        for (topic, s, e, label, w) in positives {
            let vetoed = w > 0.0
                && vetoes
                    .overlapping(s, e)
                    .any(|(_, _, vt)| self.is_within(topic, vt));
            if !vetoed {
                let slot = found.entry((topic, label)).or_insert((0, w, false));
                slot.0 += 1;
                slot.2 |= in_title(s);
            }
        }
        for m in &annotation.mentions {
            if !counted(m.byte_start) {
                continue;
            }
            for &r in &m.entities {
                let info = tagger.info(annotation, r);
                if let Some(rules) = self.entity_rules.get(info.id) {
                    for &(topic, w) in rules {
                        let slot = found
                            .entry((topic, info.name.to_string()))
                            .or_insert((0, w, false));
                        slot.0 += 1;
                        slot.2 |= in_title(m.byte_start);
                    }
                }
            }
            for &(etype, topic, w) in &self.type_rules {
                if etype == m.etype {
                    let label = format!("type:{}", etype.as_str());
                    found.entry((topic, label)).or_insert((0, w, false)).0 += 1;
                }
            }
        }
        let words = norm
            .tokens()
            .iter()
            .filter(|t| matches!(t.kind, TokenKind::Word | TokenKind::Number) && counted(t.start()))
            .count();

        let n = self.topics.len();
        let mut own: Vec<f64> = vec![0.0; n];
        let mut evidence: Vec<Vec<Evidence>> = vec![Vec::new(); n];
        let mut found: Vec<_> = found.into_iter().collect();
        found.sort_by(|a, b| a.0.cmp(&b.0));
        for ((topic, label), (count, w, title)) in found {
            let title_bonus = if title && w > 0.0 {
                w * TITLE_BONUS
            } else {
                0.0
            };
            let contribution = w * (1.0 + (count as f64).ln()) + title_bonus;
            own[topic as usize] += contribution;
            evidence[topic as usize].push(Evidence {
                label,
                count,
                contribution,
            });
        }
        // Children support their parents: add each topic's positive total to
        // every ancestor.
        let mut total = own.clone();
        for t in 0..n {
            let positive = own[t].max(0.0);
            if positive == 0.0 {
                continue;
            }
            let mut at = self.topics[t].parent;
            while let Some(p) = at {
                total[p as usize] += positive;
                let items = evidence[t].clone();
                evidence[p as usize].extend(items.into_iter().filter(|e| e.contribution > 0.0));
                at = self.topics[p as usize].parent;
            }
        }
        let scale = 5.0 * (1.0 + words as f64 / 250.0).sqrt();
        let mut scores: Vec<TopicScore> = (0..n)
            .filter(|&t| total[t] > 0.0)
            .map(|t| {
                let mut ev = std::mem::take(&mut evidence[t]);
                // The same label may come from several rules or children: merge.
                ev.sort_by(|a, b| a.label.cmp(&b.label));
                let mut merged: Vec<Evidence> = Vec::new();
                for e in ev {
                    match merged.last_mut() {
                        Some(last) if last.label == e.label => {
                            last.contribution += e.contribution;
                            last.count = last.count.max(e.count);
                        }
                        _ => merged.push(e),
                    }
                }
                merged.sort_by(|a, b| {
                    b.contribution
                        .partial_cmp(&a.contribution)
                        .unwrap_or(std::cmp::Ordering::Equal)
                        .then(a.label.cmp(&b.label))
                });
                TopicScore {
                    topic: t as u32,
                    score: 1.0 - (-total[t] / scale).exp(),
                    evidence_total: total[t],
                    evidence: merged,
                }
            })
            .collect();
        // Broad topics first (what the page is about), then their refinements;
        // by evidence within a level (the score's order, but where strong
        // evidence rounds both scores to 1).
        scores.sort_by(|a, b| {
            self.depths[a.topic as usize]
                .cmp(&self.depths[b.topic as usize])
                .then(
                    b.evidence_total
                        .partial_cmp(&a.evidence_total)
                        .unwrap_or(std::cmp::Ordering::Equal),
                )
                .then(a.topic.cmp(&b.topic))
        });
        scores
    }

    /// The document's topics: [`Self::score_all`] above the threshold, top-k.
    pub fn score(
        &self,
        text: &str,
        norm: &Normalized,
        annotation: &Annotation,
        tagger: &Tagger,
        zones: &Zones,
    ) -> Vec<TopicScore> {
        let mut all = self.score_all(text, norm, annotation, tagger, zones);
        all.retain(|s| s.score >= self.options.threshold);
        all.truncate(self.options.top_k);
        all
    }
}

/// Extra weight, as a multiple of the trigger's weight, for a trigger found in
/// the title: a headline states what an article is about.
pub const TITLE_BONUS: f64 = 1.0;

/// The title: the first non-blank line of the body, when the body has more than
/// one line and that line has at most 30 words.
fn title_range(text: &str, zones: &Zones) -> Option<(usize, usize)> {
    let body = zones
        .spans()
        .iter()
        .find(|z| z.zone == Zone::Body)
        .map_or((0, text.len()), |z| (z.start, z.end));
    let mut offset = body.0;
    let mut lines = text[body.0..].split_inclusive('\n');
    let first = loop {
        let line = lines.next()?;
        if !line.trim().is_empty() {
            break line;
        }
        offset += line.len();
    };
    let more = !text[offset + first.len()..].trim().is_empty();
    (more && first.split_whitespace().count() <= 30).then_some((offset, offset + first.len()))
}

/// `COP29×1; gaz naturel×2`: the strongest `max` pieces of evidence.
pub fn evidence_string(evidence: &[Evidence], max: usize) -> String {
    evidence
        .iter()
        .filter(|e| e.contribution > 0.0)
        .take(max)
        .map(|e| format!("{}×{}", e.label, e.count))
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::GazetteerBuilder;
    use crate::resolve::{Scratch, TaggerOptions};

    const TABLE: &str = "code\tlabel_fr\tlabel_en\tparent\n\
        medtop:16000000\tconflit, guerre et paix\tconflict, war and peace\t\n\
        medtop:16000104\tconflit armé\tarmed conflict\tmedtop:16000000\n\
        medtop:04000000\téconomie, affaires et finance\teconomy, business and finance\t\n\
        medtop:06000000\tenvironnement\tenvironment\t\n";
    const RULES: &str = "topic\ttrigger\tweight\n\
        medtop:16000104\tguerre|guerres|offensive militaire\t2\n\
        medtop:16000104\tguerre des prix\tveto\n\
        medtop:04000000\tprix|vaccin*\t1\n\
        medtop:06000000\tentity:cop29\t3\n";

    fn run(text: &str, from: TopicsFrom) -> Vec<(String, String)> {
        let mut g = GazetteerBuilder::new();
        g.add_reader(
            "g.tsv",
            "id\ttype\tname\taliases\ncop29\tEVENT\tCOP29\t\n".as_bytes(),
        )
        .unwrap();
        let tagger = Tagger::new(g.build().unwrap(), TaggerOptions::default()).unwrap();
        let mut b = TopicModelBuilder::new("t.tsv", TABLE).unwrap();
        b.add_rules("r.tsv", RULES).unwrap();
        let model = b.build(TopicOptions {
            threshold: 0.0,
            top_k: 10,
            from,
        });
        let mut scratch = Scratch::default();
        let a = tagger.tag_with(text, &mut scratch);
        model
            .score(text, scratch.normalized(), &a, &tagger, &a.zones)
            .iter()
            .map(|s| {
                (
                    model.topics()[s.topic as usize].code.clone(),
                    evidence_string(&s.evidence, 5),
                )
            })
            .collect()
    }

    #[test]
    fn evidence_and_parents() {
        let got = run("La guerre, les guerres et la COP29.", TopicsFrom::Body);
        assert_eq!(
            got,
            [
                (
                    "medtop:16000000".to_string(),
                    "guerre×1; guerres×1".to_string()
                ),
                ("medtop:06000000".to_string(), "COP29×1".to_string()),
                (
                    "medtop:16000104".to_string(),
                    "guerre×1; guerres×1".to_string()
                ),
            ]
        );
    }

    #[test]
    fn veto_and_prefix() {
        let got = run(
            "Une guerre des prix sur les vaccinations.",
            TopicsFrom::Body,
        );
        assert_eq!(
            got,
            [(
                "medtop:04000000".to_string(),
                "prix×1; vaccinations×1".to_string()
            )]
        );
    }

    #[test]
    fn zones_decide() {
        let text = "Un texte sur la COP29.\n\nÀ lire aussi\n\nLa guerre, encore la guerre.";
        let body: Vec<String> = run(text, TopicsFrom::Body)
            .into_iter()
            .map(|t| t.0)
            .collect();
        assert_eq!(body, ["medtop:06000000"]);
        let all: Vec<String> = run(text, TopicsFrom::All)
            .into_iter()
            .map(|t| t.0)
            .collect();
        assert_eq!(all.len(), 3);
    }

    #[test]
    fn scores_are_comparable_across_lengths() {
        let short = "La guerre.";
        let long = format!("{} La guerre.", "Un mot parmi d'autres. ".repeat(200));
        let s = |text: &str| {
            let mut b = TopicModelBuilder::new("t.tsv", TABLE).unwrap();
            b.add_rules("r.tsv", RULES).unwrap();
            let model = b.build(TopicOptions::default());
            let g = GazetteerBuilder::new().build().unwrap();
            let tagger = Tagger::new(g, TaggerOptions::default()).unwrap();
            let mut scratch = Scratch::default();
            let a = tagger.tag_with(text, &mut scratch);
            model.score_all(text, scratch.normalized(), &a, &tagger, &a.zones)[0].score
        };
        assert!(
            s(short) > s(&long),
            "one mention weighs more in a short text"
        );
    }

    /// Sports words that French uses figuratively ("botter en touche",
    /// "mettre en avant") raise no sport with the embedded rules; the same
    /// words in a match do.
    #[test]
    fn figurative_sports_phrases_are_not_sport() {
        let model = TopicModel::default_model(TopicOptions::default());
        let sport = model.find("medtop:15000000").unwrap();
        let tagger = Tagger::new(
            GazetteerBuilder::new().build().unwrap(),
            TaggerOptions::default(),
        )
        .unwrap();
        let has_sport = |text: &str| {
            let mut scratch = Scratch::default();
            let a = tagger.tag_with(text, &mut scratch);
            model
                .score_all(text, scratch.normalized(), &a, &tagger, &a.zones)
                .iter()
                .any(|t| model.is_within(t.topic, sport))
        };
        for text in [
            "Interrogé sur la dette, le ministre a botté en touche.",
            "La présidente a mis en avant son bilan et refuse toute fuite en avant.",
            "Le maire entre dans la mêlée des primaires.",
        ] {
            assert!(!has_sport(text), "{text}");
        }
        assert!(has_sport(
            "Un en-avant près de la ligne, puis une mêlée et une touche."
        ));
    }

    #[test]
    fn rule_errors_name_the_line() {
        let mut b = TopicModelBuilder::new("t.tsv", TABLE).unwrap();
        let e = b
            .add_rules("r.tsv", "topic\ttrigger\tweight\nmedtop:99\tx\t1\n")
            .unwrap_err();
        assert_eq!(e.to_string(), "r.tsv:2: unknown topic `medtop:99`");
        let e = b
            .add_rules(
                "r.tsv",
                "topic\ttrigger\tweight\nmedtop:06000000\tx\tstrong\n",
            )
            .unwrap_err();
        assert!(e.to_string().starts_with("r.tsv:2: invalid weight"));
        let e = b
            .add_rules(
                "r.tsv",
                "topic\ttrigger\tweight\nmedtop:06000000\tentity:x\tveto\n",
            )
            .unwrap_err();
        assert!(e.to_string().contains("veto is only for words"));
    }
}

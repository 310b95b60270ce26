//! Zones of a scraped news page: body, breadcrumb, related teasers, boilerplate.
//!
//! Pages saved by scrapers keep a breadcrumb line ("Accueil Actu Monde Europe"),
//! "À lire aussi" / "Sélectionné pour vous" teasers of other articles, sharing and
//! cookie lines, and sometimes a trailing section name ("… des résultats. Santé").
//! [`ZoneDetector::detect`] cuts a document into byte ranges, one [`Zone`] each,
//! from a cue list (`gazetteers/zones.tsv`, embedded; extensible with
//! [`ZoneDetector::add_cues`]):
//!
//! * **breadcrumb**: one of the first two non-blank lines, when it starts with a
//!   breadcrumb cue or holds breadcrumb separators (› » > | /) between short
//!   items, has at most 10 words and no sentence punctuation;
//! * **related**: a line that is a related cue alone starts a teaser zone running
//!   to the end of the document; a line that starts with a related cue followed
//!   by text ("Lire aussi : …") is related by itself;
//! * **boilerplate**: a line that starts with a boilerplate cue and has at most
//!   12 words; and a trailing section name — at most three capitalised words after
//!   the document's last sentence end;
//! * **body**: everything else.
//!
//! Cost: one pass over the lines; the cues are compared in normalised form.

use crate::gazetteer::GazetteerError;
use crate::normalize::{fold, Normalized};
use crate::tokenize::{is_ascii_blank, TokenKind};
use rustc_hash::FxHashMap;
use std::fmt;

/// The embedded cue list.
pub const DEFAULT_CUES: &str = include_str!("../gazetteers/zones.tsv");

/// Where on the page a piece of text sits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Zone {
    Body,
    Breadcrumb,
    Related,
    Boilerplate,
}

impl Zone {
    pub fn as_str(self) -> &'static str {
        match self {
            Zone::Body => "body",
            Zone::Breadcrumb => "breadcrumb",
            Zone::Related => "related",
            Zone::Boilerplate => "boilerplate",
        }
    }

    fn parse(s: &str) -> Option<Zone> {
        [
            Zone::Body,
            Zone::Breadcrumb,
            Zone::Related,
            Zone::Boilerplate,
        ]
        .into_iter()
        .find(|z| z.as_str() == s)
    }
}

impl fmt::Display for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A byte range of a document and its zone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ZoneSpan {
    pub start: usize,
    pub end: usize,
    pub zone: Zone,
}

/// The zones of one document, covering it from start to end.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Zones {
    spans: Vec<ZoneSpan>,
}

impl Zones {
    pub fn spans(&self) -> &[ZoneSpan] {
        &self.spans
    }

    /// The zone of the byte at `at` (body when outside every span).
    pub fn zone_at(&self, at: usize) -> Zone {
        let i = self.spans.partition_point(|s| s.end <= at);
        match self.spans.get(i) {
            Some(s) if s.start <= at => s.zone,
            _ => Zone::Body,
        }
    }
}

/// Detects zones from cue lists. See the module documentation.
#[derive(Clone, Debug)]
pub struct ZoneDetector {
    /// (normalised cue without the leading space, zone)
    cues: Vec<(String, Zone)>,
    /// The number of words of the longest cue: how much of a line to read.
    max_cue_words: usize,
    /// Indices into `cues`, in order, by the cue's first word: a line can only
    /// start with a cue whose first word is its own first word.
    by_first_word: FxHashMap<String, Vec<u32>>,
}

impl Default for ZoneDetector {
    fn default() -> Self {
        let mut d = ZoneDetector {
            cues: Vec::new(),
            max_cue_words: 0,
            by_first_word: FxHashMap::default(),
        };
        d.add_cues("gazetteers/zones.tsv", DEFAULT_CUES)
            .expect("the embedded zone cues are valid");
        d
    }
}

impl ZoneDetector {
    /// A detector with no cues at all.
    pub fn empty() -> Self {
        ZoneDetector {
            cues: Vec::new(),
            max_cue_words: 0,
            by_first_word: FxHashMap::default(),
        }
    }

    /// Add cues from a file with the header `zone<TAB>cue`, one cue a line.
    pub fn add_cues(&mut self, name: &str, contents: &str) -> Result<(), GazetteerError> {
        let mut header_seen = false;
        for (i, line) in contents.lines().enumerate() {
            let err = |reason: String| GazetteerError {
                path: name.to_string(),
                line: i + 1,
                reason,
            };
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let mut fields = line.split('\t').map(str::trim);
            let (zone, cue) = (fields.next().unwrap_or(""), fields.next().unwrap_or(""));
            if !header_seen {
                if (zone, cue) != ("zone", "cue") {
                    return Err(err("expected the header `zone<TAB>cue`".into()));
                }
                header_seen = true;
                continue;
            }
            let zone = Zone::parse(zone)
                .filter(|z| *z != Zone::Body)
                .ok_or_else(|| {
                    err(format!(
                        "unknown zone `{zone}` (expected related, boilerplate or breadcrumb)"
                    ))
                })?;
            let folded = fold(cue).trim().to_string();
            if folded.is_empty() {
                return Err(err("empty cue".into()));
            }
            self.cues.push((folded, zone));
        }
        self.max_cue_words = self
            .cues
            .iter()
            .map(|(c, _)| c.split(' ').count())
            .max()
            .unwrap_or(0);
        // Longest cues first, so "lire aussi" does not hide "à lire aussi".
        self.cues
            .sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
        self.by_first_word.clear();
        for (i, (cue, _)) in self.cues.iter().enumerate() {
            let first = cue.split(' ').next().unwrap_or("");
            self.by_first_word
                .entry(first.to_string())
                .or_default()
                .push(i as u32);
        }
        Ok(())
    }

    /// The cues that may start the normalised line: those of its first word.
    /// Cost: one hash look-up; most lines have none.
    fn line_cues<'a>(&'a self, folded_line: &'a str) -> LineCues<'a> {
        let line = folded_line.trim();
        let first = line.split(' ').next().unwrap_or("");
        let candidates = self.by_first_word.get(first).map_or(&[][..], Vec::as_slice);
        LineCues {
            detector: self,
            line,
            candidates,
        }
    }

    /// Cut `text` into zones.
    pub fn detect(&self, text: &str) -> Zones {
        self.detect_normalized(text, &crate::normalize::normalize(text))
    }

    /// Cut `text` into zones, reading the cues off `norm`, the normalised form
    /// of `text`. Cost: one pass over the lines and tokens, no allocation per line.
    pub fn detect_normalized(&self, text: &str, norm: &Normalized) -> Zones {
        let mut spans: Vec<ZoneSpan> = Vec::new();
        let mut push = |start: usize, end: usize, zone: Zone| {
            if start >= end {
                return;
            }
            if let Some(last) = spans.last_mut() {
                if last.zone == zone && last.end == start {
                    last.end = end;
                    return;
                }
            }
            spans.push(ZoneSpan { start, end, zone });
        };
        let prefix_words = self.max_cue_words + 1;
        let mut cursor = 0;
        let mut non_blank = 0;
        let mut in_related = false;
        // After a boilerplate heading ("Partager cet article :"), the short
        // lines of its list ("Courriel ,", "Facebook ,", "Google ,").
        let mut in_boilerplate_list = false;
        // The lines, each with its newline (memchr: SIMD, unlike str's search).
        // Each with whether it is blank.
        let mut lines: Vec<(usize, &str, bool)> = Vec::new();
        let mut offset = 0;
        for newline in memchr::memchr_iter(b'\n', text.as_bytes()) {
            let line = &text[offset..=newline];
            lines.push((offset, line, is_blank(line)));
            offset = newline + 1;
        }
        if offset < text.len() {
            let line = &text[offset..];
            lines.push((offset, line, is_blank(line)));
        }
        let last_content = lines.iter().rposition(|&(_, _, blank)| !blank);
        for (index, &(start, line, blank)) in lines.iter().enumerate() {
            let end = start + line.len();
            if blank {
                in_boilerplate_list = false;
                push(
                    start,
                    end,
                    if in_related {
                        Zone::Related
                    } else {
                        Zone::Body
                    },
                );
                continue;
            }
            non_blank += 1;
            if in_boilerplate_list {
                if count_words(line, 4) <= 3 {
                    push(start, end, Zone::Boilerplate);
                    continue;
                }
                in_boilerplate_list = false;
            }
            // Cues are matched at the start of a line: take as many tokens as
            // the longest cue has words, plus one to tell "cue alone" from "cue + text".
            let tokens = norm.tokens();
            cursor += tokens[cursor..].partition_point(|t| t.end() <= start);
            let mut folded = "";
            let mut taken = 0;
            let mut first = None;
            for (i, t) in tokens.iter().enumerate().skip(cursor) {
                if t.start() >= end || taken == prefix_words {
                    break;
                }
                if t.kind == TokenKind::Space {
                    continue;
                }
                let first = *first.get_or_insert(norm.token_norm_range(i).0);
                folded = &norm.as_str()[first..norm.token_norm_range(i).1];
                taken += 1;
            }
            let cues = self.line_cues(folded);
            if let Some(alone) = cues.of(Zone::Related) {
                if alone {
                    in_related = true;
                }
                push(start, end, Zone::Related);
                continue;
            }
            if cues.of(Zone::Boilerplate).is_some() && count_words(line, 13) <= 12 {
                in_boilerplate_list = line.trim_end().ends_with(':');
                push(start, end, Zone::Boilerplate);
                continue;
            }
            if non_blank <= 2 && !in_related && self.is_breadcrumb(line, &cues) {
                push(start, end, Zone::Breadcrumb);
                continue;
            }
            let zone = if in_related {
                Zone::Related
            } else {
                Zone::Body
            };
            if Some(index) == last_content {
                if let Some(tail) = trailing_section_name(line) {
                    push(start, start + tail, zone);
                    push(start + tail, end, Zone::Boilerplate);
                    continue;
                }
            }
            push(start, end, zone);
        }
        Zones { spans }
    }

    fn is_breadcrumb(&self, line: &str, cues: &LineCues) -> bool {
        // Not a sentence, and at most ten words: stop counting at the
        // eleventh (a body paragraph is often the first line).
        if line.trim_end().ends_with(['.', '!', '?', ':', ';', ',']) {
            return false;
        }
        let words = count_words(line, 11);
        if words > 10 {
            return false;
        }
        let separators = line
            .chars()
            .filter(|c| matches!(c, '›' | '»' | '>' | '|' | '/' | '→'))
            .count();
        separators >= 1 || cues.of(Zone::Breadcrumb).is_some() && words >= 2
    }
}

/// The cues a line may start with (see [`ZoneDetector::line_cues`]).
struct LineCues<'a> {
    detector: &'a ZoneDetector,
    line: &'a str,
    candidates: &'a [u32],
}

impl LineCues<'_> {
    /// The cue of `zone` that the line starts with, and whether the line is
    /// that cue alone (ignoring a trailing ':').
    fn of(&self, zone: Zone) -> Option<bool> {
        for &i in self.candidates {
            let (cue, z) = &self.detector.cues[i as usize];
            if *z != zone {
                continue;
            }
            if let Some(rest) = self.line.strip_prefix(cue.as_str()) {
                if rest.is_empty() || rest.starts_with(' ') {
                    let rest = rest.trim();
                    return Some(rest.is_empty() || rest == ":");
                }
            }
        }
        None
    }
}

/// The number of words of `line` (as `split_whitespace` cuts them), up to
/// `max`: a byte at a time, decoding only the non-ASCII characters.
fn count_words(line: &str, max: usize) -> usize {
    let (mut words, mut in_word, mut i) = (0, false, 0);
    let bytes = line.as_bytes();
    while i < bytes.len() && words < max {
        let (blank, len) = match bytes[i] {
            b if b.is_ascii() => (is_ascii_blank(b), 1),
            _ => {
                let c = line[i..].chars().next().expect("at a character boundary");
                (c.is_whitespace(), c.len_utf8())
            }
        };
        if !blank && !in_word {
            words += 1;
        }
        in_word = !blank;
        i += len;
    }
    words
}

/// Is `line` white space only? Decided at its first byte for most lines.
fn is_blank(line: &str) -> bool {
    for &b in line.as_bytes() {
        if !b.is_ascii() {
            return line.trim().is_empty();
        }
        if !is_ascii_blank(b) {
            return false;
        }
    }
    true
}

/// A trailing section name: up to three capitalised words after the last
/// sentence end of the line, with no punctuation of their own. Returns where
/// it starts (byte offset in `line`, before the space that precedes it).
fn trailing_section_name(line: &str) -> Option<usize> {
    let trimmed = line.trim_end();
    let (at, mark) = trimmed
        .char_indices()
        .rev()
        .find(|&(_, c)| matches!(c, '.' | '!' | '?' | '…' | '»' | '"'))?;
    let cut = at + mark.len_utf8();
    let tail = &trimmed[cut..];
    // Four words are enough to tell: at most three make a section name.
    let words: Vec<&str> = tail.split_whitespace().take(4).collect();
    let capitalised = |w: &&str| w.chars().next().is_some_and(char::is_uppercase);
    let plain = |w: &&str| {
        w.chars()
            .all(|c| c.is_alphabetic() || c == '-' || c == '\'' || c == '’')
    };
    if (1..=3).contains(&words.len()) && words.iter().all(|w| capitalised(w) && plain(w)) {
        let leading = tail.len() - tail.trim_start().len();
        Some(cut + leading)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {

    proptest::proptest! {
        #[test]
        fn words_counted_as_split_whitespace_cuts_them(line in "[a-zé ,.\t\n\r\u{1c}\u{85}\u{b}\u{c}\u{a0}\u{202f}\u{2009}\u{3000}»›]{0,40}", max in 0usize..14) {
            proptest::prop_assert_eq!(count_words(&line, max), line.split_whitespace().take(max).count());
            proptest::prop_assert_eq!(is_blank(&line), line.trim().is_empty());
        }
    }
    use super::*;

    fn zones(text: &str) -> Vec<(&str, Zone)> {
        ZoneDetector::default()
            .detect(text)
            .spans()
            .iter()
            .map(|s| (text[s.start..s.end].trim(), s.zone))
            .filter(|(t, _)| !t.is_empty())
            .collect()
    }

    #[test]
    fn scraped_page() {
        let text = "Accueil Actu Monde Europe\n\nTitre de l'article\n\nLe corps du texte.\n\nPartager sur Facebook\n\nÀ lire aussi\n\nUn autre article\n\nSon texte. Santé";
        assert_eq!(
            zones(text),
            [
                ("Accueil Actu Monde Europe", Zone::Breadcrumb),
                ("Titre de l'article\n\nLe corps du texte.", Zone::Body),
                ("Partager sur Facebook", Zone::Boilerplate),
                (
                    "À lire aussi\n\nUn autre article\n\nSon texte.",
                    Zone::Related
                ),
                ("Santé", Zone::Boilerplate),
            ]
        );
    }

    #[test]
    fn share_list_after_a_heading() {
        let text = "Le texte.\n\nPartager cet article :\nCourriel ,\nGoogle ,\nYahoo!\n\nLa suite.\nPartager sur X\nUne suite courte\n";
        assert_eq!(
            zones(text),
            [
                ("Le texte.", Zone::Body),
                (
                    "Partager cet article :\nCourriel ,\nGoogle ,\nYahoo!",
                    Zone::Boilerplate
                ),
                ("La suite.", Zone::Body),
                ("Partager sur X", Zone::Boilerplate),
                ("Une suite courte", Zone::Body),
            ]
        );
    }

    #[test]
    fn inline_teaser_and_separators() {
        let text = "International › Europe › Russie\nLe texte.\nLire aussi : Un autre sujet\nLa suite du texte.";
        assert_eq!(
            zones(text),
            [
                ("International › Europe › Russie", Zone::Breadcrumb),
                ("Le texte.", Zone::Body),
                ("Lire aussi : Un autre sujet", Zone::Related),
                ("La suite du texte.", Zone::Body),
            ]
        );
    }

    #[test]
    fn plain_text_is_body() {
        let text = "Accueillir des réfugiés est un devoir, dit-il.\nLa fin.";
        assert_eq!(zones(text), [(text, Zone::Body)]);
        let z = ZoneDetector::default().detect(text);
        assert_eq!(z.zone_at(3), Zone::Body);
    }

    #[test]
    fn bad_cue_file() {
        let mut d = ZoneDetector::empty();
        let e = d
            .add_cues("z.tsv", "zone\tcue\nteaser\tlire\n")
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "z.tsv:2: unknown zone `teaser` (expected related, boilerplate or breadcrumb)"
        );
    }
}

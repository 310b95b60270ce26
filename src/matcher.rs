//! Finding alias occurrences with an Aho-Corasick automaton.
//!
//! Every alias is normalised (see [`crate::normalize`]) into a pattern that starts
//! with a space, so the automaton only reports occurrences that start on a token
//! start; an occurrence counts when it is followed by a space or the end of the
//! text, i.e. when it ends on a token end. "Poutinesque" never yields "Poutine",
//! while "l'Azerbaïdjan" and the parts of "anti-Poutine" do yield their names.
//!
//! Aliases with the same normalised form share one pattern; the pattern keeps the
//! list of aliases behind it. Overlapping search reports every pattern at every
//! token start, so nested and overlapping names are all seen and resolution can
//! choose among them. Cost: one pass of the automaton over the normalised text,
//! plus work proportional to the number of occurrences found.

use crate::gazetteer::{AliasKind, Gazetteer};
use crate::normalize::{fold, Normalized};
use crate::tokenize::{is_hyphen, is_word_char};
use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use rustc_hash::FxHashMap as HashMap;
use unicode_normalization::char::is_combining_mark;

/// Up to this many bytes of patterns, the automaton is a DFA.
const DFA_MAX_PATTERN_BYTES: usize = 500_000;

/// An alias occurrence in the original text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Occurrence {
    pub byte_start: usize,
    pub byte_end: usize,
    /// Index into [`Gazetteer::aliases`].
    pub alias: u32,
}

/// The automaton over a gazetteer's aliases.
#[derive(Clone, Debug)]
pub struct Matcher {
    automaton: AhoCorasick,
    /// For each pattern, the range of `aliases` that share it.
    pattern_aliases: Vec<(u32, u32)>,
    aliases: Vec<u32>,
}

/// The automaton could not be built (for example, it would be too large).
#[derive(Debug, thiserror::Error)]
#[error("cannot build the matching automaton: {0}")]
pub struct BuildError(#[from] aho_corasick::BuildError);

impl Matcher {
    /// Build the automaton for every alias of `gazetteer`.
    /// Cost: linear in the total length of the aliases.
    pub fn new(gazetteer: &Gazetteer) -> Result<Matcher, BuildError> {
        let mut by_pattern: HashMap<String, Vec<u32>> = HashMap::default();
        let mut order: Vec<String> = Vec::new();
        for (i, alias) in gazetteer.aliases().iter().enumerate() {
            let pattern = fold(&alias.surface);
            match by_pattern.get_mut(&pattern) {
                Some(list) => list.push(i as u32),
                None => {
                    order.push(pattern.clone());
                    by_pattern.insert(pattern, vec![i as u32]);
                }
            }
        }
        let mut pattern_aliases = Vec::with_capacity(order.len());
        let mut aliases = Vec::with_capacity(gazetteer.aliases().len());
        for pattern in &order {
            let list = &by_pattern[pattern];
            let start = aliases.len() as u32;
            aliases.extend_from_slice(list);
            pattern_aliases.push((start, aliases.len() as u32));
        }
        // A DFA scans fastest (one table lookup per byte) but its size grows
        // with the number of states times the alphabet: use it for gazetteers
        // of the default pack's size, and let the crate choose (a contiguous
        // NFA) for large ones.
        let total_len: usize = order.iter().map(String::len).sum();
        let kind = (total_len <= DFA_MAX_PATTERN_BYTES).then_some(AhoCorasickKind::DFA);
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .kind(kind)
            .byte_classes(true)
            .build(&order)?;
        Ok(Matcher {
            automaton,
            pattern_aliases,
            aliases,
        })
    }

    /// Number of distinct patterns.
    pub fn pattern_count(&self) -> usize {
        self.pattern_aliases.len()
    }

    /// Heap memory used by the automaton, in bytes.
    pub fn memory_usage(&self) -> usize {
        self.automaton.memory_usage()
    }

    /// Append to `out` every occurrence of an alias in `text` that starts and
    /// ends on token boundaries and passes the alias's case guard. Combining
    /// forms ("russo-") are kept only when a hyphen and a word follow them.
    /// `norm` must be the normalised form of `text`.
    pub fn find(
        &self,
        gazetteer: &Gazetteer,
        text: &str,
        norm: &Normalized,
        out: &mut Vec<Occurrence>,
    ) {
        let haystack = norm.as_str();
        let bytes = haystack.as_bytes();
        for m in self.automaton.find_overlapping_iter(haystack) {
            let end = m.end();
            if end < bytes.len() && bytes[end] != b' ' {
                continue;
            }
            let (byte_start, byte_end) = norm.original_range(m.start() + 1, end);
            if crosses_blank_line(&text[byte_start..byte_end]) {
                continue; // A name does not run across paragraphs.
            }
            let (from, to) = self.pattern_aliases[m.pattern().as_usize()];
            for &alias_index in &self.aliases[from as usize..to as usize] {
                let alias = &gazetteer.aliases()[alias_index as usize];
                let surface = &text[byte_start..byte_end];
                if alias.case_sensitive && !case_matches(&alias.surface, surface) {
                    continue;
                }
                if alias.kind == AliasKind::Combining && !starts_compound_part(text, byte_end) {
                    continue;
                }
                out.push(Occurrence {
                    byte_start,
                    byte_end,
                    alias: alias_index,
                });
            }
        }
    }
}

/// True when `s` holds an empty line (a paragraph break).
fn crosses_blank_line(s: &str) -> bool {
    if memchr::memchr(b'\n', s.as_bytes()).is_none() {
        return false; // The usual case, without decoding characters.
    }
    let mut newline_seen = false;
    for c in s.chars() {
        if c == '\n' {
            if newline_seen {
                return true;
            }
            newline_seen = true;
        } else if !c.is_whitespace() {
            newline_seen = false;
        }
    }
    false
}

/// True when `text[at..]` is a hyphen followed by a word character.
fn starts_compound_part(text: &str, at: usize) -> bool {
    let mut chars = text[at..].chars();
    matches!(chars.next(), Some(h) if is_hyphen(h)) && chars.next().is_some_and(is_word_char)
}

/// Case flags of the letters of `s`, accents aside; ligatures count as two
/// letters, the second never upper case. Cost: one pass, with no table
/// look-up for ASCII characters.
fn case_flags(s: &str) -> CaseFlags<'_> {
    CaseFlags {
        chars: s.chars(),
        pending: false,
    }
}

/// Iterator returned by [`case_flags`].
struct CaseFlags<'a> {
    chars: std::str::Chars<'a>,
    /// The second letter of a ligature is still to come.
    pending: bool,
}

impl Iterator for CaseFlags<'_> {
    type Item = bool;

    #[inline]
    fn next(&mut self) -> Option<bool> {
        if std::mem::take(&mut self.pending) {
            return Some(false);
        }
        loop {
            let c = self.chars.next()?;
            if c.is_ascii() {
                if c.is_ascii_alphabetic() {
                    return Some(c.is_ascii_uppercase());
                }
            } else if is_latin_letter(c) || c.is_alphabetic() && !is_combining_mark(c) {
                self.pending = matches!(c, 'œ' | 'Œ' | 'æ' | 'Æ' | 'ß');
                return Some(c.is_uppercase());
            }
        }
    }
}

/// True for the letters of U+00C0..U+024F (all but × and ÷): alphabetic and
/// not combining marks, known without a table search.
#[inline]
fn is_latin_letter(c: char) -> bool {
    ('\u{C0}'..='\u{24F}').contains(&c) && c != '\u{D7}' && c != '\u{F7}'
}

/// The case guard: does `text` (an occurrence) carry the capitalisation of
/// `alias`? Accents are ignored; text in capitals only (a headline) always
/// passes; a first letter that is lower case in the alias may be upper case in
/// the text (sentence start: "De Gaulle" for "de Gaulle"), never the reverse,
/// unless the alias has no capital at all ("marseillaise" is not "Marseillaise").
pub fn case_matches(alias: &str, text: &str) -> bool {
    if alias.is_ascii() && text.is_ascii() {
        return case_matches_ascii(alias.as_bytes(), text.as_bytes());
    }
    case_matches_unicode(alias, text)
}

/// [`case_matches`] for ASCII strings, on bytes: for ASCII characters the
/// Unicode case and letter properties are the ASCII ones, and none is a
/// combining mark or a ligature.
fn case_matches_ascii(alias: &[u8], text: &[u8]) -> bool {
    let has_lower = text.iter().any(u8::is_ascii_lowercase);
    let has_upper = text.iter().any(u8::is_ascii_uppercase);
    if has_upper && !has_lower {
        let alias_in_capitals = !alias.iter().any(u8::is_ascii_lowercase);
        let letters = text.iter().filter(|b| b.is_ascii_alphabetic()).count();
        return alias_in_capitals || letters >= 4;
    }
    let sentence_start_allowed = alias.iter().any(u8::is_ascii_uppercase);
    fn letters(s: &[u8]) -> impl Iterator<Item = bool> + '_ {
        s.iter()
            .filter(|b| b.is_ascii_alphabetic())
            .map(u8::is_ascii_uppercase)
    }
    let (mut a, mut t) = (letters(alias), letters(text));
    let mut first = true;
    loop {
        match (a.next(), t.next()) {
            (None, None) => return true,
            (Some(x), Some(y)) => {
                if x != y && !(first && sentence_start_allowed && !x && y) {
                    return false;
                }
            }
            _ => return false,
        }
        first = false;
    }
}

fn case_matches_unicode(alias: &str, text: &str) -> bool {
    // Text in capitals ("BAKOU" in a headline) passes, but a short one ("OMS")
    // only for an alias in capitals: it is an acronym, not a shouted "Oms".
    let has_lower = text.chars().any(char::is_lowercase);
    let has_upper = text.chars().any(char::is_uppercase);
    if has_upper && !has_lower {
        let alias_in_capitals = !alias.chars().any(char::is_lowercase);
        let letters = text.chars().filter(|c| c.is_alphabetic()).count();
        return alias_in_capitals || letters >= 4;
    }
    // An alias in lower case only ("marseillaise") must be in lower case.
    let sentence_start_allowed = alias.chars().any(char::is_uppercase);
    let mut a = case_flags(alias);
    let mut t = case_flags(text);
    let mut first = true;
    loop {
        match (a.next(), t.next()) {
            (None, None) => return true,
            (Some(x), Some(y)) => {
                if x != y && !(first && sentence_start_allowed && !x && y) {
                    return false;
                }
            }
            _ => return false,
        }
        first = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::GazetteerBuilder;
    use crate::normalize::normalize;

    #[test]
    fn latin_letters_as_unicode_says() {
        for u in 0xC0..=0x24F {
            let c = char::from_u32(u).unwrap();
            assert_eq!(
                is_latin_letter(c),
                c.is_alphabetic() && !is_combining_mark(c),
                "{c:?}"
            );
        }
    }

    /// The ASCII path decides as the general one, on every pair of short
    /// ASCII strings made of a few letter shapes.
    #[test]
    fn case_guard_ascii_as_unicode() {
        let pieces = [
            "", "a", "A", "b", "B", "-", " ", "1", "ab", "AB", "Ab", "aB",
        ];
        let mut strings = Vec::new();
        for x in pieces {
            for y in pieces {
                for z in ["", "c", "C", "dE"] {
                    strings.push(format!("{x}{y}{z}"));
                }
            }
        }
        for alias in &strings {
            for text in &strings {
                assert_eq!(
                    case_matches_ascii(alias.as_bytes(), text.as_bytes()),
                    case_matches_unicode(alias, text),
                    "{alias:?} vs {text:?}"
                );
            }
        }
    }

    #[test]
    fn case_guard_table() {
        let cases = [
            ("Poutine", "Poutine", true),
            ("Poutine", "poutine", false),
            ("Poutine", "POUTINE", true),
            ("Oms", "OMS", false),
            ("OMS", "OMS", true),
            ("Poutine", "PouTine", false),
            ("États-Unis", "Etats-Unis", true),
            ("ISSeP", "ISSeP", true),
            ("ISSeP", "Issep", false),
            ("ISSeP", "ISSEP", true),
            ("de Gaulle", "De Gaulle", true),
            ("de Gaulle", "de Gaulle", true),
            ("Nice", "nice", false),
            ("Œuvre", "Œuvre", true),
            ("marseillaise", "Marseillaise", false),
            ("marseillaise", "MARSEILLAISE", true),
        ];
        for (alias, text, expected) in cases {
            assert_eq!(case_matches(alias, text), expected, "{alias} vs {text}");
        }
    }

    /// (gazetteer rows, text, expected occurrences as text slices)
    #[test]
    fn boundaries_table() {
        let rows = "id\ttype\tname\taliases\trefers_to\n\
            poutine\tPER\tVladimir Poutine\tPoutine\t\n\
            az\tLOC\tAzerbaïdjan\t\t\n\
            erevan\tLOC\tErevan\t\t\n\
            aliev\tPER\tIlham Aliev\tAliev\t\n\
            hk\tLOC\tHaut-Karabakh\t\t\n\
            nice\tLOC\tNice\t\t\n\
            cop29\tEVENT\tCOP29\tCOP 29\t\n\
            civ\tLOC\tCôte d'Ivoire\t\t\n\
            dem:ru\tDEM\trusse\trusses|russo-\tru\n\
            ru\tLOC\tRussie\t\t\n";
        let mut b = GazetteerBuilder::new();
        b.add_reader("t.tsv", rows.as_bytes()).unwrap();
        let g = b.build().unwrap();
        let m = Matcher::new(&g).unwrap();
        let cases: &[(&str, &[&str])] = &[
            ("Poutinesque et Poutine.", &["Poutine"]),
            ("la poutine québécoise", &[]),
            (
                "l'Azerbaïdjan, d'Erevan, qu'Aliev",
                &["Azerbaïdjan", "Erevan", "Aliev"],
            ),
            ("L’AZERBAÏDJAN", &["AZERBAÏDJAN"]),
            (
                "le Haut Karabakh et le Haut‑Karabakh",
                &["Haut Karabakh", "Haut‑Karabakh"],
            ),
            ("anti-Poutine", &["Poutine"]),
            ("Nice et nice", &["Nice"]),
            ("la COP29, la COP 29, la COP290", &["COP29", "COP 29"]),
            ("en Côte d’Ivoire", &["Côte d’Ivoire"]),
            (
                "russo-azerbaïdjanaises, russo et russes",
                &["russo", "russes"],
            ),
            ("Azerbaïdjanais", &[]),
        ];
        for (text, expected) in cases {
            let norm = normalize(text);
            let mut out = Vec::new();
            m.find(&g, text, &norm, &mut out);
            let found: Vec<&str> = out
                .iter()
                .map(|o| &text[o.byte_start..o.byte_end])
                .collect();
            assert_eq!(&found, expected, "text: {text:?}");
        }
    }
}

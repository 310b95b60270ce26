//! Finding alias occurrences: a hash table of the aliases' words feeding a
//! trie of word sequences.
//!
//! Every alias is normalised (see [`crate::normalize`]) into a sequence of words
//! (` haut karabakh` is `haut`, `karabakh`). The normalised text is the same:
//! words separated by one space. Matching has two steps:
//!
//! 1. **Words.** Each word of the normalised text (the normaliser records
//!    where they start, [`Normalized::words`]) is looked up, whole, in the
//!    vocabulary (the distinct words of all aliases), which gives its id and
//!    whether a name starts or goes on with it. Only
//!    whole words are looked up, so "Poutinesque" never yields "Poutine", while
//!    "l'Azerbaïdjan" and the parts of "anti-Poutine" do yield their names.
//! 2. **Sequences.** From each word found, a walk in a trie keyed by word ids
//!    follows the next words of the text while they are adjacent and have an
//!    edge; every node that ends an alias reports an occurrence. So nested and
//!    overlapping names are all seen ("Union européenne" and "Union") and
//!    resolution chooses among them.
//!
//! Why not an Aho-Corasick automaton: matches must start and end on word
//! boundaries, so every look-up is of one whole word, which is what a hash
//! table does best. Measured on the default pack (96,000 distinct words) with
//! callgrind: building an Aho-Corasick automaton of the words (leftmost-longest,
//! anchored) costs 870 M instructions, more than loading the whole gazetteer,
//! and looking words up with it 85 M instructions more per 2 MB of text than
//! the hash table; an automaton of the whole aliases (the previous design)
//! took 8.6 s and 916 MB to build for 1,000,000 aliases. Aho-Corasick stays in
//! use where patterns are phrases found anywhere: the topic triggers.
//!
//! Aliases with the same normalised form share one trie node; the node keeps the
//! list of aliases behind it. Cost: one look-up in the word table
//! (`src/wordmap.rs`) per word of the text, one array read per word that
//! starts a name and one hash look-up per step that continues it, plus work
//! proportional to the occurrences found. Memory: 50 to 100 bytes per distinct
//! word (the table is kept at most half full) and 16 per trie edge (one per
//! word of each distinct alias, less the shared prefixes).

use crate::gazetteer::{AliasKind, EntityType, Gazetteer};
use crate::normalize::{fold, Normalized};
use crate::tokenize::{is_apostrophe, is_hyphen, is_word_char, leading_word};
use crate::wordmap::WordMap;
use rustc_hash::FxHashMap as HashMap;
use unicode_normalization::char::is_combining_mark;

/// No alias ends at this trie node.
const NO_PATTERN: u32 = u32::MAX;

/// No such trie node.
const NO_NODE: u32 = u32::MAX;

/// In a vocabulary value, beside the word id: the word starts some alias.
const STARTS: u32 = 1 << 31;
/// In a vocabulary value, beside the word id: the word comes second or
/// later in some alias.
const CONTINUES: u32 = 1 << 30;
/// The word id of a vocabulary value.
const ID: u32 = CONTINUES - 1;

/// An alias occurrence in the original text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Occurrence {
    pub byte_start: usize,
    pub byte_end: usize,
    /// Index into [`Gazetteer::aliases`].
    pub alias: u32,
}

/// The vocabulary and the trie over a gazetteer's aliases.
#[derive(Clone, Debug)]
pub struct Matcher {
    /// Every distinct word of the aliases, with its id (ids count from 0) and
    /// the flags [`STARTS`] and [`CONTINUES`]: the look-up of a word of the
    /// text tells whether a walk may start or go on there, without another
    /// memory access.
    vocabulary: WordMap<u32>,
    /// The root's children, by word id ([`NO_NODE`] for a word that starts
    /// no alias): the first step of every walk is an array read.
    root: Vec<u32>,
    /// The other trie edges: `(node << 32) | word` → child node. The root is
    /// node 0.
    edges: HashMap<u64, u32>,
    /// For each trie node, the pattern (distinct normalised alias) ending
    /// there, or [`NO_PATTERN`].
    node_pattern: Vec<u32>,
    /// For each pattern, the range of `aliases` that share it.
    pattern_aliases: Vec<(u32, u32)>,
    aliases: Vec<u32>,
}

/// The matcher could not be built: the gazetteer has more words or trie
/// nodes than 32-bit ids can number.
#[derive(Debug, thiserror::Error)]
#[error("cannot build the matcher: the gazetteer has more than {} distinct words or name prefixes", u32::MAX - 1)]
pub struct BuildError;

/// A word of the text that the vocabulary holds: its byte range in the
/// normalised text and its vocabulary value (id and flags).
#[derive(Clone, Copy, Debug)]
struct Word {
    start: u32,
    end: u32,
    id: u32,
}

impl Matcher {
    /// Build the vocabulary and the trie for every alias of `gazetteer`.
    /// Cost: linear in the total length of the aliases (one fold and one hash
    /// look-up per word of each alias).
    pub fn new(gazetteer: &Gazetteer) -> Result<Matcher, BuildError> {
        Matcher::with_words(gazetteer, [])
    }

    /// [`Matcher::new`], with `words` (folded, as [`fold`] gives them) added
    /// to the vocabulary though no alias holds them: [`Matcher::find_with`]
    /// then reports them too, with their [`Matcher::word_id`], so that a
    /// later stage keyed by word (the name rules' cue lists) needs no look-up
    /// of its own. They start and continue no name. Words with a space never
    /// match one word of a text and are left out.
    pub fn with_words<'w>(
        gazetteer: &Gazetteer,
        words: impl IntoIterator<Item = &'w str>,
    ) -> Result<Matcher, BuildError> {
        // Sized for about two words per alias, so the tables are not rehashed
        // as they grow (a tenth of the build time with a million aliases).
        let n = gazetteer.aliases().len();
        let mut vocabulary = WordMap::with_capacity(n / 2);
        let mut edges: HashMap<u64, u32> =
            HashMap::with_capacity_and_hasher(2 * n, Default::default());
        let mut node_pattern: Vec<u32> = Vec::with_capacity(2 * n);
        node_pattern.push(NO_PATTERN);
        let mut by_pattern: Vec<Vec<u32>> = Vec::with_capacity(n);
        for (i, alias) in gazetteer.aliases().iter().enumerate() {
            let folded = fold(&alias.surface);
            let mut node = 0u32;
            let mut any = false;
            for word in folded.split(' ').filter(|w| !w.is_empty()) {
                any = true;
                let id = match vocabulary.get(word) {
                    Some(id) => id,
                    None => {
                        let id = u32::try_from(vocabulary.len())
                            .ok()
                            .filter(|&id| id <= ID)
                            .ok_or(BuildError)?;
                        vocabulary.insert(word, id);
                        id
                    }
                };
                let key = (u64::from(node) << 32) | u64::from(id);
                node = match edges.get(&key) {
                    Some(&child) => child,
                    None => {
                        let child = u32::try_from(node_pattern.len())
                            .ok()
                            .filter(|&n| n != NO_NODE)
                            .ok_or(BuildError)?;
                        node_pattern.push(NO_PATTERN);
                        edges.insert(key, child);
                        child
                    }
                };
            }
            if !any {
                continue; // An alias that folds to nothing never matches.
            }
            let pattern = &mut node_pattern[node as usize];
            if *pattern == NO_PATTERN {
                *pattern = by_pattern.len() as u32;
                by_pattern.push(Vec::new());
            }
            by_pattern[*pattern as usize].push(i as u32);
        }
        for word in words {
            if !word.is_empty() && !word.contains(' ') && vocabulary.get(word).is_none() {
                let id = u32::try_from(vocabulary.len())
                    .ok()
                    .filter(|&id| id <= ID)
                    .ok_or(BuildError)?;
                vocabulary.insert(word, id);
            }
        }
        // The root's edges move to an array; the others record which words
        // continue a name.
        let mut root = vec![NO_NODE; vocabulary.len()];
        let mut continues = vec![false; vocabulary.len()];
        edges.retain(|&key, &mut child| {
            let (node, word) = ((key >> 32) as u32, key as u32 as usize);
            if node == 0 {
                root[word] = child;
            } else {
                continues[word] = true;
            }
            node != 0
        });
        vocabulary.map_values(|id| {
            let starts = if root[id as usize] != NO_NODE {
                STARTS
            } else {
                0
            };
            let goes_on = if continues[id as usize] { CONTINUES } else { 0 };
            id | starts | goes_on
        });
        edges.shrink_to_fit();
        vocabulary.shrink_to_fit();
        let mut pattern_aliases = Vec::with_capacity(by_pattern.len());
        let mut aliases = Vec::with_capacity(gazetteer.aliases().len());
        for list in &by_pattern {
            let start = aliases.len() as u32;
            aliases.extend_from_slice(list);
            pattern_aliases.push((start, aliases.len() as u32));
        }
        Ok(Matcher {
            vocabulary,
            root,
            edges,
            node_pattern,
            pattern_aliases,
            aliases,
        })
    }

    /// Number of distinct patterns (normalised aliases).
    pub fn pattern_count(&self) -> usize {
        self.pattern_aliases.len()
    }

    /// Heap memory used by the vocabulary and the trie, in bytes (hash
    /// tables counted at their capacity).
    pub fn memory_usage(&self) -> usize {
        self.vocabulary.memory_usage()
            + self.root.capacity() * 4
            + self.edges.capacity() * (std::mem::size_of::<(u64, u32)>() + 1)
            + self.node_pattern.capacity() * 4
            + self.pattern_aliases.capacity() * 8
            + self.aliases.capacity() * 4
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
        WORDS.with(|buffer| self.find_with(gazetteer, text, norm, &mut buffer.borrow_mut(), out));
    }

    /// [`Matcher::find`], leaving in `known` the words of the text that the
    /// vocabulary holds (reuse it across documents: it is cleared first).
    pub fn find_with(
        &self,
        gazetteer: &Gazetteer,
        text: &str,
        norm: &Normalized,
        known: &mut KnownWords,
        out: &mut Vec<Occurrence>,
    ) {
        let haystack = norm.as_str();
        let found = &mut known.words;
        found.clear();
        for (start, end) in norm.words() {
            if let Some(id) = self.vocabulary.get(&haystack[start..end]) {
                found.push(Word {
                    start: start as u32,
                    end: end as u32,
                    id,
                });
            }
        }
        for (i, first) in found.iter().enumerate() {
            if first.id & STARTS == 0 {
                continue;
            }
            let mut node = self.root[(first.id & ID) as usize];
            for (k, word) in found[i..].iter().enumerate() {
                if k > 0 {
                    if word.start != found[i + k - 1].end + 1 || word.id & CONTINUES == 0 {
                        break; // Not the next word of the text, or no alias goes on with it.
                    }
                    let key = (u64::from(node) << 32) | u64::from(word.id & ID);
                    let Some(&child) = self.edges.get(&key) else {
                        break;
                    };
                    node = child;
                }
                let pattern = self.node_pattern[node as usize];
                if pattern != NO_PATTERN {
                    self.report(
                        gazetteer,
                        text,
                        norm,
                        pattern,
                        first.start as usize,
                        word.end as usize,
                        out,
                    );
                }
            }
        }
    }

    /// The id of a folded word in the vocabulary: a number below
    /// [`Matcher::vocabulary_len`].
    pub fn word_id(&self, word: &str) -> Option<u32> {
        self.vocabulary.get(word).map(|value| value & ID)
    }

    /// Number of distinct words in the vocabulary.
    pub fn vocabulary_len(&self) -> usize {
        self.root.len()
    }

    /// Report the aliases of `pattern`, found at normalised bytes `start..end`.
    #[allow(clippy::too_many_arguments)]
    fn report(
        &self,
        gazetteer: &Gazetteer,
        text: &str,
        norm: &Normalized,
        pattern: u32,
        start: usize,
        end: usize,
        out: &mut Vec<Occurrence>,
    ) {
        let (byte_start, byte_end) = norm.original_range(start, end);
        if crosses_blank_line(&text[byte_start..byte_end]) {
            return; // A name does not run across paragraphs.
        }
        let (from, to) = self.pattern_aliases[pattern as usize];
        for &alias_index in &self.aliases[from as usize..to as usize] {
            let alias = &gazetteer.aliases()[alias_index as usize];
            let surface = &text[byte_start..byte_end];
            // A lower-case article before the name is not part of it; the
            // guards compare the name without it. Not for a place named by
            // common words, which the case guard keeps from firing on them
            // ("la Tour", "l'Union" are not the communes La Tour and L'Union).
            // (The entity's type is read only then: with a large gazetteer,
            // reading it for every occurrence costs a cache miss each.)
            let mut article = lower_case_article_len(&alias.surface, surface);
            if article > 0
                && alias.case_sensitive
                && gazetteer.entity(alias.entity).etype == EntityType::Loc
            {
                article = 0;
            }
            let (name, written) = if article > 0 {
                (alias_without_article(&alias.surface), &surface[article..])
            } else {
                (&*alias.surface, surface)
            };
            if alias.case_sensitive && !case_matches(name, written) {
                continue;
            }
            if alias.accents_count && !keeps_french_accents(name, written) {
                continue;
            }
            if alias.kind == AliasKind::Combining && !starts_compound_part(text, byte_end) {
                continue;
            }
            out.push(Occurrence {
                byte_start: byte_start + article,
                byte_end,
                alias: alias_index,
            });
        }
    }
}

thread_local! {
    /// The words of the document being matched, reused across documents.
    static WORDS: std::cell::RefCell<KnownWords> = const { std::cell::RefCell::new(KnownWords { words: Vec::new() }) };
}

/// The words of a normalised text that a matcher's vocabulary holds, in text
/// order, with their ids: what [`Matcher::find_with`] looked up.
#[derive(Clone, Debug, Default)]
pub struct KnownWords {
    words: Vec<Word>,
}

impl KnownWords {
    /// A reader of the ids, for normalised ranges asked in increasing order.
    pub fn cursor(&self) -> WordCursor<'_> {
        WordCursor {
            words: &self.words,
            at: 0,
        }
    }
}

/// See [`KnownWords::cursor`]. Cost: amortised constant per range, the
/// cursor only moves forward.
#[derive(Clone, Debug)]
pub struct WordCursor<'k> {
    words: &'k [Word],
    at: usize,
}

impl WordCursor<'_> {
    /// The id of the known word that spans exactly the normalised bytes
    /// `start..end`, if any. `start` must not decrease from call to call.
    #[inline]
    pub fn id(&mut self, start: usize, end: usize) -> Option<u32> {
        while self
            .words
            .get(self.at)
            .is_some_and(|w| (w.start as usize) < start)
        {
            self.at += 1;
        }
        let w = self.words.get(self.at)?;
        (w.start as usize == start && w.end as usize == end).then_some(w.id & ID)
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

/// The length of the article that starts `text`, an occurrence of `alias`,
/// when the alias starts with a capitalised singular article that the text
/// writes in lower case: the article is then not part of the name ("la France
/// insoumise" is "France insoumise", "La France insoumise" the whole). 0
/// otherwise, and for "Les": "les Républicains" are as often the American
/// party as the French one, "Les Républicains".
fn lower_case_article_len(alias: &str, text: &str) -> usize {
    let article_words = ["La ", "Le ", "L'", "L’"];
    if !text.starts_with('l') || !article_words.iter().any(|a| alias.starts_with(a)) {
        return 0;
    }
    // The article, then its apostrophe or blanks.
    let after = leading_word(text, char::is_alphabetic).len();
    let name = text[after..].trim_start_matches(|c: char| c.is_whitespace() || is_apostrophe(c));
    if name.is_empty() {
        0
    } else {
        text.len() - name.len()
    }
}

/// `alias` without the article it starts with (see [`lower_case_article_len`]).
fn alias_without_article(alias: &str) -> &str {
    let after = alias
        .char_indices()
        .find(|&(_, c)| matches!(c, ' ' | '\'' | '’'))
        .map_or(alias.len(), |(i, c)| i + c.len_utf8());
    alias[after..].trim_start()
}

/// True for the letters of U+00C0..U+024F (all but × and ÷): alphabetic and
/// not combining marks, known without a table search.
#[inline]
fn is_latin_letter(c: char) -> bool {
    ('\u{C0}'..='\u{24F}').contains(&c) && c != '\u{D7}' && c != '\u{F7}'
}

/// The case guard: does `text` (an occurrence) carry the capitalisation of
/// `alias`? Text in capitals only (a headline) always passes; a first letter
/// that is lower case in the alias may be upper case in the text (sentence
/// start: "De Gaulle" for "de Gaulle"), never the reverse, unless the alias
/// has no capital at all ("marseillaise" is not "Marseillaise"). Accents are
/// ignored (see [`keeps_french_accents`]).
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
    same_case_flags(letters(alias), letters(text), sentence_start_allowed)
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
    same_case_flags(case_flags(alias), case_flags(text), sentence_start_allowed)
}

/// Does `text` keep the French accents of `alias`'s lower-case letters
/// (é è ê à â î ô û ù ç)? The guard of the aliases that a gazetteer row marks
/// `sensitive`, French words most of them: the common word "Ville" is not
/// the village "Villé", "Force" not "Forcé". Capitals, which often lose their
/// accents ("ETATS"), other marks, often dropped in transliterations
/// ("Erdogan"), and accents of the text that the alias lacks do not count.
/// Undecided, hence true, when the two do not have the same letters one for
/// one (a ligature, a combining mark).
pub fn keeps_french_accents(alias: &str, text: &str) -> bool {
    if alias.is_ascii() {
        return true;
    }
    let letters = |s| str::chars(s).filter(|&c: &char| c.is_alphabetic() || is_combining_mark(c));
    let (mut alias, mut text) = (letters(alias), letters(text));
    let mut kept = true;
    loop {
        match (alias.next(), text.next()) {
            (None, None) => return kept,
            (Some(a), Some(t)) => {
                let dropped = match a {
                    'é' | 'è' | 'ê' => 'e',
                    'à' | 'â' => 'a',
                    'î' => 'i',
                    'ô' => 'o',
                    'û' | 'ù' => 'u',
                    'ç' => 'c',
                    _ => continue,
                };
                kept &= t != dropped;
            }
            // Not the same letters one for one: undecided.
            _ => return true,
        }
    }
}

/// Do two sequences of letter case flags (true = upper case) agree, but for
/// a first letter in upper case in the text where the alias has it in lower
/// case, when `sentence_start_allowed`?
fn same_case_flags(
    mut alias: impl Iterator<Item = bool>,
    mut text: impl Iterator<Item = bool>,
    sentence_start_allowed: bool,
) -> bool {
    let mut first = true;
    loop {
        match (alias.next(), text.next()) {
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
    fn lower_case_article_table() {
        for (alias, text, expected) in [
            (
                "La France insoumise",
                "la France insoumise",
                "France insoumise",
            ),
            (
                "La France insoumise",
                "La France insoumise",
                "La France insoumise",
            ),
            ("L'Express", "l'Express", "Express"),
            ("L’Express", "l’  Express", "Express"),
            ("Les Républicains", "les Républicains", "les Républicains"),
            ("Paris", "paris", "paris"),
        ] {
            let n = lower_case_article_len(alias, text);
            assert_eq!(&text[n..], expected, "{alias} {text}");
            if n > 0 {
                assert_eq!(alias_without_article(alias), expected);
            }
        }
    }

    #[test]
    fn french_accents_table() {
        for (alias, text, expected) in [
            ("Villé", "Ville", false),
            ("Forcé", "Force", false),
            ("Forcé", "Forcé", true),
            ("Forcé", "FORCE", true),
            ("Évry", "Evry", true),
            ("Tigré", "Tigre", false),
            ("Erdoğan", "Erdogan", true),
            ("Mediapart", "Médiapart", true),
            ("Forcé", "Force\u{301}", true),
            ("Saint-Gaudéns", "Saint Gaudens", false),
        ] {
            assert_eq!(
                keeps_french_accents(alias, text),
                expected,
                "{alias} {text}"
            );
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

    /// Extra words are known with an id but start no name; the cursor gives
    /// the id of a word spanning exactly the range asked.
    #[test]
    fn extra_words_are_known_not_matched() {
        let rows = "id\ttype\tname\taliases\trefers_to\n\
            nice\tLOC\tNice\t\t\n\
            hk\tLOC\tHaut-Karabakh\t\t\n";
        let mut b = GazetteerBuilder::new();
        b.add_reader("t.tsv", rows.as_bytes()).unwrap();
        let g = b.build().unwrap();
        let m = Matcher::with_words(&g, ["maire", "nice", "jean marc", ""]).unwrap();
        // nice, haut, karabakh, maire: the compound and the empty word are left out.
        assert_eq!(m.vocabulary_len(), 4);
        assert_eq!(m.word_id("nice"), Matcher::new(&g).unwrap().word_id("nice"));
        let text = "Le maire de Nice, du Haut-Karabakh et Jean-Marc.";
        let norm = normalize(text);
        let (mut known, mut out) = (KnownWords::default(), Vec::new());
        m.find_with(&g, text, &norm, &mut known, &mut out);
        let found: Vec<&str> = out
            .iter()
            .map(|o| &text[o.byte_start..o.byte_end])
            .collect();
        assert_eq!(found, ["Nice", "Haut-Karabakh"]);
        let haystack = norm.as_str();
        let range = |w: &str| {
            let s = haystack.find(w).unwrap();
            (s, s + w.len())
        };
        let mut cursor = known.cursor();
        let (s, e) = range("maire");
        assert_eq!(cursor.id(s, e), m.word_id("maire"));
        // Not a word of its own: "haut karabakh" is two.
        let (s, e) = range("haut karabakh");
        assert_eq!(cursor.id(s, e), None);
        let (s, e) = range("karabakh");
        assert_eq!(cursor.id(s, e), m.word_id("karabakh"));
        let (s, e) = range("jean");
        assert_eq!(cursor.id(s, e), None);
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
            ru\tLOC\tRussie\t\t\n\
            ue\tORG\tUnion européenne\t\t\n\
            union\tORG\tUnion\t\t\n";
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
            // Walks restart at every word: nested and overlapping names.
            ("la Côte d'Ivoire et Nice Côte", &["Côte d'Ivoire", "Nice"]),
            // Every alias inside a longer one is reported too; resolution
            // chooses the longest later.
            ("l'Union européenne", &["Union", "Union européenne"]),
            // A word the vocabulary lacks breaks a walk.
            ("Haut du Karabakh", &[]),
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

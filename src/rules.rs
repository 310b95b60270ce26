//! Names that no gazetteer holds: explainable, rule-based candidates.
//!
//! Each candidate says which rule made it (the `match` column) and how sure it
//! is (the `confidence` column):
//!
//! | rule | finds | confidence |
//! | --- | --- | --- |
//! | `rule:firstname` | a known first name followed by capitalised surname words ("Yves Coppieters"), middle initials ("David J. Thouless"), an Arabic article ("Souheil al-Hassan"), or a surname cut to its initial ("Rayan B., 26 ans") | 0.9 |
//! | `rule:title` | a capitalised name after a civil or role title ("M. Dupont", "la ministre wallonne de la Santé, Anne Martin") | 0.85 |
//! | `rule:org-cue` | a capitalised sequence headed by an organisation word ("Université de Liège"; 0.55 when only adjectives follow the head: "Parti socialiste") or ended by one ("Renault SA") | 0.7–0.8 |
//! | `rule:locative` | a capitalised name after a locative cue ("à Chièvres", "la commune de Nandrin"); below the default threshold (0.6) unless the name recurs after such cues | 0.5 (0.65) |
//! | `rule:propagated` | another occurrence, in the same document, of a name found with confidence (and a person's surname alone) | as found |
//!
//! Guards against a flood of false names: a name never starts with a word of the
//! `not-name` list (sentence openers, days, months); tokens of lines written in
//! capitals (headlines) are not names for the rules; a single capitalised word at
//! a sentence start is never a name by itself; text between quotes « » (titles
//! of works) is skipped.
//!
//! The cue lists are `gazetteers/name-cues.tsv` and `gazetteers/packs/first-names.txt`,
//! embedded. Cost: one pass over the tokens, with a look-up per token in a
//! table of the listed words; none when the tagger's matcher, whose vocabulary
//! holds the listed words, has looked the words up already
//! ([`NameRules::find_with`]).

use crate::gazetteer::EntityType;
use crate::matcher::{KnownWords, Matcher};
use crate::normalize::{fold, fold_word, Normalized};
use crate::tokenize::TokenKind;
use crate::wordmap::{WordKey, WordMap};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

/// The embedded cue lists.
pub const DEFAULT_CUES: &str = include_str!("../gazetteers/name-cues.tsv");
pub const DEFAULT_FIRST_NAMES: &str = include_str!("../gazetteers/packs/first-names.txt");

/// Which rule found a name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rule {
    FirstName,
    Title,
    OrgCue,
    Locative,
    Propagated,
}

impl Rule {
    pub fn as_str(self) -> &'static str {
        match self {
            Rule::FirstName => "rule:firstname",
            Rule::Title => "rule:title",
            Rule::OrgCue => "rule:org-cue",
            Rule::Locative => "rule:locative",
            Rule::Propagated => "rule:propagated",
        }
    }
}

/// A name found by a rule, as a byte range of the original text.
#[derive(Clone, Debug, PartialEq)]
pub struct RuleCandidate {
    pub byte_start: usize,
    pub byte_end: usize,
    pub etype: EntityType,
    pub rule: Rule,
    pub confidence: f64,
}

/// Phrases of folded words, grouped by first word, so that a token looks up
/// the few phrases it may start.
#[derive(Clone, Debug, Default)]
struct PhraseList {
    /// The phrases of each first word, longest first (in the order of the
    /// list among phrases of the same length).
    groups: Vec<Vec<Vec<String>>>,
    /// The index in `groups` of each first word.
    group_of: WordMap<u32>,
    /// The first words, in the order of `groups`.
    first_words: Vec<String>,
    /// The second words of the phrases.
    second_words: WordMap<()>,
    /// The bit of [`Tok::flags`] that marks a first word of these phrases.
    flag: u8,
}

impl PhraseList {
    fn push(&mut self, words: Vec<String>) {
        let Some(first) = words.first() else {
            return;
        };
        match self.group_of.get(first) {
            Some(g) => self.groups[g as usize].push(words),
            None => {
                self.group_of.insert(first, self.groups.len() as u32);
                self.first_words.push(first.clone());
                self.groups.push(vec![words]);
            }
        }
    }

    fn finish(&mut self) {
        for group in &mut self.groups {
            group.sort_by_key(|w| std::cmp::Reverse(w.len()));
        }
        self.second_words = WordMap::new(
            self.groups
                .iter()
                .flatten()
                .filter_map(|p| Some((p.get(1)?.as_str(), ()))),
        );
    }

    /// The phrases that start with the word `first`, longest first.
    fn starting_with(&self, first: &str) -> &[Vec<String>] {
        match self.group_of.get(first) {
            Some(g) => &self.groups[g as usize],
            None => &[],
        }
    }

    /// Is this single word one of the phrases?
    fn contains_word(&self, w: &str) -> bool {
        self.starting_with(w).iter().any(|p| p.len() == 1)
    }
}

/// The cue lists.
#[derive(Clone, Debug, Default)]
pub struct NameRules {
    titles: PhraseList,
    org_heads: PhraseList,
    /// The heads written in capitals in the list ("CHU"): they head a name
    /// only when the text writes them so.
    org_heads_in_capitals: HashSet<String>,
    org_tails: HashSet<String>,
    locatives: PhraseList,
    particles: HashSet<String>,
    not_names: HashSet<String>,
    /// Words for a kind of named thing (a storm, a craft, a work): a name
    /// right after one names that thing ("la tempête Alex", "la sonde
    /// Rosetta").
    things: HashSet<String>,
    /// Phrases in which a name names nothing ("garde des Sceaux", "cochon
    /// d'Inde"), by the name's folded form.
    idioms: Vec<(String, Vec<Idiom>)>,
    /// For each ASCII letter, the range of `idioms` (sorted by name) whose
    /// names start with it: a name is compared with those only.
    idioms_by_initial: [(u16, u16); 26],
    /// Whether some idiom's name starts with another character.
    idioms_other_initials: bool,
    /// The shortest and longest `things`, in bytes (folded ones are no longer).
    things_min_len: usize,
    things_max_len: usize,
    first_names: HashSet<String>,
    /// Every listed word with the bits of the lists it is in, so that a token
    /// costs one look-up.
    word_flags: WordMap<u8>,
    /// The same bits by word id of the matcher given to
    /// [`NameRules::index_words`] (empty before): with the words that matcher
    /// found in a text, a token costs no look-up at all.
    flags_by_id: Vec<u8>,
    /// The keys of `word_flags`.
    listed: Vec<Box<str>>,
}

/// The confidence of a name after a civil title (M., Mme, Dr, Me): such a
/// candidate outranks a place or organisation of the gazetteer with the same
/// span.
pub const CIVIL_TITLE_CONFIDENCE: f64 = 0.95;

/// The confidence of a name after a locative cue that a second cue supports:
/// it recurs after such cues, or it ends with a known place ("à Port Grimaud").
pub const SUPPORTED_LOCATIVE_CONFIDENCE: f64 = 0.65;

const FIRST_NAME: u8 = 1;
const NOT_NAME: u8 = 2;
const ORG_TAIL: u8 = 4;
const TITLE_START: u8 = 8;
const ORG_HEAD_START: u8 = 16;
const LOCATIVE_START: u8 = 32;

/// A token as the rules see it: 32 bytes, as a long document has millions.
struct Tok<'t> {
    /// Byte range in the text (documents are under 4 GiB, see [`Normalized`]).
    start: u32,
    end: u32,
    folded: &'t str,
    kind: TokenKind,
    capitalised: bool,
    /// A capitalised word of two characters or more (a name word unless ignored).
    capitalised_word: bool,
    /// In a headline (a line mostly in capitals) or between « ».
    ignored: bool,
    sentence_start: bool,
    /// The lists the folded token is in (`FIRST_NAME` …).
    flags: u8,
    /// A line break separates this token from the previous one.
    after_line_break: bool,
}

impl Tok<'_> {
    /// An Arabic article joined to a capitalised name: "al-Hassan",
    /// "el-Sissi" (a name's part, never its start). Asked of the few words
    /// after a name only.
    fn is_article_name(&self, text: &str) -> bool {
        self.kind == TokenKind::Word
            && !self.capitalised
            && is_article_name(&text[self.start as usize..self.end as usize])
    }
}

/// What the rules read from a token's characters.
#[derive(Clone, Copy)]
struct WordShape {
    /// The first character is upper case.
    capitalised: bool,
    /// Two characters or more.
    several_chars: bool,
    /// A word (when asked) of two letters or more: it counts in a headline's words…
    headline_word: bool,
    /// …and as a word in capitals when none of its characters is lower case.
    in_capitals: bool,
}

impl WordShape {
    /// The shape of the token `text[start..end]`; `headline_word` and
    /// `in_capitals` only for a word (`word`). The scan stops as soon as the
    /// answers are known: after two characters for most words ("de",
    /// "Dupont"), at the end for a word in capitals.
    #[inline]
    fn of(text: &str, start: usize, end: usize, word: bool) -> WordShape {
        let bytes = &text.as_bytes()[start..end];
        match *bytes {
            // Most words start with two ASCII letters, one of them in lower
            // case: that answers everything.
            [a, b, ..]
                if word
                    && a.is_ascii_alphabetic()
                    && b.is_ascii_alphabetic()
                    && (a.is_ascii_lowercase() || b.is_ascii_lowercase()) =>
            {
                WordShape {
                    capitalised: a.is_ascii_uppercase(),
                    several_chars: true,
                    headline_word: true,
                    in_capitals: false,
                }
            }
            // Punctuation, numbers, clitics: only the first character counts.
            [a, ..] if !word && a.is_ascii() => WordShape {
                capitalised: a.is_ascii_uppercase(),
                several_chars: bytes.len() > 1,
                headline_word: false,
                in_capitals: false,
            },
            _ => WordShape::of_chars(&text[start..end], word),
        }
    }

    /// [`WordShape::of`] for any token, a character at a time.
    fn of_chars(s: &str, word: bool) -> WordShape {
        let mut chars = s.chars();
        let first = CharCase::of(chars.next().unwrap_or(' '));
        let mut shape = WordShape {
            capitalised: first.upper,
            several_chars: false,
            headline_word: false,
            in_capitals: false,
        };
        if !word {
            shape.several_chars = chars.next().is_some();
            return shape;
        }
        let mut letters = usize::from(first.alphabetic);
        let mut lower = first.lower;
        for c in chars {
            let c = CharCase::of(c);
            shape.several_chars = true;
            letters += usize::from(c.alphabetic);
            lower |= c.lower;
            if letters >= 2 && lower {
                break;
            }
        }
        shape.headline_word = letters >= 2;
        shape.in_capitals = shape.headline_word && !lower;
        shape
    }
}

/// What [`char::is_alphabetic`], [`char::is_uppercase`] and
/// [`char::is_lowercase`] say of a character, without their table searches
/// for the characters of French text: ASCII, Latin-1 and general
/// punctuation (’ – « »).
#[derive(Clone, Copy)]
struct CharCase {
    alphabetic: bool,
    upper: bool,
    lower: bool,
}

impl CharCase {
    #[inline]
    fn of(c: char) -> CharCase {
        let (alphabetic, upper, lower) = match c {
            'a'..='z' | 'ß'..='ö' | 'ø'..='ÿ' | 'ª' | 'µ' | 'º' => (true, false, true),
            'A'..='Z' | 'À'..='Ö' | 'Ø'..='Þ' => (true, true, false),
            '\0'..='\u{BF}' | '×' | '÷' | '\u{2000}'..='\u{206F}' => (false, false, false),
            _ => (c.is_alphabetic(), c.is_uppercase(), c.is_lowercase()),
        };
        CharCase {
            alphabetic,
            upper,
            lower,
        }
    }
}

/// The line being read, to find headlines: lines where most words are in
/// capitals, whose tokens the rules ignore.
#[derive(Default)]
struct Line {
    /// Index of the line's first token.
    start: usize,
    words: usize,
    in_capitals: usize,
}

impl Line {
    fn count(&mut self, shape: WordShape) {
        self.words += usize::from(shape.headline_word);
        self.in_capitals += usize::from(shape.in_capitals);
    }

    /// End the line at the end of `toks` (marking it if it is a headline)
    /// and start the next one.
    fn end(&mut self, toks: &mut [Tok]) {
        if self.words >= 3 && self.in_capitals * 10 >= self.words * 6 {
            for t in &mut toks[self.start..] {
                t.ignored = true;
            }
        }
        *self = Line {
            start: toks.len(),
            ..Line::default()
        };
    }
}

/// Flags of a first name that is not also a not-name cue ("Le").
fn first_name(flags: u8) -> bool {
    flags & FIRST_NAME != 0 && flags & NOT_NAME == 0
}

/// M., Mme, Dr, Me…: a title written right before a name, never a name.
fn is_civil_title(folded: &str) -> bool {
    matches!(
        folded,
        "m" | "m." | "mme" | "mlle" | "mm" | "dr" | "pr" | "me"
    )
}

fn words(folded_phrase: &str) -> Vec<String> {
    folded_phrase
        .split_whitespace()
        .map(str::to_string)
        .collect()
}

/// A phrase in which a name names nothing: "garde des [Sceaux]", "cochon
/// d'[Inde]", "virus du [Nil] occidental" (the cue list brackets the name).
/// The words around the name, folded, elided clitics whole ("d'").
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Idiom {
    /// The words before the name, nearest first.
    pub before: Vec<String>,
    /// The words after the name, nearest first.
    pub after: Vec<String>,
}

impl Idiom {
    /// The folded name and the idiom of a cue "words [Name] words"; `None`
    /// without a bracketed name.
    pub fn parse(cue: &str) -> Option<(String, Idiom)> {
        let (before, rest) = cue.split_once('[')?;
        let (name, after) = rest.split_once(']')?;
        let split = |s: &str| -> Vec<String> {
            fold_cue(s)
                .replace('\'', "' ")
                .split_whitespace()
                .map(str::to_string)
                .collect()
        };
        let mut before = split(before);
        before.reverse();
        let name = fold(name).trim().to_string();
        (!name.is_empty()).then(|| {
            (
                name,
                Idiom {
                    before,
                    after: split(after),
                },
            )
        })
    }
}

/// Does `written` fold to `folded` (lower case, accents off, hyphens and
/// blanks as one space)? No allocation: a character at a time, stopping at
/// the first difference. Characters outside Latin letters, digits and those
/// separators compare false.
pub(crate) fn folds_to(written: &str, folded: &str) -> bool {
    let mut rest = folded.as_bytes();
    let mut take = |s: &[u8]| match rest.strip_prefix(s) {
        Some(r) => {
            rest = r;
            true
        }
        None => false,
    };
    for c in written.chars() {
        let same = if c == ' ' || crate::tokenize::is_hyphen(c) {
            take(b" ")
        } else if c.is_ascii_alphanumeric() {
            take(&[c.to_ascii_lowercase() as u8])
        } else if let Some(f) = crate::normalize::fold_latin_letter(c) {
            f.bytes().all(|b| take(&[b.to_ascii_lowercase()]))
        } else {
            false
        };
        if !same {
            return false;
        }
    }
    rest.is_empty()
}

/// The cue kinds of `name-cues.tsv`.
const CUE_KINDS: &[&str] = &[
    "title", "org-head", "org-tail", "locative", "particle", "not-name", "thing", "idiom",
];

/// The `(kind, cue)` lines of a cue list: after the `#` comments and the
/// header, one `kind<TAB>cue` per line (blank lines skipped). An unknown kind,
/// an empty cue or an idiom without its bracketed name is an error naming
/// `file:line`.
fn cue_lines<'t>(file: &str, text: &'t str) -> Result<Vec<(&'t str, &'t str)>, String> {
    let mut out = Vec::new();
    let mut header_seen = false;
    for (i, line) in text.lines().enumerate() {
        let at = || format!("{file}:{}", i + 1);
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        if !header_seen {
            header_seen = true;
            if line.trim() != "rule\tcue" {
                return Err(format!("{}: expected the header 'rule<TAB>cue'", at()));
            }
            continue;
        }
        let Some((kind, cue)) = line.split_once('\t') else {
            return Err(format!("{}: expected 'rule<TAB>cue'", at()));
        };
        if !CUE_KINDS.contains(&kind) {
            return Err(format!(
                "{}: unknown rule {kind:?} (known: {})",
                at(),
                CUE_KINDS.join(", ")
            ));
        }
        if fold_cue(cue.trim()).is_empty() {
            return Err(format!("{}: empty cue", at()));
        }
        if kind == "idiom" && Idiom::parse(cue.trim()).is_none() {
            return Err(format!(
                "{}: an idiom needs its name in brackets (\"garde des [Sceaux]\")",
                at()
            ));
        }
        out.push((kind, cue));
    }
    Ok(out)
}

/// A cue in the form the document's tokens take: folded, with an elided
/// clitic kept whole ("près d'" → `pres d'`, as the token `d'` of "d'Arles").
fn fold_cue(cue: &str) -> String {
    fold(cue).trim().replace(" '", "'")
}

impl NameRules {
    /// The embedded cue lists.
    pub fn default_rules() -> NameRules {
        let mut r = NameRules::default();
        let lines = cue_lines("gazetteers/name-cues.tsv", DEFAULT_CUES)
            .unwrap_or_else(|e| panic!("the embedded cue list: {e}"));
        for (rule, cue) in lines {
            let f = fold_cue(cue.trim());
            match rule {
                "title" => r.titles.push(words(&f)),
                "org-head" => {
                    let cue = cue.trim();
                    if !cue.chars().any(char::is_lowercase) {
                        r.org_heads_in_capitals.insert(f.clone());
                    }
                    r.org_heads.push(words(&f))
                }
                "org-tail" => {
                    r.org_tails.insert(f.trim().to_string());
                }
                "locative" => r.locatives.push(words(&f)),
                "particle" => {
                    r.particles.insert(f.trim_end_matches('\'').to_string());
                }
                "not-name" => {
                    r.not_names.insert(f.trim().to_string());
                }
                "thing" => {
                    r.things.insert(f.trim().to_string());
                }
                "idiom" => {
                    let (name, idiom) = Idiom::parse(cue.trim()).expect("checked by cue_lines");
                    match r.idioms.iter_mut().find(|(n, _)| *n == name) {
                        Some((_, list)) => list.push(idiom),
                        None => r.idioms.push((name, vec![idiom])),
                    }
                }
                _ => unreachable!("cue_lines knows the kinds"),
            }
        }
        r.idioms.sort_by(|a, b| a.0.cmp(&b.0));
        for (i, (name, _)) in r.idioms.iter().enumerate() {
            match name.bytes().next() {
                Some(b @ b'a'..=b'z') => {
                    let range = &mut r.idioms_by_initial[(b - b'a') as usize];
                    if range.0 == range.1 {
                        range.0 = i as u16;
                    }
                    range.1 = i as u16 + 1;
                }
                _ => r.idioms_other_initials = true,
            }
        }
        // Written forms are at least as long as the folded ones (é → e);
        // an œ folds to two bytes, so allow for one more.
        r.things_min_len = r.things.iter().map(String::len).min().unwrap_or(usize::MAX);
        r.things_max_len = r.things.iter().map(|t| 2 * t.len()).max().unwrap_or(0);
        r.titles.flag = TITLE_START;
        r.org_heads.flag = ORG_HEAD_START;
        r.locatives.flag = LOCATIVE_START;
        for list in [&mut r.titles, &mut r.org_heads, &mut r.locatives] {
            list.finish();
        }
        r.first_names = DEFAULT_FIRST_NAMES
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(|l| fold(l).trim().to_string())
            .collect();
        let mut flags: HashMap<&str, u8> = HashMap::default();
        for (set, flag) in [
            (&r.first_names, FIRST_NAME),
            (&r.not_names, NOT_NAME),
            (&r.org_tails, ORG_TAIL),
        ] {
            for w in set {
                *flags.entry(w).or_default() |= flag;
            }
        }
        for list in [&r.titles, &r.org_heads, &r.locatives] {
            for w in &list.first_words {
                *flags.entry(w).or_default() |= list.flag;
            }
        }
        r.listed = flags.keys().map(|&w| w.into()).collect();
        r.listed.sort_unstable();
        r.word_flags = WordMap::new(flags);
        r
    }

    /// Every word of the cue lists and first names, folded: the words to add
    /// to a matcher's vocabulary ([`Matcher::with_words`]) before
    /// [`NameRules::index_words`].
    pub fn listed_words(&self) -> impl Iterator<Item = &str> {
        self.listed.iter().map(|w| &**w)
    }

    /// Key the lists by `matcher`'s word ids, for [`NameRules::find_with`]
    /// with the words that matcher found.
    ///
    /// # Panics
    ///
    /// When a listed word without a space is not in the matcher's
    /// vocabulary: build it with [`Matcher::with_words`] and
    /// [`NameRules::listed_words`].
    pub fn index_words(&mut self, matcher: &Matcher) {
        let mut by_id = vec![0u8; matcher.vocabulary_len()];
        for w in &self.listed {
            if let Some(id) = matcher.word_id(w) {
                by_id[id as usize] = self.word_flags.get(w).unwrap_or(0);
            } else {
                assert!(
                    w.contains(' '),
                    "listed word {w:?} missing from the matcher"
                );
            }
        }
        self.flags_by_id = by_id;
    }

    /// The tokens of `text` as the rules see them, white space left out.
    /// One pass: a token's facts are read from its first characters (see
    /// [`WordShape`]), and a headline is marked when its line ends.
    /// (Not inlined: compiled apart from [`NameRules::find`], both loops run
    /// faster.)
    #[inline(never)]
    fn tokens<'t>(
        &self,
        text: &'t str,
        norm: &'t Normalized,
        known: Option<&KnownWords>,
    ) -> Vec<Tok<'t>> {
        let mut toks = Vec::with_capacity(norm.tokens().len());
        let mut known = known
            .filter(|_| !self.flags_by_id.is_empty())
            .map(KnownWords::cursor);
        let mut sentence_start = true;
        let mut in_quotes = false;
        let mut line_break = false;
        let mut line = Line::default();
        for (i, t) in norm.tokens().iter().enumerate() {
            match t.kind {
                TokenKind::Space => {
                    // Most often one space; '\n' is one byte in UTF-8.
                    let space = &text.as_bytes()[t.start()..t.end()];
                    if space != b" " && space.contains(&b'\n') {
                        sentence_start = true;
                        in_quotes = false;
                        line_break = true;
                    }
                    continue;
                }
                TokenKind::SentenceEnd => sentence_start = true,
                _ => {}
            }
            if line_break {
                line.end(&mut toks);
            }
            // Quotes, brackets and dashes are punctuation tokens: other
            // tokens skip the comparisons.
            let mut opener = false;
            if t.kind == TokenKind::Punct {
                const OPENING_GUILLEMET: &[u8] = "«".as_bytes();
                const CLOSING_GUILLEMET: &[u8] = "»".as_bytes();
                const OPENING_QUOTE: &[u8] = "“".as_bytes();
                const EN_DASH: &[u8] = "–".as_bytes();
                const EM_DASH: &[u8] = "—".as_bytes();
                match &text.as_bytes()[t.start()..t.end()] {
                    OPENING_GUILLEMET => {
                        in_quotes = true;
                        opener = true;
                    }
                    CLOSING_GUILLEMET => in_quotes = false,
                    b"\"" | b"(" | b"-" | OPENING_QUOTE | EN_DASH | EM_DASH => opener = true,
                    _ => {}
                }
            }
            let shape = WordShape::of(text, t.start(), t.end(), t.kind == TokenKind::Word);
            line.count(shape);
            let (fs, fe) = norm.token_norm_range(i);
            let folded = &norm.as_str()[fs..fe];
            // The cue lists hold words and clitics only.
            let flags = if !matches!(t.kind, TokenKind::Word | TokenKind::Clitic) {
                0
            } else if let Some(cursor) = known.as_mut() {
                // Every listed word is known: a one-word token that is not
                // has no flags. A compound has several words: look it up.
                match cursor.id(fs, fe) {
                    Some(id) => self.flags_by_id[id as usize],
                    None if folded.contains(' ') => self.flags_of(folded),
                    None => 0,
                }
            } else {
                self.flags_of(folded)
            };
            debug_assert!(
                !matches!(t.kind, TokenKind::Word | TokenKind::Clitic)
                    || flags == self.flags_of(folded),
                "{folded:?}"
            );
            toks.push(Tok {
                start: t.start() as u32,
                end: t.end() as u32,
                folded,
                flags,
                kind: t.kind,
                capitalised: shape.capitalised,
                capitalised_word: t.kind == TokenKind::Word
                    && shape.capitalised
                    && shape.several_chars,
                // After a "»" `in_quotes` is false: the closing quote is not ignored.
                ignored: in_quotes,
                sentence_start,
                after_line_break: std::mem::take(&mut line_break),
            });
            if t.kind != TokenKind::SentenceEnd && !opener {
                sentence_start = false;
            }
        }
        line.end(&mut toks);
        toks
    }

    /// The lists a folded token is in. A hyphenated token whose parts are
    /// all first names ("Alain-Guillaume", folded `alain guillaume`) is a
    /// first name too. Cost: one look-up, one per part for compounds.
    #[inline]
    fn flags_of(&self, folded: &str) -> u8 {
        let Some(key) = WordKey::of(folded.as_bytes()) else {
            return self.long_word_flags(folded);
        };
        match self.word_flags.get_key(key) {
            Some(flags) => flags,
            None if key.has_space() => self.compound_flags(folded),
            None => 0,
        }
    }

    /// [`NameRules::flags_of`] a token that is empty or longer than 16 bytes.
    #[cold]
    fn long_word_flags(&self, folded: &str) -> u8 {
        match self.word_flags.get_other(folded) {
            Some(flags) => flags,
            None if folded.contains(' ') => self.compound_flags(folded),
            None => 0,
        }
    }

    /// [`NameRules::flags_of`] a compound not listed as a whole.
    #[inline(never)]
    fn compound_flags(&self, folded: &str) -> u8 {
        let compound_first_name = folded
            .split(' ')
            .all(|p| self.word_flags.get(p).is_some_and(first_name));
        if compound_first_name {
            FIRST_NAME
        } else {
            0
        }
    }

    /// Is `word` (any case) a one-word title ("pape", "roi", "général")?
    pub fn is_title(&self, word: &str) -> bool {
        with_folded(word, |folded| self.titles.contains_word(folded))
    }

    /// Is `word` (any case) a one-word organisation head of the cue lists
    /// ("agence", "Conseil")? A plural ("associations") is not: it names a
    /// kind of organisation rather than one.
    pub fn is_org_head(&self, word: &str) -> bool {
        with_folded(word, |folded| self.org_heads.contains_word(folded))
    }

    /// Is the head `written` (folded: `folded`) as the list writes it: in
    /// capitals when the list does ("CHU de Brest", not "Chu Mi-Ae")?
    fn head_written_as_listed(&self, written: &str, folded: &str) -> bool {
        self.org_heads_in_capitals.is_empty()
            || !self.org_heads_in_capitals.contains(folded)
            || !written.chars().any(char::is_lowercase)
    }

    /// Is `word` (any case) a word for a kind of named thing: a storm, a
    /// craft, a work ("tempête", "sonde", "film")?
    pub fn is_thing(&self, word: &str) -> bool {
        // Asked of the word before every place: most are short ("à", "de").
        (self.things_min_len..=self.things_max_len).contains(&word.len())
            && with_folded(word, |folded| self.things.contains(folded))
    }

    /// The idioms in which the name `name` (any case) names nothing.
    pub fn idioms_of(&self, name: &str) -> &[Idiom] {
        // An ASCII initial folds to its own letter; an accented one may fold
        // to any.
        let candidates = match name.bytes().next().map(|b| b.to_ascii_lowercase()) {
            Some(b @ b'a'..=b'z') if !self.idioms_other_initials => {
                let (start, end) = self.idioms_by_initial[(b - b'a') as usize];
                &self.idioms[start as usize..end as usize]
            }
            Some(_) => &self.idioms[..],
            None => &[],
        };
        candidates
            .iter()
            .find(|(folded, _)| folds_to(name, folded))
            .map_or(&[], |(_, list)| list.as_slice())
    }

    /// Is `word` (any case) a particle of person names ("de", "van", "al")?
    pub fn is_particle(&self, word: &str) -> bool {
        with_folded(word, |folded| {
            self.particles.contains(folded.trim_end_matches('\''))
        })
    }

    /// Is `word` (any case) in one of the cue lists of `name-cues.tsv` or the
    /// first names? A capitalised word that is in none may be a name's part.
    pub fn is_listed_word(&self, word: &str) -> bool {
        with_folded(word, |folded| {
            self.word_flags.get(folded).is_some_and(|f| f != 0)
                || self.titles.contains_word(folded)
                || self.particles.contains(folded.trim_end_matches('\''))
        })
    }

    /// Is `word` (any case) a known first name, and not a word that is rarely one
    /// ("Le" is in the first-name list, but listed as a not-name cue)?
    pub fn is_first_name(&self, word: &str) -> bool {
        with_folded(word, |folded| {
            self.word_flags.get(folded).is_some_and(first_name)
        })
    }

    /// A lower-case word that may stand between a title and a name:
    /// an adjective or demonym, not an organisation or place word.
    fn is_qualifier(&self, w: &str) -> bool {
        const ENDINGS: &[&str] = &[
            "ais", "aise", "ois", "oise", "ien", "ienne", "ain", "aine", "an", "ane", "on", "onne",
            "and", "ande", "ol", "ole", "in", "ine", "ec", "ecque", "ais", "ique", "al", "ale",
            "el", "elle", "e", "us", "ois", "eux", "euse", "ier", "iere", "if", "ive",
        ];
        let blocked = self.org_heads.contains_word(w)
            || matches!(
                w,
                "communaute"
                    | "ville"
                    | "commune"
                    | "region"
                    | "equipe"
                    | "compagnie"
                    | "entreprise"
                    | "societe"
                    | "a"
                    | "et"
                    | "est"
                    | "etait"
                    | "sera"
                    | "qui"
                    | "que"
                    | "dont"
                    | "ne"
                    | "se"
                    | "sa"
                    | "son"
                    | "ses"
                    | "leur"
                    | "leurs"
                    | "une"
                    | "un"
                    | "le"
                    | "la"
                    | "les"
                    | "en"
                    | "au"
                    | "aux"
                    | "sur"
                    | "pour"
                    | "par"
                    | "avec"
                    | "dans"
                    | "lui"
                    | "elle"
                    | "il"
                    | "on"
                    | "meme"
                    | "deja"
                    | "de"
                    | "du"
                    | "des"
                    | "ce"
                    | "cette"
                    | "je"
                    | "te"
                    | "me"
            );
        !blocked && w.chars().all(char::is_alphabetic) && ENDINGS.iter().any(|e| w.ends_with(e))
    }

    /// A capitalised word that may start a name (not a sentence opener, a day…).
    fn starts_name(&self, t: &Tok) -> bool {
        self.is_name_word(t) && t.flags & NOT_NAME == 0 && !is_civil_title(t.folded)
    }

    fn is_name_word(&self, t: &Tok) -> bool {
        t.capitalised_word && !t.ignored
    }

    /// The end (exclusive) of a name starting at `i` in `toks` (tokens of
    /// `text`): capitalised words, with particles inside when a capitalised
    /// word follows, middle initials and Arabic articles ("al-Hassan"). At
    /// most `max` words.
    fn name_end(&self, text: &str, toks: &[Tok], i: usize, max: usize) -> usize {
        let mut j = i;
        let mut count = 0;
        while j < toks.len() && count < max {
            let t = &toks[j];
            if j > i && t.after_line_break {
                break; // A name does not continue on the next line.
            }
            // A first name followed by another name word, once a surname has
            // been read, starts the next person: "François Hollande Manuel
            // Valls" is two names (but "Jean Paul Belmondo" is one).
            if count >= 2
                && t.flags & FIRST_NAME != 0
                && toks.get(j + 1).is_some_and(|n| self.is_name_word(n))
            {
                break;
            }
            if self.is_name_word(t) && (j == i || t.flags & NOT_NAME == 0) {
                j += 1;
                count += 1;
                continue;
            }
            if j > i {
                // Middle initials ("David J. Thouless", "George R. R. Martin").
                let initial_at = |k: usize| {
                    toks.get(k).is_some_and(|t| {
                        t.kind == TokenKind::Word && t.capitalised && t.folded.len() == 1
                    }) && toks.get(k + 1).is_some_and(|dot| dot.folded == ".")
                };
                let mut k = j;
                while initial_at(k) {
                    k += 2;
                }
                if k > j && toks.get(k).is_some_and(|n| self.is_name_word(n)) {
                    j = k;
                    count += 1;
                    continue;
                }
                // A surname cut to its initial, as court reports write it:
                // "Rayan B., 26 ans", "selon Marie L. qui" (not a sentence's
                // end: a comma or a lower-case word follows).
                let cut_surname = k == j + 2
                    && count == 1
                    && toks.get(k).is_some_and(|n| {
                        n.folded == "," || n.kind == TokenKind::Word && !n.capitalised
                    });
                if cut_surname {
                    return k;
                }
                // An Arabic article joined to a capitalised name ("Souheil
                // al-Hassan", "Abou Douaa al-Ansari").
                if t.is_article_name(text) {
                    j += 1;
                    count += 1;
                    continue;
                }
            }
            // Inside a name, particles may be capitalised ("Thomas De Gendt",
            // "Pierre Le Corre"); a name does not start with one.
            let is_particle = matches!(t.kind, TokenKind::Word | TokenKind::Clitic)
                && self.particles.contains(t.folded.trim_end_matches('\''))
                || t.kind == TokenKind::Clitic && t.folded.starts_with("d'");
            if j > i && is_particle && toks.get(j + 1).is_some_and(|n| self.is_name_word(n)) {
                j += 1;
                continue;
            }
            break;
        }
        j
    }

    /// The length in tokens of the longest phrase of `list` at token `i`.
    #[inline]
    fn phrase_at(&self, toks: &[Tok], i: usize, list: &PhraseList) -> Option<usize> {
        if toks[i].flags & list.flag == 0 {
            return None;
        }
        longest_phrase_at(toks, i, list)
    }

    /// Every rule candidate in `text` (overlapping ones included; resolution
    /// chooses among them and the gazetteer's).
    /// `norm` is the normalised form of `text`, whose tokens the rules read.
    pub fn find(&self, text: &str, norm: &Normalized) -> Vec<RuleCandidate> {
        self.find_in(text, norm, None)
    }

    /// [`NameRules::find`], reading the cue lists by the ids of `known`, the
    /// words of `norm` that the matcher given to [`NameRules::index_words`]
    /// found: one look-up per word of the text saved.
    pub fn find_with(
        &self,
        text: &str,
        norm: &Normalized,
        known: &KnownWords,
    ) -> Vec<RuleCandidate> {
        self.find_in(text, norm, Some(known))
    }

    fn find_in(
        &self,
        text: &str,
        norm: &Normalized,
        known: Option<&KnownWords>,
    ) -> Vec<RuleCandidate> {
        let toks = self.tokens(text, norm, known);
        let mut out = Vec::new();
        // The candidate over tokens a..b.
        let candidate = |a: usize, b: usize, etype, rule, confidence| RuleCandidate {
            byte_start: toks[a].start as usize,
            byte_end: toks[b - 1].end as usize,
            etype,
            rule,
            confidence,
        };
        let tok_text = |t: &Tok| &text[t.start as usize..t.end as usize];
        let mut i = 0;
        let mut first_name_until = 0;
        while i < toks.len() {
            let t = &toks[i];
            // First name + surname.
            // Not inside the previous one ("Sophie Marceau Jean Dujardin":
            // "Marceau" is a first name too).
            if self.is_name_word(t)
                && t.flags & FIRST_NAME != 0
                && t.flags & NOT_NAME == 0
                && i >= first_name_until
            {
                let end = self.name_end(text, &toks, i, 4);
                if end >= i + 2 {
                    out.push(candidate(i, end, EntityType::Per, Rule::FirstName, 0.9));
                    first_name_until = end;
                }
            }
            // Title + (qualifiers) + name.
            if !t.ignored {
                if let Some(n) = self.phrase_at(&toks, i, &self.titles) {
                    let mut j = i + n;
                    let immediate = is_civil_title(t.folded);
                    if immediate && toks.get(j).is_some_and(|t| tok_text(t) == ".") {
                        j += 1;
                    }
                    let mut skipped = 0;
                    let mut after_complement = false;
                    // Qualifiers between the title and the name: adjectives and
                    // demonyms ("russe"), a department ("de la Santé"), commas.
                    while j < toks.len() && !immediate && skipped < 8 {
                        let q = &toks[j];
                        if tok_text(q) == "," {
                            j += 1;
                            skipped += 1;
                            continue;
                        }
                        if q.kind == TokenKind::Word
                            && !q.capitalised
                            && self.is_qualifier(q.folded)
                        {
                            j += 1;
                            skipped += 1;
                            continue;
                        }
                        // A party's or an organisation's acronym before the
                        // name ("la députée LFI Mathilde Panot").
                        let acronym = tok_text(q);
                        if (2..=6).contains(&acronym.len())
                            && acronym.bytes().all(|b| b.is_ascii_uppercase())
                            && toks.get(j + 1).is_some_and(|n| self.starts_name(n))
                        {
                            j += 1;
                            skipped += 1;
                            continue;
                        }
                        if matches!(q.folded, "de" | "du" | "des" | "d'") {
                            let mut k = j + 1;
                            if toks
                                .get(k)
                                .is_some_and(|t| matches!(t.folded, "la" | "l'" | "le" | "les"))
                            {
                                k += 1;
                            }
                            if toks
                                .get(k)
                                .is_some_and(|t| t.capitalised && t.kind == TokenKind::Word)
                            {
                                j = k + 1;
                                skipped += 1;
                                after_complement = true;
                                continue;
                            }
                        }
                        break;
                    }
                    let end = (j < toks.len() && self.starts_name(&toks[j]))
                        .then(|| self.name_end(text, &toks, j, 4))
                        // After "de X", one word that is not a first name
                        // may end X's name rather than start a person's:
                        // "le maire de Greater Manchester", "le président du
                        // Grand Lyon" (but "le maire de Lyon Grégory Doucet").
                        .filter(|&end| {
                            !after_complement || end - j >= 2 || toks[j].flags & FIRST_NAME != 0
                        });
                    if let Some(end) = end {
                        // After a civil title (M., Mme, Dr, Me) a name is a
                        // person's, whatever else it names ("M. Lavergne").
                        let confidence = if immediate {
                            CIVIL_TITLE_CONFIDENCE
                        } else {
                            0.85
                        };
                        out.push(candidate(j, end, EntityType::Per, Rule::Title, confidence));
                    }
                }
            }
            // Organisation head word + rest of the name.
            if self.is_name_word(t) {
                if let Some(n) = self
                    .phrase_at(&toks, i, &self.org_heads)
                    .filter(|_| self.head_written_as_listed(tok_text(t), t.folded))
                {
                    let mut j = i + n;
                    let mut last = j;
                    let mut adjectives = 0;
                    // Lower-case words after a preposition ("Centre d'études
                    // diplomatiques de Dakar"): part of the name only if a
                    // capitalised word follows them.
                    let mut common_words = 0;
                    while j < toks.len() && j - i < 8 {
                        let q = &toks[j];
                        if q.after_line_break {
                            break; // A name does not continue on the next line.
                        }
                        let after_preposition = j > i + n
                            && matches!(toks[j - 1].folded, "de" | "d'" | "des" | "du" | "pour");
                        let after_common_word = j > last && common_words > 0 && !after_preposition;
                        // A person after the name: "le président du Conseil
                        // européen Donald Tusk" (but "Fondation Jean Jaurès",
                        // "Fondation Jean Paul Riopelle").
                        let person_follows = last > i + n
                            && !after_preposition
                            && q.flags & FIRST_NAME != 0
                            && toks[j - 1].flags & FIRST_NAME == 0
                            && toks.get(j + 1).is_some_and(|n| self.is_name_word(n));
                        if self.is_name_word(q) && (after_common_word || person_follows) {
                            break; // "Conseil des ministres Matteo Renzi"
                        } else if self.is_name_word(q) || last > i + n && q.is_article_name(text) {
                            j += 1;
                            last = j;
                        } else if q.kind == TokenKind::Word
                            && !q.capitalised
                            && common_words < 2
                            && (after_preposition
                                || (common_words > 0 && looks_adjective(q.folded)))
                            && q.flags & NOT_NAME == 0
                        {
                            j += 1;
                            common_words += 1;
                        } else if q.kind == TokenKind::Word
                            && !q.capitalised
                            && j == i + n + adjectives
                            && adjectives < 2
                            && looks_adjective(q.folded)
                        {
                            j += 1;
                            last = j;
                            adjectives += 1;
                        } else if q.folded == "et" && starts_another_org(&toks[j + 1..]) {
                            break; // "le Conseil fédéral et la Banque nationale"
                        } else if matches!(
                            q.folded,
                            "de" | "du" | "des" | "de la" | "et" | "pour" | "sur" | "d'"
                        ) || (matches!(q.folded, "la" | "l'") || q.kind == TokenKind::Clitic)
                            // An article after a preposition only: "Parlement
                            // la Loi Macron" is not a name.
                            && matches!(toks[j - 1].folded, "de" | "pour" | "sur" | "et")
                        {
                            j += 1;
                        } else {
                            break;
                        }
                    }
                    if last > i + n - 1 && last >= i + 2 {
                        // "Conseil national" (a head and adjectives only) is
                        // often a common noun phrase: less sure than "Université de Liège".
                        let named = toks[i + n..last].iter().any(|t| t.capitalised);
                        out.push(candidate(
                            i,
                            last,
                            EntityType::Org,
                            Rule::OrgCue,
                            if named { 0.7 } else { 0.55 },
                        ));
                    }
                }
            }
            // Name ended by an organisation word.
            if self.is_name_word(t) && !t.sentence_start {
                let end = self.name_end(text, &toks, i, 5);
                if end >= i + 2 && toks[end - 1].flags & ORG_TAIL != 0 {
                    out.push(candidate(i, end, EntityType::Org, Rule::OrgCue, 0.8));
                }
            }
            // Locative cue + capitalised name.
            if !t.ignored && !t.capitalised {
                if let Some(n) = self.phrase_at(&toks, i, &self.locatives) {
                    let j = i + n;
                    if j < toks.len() && self.starts_name(&toks[j]) {
                        let end = self.name_end(text, &toks, j, 3);
                        out.push(candidate(j, end, EntityType::Loc, Rule::Locative, 0.5));
                    }
                }
            }
            i += 1;
        }
        // A place named twice after locative cues, or also found by another
        // locative-free cue, is more certain.
        let mut counts: rustc_hash::FxHashMap<&str, usize> = Default::default();
        for c in out.iter().filter(|c| c.rule == Rule::Locative) {
            *counts.entry(&text[c.byte_start..c.byte_end]).or_default() += 1;
        }
        for c in out.iter_mut().filter(|c| c.rule == Rule::Locative) {
            if counts[&text[c.byte_start..c.byte_end]] >= 2 {
                c.confidence = SUPPORTED_LOCATIVE_CONFIDENCE;
            }
        }
        out
    }
}

/// Is `word` an Arabic article joined by a hyphen to a capitalised name
/// ("al-Hassan", "el-Sissi", "ad-Dawla")?
fn is_article_name(word: &str) -> bool {
    if !matches!(word.as_bytes().first(), Some(b'a' | b'e')) {
        return false;
    }
    let Some((article, name)) = word.split_once('-') else {
        return false;
    };
    matches!(
        article,
        "al" | "el" | "ad" | "ar" | "as" | "ash" | "at" | "az" | "ed" | "es"
    ) && name.chars().next().is_some_and(char::is_uppercase)
        && name.chars().nth(1).is_some_and(char::is_lowercase)
}

/// Call `f` with the folded form of `word`, trimmed. A short word of ASCII
/// and Latin letters (the usual case) is folded on the stack
/// ([`fold_word`]); any other is folded with [`fold`], which allocates.
fn with_folded<R>(word: &str, f: impl FnOnce(&str) -> R) -> R {
    let mut buf = [0u8; 64];
    if let Some(folded) = fold_word(word, &mut buf) {
        return f(folded);
    }
    f(fold(word).trim())
}

/// The length in tokens of the longest phrase of `list` at token `i`, whose
/// first word is known to start some (see [`NameRules::phrase_at`]).
#[inline(never)]
fn longest_phrase_at(toks: &[Tok], i: usize, list: &PhraseList) -> Option<usize> {
    // A phrase of several words needs a second word next ("la commune
    // de"): most often there is none ("la France") and only a phrase of one
    // word may be there.
    let longer = toks
        .get(i + 1)
        .is_some_and(|t| list.second_words.get(t.folded).is_some());
    // The first word is the group's: compare the others.
    list.starting_with(toks[i].folded)
        .iter()
        .find(|p| {
            p.len() == 1
                || longer
                    && i + p.len() <= toks.len()
                    && p[1..]
                        .iter()
                        .zip(&toks[i + 1..])
                        .all(|(w, t)| t.folded == w)
        })
        .map(|p| p.len())
}

/// True when `rest` (the tokens after an "et") starts, after an article, with
/// an organisation head word: a second organisation, not the same name.
fn starts_another_org(rest: &[Tok]) -> bool {
    let skip = usize::from(
        rest.first()
            .is_some_and(|t| matches!(t.folded, "la" | "le" | "les" | "l'" | "un" | "une")),
    );
    rest.get(skip)
        .is_some_and(|t| t.flags & ORG_HEAD_START != 0)
}

/// Lower-case words that are probably adjectives ("socialiste", "européenne").
pub fn looks_adjective(w: &str) -> bool {
    const ENDINGS: &[&str] = &[
        "al", "ale", "aux", "ales", "ique", "iques", "iste", "istes", "aire", "aires", "ien",
        "ienne", "iens", "iennes", "ais", "aise", "aises", "ois", "oise", "oises", "een", "eenne",
        "ain", "aine", "el", "elle", "if", "ive", "ifs", "ives", "ante", "antes", "ier", "iere",
        "ienne", "ale", "eenne",
    ];
    w.len() > 3 && w.chars().all(char::is_alphabetic) && ENDINGS.iter().any(|e| w.ends_with(e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_cue_list_is_well_formed() {
        let lines = cue_lines("gazetteers/name-cues.tsv", DEFAULT_CUES).unwrap();
        assert!(lines.len() > 400, "{} cue lines", lines.len());
    }

    #[test]
    fn bad_cue_lines_name_their_line() {
        let cases = [
            (
                "rule\tcue\ntitle\tM.\ntitel\tMme\n",
                "f.tsv:3: unknown rule \"titel\"",
            ),
            (
                "# c\nrule\tcue\n\nidiom\tgarde des Sceaux\n",
                "f.tsv:4: an idiom needs",
            ),
            ("rule\tcue\nthing\n", "f.tsv:2: expected 'rule<TAB>cue'"),
            ("rule\tcue\nthing\t  \n", "f.tsv:2: empty cue"),
            ("kind\tcue\n", "f.tsv:1: expected the header"),
        ];
        for (text, expected) in cases {
            let error = cue_lines("f.tsv", text).unwrap_err();
            assert!(error.starts_with(expected), "{text:?}: {error}");
        }
        assert_eq!(
            cue_lines("f.tsv", "rule\tcue\nidiom\tcochon d'[Inde]\n").unwrap(),
            [("idiom", "cochon d'[Inde]")]
        );
    }

    /// An idiom's cue gives its name and the words around it, folded, the
    /// nearest first; a cue without a bracketed name is none.
    #[test]
    fn idioms_parse() {
        let words = |w: &[&str]| w.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        // (cue, (name, words before, words after))
        type Expected<'a> = Option<(&'a str, &'a [&'a str], &'a [&'a str])>;
        let cases: &[(&str, Expected)] = &[
            ("cochon d'[Inde]", Some(("inde", &["d'", "cochon"], &[]))),
            (
                "virus du [Nil] occidental",
                Some(("nil", &["du", "virus"], &["occidental"])),
            ),
            (
                "coquilles [Saint-Jacques]",
                Some(("saint jacques", &["coquilles"], &[])),
            ),
            (
                "Garde des [Sceaux]",
                Some(("sceaux", &["des", "garde"], &[])),
            ),
            ("garde des Sceaux", None),
            ("garde des []", None),
        ];
        for &(cue, expected) in cases {
            let expected = expected.map(|(name, before, after)| {
                (
                    name.to_string(),
                    Idiom {
                        before: words(before),
                        after: words(after),
                    },
                )
            });
            assert_eq!(Idiom::parse(cue), expected, "cue: {cue:?}");
        }
    }

    /// Reading the cue flags by the matcher's word ids finds what the
    /// look-ups by word find, on texts with every kind of cue, compound first
    /// names, clitics and words longer than 16 bytes.
    #[test]
    fn flags_by_word_id_as_by_word() {
        let gazetteer = crate::gazetteer::GazetteerBuilder::new().build().unwrap();
        let mut rules = NameRules::default_rules();
        let matcher = Matcher::with_words(&gazetteer, rules.listed_words()).unwrap();
        rules.index_words(&matcher);
        let texts = [
            "Le ministre de l'Intérieur, Gérald Darmanin, a reçu M. Jean-Marc Zorbla.",
            "La société Zorblatech SA et l'Université de Zorbla ont signé à Quintville.",
            "Selon Marie-Claire Zorbla, présidente de l'Association Zorbla, d'Artagnan arrive.",
            "Anticonstitutionnellement, Maximilien-Alexandre Zorbla parle au nom du Conseil.",
            "",
        ];
        for text in texts {
            let norm = crate::normalize::normalize(text);
            let (mut known, mut out) = (KnownWords::default(), Vec::new());
            matcher.find_with(&gazetteer, text, &norm, &mut known, &mut out);
            let by_id = rules.find_with(text, &norm, &known);
            let by_word = rules.find(text, &norm);
            assert_eq!(format!("{by_id:?}"), format!("{by_word:?}"), "{text}");
            assert!(!by_word.is_empty() || text.is_empty(), "{text}");
        }
    }

    fn found(text: &str) -> Vec<(&str, &'static str)> {
        NameRules::default_rules()
            .find(text, &crate::normalize::normalize(text))
            .iter()
            .map(|c| (&text[c.byte_start..c.byte_end], c.rule.as_str()))
            .collect()
    }

    /// The ranges `CharCase` decides without a table search agree with the
    /// general definitions.
    #[test]
    fn char_case_as_unicode_says() {
        for u in (0..=0x24F).chain(0x2000..=0x206F) {
            let c = char::from_u32(u).unwrap();
            let case = CharCase::of(c);
            assert_eq!(case.alphabetic, c.is_alphabetic(), "{c:?}");
            assert_eq!(case.upper, c.is_uppercase(), "{c:?}");
            assert_eq!(case.lower, c.is_lowercase(), "{c:?}");
        }
    }

    #[test]
    fn table() {
        let cases: &[(&str, &[(&str, &str)])] = &[
            (
                "Hier, Jean Dupont a parlé.",
                &[("Jean Dupont", "rule:firstname")],
            ),
            ("selon M. Dupuis, rien", &[("Dupuis", "rule:title")]),
            // Middle initials, and an Arabic article joined to a name, go on
            // with the name; neither starts one.
            (
                "Les physiciens David J. Thouless et George R. R. Martin, puis M. Valls.",
                &[
                    ("David J. Thouless", "rule:firstname"),
                    ("George R. R. Martin", "rule:firstname"),
                    ("Valls", "rule:title"),
                ],
            ),
            (
                "le chef Souheil al-Hassan et le Front Fatah al-Cham ; al-Qaida",
                &[
                    ("Souheil al-Hassan", "rule:title"),
                    ("Souheil al-Hassan", "rule:firstname"),
                    ("Front Fatah al-Cham", "rule:org-cue"),
                    ("Fatah al-Cham", "rule:firstname"),
                ],
            ),
            // An organisation's name stops before a person's ("le président
            // du Conseil zorblavien Donald Tusk"), not before a person it is
            // named after.
            (
                "le président du Conseil zorblavien Donald Tusk a dit",
                &[
                    ("Donald Tusk", "rule:title"),
                    ("Conseil zorblavien", "rule:org-cue"),
                    ("Donald Tusk", "rule:firstname"),
                ],
            ),
            (
                "la Fondation Jean Paul Riopelle et l'Université baptiste de Hong Kong",
                &[
                    ("Fondation Jean Paul Riopelle", "rule:org-cue"),
                    ("Jean Paul Riopelle", "rule:firstname"),
                    ("Université baptiste de Hong Kong", "rule:org-cue"),
                    ("Hong Kong", "rule:firstname"),
                ],
            ),
            (
                "le Parlement de Catalogne, puis sans vote du Parlement la Loi Zorbla",
                &[("Parlement de Catalogne", "rule:org-cue")],
            ),
            // A surname cut to its initial, as court reports write it.
            (
                "Jean-Pierre R. a dit",
                &[("Jean-Pierre R.", "rule:firstname")],
            ),
            (
                "l'accusé, Rayan B., 26 ans, et Marie L. qui témoigne",
                &[
                    ("Rayan B.", "rule:firstname"),
                    ("Marie L.", "rule:firstname"),
                ],
            ),
            (
                "le CHU de Brest ; selon Chu Mi-Ae",
                &[("CHU de Brest", "rule:org-cue")],
            ),
            (
                "le ministre wallon de la Santé, Yves Coppieters, l'indique",
                &[
                    ("Yves Coppieters", "rule:title"),
                    ("Yves Coppieters", "rule:firstname"),
                ],
            ),
            // After "de X", a second capitalised word starts a person's name
            // only with a first name or a second word: otherwise it may end
            // X's name.
            (
                "Le maire de Zorblaville Quint Gendt parle.",
                &[("Quint Gendt", "rule:title")],
            ),
            ("Le maire de Greater Zorblaville parle.", &[]),
            ("Le président du Grand Zorbla parle.", &[]),
            (
                "Le maire de Zorblaville Marie parle.",
                &[("Marie", "rule:title")],
            ),
            // A party's acronym between the title and the name is not part
            // of it.
            (
                "la députée LFI Mathilde Panot interpelle",
                &[
                    ("Mathilde Panot", "rule:title"),
                    ("Mathilde Panot", "rule:firstname"),
                ],
            ),
            (
                "l'Université de Liège publie",
                &[("Université de Liège", "rule:org-cue")],
            ),
            (
                "le Parti socialiste a voté",
                &[("Parti socialiste", "rule:org-cue")],
            ),
            (
                "effectués à Chièvres hier",
                &[("Chièvres", "rule:locative")],
            ),
            ("UN TITRE EN CAPITALES À PARIS", &[]),
            ("Le film « Jean de Florette » sort.", &[]),
            ("Mais Lundi rien.", &[]),
            ("Le PSG a gagné.", &[]),
            (
                "le Conseil fédéral et la Banque nationale",
                &[
                    ("Conseil fédéral", "rule:org-cue"),
                    ("Banque nationale", "rule:org-cue"),
                ],
            ),
            // Capitalised particles inside a name; hyphenated first names.
            (
                "le coureur Thomas De Gendt et Pierre Le Corre",
                &[
                    ("Thomas De Gendt", "rule:firstname"),
                    ("Pierre Le Corre", "rule:firstname"),
                ],
            ),
            (
                "hier, Alain-Guillaume Bunyoni a dit",
                &[("Alain-Guillaume Bunyoni", "rule:firstname")],
            ),
            // Lower-case words after a preposition, inside an organisation's name.
            (
                "le Centre d'études diplomatiques de Dakar ouvre",
                &[("Centre d'études diplomatiques de Dakar", "rule:org-cue")],
            ),
            ("la Chambre des métiers\n\nAlors", &[]),
            (
                "le Conseil des ministres Matteo Renzi",
                &[("Matteo Renzi", "rule:firstname")],
            ),
            // A civil title after a role: the name comes after it.
            (
                "Son avocat, Me Richard Lacasse, a dit",
                &[
                    ("Richard Lacasse", "rule:title"),
                    ("Richard Lacasse", "rule:firstname"),
                ],
            ),
            // A first name after a full name starts the next person.
            (
                "avec Sophie Marceau Jean Dujardin hier",
                &[
                    ("Sophie Marceau", "rule:firstname"),
                    ("Jean Dujardin", "rule:firstname"),
                ],
            ),
            (
                "effectués à Toulouse\n\nGroupe scolaire",
                &[
                    ("Toulouse", "rule:locative"),
                    ("Groupe scolaire", "rule:org-cue"),
                ],
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(&found(text), expected, "text: {text:?}");
        }
    }
}

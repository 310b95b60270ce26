//! A French tokenizer that never loses a byte.
//!
//! [`tokenize`] cuts a text into [`Token`]s: words, numbers, elided clitics
//! (`l'`, `d'`, `qu'`, `jusqu'` …), punctuation, sentence ends and runs of white
//! space. Concatenating the tokens gives back the input exactly, so every token
//! carries byte offsets into the original text.
//!
//! Hyphenated compounds ("Haut-Karabakh", "ex-Républiques", "Val-d'Oise") are one
//! token whose parts are reachable with [`Token::parts`]. An apostrophe splits a
//! word only after an elidable clitic: "l'Azerbaïdjan" is `l'` + `Azerbaïdjan`,
//! while "aujourd'hui" and "O'Brien" stay whole.
//!
//! The tokenizer is an iterator over the text: it allocates nothing and costs one
//! pass over the characters.

use unicode_normalization::char::is_combining_mark;

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters and digits, possibly a hyphenated compound or with an inner apostrophe.
    Word,
    /// Digits, possibly with inner `.` or `,` ("2024", "3,5", "1.000").
    Number,
    /// An elided clitic with its apostrophe: `l'`, `d'`, `qu'`, `jusqu'` …
    Clitic,
    /// Any other character that is not white space.
    Punct,
    /// `.`, `!`, `?`, `…` (or a run of them) that ends a sentence.
    SentenceEnd,
    /// A run of white space (including no-break spaces) or invisible characters.
    Space,
}

/// One token: a kind and its byte range in the original text. 12 bytes: the
/// offsets are 32-bit (texts are under 4 GiB, see [`tokenize`]), which halves
/// the token lists that every stage reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub kind: TokenKind,
    start: u32,
    end: u32,
}

impl Token {
    /// A token of `kind` over the bytes `start..end`.
    #[inline]
    pub fn new(kind: TokenKind, start: usize, end: usize) -> Token {
        Token {
            kind,
            start: start as u32,
            end: end as u32,
        }
    }

    /// The byte offset where the token starts.
    #[inline]
    pub fn start(&self) -> usize {
        self.start as usize
    }

    /// The byte offset where the token ends.
    #[inline]
    pub fn end(&self) -> usize {
        self.end as usize
    }

    /// The token's text.
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start()..self.end()]
    }

    /// True for a word made of several parts ("Haut-Karabakh", "Val-d'Oise").
    pub fn is_compound(&self, text: &str) -> bool {
        self.kind == TokenKind::Word && self.parts(text).nth(1).is_some()
    }

    /// The parts of a word: the pieces between hyphens, with an elided clitic
    /// inside a compound as a part of its own ("Val-d'Oise" → `Val`, `d'`, `Oise`).
    /// Other tokens have one part, themselves.
    pub fn parts<'t>(&self, text: &'t str) -> Parts<'t> {
        Parts {
            text,
            pos: self.start(),
            end: self.end(),
            split: self.kind == TokenKind::Word,
        }
    }
}

/// Iterator over the parts of a token, as `(start, end)` byte ranges.
pub struct Parts<'t> {
    text: &'t str,
    pos: usize,
    end: usize,
    split: bool,
}

impl Iterator for Parts<'_> {
    type Item = (usize, usize);

    fn next(&mut self) -> Option<(usize, usize)> {
        if self.pos >= self.end {
            return None;
        }
        let start = self.pos;
        if !self.split {
            self.pos = self.end;
            return Some((start, self.end));
        }
        let bytes = &self.text[start..self.end];
        // Hyphens and apostrophes are `-`, `'`, `` ` `` or non-ASCII: a part
        // without any of those bytes is the whole rest of the word.
        if !bytes
            .bytes()
            .any(|b| matches!(b, b'-' | b'\'' | b'`') || !b.is_ascii())
        {
            self.pos = self.end;
            return Some((start, self.end));
        }
        for (i, c) in bytes.char_indices() {
            if is_hyphen(c) && i > 0 {
                self.pos = start + i + c.len_utf8();
                return Some((start, start + i));
            }
            if is_apostrophe(c) && i > 0 && is_clitic(&bytes[..i]) {
                let after = start + i + c.len_utf8();
                if after < self.end {
                    self.pos = after;
                    return Some((start, after));
                }
            }
        }
        self.pos = self.end;
        Some((start, self.end))
    }
}

/// The elidable French clitics, without their apostrophe, in lower case.
pub const CLITICS: &[&str] = &[
    "l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu", "presqu",
];

/// True when `word` (without apostrophe) is an elidable clitic, in any case.
pub fn is_clitic(word: &str) -> bool {
    word.len() <= 6 && CLITICS.iter().any(|c| c.eq_ignore_ascii_case(word))
}

/// Apostrophe forms: ' ’ ʼ ´ ` ′ ‘.
pub fn is_apostrophe(c: char) -> bool {
    matches!(
        c,
        '\'' | '\u{2019}' | '\u{02BC}' | '\u{00B4}' | '`' | '\u{2032}' | '\u{2018}'
    )
}

/// Hyphen and dash forms: - ‐ ‑ ‒ – — − and the small/full-width hyphen-minus.
pub fn is_hyphen(c: char) -> bool {
    matches!(
        c,
        '-' | '\u{2010}'
            | '\u{2011}'
            | '\u{2012}'
            | '\u{2013}'
            | '\u{2014}'
            | '\u{2212}'
            | '\u{FE63}'
            | '\u{FF0D}'
    )
}

/// Invisible characters that may sit inside a word: soft hyphen, zero-width
/// space and joiners, word joiner, byte-order mark.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
    )
}

/// `ASCII_ALNUM[b]`: `b` is an ASCII letter or digit (one load instead of
/// range tests, in the loop that scans words).
static ASCII_ALNUM: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    table
};

/// The end of the run of ASCII letters and digits that starts at `start`,
/// and whether it holds a letter. Eight bytes at a time, without a branch
/// per byte: the loop's exit, one per word, would mispredict (the bytes are
/// classified with the usual SWAR range test, see [`ascii_masks`]).
#[inline]
fn ascii_alnum_run(bytes: &[u8], start: usize) -> (usize, bool) {
    let mut at = start;
    let mut letters = false;
    while let Some(chunk) = bytes.get(at..at + 8) {
        let (alnum, letter) =
            ascii_masks(u64::from_le_bytes(chunk.try_into().expect("eight bytes")));
        let stop = !alnum & HIGHS;
        if stop != 0 {
            // The bits below the high bit of the first other byte.
            let before = (1u64 << stop.trailing_zeros()) - 1;
            return (
                at + (stop.trailing_zeros() / 8) as usize,
                letters || letter & before != 0,
            );
        }
        letters |= letter != 0;
        at += 8;
    }
    while let Some(&b) = bytes.get(at) {
        if !ASCII_ALNUM[b as usize] {
            break;
        }
        letters |= b > b'9';
        at += 1;
    }
    (at, letters)
}

const ONES: u64 = u64::from_le_bytes([0x01; 8]);
const HIGHS: u64 = u64::from_le_bytes([0x80; 8]);

/// For the eight bytes of `v`, the high bit of each byte that is an ASCII
/// letter or digit, and of each that is an ASCII letter.
#[inline]
fn ascii_masks(v: u64) -> (u64, u64) {
    // Of bytes below 0x80, the high bit of those in lo..=hi: adding
    // 0x80 - lo sets it from lo up, adding 0x7F - hi from hi + 1 up, and
    // neither sum carries into the next byte.
    let in_range = |x: u64, lo: u8, hi: u8| {
        (x + ONES * u64::from(0x80 - lo)) & !(x + ONES * u64::from(0x7F - hi)) & HIGHS
    };
    let low = v & !HIGHS;
    let ascii = !v & HIGHS;
    let digit = in_range(low, b'0', b'9');
    // An ASCII letter with bit 5 set is a lower-case letter.
    let letter = in_range(low | (ONES * 0x20), b'a', b'z') & ascii;
    ((digit & ascii) | letter, letter)
}

/// [`is_word_char`] of the character whose UTF-8 encoding starts with the
/// bytes `lead`, `next`, for the two-byte Latin letters U+00C0..U+023F (all of
/// them but × C3 97 and ÷ C3 B7): true means a word character of two bytes.
#[inline]
fn is_two_byte_latin_letter(lead: u8, next: Option<u8>) -> bool {
    (0xC3..=0xC8).contains(&lead) && !(lead == 0xC3 && matches!(next, Some(0x97 | 0xB7)))
}

/// Does a word of ASCII letters and digits that runs up to `end` end there
/// for certain? Yes at the end of the text, before white space and most
/// ASCII punctuation, and before a hyphen, apostrophe, period or comma
/// followed by nothing or by an ASCII byte that is not a letter or digit
/// ("l'État", "3,5" and "Jean-Marc" go on; so, for the general scan to
/// decide, does "l'été").
#[inline]
fn ended_by_ascii(bytes: &[u8], end: usize) -> bool {
    match bytes.get(end) {
        None => true,
        Some(b'\'' | b'`' | b'-' | b'.' | b',') => bytes
            .get(end + 1)
            .is_none_or(|&n| n.is_ascii() && !ASCII_ALNUM[n as usize]),
        Some(&b) => b.is_ascii(),
    }
}

/// Is the space at `at` a token of its own: one space before an ASCII
/// letter, digit or punctuation, or a two-byte Latin letter?
#[inline]
fn single_space_at(bytes: &[u8], at: usize) -> bool {
    match bytes.get(at + 1) {
        Some(&b) if b.is_ascii() => b.is_ascii_graphic(),
        Some(&b) => is_two_byte_latin_letter(b, bytes.get(at + 2).copied()),
        None => false,
    }
}

/// Letters, digits and combining marks.
#[inline]
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else if ('\u{00C0}'..='\u{024F}').contains(&c) {
        // Latin-1 letters and Latin Extended-A/B: all letters but × and ÷.
        c != '\u{00D7}' && c != '\u{00F7}'
    } else if c < '\u{00C0}' {
        // Latin-1 punctuation and symbols (« » no-break space °), but for
        // the ordinal indicators, micro sign, superscripts and fractions.
        matches!(c, 'ª' | 'µ' | 'º' | '²' | '³' | '¹' | '¼' | '½' | '¾')
    } else if ('\u{2000}'..='\u{206F}').contains(&c) {
        false // General punctuation: ’ – — … “ ” and the like.
    } else {
        c.is_alphanumeric() || is_combining_mark(c)
    }
}

/// Is the ASCII byte `b` white space as `char::is_whitespace` says (the
/// vertical tab too, unlike `u8::is_ascii_whitespace`)?
pub fn is_ascii_blank(b: u8) -> bool {
    b.is_ascii_whitespace() || b == 0x0B
}

/// The run of `in_word` characters that starts `s` (empty when `s` does not
/// start with one).
pub fn leading_word(s: &str, in_word: impl Fn(char) -> bool) -> &str {
    let len = s
        .char_indices()
        .find(|&(_, c)| !in_word(c))
        .map_or(s.len(), |(i, _)| i);
    &s[..len]
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || is_invisible(c)
}

fn is_terminal(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…')
}

/// Abbreviations whose final `.` does not end a sentence ("M. Aliev").
const ABBREVIATIONS: &[&str] = &[
    "m", "mm", "mme", "mmes", "mlle", "dr", "pr", "me", "mgr", "st", "ste", "gal", "cdt", "lt",
    "av", "bd", "p", "cf", "vol", "no", "art", "env",
];

fn is_abbreviation(word: &str) -> bool {
    let single_capital = {
        let mut chars = word.chars();
        matches!((chars.next(), chars.next()), (Some(c), None) if c.is_uppercase())
    };
    single_capital || ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word))
}

/// Cut `text` into tokens. See the module documentation.
///
/// # Panics
/// When `text` is 4 GiB or longer (token offsets are 32-bit).
pub fn tokenize(text: &str) -> Tokens<'_> {
    assert!(
        text.len() < u32::MAX as usize,
        "texts of 4 GiB or more are not supported"
    );
    Tokens {
        text,
        pos: 0,
        last_word: None,
    }
}

/// Iterator returned by [`tokenize`].
pub struct Tokens<'t> {
    text: &'t str,
    pos: usize,
    last_word: Option<(usize, usize)>,
}

impl<'t> Tokens<'t> {
    #[inline]
    fn char_at(&self, pos: usize) -> Option<char> {
        match self.text.as_bytes().get(pos) {
            Some(&b) if b.is_ascii() => Some(b as char),
            _ => self.text[pos..].chars().next(),
        }
    }

    /// Scan a word starting at `start` (a word character). Returns its end and
    /// whether it is an elided clitic.
    fn scan_word(&self, start: usize) -> (usize, TokenKind) {
        let text = self.text;
        let mut pos = start;
        let mut part_start = start;
        let mut all_digits = true;
        loop {
            // Consume word characters (and invisible characters between them),
            // ASCII ones a byte at a time.
            let bytes = text.as_bytes();
            let (run_end, letters) = ascii_alnum_run(bytes, pos);
            pos = run_end;
            all_digits &= !letters;
            // Most words end at an ASCII character that can neither continue
            // them nor join a next part (a space, most punctuation): stop
            // without decoding characters.
            match bytes.get(pos) {
                None => break,
                Some(&b) if b.is_ascii() && !matches!(b, b'\'' | b'`' | b'-' | b'.' | b',') => {
                    break
                }
                _ => {}
            }
            // ASCII letters and digits, and the two-byte Latin letters,
            // without decoding them.
            while let Some(&b) = bytes.get(pos) {
                if ASCII_ALNUM[b as usize] {
                    all_digits &= b.is_ascii_digit();
                    pos += 1;
                    continue;
                }
                if is_two_byte_latin_letter(b, bytes.get(pos + 1).copied()) {
                    all_digits = false;
                    pos += 2;
                    continue;
                }
                let Some(c) = self.char_at(pos) else { break };
                if is_word_char(c) {
                    all_digits &= c.is_ascii_digit();
                    pos += c.len_utf8();
                } else if is_invisible(c)
                    && pos > part_start
                    && self.char_at(pos + c.len_utf8()).is_some_and(is_word_char)
                {
                    pos += c.len_utf8();
                } else {
                    break;
                }
            }
            let Some(c) = self.char_at(pos) else { break };
            let after = pos + c.len_utf8();
            let next_is_word = self.char_at(after).is_some_and(is_word_char);
            if !next_is_word {
                break;
            }
            if is_apostrophe(c) {
                // "l'Azerbaïdjan": the clitic is a token of its own; inside a
                // compound ("Val-d'Oise") it is one of the compound's parts.
                if part_start == start && is_clitic(&text[part_start..pos]) {
                    return (after, TokenKind::Clitic);
                }
                pos = after;
                part_start = after;
                all_digits = false;
            } else if is_hyphen(c) {
                pos = after;
                part_start = after;
                all_digits = false;
            } else if (c == '.' || c == ',')
                && all_digits
                && self.char_at(after).is_some_and(|d| d.is_ascii_digit())
            {
                pos = after;
            } else {
                break;
            }
        }
        let kind = if all_digits {
            TokenKind::Number
        } else {
            TokenKind::Word
        };
        (pos, kind)
    }

    /// The next token when it is one of the commonest tokens of French text,
    /// taken in one loop, with whether it is plain ASCII:
    /// * a single space before a letter, a digit or ASCII punctuation;
    /// * a word or number of ASCII letters, digits and two-byte Latin letters
    ///   (é, à, ç, Œ …) that an ASCII byte ends for certain (white space,
    ///   most punctuation, or a hyphen, apostrophe, period or comma that no
    ///   word character follows);
    /// * one ASCII punctuation character but `.`, `!`, `?` (sentence ends)
    ///   and the hyphen and apostrophes (which the normaliser folds).
    ///
    /// `None`, with nothing consumed, for any other token.
    /// [`Tokens::next_scanned`] gives the same tokens: this is its shortcut,
    /// which the iterator tries first.
    #[inline]
    pub fn next_plain(&mut self) -> Option<(Token, bool)> {
        let start = self.pos;
        let bytes = self.text.as_bytes();
        let first = *bytes.get(start)?;
        let token = |kind, end| Token::new(kind, start, end);
        if first == b' ' {
            if !single_space_at(bytes, start) {
                return None;
            }
            self.pos = start + 1;
            return Some((token(TokenKind::Space, start + 1), true));
        }
        if first.is_ascii_punctuation()
            && !matches!(first, b'.' | b'!' | b'?' | b'-' | b'\'' | b'`')
        {
            self.pos = start + 1;
            return Some((token(TokenKind::Punct, start + 1), true));
        }
        let mut end = start;
        let mut letters = false;
        let mut ascii = true;
        loop {
            let (run_end, run_letters) = ascii_alnum_run(bytes, end);
            end = run_end;
            letters |= run_letters;
            match bytes.get(end) {
                Some(&b) if is_two_byte_latin_letter(b, bytes.get(end + 1).copied()) => {
                    end += 2;
                    letters = true;
                    ascii = false;
                }
                _ => break,
            }
        }
        let ended = end > start && ended_by_ascii(bytes, end);
        if !ended {
            return None;
        }
        let kind = if letters {
            TokenKind::Word
        } else {
            TokenKind::Number
        };
        self.pos = end;
        self.last_word = Some((start, end));
        Some((token(kind, end), ascii))
    }

    /// A run of plain ASCII words from here: the tokens that
    /// [`Tokens::next_plain`] would give one by one as plain ASCII, a word
    /// or number of ASCII letters and digits, then a single space and another
    /// such word, and so on (a single space after the last word is taken
    /// too). The tokens are appended to `out`; returns the byte range from the
    /// first word's start to the last word's end, whose text is the words and
    /// the single spaces between them. `None`, with nothing consumed, when no
    /// such word starts here.
    ///
    /// What it is for: the normalised form of such a range is its bytes in
    /// lower case, so the normaliser copies it at once, rather than token by
    /// token.
    #[inline]
    pub fn plain_run(&mut self, out: &mut Vec<Token>) -> Option<(usize, usize)> {
        let bytes = self.text.as_bytes();
        let first = self.pos;
        let mut start = first;
        let mut last_end = None;
        while bytes.get(start).is_some_and(|&b| ASCII_ALNUM[b as usize]) {
            let (end, letters) = ascii_alnum_run(bytes, start);
            if !ended_by_ascii(bytes, end) {
                break;
            }
            let kind = if letters {
                TokenKind::Word
            } else {
                TokenKind::Number
            };
            out.push(Token::new(kind, start, end));
            self.last_word = Some((start, end));
            self.pos = end;
            last_end = Some(end);
            // A single space: before an ASCII letter or digit the run goes on.
            if bytes.get(end) != Some(&b' ') || !single_space_at(bytes, end) {
                break;
            }
            out.push(Token::new(TokenKind::Space, end, end + 1));
            self.pos = end + 1;
            start = end + 1;
        }
        last_end.map(|end| (first, end))
    }

    /// Scan the token starting at `start` (not at the end of the text),
    /// whatever its first character.
    fn scan_token(&self, start: usize) -> (usize, TokenKind) {
        let c = self.char_at(start).expect("a character at a token start");
        if is_word_char(c) {
            self.scan_word(start)
        } else if is_space(c) {
            let mut end = start;
            // ASCII white space a byte at a time, then any other.
            let bytes = self.text.as_bytes();
            while bytes
                .get(end)
                .is_some_and(|&b| b == b' ' || (0x09..=0x0D).contains(&b))
            {
                end += 1;
            }
            while let Some(c) = self.char_at(end) {
                if !is_space(c) {
                    break;
                }
                end += c.len_utf8();
            }
            (end, TokenKind::Space)
        } else if is_terminal(c) {
            let mut end = start;
            while let Some(c) = self.char_at(end) {
                if !is_terminal(c) {
                    break;
                }
                end += c.len_utf8();
            }
            let followed_by_break = match self.char_at(end) {
                None => true,
                Some(n) => n.is_whitespace() || matches!(n, '"' | '»' | ')' | '\u{201D}'),
            };
            let after_abbreviation = c == '.'
                && end == start + 1
                && self
                    .last_word
                    .is_some_and(|(s, e)| e == start && is_abbreviation(&self.text[s..e]));
            if followed_by_break && !after_abbreviation {
                (end, TokenKind::SentenceEnd)
            } else {
                (end, TokenKind::Punct)
            }
        } else {
            (start + c.len_utf8(), TokenKind::Punct)
        }
    }
}

impl Tokens<'_> {
    /// The next token by the general scan, without trying
    /// [`Tokens::next_plain`] first: what the iterator falls back to.
    pub fn next_scanned(&mut self) -> Option<Token> {
        let start = self.pos;
        if start >= self.text.len() {
            return None;
        }
        let (end, kind) = self.scan_token(start);
        self.pos = end;
        if matches!(kind, TokenKind::Word | TokenKind::Number) {
            self.last_word = Some((start, end));
        }
        Some(Token::new(kind, start, end))
    }
}

impl Iterator for Tokens<'_> {
    type Item = Token;

    fn next(&mut self) -> Option<Token> {
        match self.next_plain() {
            Some((token, _)) => Some(token),
            None => self.next_scanned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use TokenKind::*;

    fn toks(text: &str) -> Vec<(&str, TokenKind)> {
        tokenize(text)
            .filter(|t| t.kind != Space)
            .map(|t| (t.text(text), t.kind))
            .collect()
    }

    /// The tokens of `text` when [`Tokens::next_plain`] is tried
    /// before every token, as the iterator and the normaliser do.
    fn with_shortcut(text: &str) -> Vec<Token> {
        let mut tokens = tokenize(text);
        let mut out = Vec::new();
        loop {
            if let Some((t, ascii)) = tokens.next_plain() {
                assert_eq!(ascii, t.text(text).is_ascii());
                out.push(t);
            } else if let Some(t) = tokens.next_scanned() {
                out.push(t);
            } else {
                return out;
            }
        }
    }

    /// The tokens of `text` by the general scan alone.
    fn scanned(text: &str) -> Vec<Token> {
        let mut tokens = tokenize(text);
        std::iter::from_fn(|| tokens.next_scanned()).collect()
    }

    #[test]
    fn plain_ascii_shortcut_gives_the_same_tokens() {
        for text in [
            "Le 14 juillet 2024, M. Dupont a dit: non.",
            "l'Azerbaïdjan et l' autre, aujourd'hui O'Brien",
            "Haut-Karabakh mot- fin- 3,5 et 1.000 puis 12. Fin.",
            "abc123 123abc 42 a-b a'b a`b a.b a,b a. a, a- a' a`",
            "Paris\u{00A0}Lyon\u{202F}; l’Élysée, x\u{00AD}y é",
            "fin.Élu mot-é mot'é 7,é 8.é",
            "  double  espace\n\nparagraphe\tTab",
            "à été, l'été à Noël ; « citation » (État) [x] {y} 5% #a @b ~ | é-a é'a",
            "Été × ÷ a×b aÿ ÿ ǅ Ș ș ț x\u{0301} é\u{0301}",
        ] {
            assert_eq!(with_shortcut(text), scanned(text), "{text:?}");
        }
    }

    #[test]
    fn ascii_masks_agree_with_the_byte_tests() {
        for b in 0..=255u8 {
            let (alnum, letter) = ascii_masks(u64::from_le_bytes([
                b' ', b, b'-', 0xC3, 0xA9, b'a', b'9', 0x80,
            ]));
            let bit = |m: u64, i: usize| m >> (8 * i + 7) & 1 == 1;
            assert_eq!(bit(alnum, 1), b.is_ascii_alphanumeric(), "{b:#x}");
            assert_eq!(bit(letter, 1), b.is_ascii_alphabetic(), "{b:#x}");
            assert_eq!(
                [0, 2, 3, 4, 5, 6, 7].map(|i| bit(alnum, i)),
                [false, false, false, false, true, true, false]
            );
        }
        let text = b"abc 12345678x9 abcdefghijklmnop 0123456789012345678 A-Z";
        for start in 0..text.len() {
            let end = start
                + text[start..]
                    .iter()
                    .take_while(|b| b.is_ascii_alphanumeric())
                    .count();
            let letters = text[start..end].iter().any(u8::is_ascii_alphabetic);
            assert_eq!(ascii_alnum_run(text, start), (end, letters), "from {start}");
        }
    }

    proptest::proptest! {
        #[test]
        fn plain_ascii_shortcut_agrees_on_any_text(text in "[a-zA-Z0-9 .,;:()%'`\\-éàÉ×÷ș’\u{00A0}\u{00AD}\u{0301}x\n\t!?…]{0,40}") {
            proptest::prop_assert_eq!(with_shortcut(&text), scanned(&text));
        }
    }

    /// The byte test agrees with [`is_word_char`] on every character it
    /// accepts, and accepts every word character of U+00C0..U+023F.
    #[test]
    fn two_byte_latin_letters_are_word_chars() {
        for c in '\u{80}'..='\u{7FF}' {
            let mut buf = [0; 2];
            let bytes = c.encode_utf8(&mut buf).as_bytes();
            let fast = is_two_byte_latin_letter(bytes[0], Some(bytes[1]));
            if fast {
                assert!(is_word_char(c), "{c:?}");
            }
            if ('\u{C0}'..='\u{23F}').contains(&c) {
                assert_eq!(fast, is_word_char(c), "{c:?}");
            }
        }
    }

    #[test]
    fn table() {
        let cases: &[(&str, &[(&str, TokenKind)])] = &[
            ("l'Azerbaïdjan", &[("l'", Clitic), ("Azerbaïdjan", Word)]),
            ("L’Arménie", &[("L’", Clitic), ("Arménie", Word)]),
            ("D'EREVAN", &[("D'", Clitic), ("EREVAN", Word)]),
            ("qu’Aliev", &[("qu’", Clitic), ("Aliev", Word)]),
            ("jusqu'à", &[("jusqu'", Clitic), ("à", Word)]),
            ("lorsqu`il", &[("lorsqu`", Clitic), ("il", Word)]),
            ("puisqu'on", &[("puisqu'", Clitic), ("on", Word)]),
            ("quoiqu'elle", &[("quoiqu'", Clitic), ("elle", Word)]),
            ("s'entretenir", &[("s'", Clitic), ("entretenir", Word)]),
            ("c′est", &[("c′", Clitic), ("est", Word)]),
            ("aujourd'hui", &[("aujourd'hui", Word)]),
            ("O'Brien", &[("O'Brien", Word)]),
            ("Haut-Karabakh", &[("Haut-Karabakh", Word)]),
            ("Haut‑Karabakh", &[("Haut‑Karabakh", Word)]),
            (
                "d'ex-Républiques",
                &[("d'", Clitic), ("ex-Républiques", Word)],
            ),
            ("Val-d'Oise", &[("Val-d'Oise", Word)]),
            ("COP29", &[("COP29", Word)]),
            ("2024", &[("2024", Number)]),
            ("3,5 %", &[("3,5", Number), ("%", Punct)]),
            (
                "Poutine, Aliev.",
                &[
                    ("Poutine", Word),
                    (",", Punct),
                    ("Aliev", Word),
                    (".", SentenceEnd),
                ],
            ),
            ("M. Aliev", &[("M", Word), (".", Punct), ("Aliev", Word)]),
            (
                "Quoi ?! Non…",
                &[
                    ("Quoi", Word),
                    ("?!", SentenceEnd),
                    ("Non", Word),
                    ("…", SentenceEnd),
                ],
            ),
            ("(ISSeP)", &[("(", Punct), ("ISSeP", Word), (")", Punct)]),
            (
                "'Poutine'",
                &[("'", Punct), ("Poutine", Word), ("'", Punct)],
            ),
            ("l'", &[("l", Word), ("'", Punct)]),
            ("Pou\u{00AD}tine", &[("Pou\u{00AD}tine", Word)]),
            ("e\u{0301}te\u{0301}", &[("e\u{0301}te\u{0301}", Word)]),
            ("a - b", &[("a", Word), ("-", Punct), ("b", Word)]),
        ];
        for (text, expected) in cases {
            assert_eq!(&toks(text), expected, "text: {text:?}");
        }
    }

    /// The ranges `is_word_char` decides without a table search agree with
    /// the general definition.
    #[test]
    fn word_chars_as_unicode_says() {
        let ranges = [0x80..=0x24F, 0x2000..=0x206F];
        for u in ranges.into_iter().flatten() {
            let c = char::from_u32(u).unwrap();
            assert_eq!(
                is_word_char(c),
                c.is_alphanumeric() || is_combining_mark(c),
                "{c:?}"
            );
        }
    }

    #[test]
    fn parts_of_compounds() {
        let cases: &[(&str, &[&str])] = &[
            ("Haut-Karabakh", &["Haut", "Karabakh"]),
            ("russo-azerbaïdjanaises", &["russo", "azerbaïdjanaises"]),
            ("Val-d'Oise", &["Val", "d'", "Oise"]),
            ("aujourd'hui", &["aujourd'hui"]),
            ("Saint-Jean-de-Luz", &["Saint", "Jean", "de", "Luz"]),
        ];
        for (text, expected) in cases {
            let token = tokenize(text).next().unwrap();
            let parts: Vec<&str> = token.parts(text).map(|(s, e)| &text[s..e]).collect();
            assert_eq!(&parts, expected, "text: {text:?}");
            assert_eq!(token.is_compound(text), expected.len() > 1);
        }
    }

    #[test]
    fn tokens_concatenate_to_input() {
        let text =
            "  L'Arménie reproche à Moscou — aujourd'hui — son « manque » de soutien…\n\nFin. ";
        let rebuilt: String = tokenize(text).map(|t| t.text(text)).collect();
        assert_eq!(rebuilt, text);
    }
}

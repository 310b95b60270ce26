//! A map from words to small values, for the look-ups made for every word of a
//! text (the matcher's vocabulary, the name rules' cue flags).
//!
//! A word of 1 to 16 bytes, as nearly every word is, is read as two integers
//! and its length (a [`WordKey`]) that are hashed and compared at once, with no
//! byte loop or string comparison. Other words go to an ordinary hash map.
//!
//! Open addressing with linear probing, at most half full, and beside the
//! slots an array of one-byte tags (a few bits of each key's hash, 0 for a free
//! slot) that a probe reads first: a word that is not in the map, as a third of
//! the words of news text are not in the matcher's vocabulary, touches only the
//! tags, which stay in cache, not the large slots. Memory: a byte and a slot
//! (24 bytes for a `u32` value) per slot, two slots or more per key.

use rustc_hash::FxHashMap as HashMap;

/// A word of 1 to 16 bytes as two integers that, with its length, identify
/// it: its first 8 bytes (little-endian, zero-padded), and its last 8 bytes
/// when it is longer than 8 (they overlap the first ones below 16 bytes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WordKey {
    len: u32,
    head: u64,
    tail: u64,
}

impl WordKey {
    /// The key of `b`; `None` when `b` is empty or longer than 16 bytes.
    #[inline]
    pub fn of(b: &[u8]) -> Option<WordKey> {
        let n = b.len();
        let (head, tail) = match n {
            0 | 17.. => return None,
            9..=16 => (u64_at(b, 0), u64_at(b, n - 8)),
            8 => (u64_at(b, 0), 0),
            // Two overlapping reads: the bytes they share are equal, so
            // OR-ing the second one in at its place adds the bytes after the
            // first.
            4..=7 => (u32_at(b, 0) | u32_at(b, n - 4) << (8 * (n - 4)), 0),
            // 1 to 3 bytes: the first, middle and last (some of them the same).
            _ => {
                let at = |i: usize| u64::from(b[i]) << (8 * i);
                (at(0) | at(n / 2) | at(n - 1), 0)
            }
        };
        Some(WordKey {
            len: n as u32,
            head,
            tail,
        })
    }

    /// Does the word contain a space? Tested 8 bytes at a time: a byte of
    /// `x ^ 0x2020…` is zero where the word has a space (the zero padding is
    /// not one), and the usual test finds a zero byte.
    #[inline]
    pub fn has_space(self) -> bool {
        let zero_bytes =
            |x: u64| x.wrapping_sub(0x0101_0101_0101_0101) & !x & 0x8080_8080_8080_8080;
        zero_bytes(self.head ^ 0x2020_2020_2020_2020)
            | zero_bytes(self.tail ^ 0x2020_2020_2020_2020)
            != 0
    }

    /// The first slot to probe in a table of `mask + 1` slots, and the tag.
    /// A folded multiply (the two halves of a 128-bit product XOR-ed), so
    /// that every bit of the key moves the slot: words that differ only in
    /// their last bytes ("françaises", "française") do not pile up in one
    /// run of slots.
    #[inline]
    fn home(self, mask: usize) -> (usize, u8) {
        const K1: u64 = 0x243F_6A88_85A3_08D3;
        const K2: u64 = 0x1319_8A2E_0370_7344;
        let m = u128::from(self.head ^ K1) * u128::from(self.tail ^ u64::from(self.len) ^ K2);
        let h = (m as u64) ^ ((m >> 64) as u64);
        (h as usize & mask, (h >> 56) as u8 | 1)
    }
}

/// The 4 bytes of `b` at `i`, little-endian.
#[inline(always)]
fn u32_at(b: &[u8], i: usize) -> u64 {
    let mut bytes = [0; 4];
    bytes.copy_from_slice(&b[i..i + 4]);
    u64::from(u32::from_le_bytes(bytes))
}

/// The 8 bytes of `b` at `i`, little-endian.
#[inline(always)]
fn u64_at(b: &[u8], i: usize) -> u64 {
    let mut bytes = [0; 8];
    bytes.copy_from_slice(&b[i..i + 8]);
    u64::from_le_bytes(bytes)
}

/// See the module documentation.
#[derive(Clone, Debug)]
pub struct WordMap<V> {
    /// By slot: 0 when free, else a few bits of the key's hash (never 0).
    tags: Vec<u8>,
    /// A power of two long, at most half full.
    slots: Vec<Slot<V>>,
    /// Keys that are empty or longer than 16 bytes.
    other: HashMap<Box<str>, V>,
    len: usize,
}

/// A key, flattened so that its length and a small value share 8 bytes
/// (`len` 0 for a free slot), and its value.
#[derive(Clone, Copy, Debug, Default)]
struct Slot<V> {
    len: u32,
    value: V,
    head: u64,
    tail: u64,
}

impl<V: Copy> Slot<V> {
    #[inline]
    fn holds(&self, key: WordKey) -> bool {
        self.len == key.len && self.head == key.head && self.tail == key.tail
    }

    fn key(&self) -> Option<WordKey> {
        (self.len != 0).then_some(WordKey {
            len: self.len,
            head: self.head,
            tail: self.tail,
        })
    }
}

impl<V: Copy + Default> Default for WordMap<V> {
    fn default() -> Self {
        WordMap::with_capacity(0)
    }
}

impl<V: Copy + Default> WordMap<V> {
    /// An empty map with room for `words` keys before it grows.
    pub fn with_capacity(words: usize) -> WordMap<V> {
        let slots = (2 * words).max(16).next_power_of_two();
        WordMap {
            tags: vec![0; slots],
            slots: vec![Slot::default(); slots],
            other: HashMap::default(),
            len: 0,
        }
    }

    /// A map of these pairs; a key given twice keeps its last value.
    pub fn new<'k>(pairs: impl IntoIterator<Item = (&'k str, V)>) -> WordMap<V> {
        let pairs = pairs.into_iter();
        let mut map = WordMap::with_capacity(pairs.size_hint().0);
        for (word, value) in pairs {
            map.insert(word, value);
        }
        map
    }

    /// Number of keys.
    pub fn len(&self) -> usize {
        self.len
    }

    /// The value of `word`.
    #[inline]
    pub fn get(&self, word: &str) -> Option<V> {
        match WordKey::of(word.as_bytes()) {
            Some(key) => self.get_key(key),
            None => self.get_other(word),
        }
    }

    /// The value of the word whose key is `key`.
    #[inline]
    pub fn get_key(&self, key: WordKey) -> Option<V> {
        let mask = self.slots.len() - 1;
        let (mut at, tag) = key.home(mask);
        loop {
            match self.tags[at] {
                0 => return None,
                t if t == tag && self.slots[at].holds(key) => return Some(self.slots[at].value),
                _ => at = (at + 1) & mask,
            }
        }
    }

    /// [`WordMap::get`] for a word that is empty or longer than 16 bytes.
    #[cold]
    pub fn get_other(&self, word: &str) -> Option<V> {
        self.other.get(word).copied()
    }

    /// Set the value of `word`, replacing any value it had.
    pub fn insert(&mut self, word: &str, value: V) {
        let Some(key) = WordKey::of(word.as_bytes()) else {
            if self.other.insert(word.into(), value).is_none() {
                self.len += 1;
            }
            return;
        };
        if 2 * (self.len + 1) > self.slots.len() {
            self.grow();
        }
        if self.place(key, value) {
            self.len += 1;
        }
    }

    /// Put `key` in its slot; true when it was not there before.
    fn place(&mut self, key: WordKey, value: V) -> bool {
        let mask = self.slots.len() - 1;
        let (mut at, tag) = key.home(mask);
        while self.tags[at] != 0 {
            if self.slots[at].holds(key) {
                self.slots[at].value = value;
                return false;
            }
            at = (at + 1) & mask;
        }
        self.tags[at] = tag;
        self.slots[at] = Slot {
            len: key.len,
            value,
            head: key.head,
            tail: key.tail,
        };
        true
    }

    fn grow(&mut self) {
        let size = 2 * self.slots.len();
        self.tags = vec![0; size];
        let old = std::mem::replace(&mut self.slots, vec![Slot::default(); size]);
        for slot in old {
            if let Some(key) = slot.key() {
                self.place(key, slot.value);
            }
        }
    }

    /// Replace every value `v` with `f(v)`.
    pub fn map_values(&mut self, mut f: impl FnMut(V) -> V) {
        for (tag, slot) in self.tags.iter().zip(&mut self.slots) {
            if *tag != 0 {
                slot.value = f(slot.value);
            }
        }
        for value in self.other.values_mut() {
            *value = f(*value);
        }
    }

    /// Give back the unused memory of the map of long words.
    pub fn shrink_to_fit(&mut self) {
        self.other.shrink_to_fit();
    }

    /// Heap memory, in bytes.
    pub fn memory_usage(&self) -> usize {
        let long: usize = self.other.keys().map(|w| w.len()).sum();
        self.tags.capacity()
            + self.slots.capacity() * std::mem::size_of::<Slot<V>>()
            + long
            + self.other.capacity() * (std::mem::size_of::<(Box<str>, V)>() + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Keys of every length around the inline limits stay apart, across
    /// growth; a later value replaces an earlier one.
    #[test]
    fn keeps_words_apart() {
        let words: Vec<String> = (0..300)
            .map(|i| format!("w{i}"))
            .chain(
                [
                    "a",
                    "a\0",
                    "ab",
                    "abc",
                    "abcd",
                    "abcdefg",
                    "abcdefgh",
                    "abcdefghi",
                    "fifteen-bytes-x",
                    "sixteen-bytes-xx",
                    "sixteen-bytes-xy",
                    "seventeen-bytes-x",
                    "azerbaidjanaises",
                    "",
                ]
                .map(String::from),
            )
            .collect();
        let mut map = WordMap::with_capacity(4);
        for (i, w) in words.iter().enumerate() {
            assert_eq!(map.get(w), None, "{w:?}");
            map.insert(w, i as u32);
        }
        for (i, w) in words.iter().enumerate() {
            assert_eq!(map.get(w), Some(i as u32), "{w:?}");
        }
        assert_eq!(map.len(), words.len());
        for absent in ["w300", "sixteen-bytes-xz", "b", "a\0\0", "ac", "abce"] {
            assert_eq!(map.get(absent), None, "{absent:?}");
        }
        map.insert("ab", 7);
        map.insert("seventeen-bytes-x", 8);
        assert_eq!(map.get("ab"), Some(7));
        assert_eq!(map.get("seventeen-bytes-x"), Some(8));
        assert_eq!(map.len(), words.len());
        assert_eq!(WordMap::new([("x", 1), ("x", 2)]).get("x"), Some(2));
    }

    #[test]
    fn finds_spaces() {
        for (word, space) in [
            ("abc", false),
            ("a b", true),
            ("jean pierre", true),
            ("sixteen-bytes-xx", false),
            ("sixteen bytes-xx", true),
        ] {
            assert_eq!(WordKey::of(word.as_bytes()).unwrap().has_space(), space);
        }
    }
}

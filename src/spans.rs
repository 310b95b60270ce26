//! Byte spans, each with a value, sorted by start, for the question asked of
//! a document's mentions, rule candidates and topic vetoes alike: which of
//! them overlap this range?

/// Spans sorted by start, with the longest length, so that the ones that
/// overlap a range are found by binary search. Cost: `O(log n + k)` per
/// query, `k` the spans starting within the longest length before it.
#[derive(Clone, Debug)]
pub(crate) struct SpanIndex<T> {
    spans: Vec<(usize, usize, T)>,
    longest: usize,
}

impl<T> Default for SpanIndex<T> {
    fn default() -> Self {
        SpanIndex {
            spans: Vec::new(),
            longest: 0,
        }
    }
}

impl<T: Copy> SpanIndex<T> {
    /// An index of `spans` (`start, end, value`), in any order.
    pub(crate) fn new(mut spans: Vec<(usize, usize, T)>) -> SpanIndex<T> {
        spans.sort_unstable_by_key(|&(s, e, _)| (s, e));
        let longest = spans.iter().map(|&(s, e, _)| e - s).max().unwrap_or(0);
        SpanIndex { spans, longest }
    }

    /// Add a span that starts at or after every span already there.
    pub(crate) fn push(&mut self, start: usize, end: usize, value: T) {
        debug_assert!(self
            .spans
            .last()
            .is_none_or(|&(s, e, _)| (s, e) <= (start, end)));
        self.longest = self.longest.max(end - start);
        self.spans.push((start, end, value));
    }

    /// The spans that overlap `start..end`, by start.
    pub(crate) fn overlapping(
        &self,
        start: usize,
        end: usize,
    ) -> impl Iterator<Item = (usize, usize, T)> + '_ {
        let from = self
            .spans
            .partition_point(|&(s, _, _)| s + self.longest <= start);
        self.spans[from..]
            .iter()
            .take_while(move |&&(s, _, _)| s < end)
            .filter(move |&&(_, e, _)| start < e)
            .copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The index finds what a scan of every span finds.
    #[test]
    fn overlapping_as_a_scan_finds() {
        let spans: Vec<(usize, usize, u32)> = (0..200)
            .map(|i| {
                let start = (i * 37) % 101;
                (start, start + 1 + (i * 13) % 17, i as u32)
            })
            .collect();
        let index = SpanIndex::new(spans.clone());
        for start in 0..120 {
            for len in 1..20 {
                let end = start + len;
                let mut found: Vec<_> = index.overlapping(start, end).collect();
                let mut scanned: Vec<_> = spans
                    .iter()
                    .copied()
                    .filter(|&(s, e, _)| s < end && start < e)
                    .collect();
                found.sort_unstable();
                scanned.sort_unstable();
                assert_eq!(found, scanned, "{start}..{end}");
            }
        }
    }
}

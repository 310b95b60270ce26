//! Writing mentions: CSV (RFC 4180, UTF-8, header) or JSON lines.
//!
//! CSV has one row per mention with the columns in [`COLUMNS`]. JSON lines have
//! one object per document, `{"doc_id": …, "spans": [ … ]}`, each span an object
//! with the same fields as a CSV row (numbers as numbers, a missing wikidata as
//! `null`, alternatives as a list).
//!
//! `excel` mode is for spreadsheet users: a UTF-8 byte-order mark, `;` as the
//! delimiter, and cells that start with `=`, `+`, `-`, `@`, TAB or CR prefixed
//! with `'` so that a spreadsheet does not run them as formulas. In that mode
//! (only) the `text` cell may differ from the document by that prefix.

use crate::resolve::{Annotation, EntityInfo, EntityRef, Mention, Tagger};
use crate::topics::{evidence_string, TopicModel, TopicScore};
use serde::Serialize;
use std::io::{self, Write};

/// Output columns, in order.
pub const COLUMNS: &[&str] = &[
    "doc_id",
    "start",
    "end",
    "byte_start",
    "byte_end",
    "text",
    "type",
    "entity_id",
    "canonical",
    "wikidata",
    "match",
    "alternatives",
    "zone",
    "confidence",
];

/// Topic output columns, in order.
pub const TOPIC_COLUMNS: &[&str] = &[
    "doc_id",
    "topic_id",
    "label_fr",
    "label_en",
    "parent_id",
    "score",
    "rank",
    "evidence",
];

/// Output format.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum OutputFormat {
    #[default]
    Csv,
    Jsonl,
}

/// Output options.
#[derive(Clone, Copy, Debug)]
pub struct OutputOptions {
    pub format: OutputFormat,
    pub delimiter: u8,
    pub excel: bool,
}

impl Default for OutputOptions {
    fn default() -> Self {
        OutputOptions {
            format: OutputFormat::Csv,
            delimiter: b',',
            excel: false,
        }
    }
}

/// Writes the mentions of documents, one document at a time.
pub struct SpanWriter<W: Write> {
    inner: Inner<W>,
    excel: bool,
    /// Reused for numbers and joined ids, so that rows cost no allocation.
    scratch: Vec<u8>,
    /// Confidences already formatted, by bit pattern (see [`FixedCache`]).
    confidences: FixedCache,
}

/// Memo of `format!("{:.2}", x)` by the bit pattern of `x`: a run reports a
/// handful of distinct confidences, and exact decimal formatting of a float
/// (`{:.2}` takes the slow, exact path of `core::fmt`) costs far more than a
/// look-up among a few entries. The string is the one `core::fmt` produced,
/// so the output is the same. Holds at most [`FixedCache::CAPACITY`] values;
/// beyond that, values are formatted every time.
#[derive(Default)]
struct FixedCache {
    entries: Vec<(u64, Box<[u8]>)>,
}

impl FixedCache {
    const CAPACITY: usize = 32;

    /// `x` formatted with two decimals.
    fn get(&mut self, x: f64) -> std::borrow::Cow<'_, [u8]> {
        let bits = x.to_bits();
        if let Some(i) = self.entries.iter().position(|(b, _)| *b == bits) {
            return std::borrow::Cow::Borrowed(&self.entries[i].1);
        }
        let formatted = format!("{x:.2}").into_bytes();
        if self.entries.len() < Self::CAPACITY {
            self.entries.push((bits, formatted.into_boxed_slice()));
            return std::borrow::Cow::Borrowed(&self.entries[self.entries.len() - 1].1);
        }
        std::borrow::Cow::Owned(formatted)
    }
}

/// `values` joined with `|` into `buf` (cleared first); empty when every value
/// is missing, as for a mention none of whose entities has a wikidata id.
fn join_into<'a>(buf: &mut Vec<u8>, values: impl Iterator<Item = Option<&'a str>>) {
    buf.clear();
    let mut any = false;
    for (i, value) in values.enumerate() {
        if i > 0 {
            buf.push(b'|');
        }
        if let Some(value) = value {
            buf.extend_from_slice(value.as_bytes());
            any = true;
        }
    }
    if !any {
        buf.clear();
    }
}

enum Inner<W: Write> {
    Csv(Box<CsvRows<W>>),
    Jsonl(W),
}

/// CSV rows written the way the `csv` crate writes them with its default
/// settings (fields quoted only when they hold the delimiter, a double
/// quote, CR or LF; quotes doubled; `\n` after each record), a row at a
/// time into one reused buffer: no per-field calls through a generic writer.
struct CsvRows<W: Write> {
    out: W,
    delimiter: u8,
    /// The bytes that make a field need quotes.
    special: [bool; 256],
    /// The row being built.
    row: Vec<u8>,
    /// The row has a field already (which may be empty).
    in_row: bool,
}

impl<W: Write> CsvRows<W> {
    fn new(out: W, delimiter: u8) -> Self {
        let mut special = [false; 256];
        for b in [delimiter, b'"', b'\r', b'\n'] {
            special[b as usize] = true;
        }
        CsvRows {
            out,
            delimiter,
            special,
            row: Vec::with_capacity(1 << 10),
            in_row: false,
        }
    }

    /// Append a field to the row.
    #[inline]
    fn field(&mut self, cell: &[u8]) {
        if self.in_row {
            self.row.push(self.delimiter);
        }
        self.in_row = true;
        if !cell.iter().any(|&b| self.special[b as usize]) {
            self.row.extend_from_slice(cell);
            return;
        }
        self.row.push(b'"');
        for &b in cell {
            if b == b'"' {
                self.row.push(b'"');
            }
            self.row.push(b);
        }
        self.row.push(b'"');
    }

    /// Append `n` in decimal as a field, digit by digit (no copy of a
    /// formatted string, no quoting unless the delimiter is a digit).
    #[inline]
    fn number(&mut self, mut n: usize) {
        let mut digits = [0u8; 20];
        let mut i = digits.len();
        loop {
            i -= 1;
            digits[i] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        let digits = &digits[i..];
        if digits.iter().any(|&d| self.special[d as usize]) {
            self.field(digits);
            return;
        }
        if self.in_row {
            self.row.push(self.delimiter);
        }
        self.in_row = true;
        for &d in digits {
            self.row.push(d);
        }
    }

    /// Append a field; in excel mode a cell that a spreadsheet would run as a
    /// formula gets a `'` prefix.
    #[inline]
    fn cell(&mut self, excel: bool, cell: &[u8]) {
        if excel && cell.first().is_some_and(|b| b"=+-@\t\r".contains(b)) {
            let mut quoted = Vec::with_capacity(cell.len() + 1);
            quoted.push(b'\'');
            quoted.extend_from_slice(cell);
            self.field(&quoted);
        } else {
            self.field(cell);
        }
    }

    /// End the row and write it out.
    fn end_row(&mut self) -> io::Result<()> {
        self.row.push(b'\n');
        let result = self.out.write_all(&self.row);
        self.row.clear();
        self.in_row = false;
        result
    }
}

/// One mention with everything the output shows of it: a CSV row, or a span
/// object in a JSON line.
#[derive(Serialize)]
struct SpanRecord<'a> {
    doc_id: &'a str,
    start: usize,
    end: usize,
    byte_start: usize,
    byte_end: usize,
    text: &'a str,
    #[serde(rename = "type")]
    etype: &'static str,
    entity_id: String,
    canonical: String,
    wikidata: Option<String>,
    #[serde(rename = "match")]
    match_kind: &'static str,
    alternatives: Vec<&'a str>,
    zone: &'static str,
    #[serde(serialize_with = "serialize_round3")]
    confidence: f64,
}

impl<'a> SpanRecord<'a> {
    fn new(
        doc_id: &'a str,
        text: &'a str,
        m: &Mention,
        annotation: &'a Annotation,
        tagger: &'a Tagger,
    ) -> Self {
        let infos: Vec<_> = m
            .entities
            .iter()
            .map(|&r| tagger.info(annotation, r))
            .collect();
        let joined = |field: &dyn Fn(&EntityInfo<'a>) -> &'a str| {
            infos.iter().map(field).collect::<Vec<_>>().join("|")
        };
        SpanRecord {
            doc_id,
            start: m.start,
            end: m.end,
            byte_start: m.byte_start,
            byte_end: m.byte_end,
            text: &text[m.byte_start..m.byte_end],
            etype: m.etype.as_str(),
            entity_id: joined(&|i| i.id),
            canonical: joined(&|i| i.name),
            wikidata: infos
                .iter()
                .any(|i| i.wikidata.is_some())
                .then(|| joined(&|i| i.wikidata.unwrap_or(""))),
            match_kind: m.match_kind.as_str(),
            alternatives: m
                .alternatives
                .iter()
                .map(|&r| tagger.info(annotation, r).id)
                .collect(),
            zone: annotation.zones.zone_at(m.byte_start).as_str(),
            confidence: m.confidence,
        }
    }
}

fn serialize_round3<S: serde::Serializer>(x: &f64, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64(round3(*x))
}

/// One topic of a document: a CSV row, or a topic object in a JSON line.
#[derive(Serialize)]
struct TopicRecord<'a> {
    topic_id: &'a str,
    label_fr: &'a str,
    label_en: &'a str,
    parent_id: Option<&'a str>,
    #[serde(serialize_with = "serialize_round3")]
    score: f64,
    rank: usize,
    evidence: String,
}

/// The records of a document's topics, ranked.
fn topic_records<'a>(scores: &[TopicScore], model: &'a TopicModel) -> Vec<TopicRecord<'a>> {
    scores
        .iter()
        .enumerate()
        .map(|(rank, t)| {
            let topic = &model.topics()[t.topic as usize];
            TopicRecord {
                topic_id: &topic.code,
                label_fr: &topic.label_fr,
                label_en: &topic.label_en,
                parent_id: topic
                    .parent
                    .map(|p| model.topics()[p as usize].code.as_str()),
                score: t.score,
                rank: rank + 1,
                evidence: evidence_string(&t.evidence, EVIDENCE_SHOWN),
            }
        })
        .collect()
}

#[derive(Serialize)]
struct JsonDocument<'a> {
    doc_id: &'a str,
    spans: Vec<SpanRecord<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    topics: Option<Vec<TopicRecord<'a>>>,
}

/// Score rounded for output (3 decimals).
fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// How many pieces of evidence a topic row shows.
const EVIDENCE_SHOWN: usize = 6;

/// Writes topic rows: one per topic of each document.
pub struct TopicWriter<W: Write> {
    csv: csv::Writer<W>,
}

impl<W: Write> TopicWriter<W> {
    pub fn new(out: W, delimiter: u8) -> io::Result<Self> {
        let mut csv = csv::WriterBuilder::new()
            .delimiter(delimiter)
            .from_writer(out);
        csv.write_record(TOPIC_COLUMNS).map_err(csv_to_io)?;
        Ok(TopicWriter { csv })
    }

    pub fn write_document(
        &mut self,
        doc_id: &str,
        topics: &[TopicScore],
        model: &TopicModel,
    ) -> io::Result<()> {
        for t in topic_records(topics, model) {
            self.csv
                .write_record([
                    doc_id,
                    t.topic_id,
                    t.label_fr,
                    t.label_en,
                    t.parent_id.unwrap_or(""),
                    &format!("{:.3}", t.score),
                    &t.rank.to_string(),
                    &t.evidence,
                ])
                .map_err(csv_to_io)?;
        }
        Ok(())
    }

    pub fn flush(&mut self) -> io::Result<()> {
        self.csv.flush()
    }
}

fn csv_to_io(e: csv::Error) -> io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    }
}

impl<W: Write> SpanWriter<W> {
    /// Start writing to `out`: the CSV header (and byte-order mark in excel mode).
    pub fn new(mut out: W, options: OutputOptions) -> io::Result<Self> {
        let inner = match options.format {
            OutputFormat::Jsonl => Inner::Jsonl(out),
            OutputFormat::Csv => {
                let delimiter = if options.excel {
                    b';'
                } else {
                    options.delimiter
                };
                if options.excel {
                    out.write_all("\u{FEFF}".as_bytes())?;
                }
                let mut w = CsvRows::new(out, delimiter);
                for column in COLUMNS {
                    w.field(column.as_bytes());
                }
                w.end_row()?;
                Inner::Csv(Box::new(w))
            }
        };
        Ok(SpanWriter {
            inner,
            excel: options.excel,
            scratch: Vec::new(),
            confidences: FixedCache::default(),
        })
    }

    /// Write the mentions of one document.
    pub fn write_document(
        &mut self,
        doc_id: &str,
        text: &str,
        annotation: &Annotation,
        tagger: &Tagger,
        topics: Option<(&[TopicScore], &TopicModel)>,
    ) -> io::Result<()> {
        match &mut self.inner {
            Inner::Csv(w) => {
                let excel = self.excel;
                let buf = &mut self.scratch;
                for m in &annotation.mentions {
                    w.cell(excel, doc_id.as_bytes());
                    for n in [m.start, m.end, m.byte_start, m.byte_end] {
                        w.number(n);
                    }
                    w.cell(excel, &text.as_bytes()[m.byte_start..m.byte_end]);
                    w.field(m.etype.as_str().as_bytes());
                    let info = |r: &EntityRef| tagger.info(annotation, *r);
                    join_into(buf, m.entities.iter().map(|r| Some(info(r).id)));
                    w.cell(excel, buf);
                    join_into(buf, m.entities.iter().map(|r| Some(info(r).name)));
                    w.cell(excel, buf);
                    join_into(buf, m.entities.iter().map(|r| info(r).wikidata));
                    w.cell(excel, buf);
                    w.field(m.match_kind.as_str().as_bytes());
                    join_into(buf, m.alternatives.iter().map(|r| Some(info(r).id)));
                    w.cell(excel, buf);
                    w.field(annotation.zones.zone_at(m.byte_start).as_str().as_bytes());
                    w.field(&self.confidences.get(m.confidence));
                    w.end_row()?;
                }
                Ok(())
            }
            Inner::Jsonl(out) => {
                let spans = annotation
                    .mentions
                    .iter()
                    .map(|m| SpanRecord::new(doc_id, text, m, annotation, tagger))
                    .collect();
                let topics = topics.map(|(scores, model)| topic_records(scores, model));
                let record = JsonDocument {
                    doc_id,
                    spans,
                    topics,
                };
                serde_json::to_writer(&mut *out, &record).map_err(io::Error::from)?;
                out.write_all(b"\n")
            }
        }
    }

    /// Flush everything written so far.
    pub fn flush(&mut self) -> io::Result<()> {
        match &mut self.inner {
            Inner::Csv(w) => w.out.flush(),
            Inner::Jsonl(w) => w.flush(),
        }
    }

    /// Append output that [`SpanWriter::in_memory`] rendered with the same
    /// options: the documents are rendered where they are tagged, on the
    /// tagging threads, and written here in input order.
    pub fn write_rendered(&mut self, rendered: &[u8]) -> io::Result<()> {
        match &mut self.inner {
            Inner::Csv(w) => w.out.write_all(rendered),
            Inner::Jsonl(w) => w.write_all(rendered),
        }
    }
}

impl SpanWriter<Vec<u8>> {
    /// A writer that renders documents into memory, without the header and
    /// byte-order mark that [`SpanWriter::new`] writes: see
    /// [`SpanWriter::write_rendered`] and [`SpanWriter::take_rendered`].
    pub fn in_memory(options: OutputOptions) -> Self {
        let mut w = SpanWriter::new(Vec::new(), options).expect("writing to memory cannot fail");
        w.take_rendered();
        w
    }

    /// The bytes rendered since the last call, leaving an empty buffer with
    /// room for as many, up to 64 KiB (a huge document does not make every
    /// later one reserve as much).
    pub fn take_rendered(&mut self) -> Vec<u8> {
        let out = match &mut self.inner {
            Inner::Csv(w) => &mut w.out,
            Inner::Jsonl(w) => w,
        };
        let room = out.len().min(1 << 16);
        std::mem::replace(out, Vec::with_capacity(room))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rows come out byte for byte as the `csv` crate writes them.
    #[test]
    fn rows_as_the_csv_crate_writes_them() {
        let fields: &[&[u8]] = &[
            b"",
            b"plain",
            b"a,b",
            b"a;b",
            b"tab\there",
            b"say \"hi\"",
            b"\"",
            b"line\nbreak",
            b"cr\ronly",
            b"=1+1",
            "Côte d’Ivoire".as_bytes(),
            b" spaced ",
        ];
        for delimiter in [b',', b';', b'\t', b'7'] {
            let mut ours = CsvRows::new(Vec::new(), delimiter);
            let mut theirs = csv::WriterBuilder::new()
                .delimiter(delimiter)
                .from_writer(Vec::new());
            for start in 0..fields.len() {
                let row: Vec<&[u8]> = fields.iter().cycle().skip(start).take(5).copied().collect();
                for f in &row {
                    ours.field(f);
                }
                ours.end_row().unwrap();
                theirs.write_record(&row).unwrap();
                let numbers: [usize; 5] = [0, 7, 10, 1234567890, usize::MAX];
                for n in numbers {
                    ours.number(n);
                }
                ours.end_row().unwrap();
                let numbers = numbers.map(|n| n.to_string());
                theirs.write_record(&numbers).unwrap();
            }
            assert_eq!(ours.out, theirs.into_inner().unwrap());
        }
    }

    #[test]
    fn cached_confidences_as_fmt_writes_them() {
        let mut cache = FixedCache::default();
        let values: Vec<f64> = (0..200)
            .map(|i| i as f64 / 197.0)
            .chain([0.855, 0.9 * 0.9, 0.65, 1.0, 0.005, 0.015])
            .collect();
        for _ in 0..2 {
            for &x in &values {
                assert_eq!(&*cache.get(x), format!("{x:.2}").as_bytes());
            }
        }
    }
}

//! Reading documents: text files, folders, standard input, JSON lines, CSV.
//!
//! [`Documents`] is an iterator of `Result<Document, InputError>`: one bad file,
//! line or record yields an error naming it and the reason, and reading goes on
//! with the rest. Documents are read one at a time (a JSONL or CSV file is
//! streamed record by record), so memory does not grow with the corpus.
//!
//! `doc_id` is the path as given for a file, the path relative to the folder for
//! a file found in a folder, `-` for text on standard input, and the record's id
//! field for JSONL and CSV (or `SOURCE:LINE` when a record has no id).

use serde_json::Value;
use std::collections::VecDeque;
use std::fmt;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// How input files are read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum InputFormat {
    /// By extension: `.jsonl`/`.ndjson` as JSON lines, `.csv` as CSV, anything
    /// else as text. Standard input is text. Folders yield their `*.txt` files.
    #[default]
    Auto,
    /// Each file (or standard input) is one document.
    Text,
    /// One JSON object per line.
    Jsonl,
    /// CSV with a header row.
    Csv,
}

/// Options for reading documents.
#[derive(Clone, Debug)]
pub struct InputOptions {
    pub format: InputFormat,
    /// Name of the id field (JSONL) or column (CSV).
    pub id_field: String,
    /// Name of the text field (JSONL) or column (CSV).
    pub text_field: String,
}

impl Default for InputOptions {
    fn default() -> Self {
        InputOptions {
            format: InputFormat::Auto,
            id_field: "id".into(),
            text_field: "text".into(),
        }
    }
}

/// Where documents come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    Stdin,
    Path(PathBuf),
}

impl Source {
    /// `-` is standard input; anything else a path.
    pub fn parse(s: &str) -> Source {
        if s == "-" {
            Source::Stdin
        } else {
            Source::Path(PathBuf::from(s))
        }
    }
}

/// One document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Document {
    pub id: String,
    pub text: String,
}

/// A document that could not be read: which, where, why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputError {
    /// The file (or `-`) or document concerned.
    pub source: String,
    /// 1-based line, when the error is about one line or record.
    pub line: Option<u64>,
    pub reason: String,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.source, line, self.reason),
            None => write!(f, "{}: {}", self.source, self.reason),
        }
    }
}

impl std::error::Error for InputError {}

type DocResult = Result<Document, InputError>;
type DocIter = Box<dyn Iterator<Item = DocResult>>;

/// Iterator over the documents of several sources, in order.
pub struct Documents {
    sources: VecDeque<Source>,
    current: Option<DocIter>,
    options: InputOptions,
    bytes_read: BytesRead,
}

/// The number of bytes read so far from input files (standard input is not
/// counted), for a progress display: a handle that stays valid while the
/// documents are read, even from another thread.
#[derive(Clone, Debug, Default)]
pub struct BytesRead(Arc<AtomicU64>);

impl BytesRead {
    /// Bytes read so far (the reader's buffer, 64 KiB, ahead of the documents
    /// returned).
    pub fn get(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }
}

/// A reader that adds what it reads to a [`BytesRead`].
struct Counted<R> {
    inner: R,
    bytes: BytesRead,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.bytes.0.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

impl Documents {
    /// A handle on the count of bytes read from the input files.
    pub fn bytes_read(&self) -> BytesRead {
        self.bytes_read.clone()
    }
}

/// Read documents from `sources` (standard input when empty).
pub fn documents(sources: Vec<Source>, options: InputOptions) -> Documents {
    let mut sources: VecDeque<Source> = sources.into();
    if sources.is_empty() {
        sources.push_back(Source::Stdin);
    }
    Documents {
        sources,
        current: None,
        options,
        bytes_read: BytesRead::default(),
    }
}

impl Iterator for Documents {
    type Item = DocResult;

    fn next(&mut self) -> Option<DocResult> {
        loop {
            if let Some(current) = &mut self.current {
                if let Some(item) = current.next() {
                    return Some(item);
                }
                self.current = None;
            }
            let source = self.sources.pop_front()?;
            self.current = Some(open_source(source, &self.options, &self.bytes_read));
        }
    }
}

fn open_source(source: Source, options: &InputOptions, bytes_read: &BytesRead) -> DocIter {
    match source {
        Source::Stdin => {
            let stdin = || -> Box<dyn BufRead> { Box::new(io::stdin().lock()) };
            match options.format {
                InputFormat::Jsonl => Box::new(JsonlDocuments::new("-".into(), stdin(), options)),
                InputFormat::Csv => csv_documents("-".into(), stdin(), options),
                InputFormat::Auto | InputFormat::Text => {
                    let mut bytes = Vec::new();
                    let mut stdin = io::stdin().lock();
                    Box::new(std::iter::once(match stdin.read_to_end(&mut bytes) {
                        Ok(_) => text_document("-".into(), bytes),
                        Err(e) => Err(error("-", None, format!("cannot read: {e}"))),
                    }))
                }
            }
        }
        Source::Path(path) => {
            let name = path.display().to_string();
            match std::fs::metadata(&path) {
                Err(e) => Box::new(std::iter::once(Err(error(&name, None, io_reason(&e))))),
                Ok(meta) if meta.is_dir() => {
                    folder_documents(path, options.clone(), bytes_read.clone())
                }
                Ok(_) => open_file(&path, name, options, bytes_read),
            }
        }
    }
}

/// Open one file as documents, `doc_id` (for text files) being `name`.
fn open_file(path: &Path, name: String, options: &InputOptions, bytes_read: &BytesRead) -> DocIter {
    let format = match options.format {
        InputFormat::Auto => format_of(path),
        other => other,
    };
    let file = match File::open(path) {
        Ok(f) => Counted {
            inner: f,
            bytes: bytes_read.clone(),
        },
        Err(e) => return Box::new(std::iter::once(Err(error(&name, None, io_reason(&e))))),
    };
    match format {
        InputFormat::Jsonl => Box::new(JsonlDocuments::new(
            name,
            Box::new(BufReader::with_capacity(1 << 16, file)),
            options,
        )),
        InputFormat::Csv => csv_documents(
            name,
            Box::new(BufReader::with_capacity(1 << 16, file)),
            options,
        ),
        InputFormat::Auto | InputFormat::Text => {
            let mut bytes = Vec::new();
            let result = BufReader::new(file).read_to_end(&mut bytes);
            Box::new(std::iter::once(match result {
                Ok(_) => text_document(name, bytes),
                Err(e) => Err(error(&name, None, io_reason(&e))),
            }))
        }
    }
}

fn format_of(path: &Path) -> InputFormat {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("jsonl" | "ndjson") => InputFormat::Jsonl,
        Some("csv") => InputFormat::Csv,
        _ => InputFormat::Text,
    }
}

/// The files of a folder, recursively, in name order.
fn folder_documents(root: PathBuf, options: InputOptions, bytes_read: BytesRead) -> DocIter {
    let extensions: &'static [&'static str] = match options.format {
        InputFormat::Auto | InputFormat::Text => &["txt"],
        InputFormat::Jsonl => &["jsonl", "ndjson"],
        InputFormat::Csv => &["csv"],
    };
    let walker = walkdir::WalkDir::new(root.clone())
        .sort_by_file_name()
        .into_iter();
    Box::new(
        walker
            .filter_map(move |entry| match entry {
                Err(e) => {
                    let at = e
                        .path()
                        .map_or_else(|| root.display().to_string(), |p| p.display().to_string());
                    Some(Err(error(&at, None, format!("cannot read: {e}"))))
                }
                Ok(entry) => {
                    let path = entry.path();
                    let wanted = entry.file_type().is_file()
                        && path
                            .extension()
                            .and_then(|e| e.to_str())
                            .is_some_and(|e| extensions.iter().any(|x| x.eq_ignore_ascii_case(e)));
                    if !wanted {
                        return None;
                    }
                    let relative = path.strip_prefix(&root).unwrap_or(path);
                    let name = relative
                        .components()
                        .map(|c| c.as_os_str().to_string_lossy())
                        .collect::<Vec<_>>()
                        .join("/");
                    Some(Ok((path.to_path_buf(), name)))
                }
            })
            .flat_map(move |item| -> DocIter {
                match item {
                    Err(e) => Box::new(std::iter::once(Err(e))),
                    Ok((path, name)) => open_file(&path, name, &options, &bytes_read),
                }
            }),
    )
}

fn error(source: &str, line: Option<u64>, reason: String) -> InputError {
    InputError {
        source: source.to_string(),
        line,
        reason,
    }
}

fn io_reason(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file or folder".into(),
        io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => format!("cannot read: {e}"),
    }
}

fn line_of(bytes: &[u8], at: usize) -> u64 {
    1 + bytes[..at].iter().filter(|&&b| b == b'\n').count() as u64
}

/// A whole file (or standard input) as one document: UTF-8 without NUL bytes.
pub fn text_document(id: String, bytes: Vec<u8>) -> DocResult {
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        let line = line_of(&bytes, at);
        return Err(error(
            &id,
            Some(line),
            format!("holds a NUL byte at byte {at}: not a text file"),
        ));
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Document { id, text }),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let line = line_of(e.as_bytes(), at);
            Err(error(
                &id,
                Some(line),
                format!("not valid UTF-8 at byte {at}"),
            ))
        }
    }
}

/// JSON lines: one object per line with an id and a text field.
struct JsonlDocuments {
    name: String,
    reader: Box<dyn BufRead>,
    line: u64,
    buf: Vec<u8>,
    id_field: String,
    text_field: String,
    done: bool,
}

impl JsonlDocuments {
    fn new(name: String, reader: Box<dyn BufRead>, options: &InputOptions) -> Self {
        JsonlDocuments {
            name,
            reader,
            line: 0,
            buf: Vec::new(),
            id_field: options.id_field.clone(),
            text_field: options.text_field.clone(),
            done: false,
        }
    }

    fn parse(&self, line: &[u8]) -> DocResult {
        let err = |reason: String| error(&self.name, Some(self.line), reason);
        // simdutf8 validates a line of French text several times faster than
        // the standard library; the standard library says where it fails.
        let line = match simdutf8::basic::from_utf8(line) {
            Ok(line) => line,
            Err(_) => std::str::from_utf8(line).map_err(|e| {
                err(format!(
                    "not valid UTF-8 at byte {} of the line",
                    e.valid_up_to()
                ))
            })?,
        };
        let value: Value =
            serde_json::from_str(line).map_err(|e| err(format!("invalid JSON: {e}")))?;
        let Value::Object(mut object) = value else {
            return Err(err("not a JSON object".into()));
        };
        let text = match object.remove(&self.text_field) {
            Some(Value::String(s)) => s,
            Some(Value::Null) | None => return Err(err(format!("no `{}` field", self.text_field))),
            Some(_) => return Err(err(format!("`{}` is not a string", self.text_field))),
        };
        let id = match object.remove(&self.id_field) {
            Some(Value::String(s)) => s,
            Some(Value::Number(n)) => n.to_string(),
            Some(Value::Null) | None => format!("{}:{}", self.name, self.line),
            Some(_) => {
                return Err(err(format!(
                    "`{}` is not a string or a number",
                    self.id_field
                )))
            }
        };
        if let Some(at) = memchr::memchr(0, text.as_bytes()) {
            return Err(err(format!(
                "document `{id}` holds a NUL character at byte {at}"
            )));
        }
        Ok(Document { id, text })
    }
}

impl Iterator for JsonlDocuments {
    type Item = DocResult;

    fn next(&mut self) -> Option<DocResult> {
        while !self.done {
            self.buf.clear();
            match self.reader.read_until(b'\n', &mut self.buf) {
                Err(e) => {
                    self.done = true;
                    return Some(Err(error(&self.name, Some(self.line + 1), io_reason(&e))));
                }
                Ok(0) => self.done = true,
                Ok(_) => {
                    self.line += 1;
                    let line = self.buf.trim_ascii();
                    if line.is_empty() {
                        continue;
                    }
                    return Some(self.parse(line));
                }
            }
        }
        None
    }
}

/// CSV with a header row naming an id and a text column.
fn csv_documents(name: String, reader: Box<dyn BufRead>, options: &InputOptions) -> DocIter {
    let mut csv = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(reader);
    let headers = match csv.byte_headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            return Box::new(std::iter::once(Err(error(
                &name,
                Some(1),
                format!("invalid CSV header: {e}"),
            ))))
        }
    };
    let find = |field: &str| headers.iter().position(|h| h == field.as_bytes());
    let Some(text_col) = find(&options.text_field) else {
        return Box::new(std::iter::once(Err(error(
            &name,
            Some(1),
            format!("no `{}` column in the header", options.text_field),
        ))));
    };
    let id_col = find(&options.id_field);
    let mut record = csv::ByteRecord::new();
    let mut done = false;
    Box::new(std::iter::from_fn(move || {
        if done {
            return None;
        }
        match csv.read_byte_record(&mut record) {
            Ok(false) => {
                done = true;
                None
            }
            Err(e) => {
                let line = e.position().map(|p| p.line());
                if let csv::ErrorKind::Io(_) = e.kind() {
                    done = true;
                }
                let reason = match e.kind() {
                    csv::ErrorKind::UnequalLengths {
                        expected_len, len, ..
                    } => {
                        format!("record has {len} fields, the header has {expected_len}")
                    }
                    _ => format!("invalid CSV: {e}"),
                };
                Some(Err(error(&name, line, reason)))
            }
            Ok(true) => {
                let line = record.position().map_or(0, |p| p.line());
                let field = |col: usize| -> Result<String, InputError> {
                    let bytes = record.get(col).unwrap_or_default();
                    String::from_utf8(bytes.to_vec()).map_err(|e| {
                        error(
                            &name,
                            Some(line),
                            format!(
                                "not valid UTF-8 at byte {} of a field",
                                e.utf8_error().valid_up_to()
                            ),
                        )
                    })
                };
                let doc = (|| {
                    let text = field(text_col)?;
                    let id = match id_col.map(field).transpose()? {
                        Some(id) if !id.is_empty() => id,
                        _ => format!("{name}:{line}"),
                    };
                    if let Some(at) = memchr::memchr(0, text.as_bytes()) {
                        return Err(error(
                            &name,
                            Some(line),
                            format!("document `{id}` holds a NUL character at byte {at}"),
                        ));
                    }
                    Ok(Document { id, text })
                })();
                Some(doc)
            }
        }
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jsonl(text: &str) -> Vec<Result<(String, String), String>> {
        JsonlDocuments::new(
            "in.jsonl".into(),
            Box::new(io::Cursor::new(text.as_bytes().to_vec())),
            &InputOptions::default(),
        )
        .map(|r| r.map(|d| (d.id, d.text)).map_err(|e| e.to_string()))
        .collect()
    }

    #[test]
    fn jsonl_records_and_errors() {
        let got = jsonl(
            "{\"id\": \"a\", \"text\": \"Bakou\"}\n\n{\"id\": 7, \"text\": \"x\"}\n{oops\n[1]\n{\"id\":\"b\"}\n{\"text\":\"sans id\"}\n",
        );
        assert_eq!(got[0], Ok(("a".into(), "Bakou".into())));
        assert_eq!(got[1], Ok(("7".into(), "x".into())));
        assert!(got[2]
            .as_ref()
            .unwrap_err()
            .starts_with("in.jsonl:4: invalid JSON"));
        assert_eq!(got[3], Err("in.jsonl:5: not a JSON object".into()));
        assert_eq!(got[4], Err("in.jsonl:6: no `text` field".into()));
        assert_eq!(got[5], Ok(("in.jsonl:7".into(), "sans id".into())));
    }

    #[test]
    fn csv_records_and_errors() {
        let data = "id,text\na,\"Erevan, Bakou\"\nb\nc,Tbilissi\n";
        let got: Vec<_> = csv_documents(
            "in.csv".into(),
            Box::new(data.as_bytes()),
            &InputOptions::default(),
        )
        .map(|r| r.map(|d| (d.id, d.text)).map_err(|e| e.to_string()))
        .collect();
        assert_eq!(got[0], Ok(("a".into(), "Erevan, Bakou".into())));
        assert_eq!(
            got[1],
            Err("in.csv:3: record has 1 fields, the header has 2".into())
        );
        assert_eq!(got[2], Ok(("c".into(), "Tbilissi".into())));
    }

    /// The byte count covers every input file, JSONL or text, read whole.
    #[test]
    fn bytes_read_counts_the_files() {
        let dir = std::env::temp_dir().join(format!("balise-bytes-read-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let jsonl = dir.join("a.jsonl");
        let text = dir.join("b.txt");
        std::fs::write(
            &jsonl,
            "{\"id\": \"a\", \"text\": \"Bakou\"}\n{\"id\": \"b\", \"text\": \"Erevan\"}\n",
        )
        .unwrap();
        std::fs::write(&text, "Tbilissi").unwrap();
        let docs = documents(
            vec![Source::Path(jsonl.clone()), Source::Path(text.clone())],
            InputOptions::default(),
        );
        let bytes_read = docs.bytes_read();
        assert_eq!(bytes_read.get(), 0);
        assert_eq!(docs.filter(Result::is_ok).count(), 3);
        let size = |p: &Path| std::fs::metadata(p).unwrap().len();
        assert_eq!(bytes_read.get(), size(&jsonl) + size(&text));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn text_validation() {
        assert!(text_document("a.txt".into(), b"ok".to_vec()).is_ok());
        let e = text_document("a.txt".into(), b"ok\nbad \xff".to_vec()).unwrap_err();
        assert_eq!(e.to_string(), "a.txt:2: not valid UTF-8 at byte 7");
        let e = text_document("b.txt".into(), b"x\0y".to_vec()).unwrap_err();
        assert!(e.to_string().contains("NUL byte"));
        assert_eq!(text_document("e.txt".into(), Vec::new()).unwrap().text, "");
    }
}

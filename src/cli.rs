//! Command-line interface: `balise tag` and `balise gazetteer check`.

use crate::{Error, Outcome};
use balise::eval::{parse_brat, parse_conll, score_ner, LabelledSpan, SpanMatch};
use balise::input::{documents, Document, InputError, InputFormat, InputOptions, Source};
use balise::output::{OutputFormat, OutputOptions, SpanWriter, TopicWriter};
use balise::resolve::Scratch;
use balise::topics::{
    TopicModel, TopicModelBuilder, TopicOptions, TopicScore, TopicsFrom, DEFAULT_RULES,
    DEFAULT_TOPICS,
};
use balise::zones::ZoneDetector;
use balise::{EntityType, Gazetteer, GazetteerBuilder, Overlaps, Tagger, TaggerOptions};
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::PathBuf;
use std::time::Duration;

#[derive(Parser)]
#[command(
    name = "balise",
    version,
    about = "Fast French named-entity tagger: people, places, organisations and events, with exact offsets and entity ids.",
    after_help = "Examples:\n  balise tag examples/article-fr.txt\n  balise tag --jsonl corpus.jsonl -o spans.csv\n  balise gazetteer check my-entities.tsv"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Tag documents and write one row per entity mention.
    #[command(
        long_about = "Tag documents and write one row per entity mention (CSV by default).\n\n\
            Inputs are text files, folders (every *.txt below them), JSON lines or CSV \
            files, or standard input ('-' or nothing). Offsets are into the original \
            text, in characters (start, end) and bytes (byte_start, byte_end).\n\n\
            A document that cannot be read is reported on stderr with the reason and \
            the run goes on; the exit code is 1 if any document failed, 2 on a usage \
            or gazetteer error, 0 otherwise.",
        after_help = "Examples:\n  \
            # Tag the bundled example article and print CSV to the terminal\n  \
            balise tag examples/article-fr.txt\n\n  \
            # Tag a JSONL dump (fields id and text) with an extra gazetteer, into a file\n  \
            balise tag --jsonl --gazetteer my-entities.tsv dump.jsonl -o spans.csv\n\n  \
            # A folder of articles, for a spreadsheet\n  \
            balise tag articles/ --excel -o spans.csv"
    )]
    Tag(TagArgs),
    /// Work with gazetteer files.
    #[command(subcommand)]
    Gazetteer(GazetteerCommand),
    /// Measure quality against labelled data.
    #[command(subcommand)]
    Eval(EvalCommand),
}

#[derive(Subcommand)]
enum EvalCommand {
    /// Score predicted top-level topics against a labelled file.
    #[command(
        long_about = "Score predicted topics against a labelled file: accuracy, macro-F1 and the \
            confusion matrix.\n\n\
            GOLD is a CSV or TSV file (by extension, or --delimiter) with a header; the text \
            is the --text-column (several columns joined by commas are read as one text), \
            the gold label the --label-column. --map gives each gold label's topic code; \
            the prediction is the mapped topic with the highest score, so only those \
            topics compete. Documents without any evidence count as wrong ('(none)').",
        after_help = "Examples:\n  \
            # A five-class news file, labels mapped to IPTC codes\n  \
            balise eval topics dev.tsv --text-column headline,text --label-column category \\\n    \
            --map business=medtop:04000000,health=medtop:07000000,politics=medtop:11000000,sports=medtop:15000000,technology=medtop:13000000\n\n  \
            # The same with the mapping in a file (one label=code per line)\n  \
            balise eval topics dev.tsv --text-column text --label-column category --map-file labels.txt"
    )]
    Topics(EvalTopicsArgs),
    /// Score entity spans against gold annotations (BRAT, CoNLL/IOB2 or CSV).
    #[command(
        long_about = "Score entity spans against gold annotations: precision, recall and F1 per \
            type and overall, for exact matches (same offsets and type), partial matches \
            (overlapping, same type) and type-blind matches (same offsets).\n\n\
            GOLD is a BRAT folder (*.ann beside *.txt), a CoNLL/IOB2 file (token and tag \
            per line), or a CSV of doc_id,start,end,type (character offsets). Predictions \
            come from running the tagger on the gold texts (a CSV gold needs --texts), or \
            from a spans CSV given with --predictions.",
        after_help = "Examples:\n  \
            # WiNER-style BRAT folder, three types, with an errors file\n  \
            balise eval ner winer-fr-dev/2016 --map Person=PER,Location=LOC,Organization=ORG \\\n    \
            --types PER,LOC,ORG --errors errors.csv\n\n  \
            # Gold and predictions both as spans CSV\n  \
            balise eval ner gold.csv --predictions spans.csv --types PER,LOC,ORG"
    )]
    Ner(EvalNerArgs),
}

#[derive(Clone, Copy, ValueEnum)]
enum GoldFormat {
    Auto,
    Brat,
    Conll,
    Csv,
}

#[derive(Args)]
struct EvalNerArgs {
    /// Gold annotations: a BRAT folder, a CoNLL file or a spans CSV.
    #[arg(value_name = "GOLD")]
    gold: PathBuf,
    /// Format of GOLD (auto: folder → brat, .csv → csv, otherwise conll).
    #[arg(long, value_enum, default_value = "auto")]
    gold_format: GoldFormat,
    /// Texts of a CSV gold (any input `balise tag` reads; doc_ids must match).
    #[arg(long, value_name = "INPUT")]
    texts: Option<String>,
    /// Score this spans CSV (doc_id,start,end,type) instead of running the tagger.
    #[arg(long, value_name = "FILE")]
    predictions: Option<PathBuf>,
    /// Gold label renaming, comma-separated (Person=PER,Location=LOC).
    #[arg(long)]
    map: Option<String>,
    /// A file of label=TYPE lines.
    #[arg(long, value_name = "FILE")]
    map_file: Option<PathBuf>,
    /// Types to score, comma-separated.
    #[arg(long, default_value = "PER,LOC,ORG")]
    types: String,
    /// Write every false positive and false negative (exact matching) here.
    #[arg(long, value_name = "FILE")]
    errors: Option<PathBuf>,
    #[command(flatten)]
    name_rules: NameRuleArgs,
    #[command(flatten)]
    gazetteer: GazetteerArgs,
}

#[derive(Args)]
struct EvalTopicsArgs {
    /// The labelled file (CSV or TSV with a header).
    #[arg(value_name = "GOLD")]
    gold: PathBuf,
    /// Column(s) holding the text, comma-separated (joined with a blank line).
    #[arg(long, default_value = "text")]
    text_column: String,
    /// Column holding the gold label.
    #[arg(long, default_value = "label")]
    label_column: String,
    /// label=topic pairs, comma-separated.
    #[arg(long)]
    map: Option<String>,
    /// A file of label=topic lines.
    #[arg(long, value_name = "FILE")]
    map_file: Option<PathBuf>,
    /// Field delimiter of GOLD (default: tab for .tsv, comma otherwise).
    #[arg(long)]
    delimiter: Option<String>,
    /// Write one line per document (id, gold, predicted, scores) to this CSV.
    #[arg(long, value_name = "FILE")]
    predictions: Option<PathBuf>,
    #[command(flatten)]
    topic_args: TopicArgs,
    #[command(flatten)]
    gazetteer: GazetteerArgs,
}

#[derive(Subcommand)]
enum GazetteerCommand {
    /// Validate gazetteer files and print counts per type.
    #[command(
        long_about = "Validate gazetteer files and print counts per type.\n\n\
            The files are loaded as 'balise tag --gazetteer' would load them: with \
            the default pack unless --no-default-gazetteer is given (so that demonyms \
            may refer to the default places). With no file, the default pack is \
            checked. A malformed row stops with FILE:LINE: REASON and exit code 2.",
        after_help = "Examples:\n  \
            # Check the embedded default pack\n  \
            balise gazetteer check\n\n  \
            # Check your own files alone\n  \
            balise gazetteer check --no-default-gazetteer my-entities.tsv more/"
    )]
    Check(CheckArgs),
}

#[derive(Args)]
struct NameRuleArgs {
    /// Keep the gazetteers alone: no rule-based names ("rule:title", "rule:firstname" …).
    #[arg(long)]
    no_rules: bool,
    /// Report rule-based names of at least this confidence (0 to 1).
    #[arg(long, default_value_t = 0.6)]
    min_confidence: f64,
    /// Between places that share a name (Orange FR / Orange US), prefer this
    /// country's unless the document's other places point elsewhere
    /// (ISO 3166-1 alpha-2 code, or `none`).
    #[arg(long, default_value = "FR", value_name = "CODE", value_parser = parse_country)]
    home_country: HomeCountry,
}

impl NameRuleArgs {
    /// Tagger options from these flags (the rest at their defaults).
    fn tagger_options(&self) -> TaggerOptions {
        TaggerOptions {
            rules: !self.no_rules,
            min_confidence: self.min_confidence,
            home_country: self.home_country.0,
            ..TaggerOptions::default()
        }
    }
}

#[derive(Clone, Copy, Debug)]
struct HomeCountry(Option<[u8; 2]>);

fn parse_country(s: &str) -> Result<HomeCountry, String> {
    if s.eq_ignore_ascii_case("none") {
        return Ok(HomeCountry(None));
    }
    match s.as_bytes() {
        [a, b] if a.is_ascii_alphabetic() && b.is_ascii_alphabetic() => Ok(HomeCountry(Some([
            a.to_ascii_uppercase(),
            b.to_ascii_uppercase(),
        ]))),
        _ => Err(format!(
            "{s:?} is not a two-letter country code (or `none`)"
        )),
    }
}

#[derive(Args)]
struct GazetteerArgs {
    /// Add a gazetteer file, or every *.tsv below a folder (repeatable).
    #[arg(short = 'g', long = "gazetteer", value_name = "PATH")]
    gazetteers: Vec<PathBuf>,
    /// Do not load the embedded default pack.
    #[arg(long)]
    no_default_gazetteer: bool,
}

#[derive(Args)]
struct CheckArgs {
    /// Gazetteer files or folders to validate.
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Validate the given files without the embedded default pack.
    #[arg(long)]
    no_default_gazetteer: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    Csv,
    Jsonl,
}

#[derive(Clone, Copy, ValueEnum)]
enum InputFormatArg {
    Auto,
    Text,
    Jsonl,
    Csv,
}

#[derive(Clone, Copy, ValueEnum)]
enum OverlapsArg {
    /// Keep the longest of overlapping mentions.
    Longest,
    /// Keep nested and overlapping mentions too.
    All,
}

#[derive(Args)]
struct TagArgs {
    /// Files, folders, or '-' for standard input (the default).
    #[arg(value_name = "INPUT")]
    inputs: Vec<String>,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Output format: CSV rows, or one JSON object per document.
    #[arg(short, long, value_enum, default_value = "csv")]
    format: FormatArg,
    /// CSV field delimiter: one ASCII character, or 'tab'.
    #[arg(short, long, default_value = ",")]
    delimiter: String,
    /// CSV for spreadsheets: UTF-8 BOM, ';' delimiter, formula-like cells neutralised.
    #[arg(long)]
    excel: bool,
    #[command(flatten)]
    gazetteer: GazetteerArgs,
    /// How input files are read (auto: by extension; stdin is text).
    #[arg(long, value_enum, default_value = "auto")]
    input_format: InputFormatArg,
    /// Shorthand for --input-format jsonl.
    #[arg(long, conflicts_with_all = ["input_format", "csv"])]
    jsonl: bool,
    /// Shorthand for --input-format csv.
    #[arg(long, conflicts_with = "input_format")]
    csv: bool,
    /// JSONL field or CSV column holding the document id.
    #[arg(long, default_value = "id")]
    id_field: String,
    /// JSONL field or CSV column holding the text.
    #[arg(long, default_value = "text")]
    text_field: String,
    /// Keep the longest of overlapping mentions, or all of them.
    #[arg(long, value_enum, default_value = "longest")]
    overlaps: OverlapsArg,
    /// Do not link acronyms defined in parentheses ("… (ISSeP)").
    #[arg(long)]
    no_acronyms: bool,
    #[command(flatten)]
    name_rules: NameRuleArgs,
    /// Write the documents' topics (IPTC Media Topics) to this CSV file.
    #[arg(long, value_name = "FILE")]
    topics: Option<PathBuf>,
    #[command(flatten)]
    topic_args: TopicArgs,
    /// Add zone cues (a `zone<TAB>cue` file, see gazetteers/zones.tsv).
    #[arg(long, value_name = "FILE")]
    zone_cues: Vec<PathBuf>,
    /// Tag on this many threads (default: all cores). Output is the same whatever the number.
    #[arg(short = 'j', long)]
    threads: Option<usize>,
    /// No summary line and no progress on stderr (errors are still reported).
    #[arg(short, long)]
    quiet: bool,
    /// Print timings to stderr: load, build, read, tag (rendering the rows included),
    /// write, documents/s, MB/s.
    #[arg(long)]
    stats: bool,
    /// Tag only shard I of N (1 ≤ I ≤ N): the documents whose position in the
    /// input, counted from 0, is I−1 modulo N. N processes over the same input
    /// together tag every document once.
    #[arg(long, value_name = "I/N", value_parser = parse_shard)]
    shard: Option<Shard>,
}

/// `--shard I/N`.
#[derive(Clone, Copy, Debug)]
struct Shard {
    index: u64,
    count: u64,
}

fn parse_shard(s: &str) -> Result<Shard, String> {
    let bad = || format!("{s:?} is not a shard I/N with 1 ≤ I ≤ N (e.g. 2/8)");
    let (i, n) = s.split_once('/').ok_or_else(bad)?;
    let (index, count): (u64, u64) = (
        i.trim().parse().map_err(|_| bad())?,
        n.trim().parse().map_err(|_| bad())?,
    );
    if index == 0 || index > count {
        return Err(bad());
    }
    Ok(Shard {
        index: index - 1,
        count,
    })
}

#[derive(Clone, Copy, ValueEnum)]
enum TopicsFromArg {
    /// The main article only (breadcrumbs, teasers and boilerplate do not count).
    Body,
    /// All of the page.
    All,
}

#[derive(Args)]
struct TopicArgs {
    /// Which zones of a page decide its topics.
    #[arg(long, value_enum, default_value = "body")]
    topics_from: TopicsFromArg,
    /// At most this many topics per document.
    #[arg(long, default_value_t = 5)]
    top_k: usize,
    /// Report topics scoring at least this (0 to 1).
    #[arg(long, default_value_t = 0.2)]
    topic_threshold: f64,
    /// Add topic rules (a `topic<TAB>trigger<TAB>weight` file, see gazetteers/topics/).
    #[arg(long, value_name = "FILE")]
    topic_rules: Vec<PathBuf>,
}

pub fn run() -> Result<Outcome, Error> {
    let cli = Cli::parse();
    match cli.command {
        Command::Tag(args) => tag(args),
        Command::Gazetteer(GazetteerCommand::Check(args)) => check(args),
        Command::Eval(EvalCommand::Topics(args)) => eval_topics(args),
        Command::Eval(EvalCommand::Ner(args)) => eval_ner(args),
    }
}

fn load_topics(args: &TopicArgs) -> Result<TopicModel, Error> {
    let mut builder = TopicModelBuilder::new("gazetteers/topics/topics.tsv", DEFAULT_TOPICS)?;
    for (name, rules) in DEFAULT_RULES {
        builder.add_rules(name, rules)?;
    }
    for path in &args.topic_rules {
        let (name, contents) = read_data_file(path)?;
        builder.add_rules(&name, &contents)?;
    }
    if !(0.0..=1.0).contains(&args.topic_threshold) {
        return Err(Error::Usage(
            "--topic-threshold must be between 0 and 1".into(),
        ));
    }
    Ok(builder.build(TopicOptions {
        threshold: args.topic_threshold,
        top_k: args.top_k,
        from: match args.topics_from {
            TopicsFromArg::Body => TopicsFrom::Body,
            TopicsFromArg::All => TopicsFrom::All,
        },
    }))
}

fn load_zone_cues(paths: &[PathBuf]) -> Result<ZoneDetector, Error> {
    let mut zones = ZoneDetector::default();
    for path in paths {
        let (name, contents) = read_data_file(path)?;
        zones.add_cues(&name, &contents)?;
    }
    Ok(zones)
}

/// A data file (topic rules, zone cues) and the name its errors use.
fn read_data_file(path: &std::path::Path) -> Result<(String, String), Error> {
    let name = path.display().to_string();
    match std::fs::read_to_string(path) {
        Ok(contents) => Ok((name, contents)),
        Err(e) => Err(Error::Gazetteer(balise::GazetteerError {
            path: name,
            line: 0,
            reason: format!("cannot read: {e}"),
        })),
    }
}

fn load_gazetteer(paths: &[PathBuf], with_default: bool) -> Result<Gazetteer, Error> {
    let mut builder = GazetteerBuilder::new();
    if with_default {
        builder.add_default()?;
    }
    for path in paths {
        builder.add_path(path)?;
    }
    Ok(builder.build()?)
}

fn parse_delimiter(s: &str) -> Result<u8, Error> {
    match s {
        "tab" | "\\t" | "\t" => Ok(b'\t'),
        _ if s.len() == 1 && s.is_ascii() && s != "\"" && s != "\n" => Ok(s.as_bytes()[0]),
        _ => Err(Error::Usage(format!(
            "invalid delimiter {s:?}: expected one ASCII character or 'tab'"
        ))),
    }
}

fn tag(args: TagArgs) -> Result<Outcome, Error> {
    let delimiter = parse_delimiter(&args.delimiter)?;
    if args.gazetteer.no_default_gazetteer && args.gazetteer.gazetteers.is_empty() {
        return Err(Error::Usage(
            "--no-default-gazetteer needs at least one --gazetteer PATH".into(),
        ));
    }
    let started = std::time::Instant::now();
    let gazetteer = load_gazetteer(
        &args.gazetteer.gazetteers,
        !args.gazetteer.no_default_gazetteer,
    )?;
    let loaded = started.elapsed();
    let tagger = Tagger::new(
        gazetteer,
        TaggerOptions {
            overlaps: match args.overlaps {
                OverlapsArg::Longest => Overlaps::Longest,
                OverlapsArg::All => Overlaps::All,
            },
            acronyms: !args.no_acronyms,
            ..args.name_rules.tagger_options()
        },
    )?
    .with_zones(load_zone_cues(&args.zone_cues)?);
    let built = started.elapsed() - loaded;
    let want_topics = args.topics.is_some() || matches!(args.format, FormatArg::Jsonl);
    let topic_model = if want_topics {
        Some(load_topics(&args.topic_args)?)
    } else {
        None
    };
    let mut topic_writer = match &args.topics {
        Some(path) => {
            let file = std::fs::File::create(path)
                .map_err(|e| Error::Usage(format!("cannot create {}: {e}", path.display())))?;
            Some(TopicWriter::new(BufWriter::new(file), delimiter)?)
        }
        None => None,
    };
    let format = if args.jsonl {
        InputFormat::Jsonl
    } else if args.csv {
        InputFormat::Csv
    } else {
        match args.input_format {
            InputFormatArg::Auto => InputFormat::Auto,
            InputFormatArg::Text => InputFormat::Text,
            InputFormatArg::Jsonl => InputFormat::Jsonl,
            InputFormatArg::Csv => InputFormat::Csv,
        }
    };
    let input_options = InputOptions {
        format,
        id_field: args.id_field,
        text_field: args.text_field,
    };
    let out: Box<dyn Write> = match &args.output {
        Some(path) => Box::new(
            std::fs::File::create(path)
                .map_err(|e| Error::Usage(format!("cannot create {}: {e}", path.display())))?,
        ),
        None => Box::new(io::stdout().lock()),
    };
    let output_options = OutputOptions {
        format: match args.format {
            FormatArg::Csv => OutputFormat::Csv,
            FormatArg::Jsonl => OutputFormat::Jsonl,
        },
        delimiter,
        excel: args.excel,
    };
    let mut writer = SpanWriter::new(BufWriter::with_capacity(1 << 16, out), output_options)?;

    let sources = args.inputs.iter().map(|s| Source::parse(s)).collect();
    let (mut read, mut tagged, mut failed, mut spans) = (0u64, 0u64, 0u64, 0u64);
    let threads = match args.threads {
        Some(0) => return Err(Error::Usage("--threads must be at least 1".into())),
        Some(n) => n,
        None => std::thread::available_parallelism().map_or(1, |n| n.get()),
    };
    let mut workers: Vec<Worker> = (0..threads)
        .map(|_| Worker {
            scratch: Scratch::default(),
            renderer: SpanWriter::in_memory(output_options),
        })
        .collect();
    let (mut read_time, mut tag_time, mut write_time) =
        (Duration::ZERO, Duration::ZERO, Duration::ZERO);
    let mut text_bytes = 0u64;
    let shard = args.shard;
    let mut progress = (!args.quiet && io::stderr().is_terminal())
        .then(|| Progress::new(input_size(&args.inputs)));
    let docs = documents(sources, input_options);
    let bytes_read = docs.bytes_read();
    let mut docs = docs
        .enumerate()
        .filter(|(k, _)| shard.is_none_or(|s| *k as u64 % s.count == s.index))
        .map(|(_, doc)| doc)
        .fuse();
    // Write one tagged batch, in input order; count what was read and tagged.
    let mut write_batch = |batch: &[Result<Document, InputError>],
                           results: Vec<Tagged>,
                           text_bytes: u64|
     -> Result<(), Error> {
        for (doc, result) in batch.iter().zip(results) {
            read += 1;
            match (doc, result) {
                (Ok(doc), Some(rendered)) => {
                    let rendered = rendered?;
                    spans += rendered.spans;
                    writer.write_rendered(&rendered.bytes)?;
                    if let (Some(w), Some(model)) = (&mut topic_writer, &topic_model) {
                        w.write_document(&doc.id, &rendered.topics, model)?;
                    }
                    tagged += 1;
                }
                (Err(e), _) => {
                    failed += 1;
                    writer.flush()?;
                    eprintln!("balise: {e}");
                }
                (Ok(_), None) => unreachable!("every readable document is tagged"),
            }
        }
        if let Some(p) = &mut progress {
            p.update(read, text_bytes, bytes_read.get());
        }
        Ok(())
    };
    // A batch of documents (bounded in number and bytes) is tagged in
    // parallel, then written in input order: output does not depend on the
    // thread count, and memory stays flat however long the input.
    let mut read_batch = |batch: &mut Vec<Result<Document, InputError>>| {
        batch.clear();
        let mut bytes = 0;
        while batch.len() < 1024 * threads && bytes < (8 << 20) {
            let Some(doc) = docs.next() else { break };
            bytes += doc.as_ref().map_or(0, |d| d.text.len());
            batch.push(doc);
        }
        bytes as u64
    };
    let mut batch: Vec<Result<Document, InputError>> = Vec::new();
    if threads == 1 {
        loop {
            let t0 = std::time::Instant::now();
            text_bytes += read_batch(&mut batch);
            if batch.is_empty() {
                break;
            }
            let t1 = std::time::Instant::now();
            read_time += t1 - t0;
            let results = tag_batch(&batch, &tagger, topic_model.as_ref(), &mut workers);
            let t2 = std::time::Instant::now();
            tag_time += t2 - t1;
            write_batch(&batch, results, text_bytes)?;
            write_time += t2.elapsed();
        }
    } else {
        // With several threads, batch n is tagged while the main thread
        // writes batch n − 1 and reads batch n + 1, so that neither leaves
        // the tagging threads idle.
        let mut written: Vec<Result<Document, InputError>> = Vec::new();
        let mut next: Vec<Result<Document, InputError>> = Vec::new();
        let mut pending: Option<Vec<Tagged>> = None;
        let t0 = std::time::Instant::now();
        text_bytes += read_batch(&mut batch);
        read_time += t0.elapsed();
        while !batch.is_empty() || pending.is_some() {
            let t1 = std::time::Instant::now();
            let read_next = &mut read_batch;
            let (results, wrote, (next_bytes, reading)) = std::thread::scope(|scope| {
                let tagging = (!batch.is_empty()).then(|| {
                    let (batch, tagger, topics) = (&batch, &tagger, topic_model.as_ref());
                    let workers = &mut workers;
                    scope.spawn(move || tag_batch(batch, tagger, topics, workers))
                });
                let w0 = std::time::Instant::now();
                let wrote = match pending.take() {
                    Some(results) => write_batch(&written, results, text_bytes),
                    None => Ok(()),
                };
                let wrote = wrote.map(|()| w0.elapsed());
                let r0 = std::time::Instant::now();
                let next_bytes = read_next(&mut next);
                let reading = r0.elapsed();
                let results = tagging.map(|h| h.join().expect("the tagging thread panicked"));
                (results, wrote, (next_bytes, reading))
            });
            let spent = wrote?;
            write_time += spent;
            read_time += reading;
            tag_time += t1.elapsed().saturating_sub(spent + reading);
            text_bytes += next_bytes;
            pending = results;
            // Batch n is now written next time round, batch n + 1 tagged.
            std::mem::swap(&mut written, &mut batch);
            std::mem::swap(&mut batch, &mut next);
        }
    }
    if let Some(p) = &mut progress {
        p.finish();
    }
    writer.flush()?;
    if let Some(w) = &mut topic_writer {
        w.flush()?;
    }
    if args.stats {
        let total = started.elapsed().as_secs_f64();
        let work = (read_time + tag_time + write_time).as_secs_f64().max(1e-9);
        let mb = text_bytes as f64 / 1e6;
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        eprintln!(
            "balise: stats: load {:.1} ms, build {:.1} ms ({} patterns, matcher {:.1} MB), read {:.1} ms, tag {:.1} ms on {threads} thread(s), write {:.1} ms; total {:.2} s",
            ms(loaded),
            ms(built),
            tagger.matcher().pattern_count(),
            tagger.matcher().memory_usage() as f64 / 1e6,
            ms(read_time),
            ms(tag_time),
            ms(write_time),
            total
        );
        eprintln!(
            "balise: stats: {mb:.2} MB of text, {:.0} documents/s, {:.2} MB/s (read + tag + write, start-up excluded)",
            read as f64 / work,
            mb / work
        );
    }
    if !args.quiet || failed > 0 {
        eprintln!(
            "balise: {read} document{} read, {tagged} tagged, {failed} failed; {spans} span{}",
            if read == 1 { "" } else { "s" },
            if spans == 1 { "" } else { "s" },
        );
    }
    Ok(if failed > 0 {
        Outcome::SomeFailed
    } else {
        Outcome::Success
    })
}

/// The total size of the input files, when every input is a regular file
/// (standard input and folders give no total, hence no ETA).
fn input_size(inputs: &[String]) -> Option<u64> {
    inputs.iter().try_fold(0u64, |sum, input| {
        let meta = std::fs::metadata(input).ok()?;
        meta.is_file().then(|| sum + meta.len())
    })
}

/// A one-line progress display on stderr (only when stderr is a terminal):
/// documents, megabytes of text, rate and, for files, an estimate of the time
/// left. Redrawn at most four times a second.
struct Progress {
    started: std::time::Instant,
    last: std::time::Instant,
    total: Option<u64>,
    drawn: bool,
}

impl Progress {
    fn new(total: Option<u64>) -> Progress {
        let now = std::time::Instant::now();
        Progress {
            started: now,
            last: now,
            total,
            drawn: false,
        }
    }

    /// `bytes`: text tagged so far; `file_bytes`: bytes read from the input
    /// files, which the time left is estimated from (reading runs a batch
    /// ahead of writing with several threads, so the estimate errs a little
    /// on the short side).
    fn update(&mut self, documents: u64, bytes: u64, file_bytes: u64) {
        let now = std::time::Instant::now();
        if now.duration_since(self.last) < Duration::from_millis(250) {
            return;
        }
        self.last = now;
        let elapsed = now.duration_since(self.started).as_secs_f64().max(1e-9);
        let rate = bytes as f64 / elapsed;
        let mut line = format!(
            "balise: {documents} documents, {:.1} MB, {:.1} MB/s",
            bytes as f64 / 1e6,
            rate / 1e6
        );
        if let Some(total) = self.total.filter(|&t| t > file_bytes && file_bytes > 0) {
            let left = (total - file_bytes) as f64 * elapsed / file_bytes as f64;
            line += &format!(
                ", {:.0}%, ETA {}",
                100.0 * file_bytes as f64 / total as f64,
                clock(left)
            );
        }
        eprint!("\r{line:<78}");
        self.drawn = true;
    }

    fn finish(&mut self) {
        if self.drawn {
            eprint!("\r{:<78}\r", "");
        }
    }
}

fn clock(seconds: f64) -> String {
    let s = seconds.round() as u64;
    format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
}

/// What a tagging thread keeps from document to document.
struct Worker {
    scratch: Scratch,
    /// Renders each document's spans where it is tagged, so that the thread
    /// that writes them in order has only bytes to copy.
    renderer: SpanWriter<Vec<u8>>,
}

/// A tagged document, rendered.
struct Rendered {
    /// Number of spans.
    spans: u64,
    /// The spans in the output format.
    bytes: Vec<u8>,
    /// The topics, for the topics file.
    topics: Vec<TopicScore>,
}

/// `None` for a document that could not be read.
type Tagged = Option<io::Result<Rendered>>;

/// Tag and render a batch of documents on `workers.len()` threads; results
/// in order.
fn tag_batch(
    batch: &[Result<Document, InputError>],
    tagger: &Tagger,
    topics: Option<&TopicModel>,
    workers: &mut [Worker],
) -> Vec<Tagged> {
    let tag_one = |doc: &Result<Document, InputError>, worker: &mut Worker| -> Tagged {
        let doc = doc.as_ref().ok()?;
        let scratch = &mut worker.scratch;
        let annotation = tagger.tag_with(&doc.text, scratch);
        let scores = topics.map_or_else(Vec::new, |m| {
            m.score(
                &doc.text,
                scratch.normalized(),
                &annotation,
                tagger,
                &annotation.zones,
            )
        });
        let topics_ref = topics.map(|m| (scores.as_slice(), m));
        let written =
            worker
                .renderer
                .write_document(&doc.id, &doc.text, &annotation, tagger, topics_ref);
        Some(written.map(|()| Rendered {
            spans: annotation.mentions.len() as u64,
            bytes: worker.renderer.take_rendered(),
            topics: scores,
        }))
    };
    if workers.len() == 1 || batch.len() < 2 {
        return batch.iter().map(|d| tag_one(d, &mut workers[0])).collect();
    }
    // Each thread takes the next untagged document, so that threads given
    // long documents do not hold the others up; results go back in order.
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut results: Vec<Tagged> = (0..batch.len()).map(|_| None).collect();
    std::thread::scope(|scope| {
        let handles: Vec<_> = workers
            .iter_mut()
            .map(|worker| {
                let (next, tag_one) = (&next, &tag_one);
                scope.spawn(move || {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(doc) = batch.get(i) else { break };
                        done.push((i, tag_one(doc, worker)));
                    }
                    done
                })
            })
            .collect();
        for h in handles {
            for (i, tagged) in h.join().expect("a tagging thread panicked") {
                results[i] = tagged;
            }
        }
    });
    results
}

fn check(args: CheckArgs) -> Result<Outcome, Error> {
    if args.no_default_gazetteer && args.paths.is_empty() {
        return Err(Error::Usage(
            "--no-default-gazetteer needs at least one PATH to check".into(),
        ));
    }
    let g = load_gazetteer(&args.paths, !args.no_default_gazetteer)?;
    let mut out = io::stdout().lock();
    let header = |out: &mut dyn Write| -> io::Result<()> {
        write!(out, "{:<44}", "file")?;
        for t in EntityType::ALL {
            write!(out, " {:>7}", t.as_str())?;
        }
        writeln!(out, " {:>8} {:>8}", "rows", "aliases")
    };
    writeln!(out, "Entities (rows) per type, by file:")?;
    header(&mut out)?;
    for s in g.sources() {
        write!(out, "{:<44}", s.path)?;
        for n in s.rows_by_type {
            write!(out, " {n:>7}")?;
        }
        writeln!(
            out,
            " {:>8} {:>8}",
            s.rows,
            s.aliases_by_type.iter().sum::<usize>()
        )?;
    }
    let entities = g.entity_counts();
    let aliases = g.alias_counts();
    writeln!(out)?;
    writeln!(out, "{:<10} {:>9} {:>9}", "type", "entities", "aliases")?;
    for (i, t) in EntityType::ALL.iter().enumerate() {
        writeln!(
            out,
            "{:<10} {:>9} {:>9}",
            t.as_str(),
            entities[i],
            aliases[i]
        )?;
    }
    writeln!(
        out,
        "{:<10} {:>9} {:>9}",
        "total",
        entities.iter().sum::<usize>(),
        aliases.iter().sum::<usize>()
    )?;
    writeln!(out, "(aliases include names and derived surnames)")?;
    writeln!(out, "ok")?;
    Ok(Outcome::Success)
}

fn eval_topics(args: EvalTopicsArgs) -> Result<Outcome, Error> {
    let map = read_pairs(&args.map, &args.map_file)?;
    if map.is_empty() {
        return Err(Error::Usage(
            "give the label mapping with --map or --map-file".into(),
        ));
    }
    let model = load_topics(&args.topic_args)?;
    let mut targets = Vec::new();
    for (label, code) in &map {
        let t = model.find(code).ok_or_else(|| {
            Error::Usage(format!(
                "`{code}` (for `{label}`) is not in the topic table"
            ))
        })?;
        targets.push((label.clone(), t));
    }
    let gazetteer = load_gazetteer(
        &args.gazetteer.gazetteers,
        !args.gazetteer.no_default_gazetteer,
    )?;
    let tagger = Tagger::new(gazetteer, TaggerOptions::default())?;
    let delimiter = match &args.delimiter {
        Some(d) => parse_delimiter(d)?,
        None if args
            .gold
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("tsv")) =>
        {
            b'\t'
        }
        None => b',',
    };
    let unreadable =
        |e: &dyn std::fmt::Display| Error::Usage(format!("{}: {e}", args.gold.display()));
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .from_path(&args.gold)
        .map_err(|e| unreadable(&e))?;
    let headers = reader.headers().map_err(|e| unreadable(&e))?.clone();
    let column = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| Error::Usage(format!("{}: no column `{name}`", args.gold.display())))
    };
    let text_columns = args
        .text_column
        .split(',')
        .map(|c| column(c.trim()))
        .collect::<Result<Vec<_>, _>>()?;
    let label_column = column(&args.label_column)?;
    let mut predictions = match &args.predictions {
        Some(path) => {
            let mut w = csv::Writer::from_path(path)
                .map_err(|e| Error::Usage(format!("{}: {e}", path.display())))?;
            let mut header = vec!["row".to_string(), "gold".into(), "predicted".into()];
            header.extend(targets.iter().map(|(l, _)| format!("score_{l}")));
            header.push("evidence".into());
            w.write_record(&header)
                .map_err(|e| Error::Output(e.into()))?;
            Some(w)
        }
        None => None,
    };
    let mut pairs = Vec::new();
    let mut scratch = Scratch::default();
    let mut failed = 0;
    for (row, record) in reader.records().enumerate() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                failed += 1;
                eprintln!("balise: {}: record {}: {e}", args.gold.display(), row + 1);
                continue;
            }
        };
        let text = text_columns
            .iter()
            .map(|&c| record.get(c).unwrap_or(""))
            .collect::<Vec<_>>()
            .join("\n\n");
        let gold = record.get(label_column).unwrap_or("").to_string();
        let annotation = tagger.tag_with(&text, &mut scratch);
        let scores = model.score_all(
            &text,
            scratch.normalized(),
            &annotation,
            &tagger,
            &annotation.zones,
        );
        let score_of = |t: u32| {
            scores
                .iter()
                .find(|s| s.topic == t)
                .map_or(0.0, |s| s.score)
        };
        // Ranked by evidence: the score's order, without the ties of scores
        // rounded to 1.
        let evidence_of = |t: u32| {
            scores
                .iter()
                .find(|s| s.topic == t)
                .map_or(0.0, |s| s.evidence_total)
        };
        let best = targets
            .iter()
            .map(|(label, t)| (label, evidence_of(*t)))
            .filter(|(_, s)| *s > 0.0)
            .max_by(|a, b| a.1.partial_cmp(&b.1).unwrap_or(std::cmp::Ordering::Equal));
        let predicted = best.map_or("(none)".to_string(), |(l, _)| l.clone());
        if let Some(w) = &mut predictions {
            let mut line = vec![(row + 1).to_string(), gold.clone(), predicted.clone()];
            line.extend(targets.iter().map(|(_, t)| format!("{:.3}", score_of(*t))));
            let evidence = targets
                .iter()
                .find(|(l, _)| *l == predicted)
                .and_then(|(_, t)| scores.iter().find(|s| s.topic == *t))
                .map(|s| balise::topics::evidence_string(&s.evidence, 8))
                .unwrap_or_default();
            line.push(evidence);
            w.write_record(&line).map_err(|e| Error::Output(e.into()))?;
        }
        pairs.push((gold, predicted));
    }
    if let Some(w) = &mut predictions {
        w.flush()?;
    }
    let classes: Vec<String> = map.iter().map(|(l, _)| l.clone()).collect();
    let report = balise::eval::ClassificationReport::new(&pairs, &classes);
    // Through the error path, so that a closed pipe (`| head`) exits quietly.
    write!(io::stdout().lock(), "{report}")?;
    if failed > 0 {
        eprintln!("balise: {failed} record(s) could not be read");
        return Ok(Outcome::SomeFailed);
    }
    Ok(Outcome::Success)
}

fn read_pairs(
    inline: &Option<String>,
    file: &Option<PathBuf>,
) -> Result<Vec<(String, String)>, Error> {
    let mut text = inline.clone().unwrap_or_default().replace(',', "\n");
    if let Some(path) = file {
        let contents = std::fs::read_to_string(path)
            .map_err(|e| Error::Usage(format!("cannot read {}: {e}", path.display())))?;
        text.push('\n');
        text.push_str(&contents);
    }
    let mut pairs = Vec::new();
    for line in text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        let (a, b) = line.split_once('=').ok_or_else(|| {
            Error::Usage(format!("invalid mapping `{line}`: expected LABEL=VALUE"))
        })?;
        pairs.push((a.trim().to_string(), b.trim().to_string()));
    }
    Ok(pairs)
}

/// Gold documents: (doc_id, text if known, spans).
type GoldDocs = Vec<(String, Option<String>, Vec<LabelledSpan>)>;

fn read_gold(args: &EvalNerArgs) -> Result<GoldDocs, Error> {
    let path = &args.gold;
    let bad = |reason: String| Error::Usage(format!("{}: {reason}", path.display()));
    let format = match args.gold_format {
        GoldFormat::Auto if path.is_dir() => GoldFormat::Brat,
        GoldFormat::Auto
            if path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("csv")) =>
        {
            GoldFormat::Csv
        }
        GoldFormat::Auto => GoldFormat::Conll,
        other => other,
    };
    let mut docs = Vec::new();
    match format {
        GoldFormat::Brat => {
            for entry in walkdir::WalkDir::new(path).sort_by_file_name() {
                let entry = entry.map_err(|e| bad(e.to_string()))?;
                let ann = entry.path();
                if ann.extension().is_none_or(|e| e != "ann") {
                    continue;
                }
                let txt = ann.with_extension("txt");
                let doc_id = txt
                    .strip_prefix(path)
                    .unwrap_or(&txt)
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                let text = std::fs::read_to_string(&txt)
                    .map_err(|e| bad(format!("{}: {e}", txt.display())))?;
                let ann_text = std::fs::read_to_string(ann)
                    .map_err(|e| bad(format!("{}: {e}", ann.display())))?;
                let spans = parse_brat(&doc_id, &ann_text)
                    .map_err(|e| bad(format!("{}: {e}", ann.display())))?;
                docs.push((doc_id, Some(text), spans));
            }
        }
        GoldFormat::Conll => {
            let data = std::fs::read_to_string(path).map_err(|e| bad(e.to_string()))?;
            let name = path.display().to_string();
            for (id, text, spans) in parse_conll(&name, &data).map_err(Error::Usage)? {
                docs.push((id, Some(text), spans));
            }
        }
        GoldFormat::Csv => {
            let mut by_doc: std::collections::BTreeMap<String, Vec<LabelledSpan>> =
                Default::default();
            for span in read_spans_csv(path)? {
                by_doc.entry(span.doc_id.clone()).or_default().push(span);
            }
            let mut texts: std::collections::HashMap<String, String> = Default::default();
            if let Some(input) = &args.texts {
                for doc in documents(vec![Source::parse(input)], InputOptions::default()) {
                    let doc = doc.map_err(|e| Error::Usage(e.to_string()))?;
                    texts.insert(doc.id, doc.text);
                }
                for id in texts.keys() {
                    by_doc.entry(id.clone()).or_default();
                }
            }
            for (id, spans) in by_doc {
                let text = texts.remove(&id);
                docs.push((id, text, spans));
            }
        }
        GoldFormat::Auto => unreachable!(),
    }
    if docs.is_empty() {
        return Err(bad("no gold documents found".into()));
    }
    Ok(docs)
}

fn read_spans_csv(path: &std::path::Path) -> Result<Vec<LabelledSpan>, Error> {
    let bad = |reason: String| Error::Usage(format!("{}: {reason}", path.display()));
    let mut reader = csv::Reader::from_path(path).map_err(|e| bad(e.to_string()))?;
    let headers = reader.headers().map_err(|e| bad(e.to_string()))?.clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim_start_matches('\u{feff}') == name)
            .ok_or_else(|| bad(format!("no column `{name}`")))
    };
    let (d, s, e, t) = (col("doc_id")?, col("start")?, col("end")?, col("type")?);
    let mut spans = Vec::new();
    for (n, record) in reader.records().enumerate() {
        let record = record.map_err(|e| bad(e.to_string()))?;
        let num = |i: usize| {
            record
                .get(i)
                .unwrap_or("")
                .parse::<usize>()
                .map_err(|_| bad(format!("record {}: bad offset", n + 1)))
        };
        spans.push(LabelledSpan {
            doc_id: record.get(d).unwrap_or("").to_string(),
            start: num(s)?,
            end: num(e)?,
            label: record.get(t).unwrap_or("").to_string(),
        });
    }
    Ok(spans)
}

fn eval_ner(args: EvalNerArgs) -> Result<Outcome, Error> {
    let map: std::collections::HashMap<String, String> =
        read_pairs(&args.map, &args.map_file)?.into_iter().collect();
    let types: Vec<String> = args
        .types
        .split(',')
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .collect();
    let keep = |label: &str| types.iter().any(|t| t == label);
    let docs = read_gold(&args)?;
    let mut gold = Vec::new();
    for (_, _, spans) in &docs {
        for s in spans {
            let label = map
                .get(&s.label)
                .cloned()
                .unwrap_or_else(|| s.label.clone());
            if keep(&label) {
                gold.push(LabelledSpan { label, ..s.clone() });
            }
        }
    }
    let texts: std::collections::HashMap<&str, &str> = docs
        .iter()
        .filter_map(|(id, text, _)| text.as_deref().map(|t| (id.as_str(), t)))
        .collect();
    let predicted: Vec<LabelledSpan> = match &args.predictions {
        Some(path) => read_spans_csv(path)?
            .into_iter()
            .filter(|s| keep(&s.label))
            .collect(),
        None => {
            let gazetteer = load_gazetteer(
                &args.gazetteer.gazetteers,
                !args.gazetteer.no_default_gazetteer,
            )?;
            let options = args.name_rules.tagger_options();
            let tagger = Tagger::new(gazetteer, options)?;
            let mut scratch = Scratch::default();
            let mut out = Vec::new();
            for (id, text, _) in &docs {
                let Some(text) = text else {
                    return Err(Error::Usage(format!(
                        "no text for gold document `{id}`: give --texts or --predictions"
                    )));
                };
                for m in tagger.tag_with(text, &mut scratch).mentions {
                    if keep(m.etype.as_str()) {
                        out.push(LabelledSpan {
                            doc_id: id.clone(),
                            start: m.start,
                            end: m.end,
                            label: m.etype.as_str().to_string(),
                        });
                    }
                }
            }
            out
        }
    };
    let mut out = io::stdout().lock();
    writeln!(
        out,
        "{} documents, {} gold spans, {} predicted spans",
        docs.len(),
        gold.len(),
        predicted.len()
    )?;
    for (name, how) in [
        ("exact", SpanMatch::Exact),
        ("partial", SpanMatch::Partial),
        ("type-blind", SpanMatch::TypeBlind),
    ] {
        let scores = score_ner(&gold, &predicted, how);
        writeln!(out, "\n{name} match")?;
        writeln!(
            out,
            "{:<8} {:>9} {:>9} {:>9} {:>7} {:>7} {:>7}",
            "type", "precision", "recall", "F1", "tp", "fp", "fn"
        )?;
        let rows = scores
            .by_type
            .iter()
            .map(|(t, c)| (t.as_str(), c))
            .chain([("overall", &scores.overall)]);
        for (t, c) in rows {
            writeln!(
                out,
                "{:<8} {:>9.3} {:>9.3} {:>9.3} {:>7} {:>7} {:>7}",
                t,
                c.precision(),
                c.recall(),
                c.f1(),
                c.tp,
                c.fp,
                c.fn_
            )?;
        }
        if let (SpanMatch::Exact, Some(path)) = (how, &args.errors) {
            write_errors(path, &scores, &texts)?;
        }
    }
    Ok(Outcome::Success)
}

fn write_errors(
    path: &std::path::Path,
    scores: &balise::eval::NerScores,
    texts: &std::collections::HashMap<&str, &str>,
) -> Result<(), Error> {
    let mut w = csv::Writer::from_path(path)
        .map_err(|e| Error::Usage(format!("{}: {e}", path.display())))?;
    let io_err = |e: csv::Error| Error::Output(e.into());
    w.write_record(["doc_id", "error", "start", "end", "type", "text", "context"])
        .map_err(io_err)?;
    let mut rows: Vec<(&LabelledSpan, &str)> = scores
        .false_positives
        .iter()
        .map(|s| (s, "false_positive"))
        .chain(scores.false_negatives.iter().map(|s| (s, "false_negative")))
        .collect();
    rows.sort_by(|a, b| (&a.0.doc_id, a.0.start, a.1).cmp(&(&b.0.doc_id, b.0.start, b.1)));
    // Rows are sorted by document: split each text into characters once.
    let mut chars: (&str, Vec<char>) = ("", Vec::new());
    for (s, kind) in rows {
        let (text, context) = match texts.get(s.doc_id.as_str()) {
            Some(t) => {
                if chars.0 != s.doc_id {
                    chars = (&s.doc_id, t.chars().collect());
                }
                let chars = &chars.1;
                let get = |a: usize, b: usize| {
                    chars[a.min(chars.len())..b.min(chars.len())]
                        .iter()
                        .collect::<String>()
                };
                let context = format!(
                    "{}[{}]{}",
                    get(s.start.saturating_sub(50), s.start),
                    get(s.start, s.end),
                    get(s.end, s.end + 50)
                )
                .replace('\n', " ");
                (get(s.start, s.end), context)
            }
            None => (String::new(), String::new()),
        };
        w.write_record([
            s.doc_id.as_str(),
            kind,
            &s.start.to_string(),
            &s.end.to_string(),
            &s.label,
            &text,
            &context,
        ])
        .map_err(io_err)?;
    }
    w.flush()?;
    Ok(())
}

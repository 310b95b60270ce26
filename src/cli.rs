//! Command-line interface: `balise tag` and `balise gazetteer check`.

use crate::{Error, Outcome};
use balise::input::{documents, InputFormat, InputOptions, Source};
use balise::output::{OutputFormat, OutputOptions, SpanWriter};
use balise::resolve::Scratch;
use balise::{EntityType, Gazetteer, GazetteerBuilder, Overlaps, Tagger, TaggerOptions};
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::io::{self, BufWriter, Write};
use std::path::PathBuf;

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
    /// No summary line on stderr (errors are still reported).
    #[arg(short, long)]
    quiet: bool,
}

pub fn run() -> Result<Outcome, Error> {
    let cli = Cli::parse();
    match cli.command {
        Command::Tag(args) => tag(args),
        Command::Gazetteer(GazetteerCommand::Check(args)) => check(args),
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
    let gazetteer = load_gazetteer(
        &args.gazetteer.gazetteers,
        !args.gazetteer.no_default_gazetteer,
    )?;
    let tagger = Tagger::new(
        gazetteer,
        TaggerOptions {
            overlaps: match args.overlaps {
                OverlapsArg::Longest => Overlaps::Longest,
                OverlapsArg::All => Overlaps::All,
            },
            acronyms: !args.no_acronyms,
        },
    )?;
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
    let mut writer = SpanWriter::new(
        BufWriter::with_capacity(1 << 16, out),
        OutputOptions {
            format: match args.format {
                FormatArg::Csv => OutputFormat::Csv,
                FormatArg::Jsonl => OutputFormat::Jsonl,
            },
            delimiter,
            excel: args.excel,
        },
    )?;

    let sources = args.inputs.iter().map(|s| Source::parse(s)).collect();
    let (mut read, mut tagged, mut failed, mut spans) = (0u64, 0u64, 0u64, 0u64);
    let mut scratch = Scratch::default();
    for doc in documents(sources, input_options) {
        read += 1;
        match doc {
            Ok(doc) => {
                let annotation = tagger.tag_with(&doc.text, &mut scratch);
                spans += annotation.mentions.len() as u64;
                writer.write_document(&doc.id, &doc.text, &annotation, &tagger)?;
                tagged += 1;
            }
            Err(e) => {
                failed += 1;
                writer.flush()?;
                eprintln!("balise: {e}");
            }
        }
    }
    writer.flush()?;
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

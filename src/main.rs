//! The `balise` command: a thin layer over the library. Errors are gathered in
//! one enum and mapped to messages and exit codes here.

mod cli;

use std::io;
use std::process::ExitCode;

/// Everything that can stop a run.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Wrong arguments (exit 2).
    #[error("{0}")]
    Usage(String),
    /// A gazetteer file is malformed or unreadable (exit 2).
    #[error("{0}")]
    Gazetteer(#[from] balise::GazetteerError),
    /// The matcher could not be built (exit 2).
    #[error("{0}")]
    Build(#[from] balise::matcher::BuildError),
    /// Writing the output failed (exit 1; a closed pipe exits quietly with 0).
    #[error("cannot write output: {0}")]
    Output(#[from] io::Error),
}

/// What a run ended with, when it did not stop on an [`Error`].
pub enum Outcome {
    /// Everything went through.
    Success,
    /// Some documents could not be read (exit 1).
    SomeFailed,
}

fn main() -> ExitCode {
    match cli::run() {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::SomeFailed) => ExitCode::from(1),
        Err(Error::Output(e)) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("balise: {e}");
            match e {
                Error::Output(_) => ExitCode::from(1),
                _ => ExitCode::from(2),
            }
        }
    }
}

/// mimalloc instead of the system allocator: tagging makes many small,
/// short-lived allocations per document (candidate entity lists, mentions,
/// rule tokens) and start-up hundreds of thousands (gazetteer rows and
/// patterns), which glibc's malloc serves with costly bin consolidation.
/// Measured on the 20 MB bench corpus: start-up 300 → 220 ms, CPU time of
/// the run 1.12 → 0.99 s; peak RSS 109 → 116 MB. Built with `no_thp`: with
/// transparent huge pages, one 3 MB document of 3 million tokens (the
/// `apostrophes` case of scripts/worst-cases.sh) took twice as long, zeroing
/// huge pages.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

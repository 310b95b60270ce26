//! balise: a fast French named-entity tagger.
//!
//! The pipeline: [`input`] reads documents; [`normalize`] folds the text into a
//! matching form with a map back to the original; [`tokenize`] defines the token
//! boundaries both rely on; [`gazetteer`] loads the entity files; [`matcher`]
//! finds alias occurrences (a word table feeding a trie); [`resolve`] turns them
//! into mentions (longest match, case guards, surnames, acronyms, demonym
//! compounds); [`output`] writes them as CSV or JSON lines.

pub mod eval;
pub mod gazetteer;
pub mod input;
pub mod matcher;
pub mod normalize;
pub mod output;
pub mod resolve;
pub mod rules;
mod spans;
pub mod tokenize;
pub mod topics;
mod wordmap;
pub mod zones;

pub use gazetteer::{EntityType, Gazetteer, GazetteerBuilder, GazetteerError};
pub use resolve::{Annotation, EntityRef, MatchKind, Mention, Overlaps, Tagger, TaggerOptions};

//! Gazetteer files: entities, their aliases, and the loader.
//!
//! The format is documented in `gazetteers/FORMAT.md`: TAB-separated values with
//! a header, one row per entity (`id`, `type`, `name`, `aliases`, and optional
//! `wikidata`, `country`, `case`, `priority`, `refers_to`). The loader reads line
//! by line and keeps one small record per alias, so packs of millions of aliases
//! load in one pass; every malformed row stops loading with `file:line: reason`.
//!
//! The default pack (`gazetteers/default/*.tsv`) is compiled into the binary, so
//! the tagger needs no setup step: see [`GazetteerBuilder::add_default`].

use crate::normalize::fold;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::fmt;
use std::io::{BufRead, BufReader};
use std::path::Path;

/// The files of the default pack, embedded at compile time: (name, contents).
/// The hand-written entities of `gazetteers/default/` (`geography.tsv`: rivers,
/// ranges, islands, planets; `landmarks.tsv`: stadiums, museums, monuments) and
/// the generated place packs of `gazetteers/packs/` (`subdivisions.tsv` last;
/// about 100,000 aliases; 0.5 s to load and build in a release build).
pub const DEFAULT_PACK: &[(&str, &str)] = &[
    (
        "gazetteers/default/places.tsv",
        include_str!("../gazetteers/default/places.tsv"),
    ),
    (
        "gazetteers/default/geography.tsv",
        include_str!("../gazetteers/default/geography.tsv"),
    ),
    (
        "gazetteers/default/landmarks.tsv",
        include_str!("../gazetteers/default/landmarks.tsv"),
    ),
    (
        "gazetteers/default/demonyms.tsv",
        include_str!("../gazetteers/default/demonyms.tsv"),
    ),
    (
        "gazetteers/default/people.tsv",
        include_str!("../gazetteers/default/people.tsv"),
    ),
    (
        "gazetteers/default/organisations.tsv",
        include_str!("../gazetteers/default/organisations.tsv"),
    ),
    (
        "gazetteers/default/products.tsv",
        include_str!("../gazetteers/default/products.tsv"),
    ),
    (
        "gazetteers/default/events.tsv",
        include_str!("../gazetteers/default/events.tsv"),
    ),
    (
        "gazetteers/packs/countries.tsv",
        include_str!("../gazetteers/packs/countries.tsv"),
    ),
    (
        "gazetteers/packs/country-demonyms.tsv",
        include_str!("../gazetteers/packs/country-demonyms.tsv"),
    ),
    (
        "gazetteers/packs/fr-regions.tsv",
        include_str!("../gazetteers/packs/fr-regions.tsv"),
    ),
    (
        "gazetteers/packs/fr-departements.tsv",
        include_str!("../gazetteers/packs/fr-departements.tsv"),
    ),
    (
        "gazetteers/packs/fr-communes.tsv",
        include_str!("../gazetteers/packs/fr-communes.tsv"),
    ),
    (
        "gazetteers/packs/belgium-switzerland-luxembourg.tsv",
        include_str!("../gazetteers/packs/belgium-switzerland-luxembourg.tsv"),
    ),
    (
        "gazetteers/packs/quebec.tsv",
        include_str!("../gazetteers/packs/quebec.tsv"),
    ),
    (
        "gazetteers/packs/world-places.tsv",
        include_str!("../gazetteers/packs/world-places.tsv"),
    ),
    (
        "gazetteers/packs/subdivisions.tsv",
        include_str!("../gazetteers/packs/subdivisions.tsv"),
    ),
];

/// Common lower-case French words that are also names ("nice", "orange"): a
/// single-word alias in this list is case-sensitive under `case` = auto.
pub const COMMON_WORDS: &str = include_str!("../gazetteers/common-words.txt");

/// The format version this loader reads.
pub const FORMAT_VERSION: &str = "v1";

/// Index of an entity in a [`Gazetteer`].
pub type EntityId = u32;

/// Entity types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityType {
    Per,
    Org,
    Event,
    /// A product or online service ("Facebook", "iPhone"), as opposed to the
    /// company behind it (Meta, Apple).
    Product,
    Loc,
    /// A demonym or adjective that points at a place ("russe").
    Dem,
}

impl EntityType {
    /// All types, in the order used to break ties between candidates.
    pub const ALL: [EntityType; 6] = [
        EntityType::Per,
        EntityType::Org,
        EntityType::Event,
        EntityType::Product,
        EntityType::Loc,
        EntityType::Dem,
    ];

    /// The type's code as written in gazetteers and output: `PER`, `LOC` …
    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::Per => "PER",
            EntityType::Loc => "LOC",
            EntityType::Org => "ORG",
            EntityType::Event => "EVENT",
            EntityType::Product => "PRODUCT",
            EntityType::Dem => "DEM",
        }
    }

    /// Parse a type code (exact, upper case).
    pub fn parse(s: &str) -> Option<EntityType> {
        EntityType::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

impl fmt::Display for EntityType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The `case` column of a row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CaseRule {
    Auto,
    Sensitive,
    Insensitive,
}

/// One entity.
#[derive(Clone, Debug)]
pub struct Entity {
    pub id: String,
    pub etype: EntityType,
    /// Canonical French name.
    pub name: String,
    pub wikidata: Option<String>,
    pub country: Option<String>,
    pub priority: i32,
    /// For a demonym, the place it points at.
    pub refers_to: Option<EntityId>,
    /// Where the entity was first defined.
    origin: Origin,
}

/// A row of a gazetteer file: the file's index among the builder's sources
/// and the 1-based line. Eight bytes, where a `file:line` string per entity
/// would cost about 60 with a million entities.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Origin {
    source: u32,
    line: u32,
}

/// How an alias relates to its entity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AliasKind {
    /// The canonical name.
    Name,
    /// A form from the `aliases` column.
    Alias,
    /// A surname from the `aliases` column ("Poutine"): fires on its own.
    Surname,
    /// A surname derived from a full name: fires only in a document that also
    /// mentions the person in full.
    DerivedSurname,
    /// A demonym's combining form ("russo-"): fires only as the first part of a
    /// hyphenated compound.
    Combining,
}

/// One alias of one entity.
#[derive(Clone, Debug)]
pub struct Alias {
    pub entity: EntityId,
    /// The alias as written (without the trailing `-` of a combining form).
    /// A boxed `str` rather than a `String`: with the flags below an alias
    /// fits in 32 bytes, which a large gazetteer's matching reads by the
    /// hundred thousand.
    pub surface: Box<str>,
    pub kind: AliasKind,
    pub case_sensitive: bool,
    /// The row marks the alias `sensitive`: the French accents of its lower-case
    /// letters must be in the text too ([`crate::matcher::keeps_french_accents`]).
    pub accents_count: bool,
    /// A single word that is also a common French word ("Nice", "Tours",
    /// "Grand"): it does not fire at a sentence start, nor right before another
    /// capitalised word (where it is part of a longer name).
    pub common_word: bool,
    /// A place's name of several words that its row marks `sensitive`, being
    /// common words ("La Tour", "Les Pins"): it does not fire right before
    /// another capitalised word ("La Tour Eiffel").
    pub common_phrase: bool,
}

/// Error while loading gazetteers: where and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GazetteerError {
    pub path: String,
    /// 1-based line number, 0 when the error is about the whole file.
    pub line: usize,
    pub reason: String,
}

impl fmt::Display for GazetteerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(f, "{}:{}: {}", self.path, self.line, self.reason)
        } else {
            write!(f, "{}: {}", self.path, self.reason)
        }
    }
}

impl std::error::Error for GazetteerError {}

/// Counts per source file, for `balise gazetteer check`.
#[derive(Clone, Debug, Default)]
pub struct SourceStats {
    pub path: String,
    pub rows: usize,
    /// Rows per type, in [`EntityType::ALL`] order.
    pub rows_by_type: [usize; EntityType::ALL.len()],
    /// Aliases (including names) per type, in [`EntityType::ALL`] order.
    pub aliases_by_type: [usize; EntityType::ALL.len()],
}

/// A loaded, validated set of gazetteers.
#[derive(Clone, Debug)]
pub struct Gazetteer {
    entities: Vec<Entity>,
    aliases: Vec<Alias>,
    sources: Vec<SourceStats>,
}

impl Gazetteer {
    /// The entities, indexed by [`EntityId`].
    pub fn entities(&self) -> &[Entity] {
        &self.entities
    }

    /// The entity with index `id`.
    pub fn entity(&self, id: EntityId) -> &Entity {
        &self.entities[id as usize]
    }

    /// Every alias, including names and derived surnames.
    pub fn aliases(&self) -> &[Alias] {
        &self.aliases
    }

    /// Counts per source file, in load order.
    pub fn sources(&self) -> &[SourceStats] {
        &self.sources
    }

    /// Find an entity by its string id. Cost: a linear scan.
    pub fn find(&self, id: &str) -> Option<EntityId> {
        self.entities
            .iter()
            .position(|e| e.id == id)
            .map(|i| i as EntityId)
    }

    /// Entities per type, in [`EntityType::ALL`] order.
    pub fn entity_counts(&self) -> [usize; EntityType::ALL.len()] {
        let mut counts = [0; EntityType::ALL.len()];
        for e in &self.entities {
            counts[type_index(e.etype)] += 1;
        }
        counts
    }

    /// Aliases per type (names, listed aliases and derived surnames), in
    /// [`EntityType::ALL`] order.
    pub fn alias_counts(&self) -> [usize; EntityType::ALL.len()] {
        let mut counts = [0; EntityType::ALL.len()];
        for a in &self.aliases {
            counts[type_index(self.entity(a.entity).etype)] += 1;
        }
        counts
    }
}

pub(crate) fn type_index(t: EntityType) -> usize {
    EntityType::ALL.iter().position(|&x| x == t).unwrap()
}

struct PendingRef {
    entity: EntityId,
    target: String,
    path: String,
    line: usize,
}

/// `file:line` of an origin; `current` is the path of the file being read,
/// which is not among `sources` yet.
fn origin_text(sources: &[SourceStats], origin: Origin, current: &str) -> String {
    let path = sources
        .get(origin.source as usize)
        .map_or(current, |s| s.path.as_str());
    format!("{path}:{}", origin.line)
}

/// Builds a [`Gazetteer`] from files, folders, strings and the default pack.
pub struct GazetteerBuilder {
    entities: Vec<Entity>,
    by_id: HashMap<String, EntityId>,
    aliases: Vec<(Alias, CaseRule)>,
    pending_refs: Vec<PendingRef>,
    /// Entities defined by more than one row, whose aliases may repeat.
    merged: HashSet<EntityId>,
    common_words: HashSet<String>,
    sources: Vec<SourceStats>,
}

impl Default for GazetteerBuilder {
    fn default() -> Self {
        Self::new()
    }
}

const COLUMNS: &[&str] = &[
    "id",
    "type",
    "name",
    "aliases",
    "wikidata",
    "country",
    "case",
    "priority",
    "refers_to",
];
const REQUIRED: usize = 4;

impl GazetteerBuilder {
    /// An empty builder that knows the built-in list of common words.
    pub fn new() -> Self {
        let common_words = COMMON_WORDS
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(|w| fold(w).trim().to_string())
            .collect();
        GazetteerBuilder {
            entities: Vec::new(),
            by_id: HashMap::default(),
            aliases: Vec::new(),
            pending_refs: Vec::new(),
            merged: HashSet::default(),
            common_words,
            sources: Vec::new(),
        }
    }

    /// Add the embedded default pack.
    pub fn add_default(&mut self) -> Result<(), GazetteerError> {
        for (name, contents) in DEFAULT_PACK {
            self.add_reader(name, contents.as_bytes())?;
        }
        Ok(())
    }

    /// Add a file, or every `*.tsv` file below a folder (recursively, in name order).
    pub fn add_path(&mut self, path: &Path) -> Result<(), GazetteerError> {
        let display = path.display().to_string();
        let meta = std::fs::metadata(path).map_err(|e| GazetteerError {
            path: display.clone(),
            line: 0,
            reason: format!("cannot read: {e}"),
        })?;
        if !meta.is_dir() {
            return self.add_file(path);
        }
        let walker = walkdir::WalkDir::new(path).sort_by_file_name();
        let mut found = false;
        for entry in walker {
            let entry = entry.map_err(|e| GazetteerError {
                path: display.clone(),
                line: 0,
                reason: format!("cannot read folder: {e}"),
            })?;
            let p = entry.path();
            let is_tsv = p.extension().is_some_and(|x| x.eq_ignore_ascii_case("tsv"));
            if entry.file_type().is_file() && is_tsv {
                found = true;
                self.add_file(p)?;
            }
        }
        if !found {
            return Err(GazetteerError {
                path: display,
                line: 0,
                reason: "folder holds no .tsv gazetteer file".into(),
            });
        }
        Ok(())
    }

    /// Add one gazetteer file.
    pub fn add_file(&mut self, path: &Path) -> Result<(), GazetteerError> {
        let display = path.display().to_string();
        let file = std::fs::File::open(path).map_err(|e| GazetteerError {
            path: display.clone(),
            line: 0,
            reason: format!("cannot open: {e}"),
        })?;
        self.add_reader(&display, BufReader::with_capacity(1 << 16, file))
    }

    /// Add gazetteer rows read from `reader`; `name` is used in error messages.
    pub fn add_reader<R: BufRead>(
        &mut self,
        name: &str,
        mut reader: R,
    ) -> Result<(), GazetteerError> {
        let err = |line: usize, reason: String| GazetteerError {
            path: name.to_string(),
            line,
            reason,
        };
        let mut stats = SourceStats {
            path: name.to_string(),
            ..SourceStats::default()
        };
        let mut header: Option<Header> = None;
        let mut buf = Vec::new();
        let mut line_no = 0;
        loop {
            buf.clear();
            let n = reader
                .read_until(b'\n', &mut buf)
                .map_err(|e| err(line_no + 1, format!("cannot read: {e}")))?;
            if n == 0 {
                break;
            }
            line_no += 1;
            while matches!(buf.last(), Some(b'\n' | b'\r')) {
                buf.pop();
            }
            let line = std::str::from_utf8(&buf).map_err(|e| {
                err(
                    line_no,
                    format!("invalid UTF-8 at byte {}", e.valid_up_to() + 1),
                )
            })?;
            let line = line.strip_prefix('\u{FEFF}').unwrap_or(line);
            if line.trim().is_empty() {
                continue;
            }
            if let Some(comment) = line.strip_prefix('#') {
                if let Some(version) = comment.trim().strip_prefix("balise-gazetteer") {
                    let version = version.trim();
                    if version != FORMAT_VERSION {
                        return Err(err(
                            line_no,
                            format!("format version `{version}` is not supported (this balise reads {FORMAT_VERSION})"),
                        ));
                    }
                }
                continue;
            }
            match &header {
                None => header = Some(parse_header(line).map_err(|r| err(line_no, r))?),
                Some(columns) => self.add_row(name, line_no, line, columns, &mut stats)?,
            }
        }
        if header.is_none() {
            return Err(err(
                0,
                "no header line (expected id, type, name, aliases …)".into(),
            ));
        }
        self.sources.push(stats);
        Ok(())
    }

    fn add_row(
        &mut self,
        path: &str,
        line_no: usize,
        line: &str,
        columns: &Header,
        stats: &mut SourceStats,
    ) -> Result<(), GazetteerError> {
        let err = |reason: String| GazetteerError {
            path: path.to_string(),
            line: line_no,
            reason,
        };
        let fields: Vec<&str> = line.split('\t').map(str::trim).collect();
        if fields.len() > columns.width {
            return Err(err(format!(
                "{} fields but the header has {} columns",
                fields.len(),
                columns.width
            )));
        }
        let get = |col: usize| -> Option<&str> {
            columns.index[col].and_then(|i| fields.get(i).copied())
        };
        for (col, name) in COLUMNS.iter().enumerate().take(REQUIRED) {
            if get(col).is_none() {
                return Err(err(format!("missing column `{name}`")));
            }
        }
        let id = get(0).unwrap_or("");
        if id.is_empty() {
            return Err(err("empty id".into()));
        }
        if let Some(bad) = id
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | ':' | '-')))
        {
            return Err(err(format!(
                "invalid id `{id}`: character {bad:?} (allowed: letters, digits, _ . : -)"
            )));
        }
        let type_code = get(1).unwrap_or("");
        let etype = EntityType::parse(type_code).ok_or_else(|| {
            err(format!(
                "unknown type `{type_code}` (expected PER, LOC, ORG, EVENT, PRODUCT or DEM)"
            ))
        })?;
        let name = get(2).unwrap_or("");
        if name.is_empty() {
            return Err(err("empty name".into()));
        }
        let mut surfaces = vec![name];
        let alias_field = get(3).unwrap_or("");
        if !alias_field.is_empty() {
            for alias in alias_field.split('|') {
                let alias = alias.trim();
                if alias.is_empty() {
                    return Err(err(format!("empty alias in `{alias_field}`")));
                }
                surfaces.push(alias);
            }
        }
        let wikidata = non_empty(get(4));
        if let Some(q) = wikidata {
            let valid = q.len() > 1
                && q.starts_with('Q')
                && q[1..].bytes().all(|b| b.is_ascii_digit())
                && !q[1..].starts_with('0');
            if !valid {
                return Err(err(format!(
                    "invalid wikidata id `{q}` (expected Q followed by digits)"
                )));
            }
        }
        let country = non_empty(get(5));
        if let Some(c) = country {
            if c.len() != 2 || !c.bytes().all(|b| b.is_ascii_alphabetic()) {
                return Err(err(format!(
                    "invalid country `{c}` (expected an ISO 3166-1 alpha-2 code)"
                )));
            }
        }
        let case = match non_empty(get(6)) {
            None | Some("auto") => CaseRule::Auto,
            Some("sensitive") => CaseRule::Sensitive,
            Some("insensitive") => CaseRule::Insensitive,
            Some(other) => {
                return Err(err(format!(
                    "invalid case `{other}` (expected sensitive, insensitive or auto)"
                )))
            }
        };
        let priority = match non_empty(get(7)) {
            None => 0,
            Some(p) => p
                .parse::<i32>()
                .map_err(|_| err(format!("invalid priority `{p}` (expected an integer)")))?,
        };
        let refers_to = non_empty(get(8));
        match (etype, refers_to) {
            (EntityType::Dem, None) => {
                return Err(err(
                    "DEM row without refers_to (the id of the place it points at)".into(),
                ))
            }
            (t, Some(_)) if t != EntityType::Dem => {
                return Err(err("refers_to is only allowed in DEM rows".into()))
            }
            _ => {}
        }

        let entity = match self.by_id.get(id) {
            Some(&existing) => {
                let e = &mut self.entities[existing as usize];
                if e.etype != etype {
                    return Err(err(format!(
                        "duplicate id `{id}` with type {etype}, first defined as {} at {}",
                        e.etype,
                        origin_text(&self.sources, e.origin, path)
                    )));
                }
                match (&e.wikidata, wikidata) {
                    (Some(a), Some(b)) if a != b => {
                        return Err(err(format!(
                            "id `{id}` has wikidata {b} here but {a} at {}",
                            origin_text(&self.sources, e.origin, path)
                        )))
                    }
                    (None, Some(b)) => e.wikidata = Some(b.to_string()),
                    _ => {}
                }
                if e.country.is_none() {
                    e.country = country.map(str::to_ascii_uppercase);
                }
                e.priority = e.priority.max(priority);
                self.merged.insert(existing);
                existing
            }
            None => {
                let index = self.entities.len() as EntityId;
                self.entities.push(Entity {
                    id: id.to_string(),
                    etype,
                    name: name.to_string(),
                    wikidata: wikidata.map(str::to_string),
                    country: country.map(str::to_ascii_uppercase),
                    priority,
                    refers_to: None,
                    origin: Origin {
                        source: self.sources.len() as u32,
                        line: line_no as u32,
                    },
                });
                self.by_id.insert(id.to_string(), index);
                stats.rows_by_type[type_index(etype)] += 1;
                index
            }
        };
        if let Some(target) = refers_to {
            self.pending_refs.push(PendingRef {
                entity,
                target: target.to_string(),
                path: path.to_string(),
                line: line_no,
            });
        }
        stats.rows += 1;

        let mut row_patterns: Vec<(String, &str, AliasKind)> = Vec::with_capacity(surfaces.len());
        for (i, surface) in surfaces.into_iter().enumerate() {
            let (surface, kind) = match surface.strip_suffix('-') {
                Some(stem) if i > 0 => {
                    if etype != EntityType::Dem {
                        return Err(err(format!(
                            "alias `{surface}` ends with `-`: combining forms are only allowed in DEM rows"
                        )));
                    }
                    (stem.trim_end(), AliasKind::Combining)
                }
                _ if i == 0 => (surface, AliasKind::Name),
                _ => (surface, AliasKind::Alias),
            };
            if !surface.chars().any(crate::tokenize::is_word_char) {
                return Err(err(format!("alias `{surface}` has no letter or digit")));
            }
            let folded = fold(surface);
            // The same alias twice in one row (accents aside), unless the
            // capitalisation differs, which a case-sensitive alias needs
            // ("CEDEAO|Cédéao").
            let capitals = |s: &str| {
                s.chars()
                    .filter(|c| c.is_alphabetic())
                    .map(char::is_uppercase)
                    .collect::<Vec<_>>()
            };
            if row_patterns
                .iter()
                .any(|(f, s, k)| *f == folded && *k == kind && capitals(s) == capitals(surface))
            {
                continue;
            }
            row_patterns.push((folded, surface, kind));
            stats.aliases_by_type[type_index(etype)] += 1;
            self.aliases.push((
                Alias {
                    entity,
                    surface: surface.into(),
                    kind,
                    case_sensitive: false,
                    accents_count: false,
                    common_word: false,
                    common_phrase: false,
                },
                case,
            ));
        }
        Ok(())
    }

    /// Resolve references, derive surnames, decide case sensitivity.
    pub fn build(mut self) -> Result<Gazetteer, GazetteerError> {
        for r in std::mem::take(&mut self.pending_refs) {
            let target = self
                .by_id
                .get(&r.target)
                .copied()
                .ok_or_else(|| GazetteerError {
                    path: r.path.clone(),
                    line: r.line,
                    reason: format!("refers_to `{}` is not the id of any entity", r.target),
                })?;
            let target_type = self.entities[target as usize].etype;
            if target_type == EntityType::Dem {
                return Err(GazetteerError {
                    path: r.path,
                    line: r.line,
                    reason: format!(
                        "refers_to `{}` is a DEM row; it must name a place",
                        r.target
                    ),
                });
            }
            let e = &mut self.entities[r.entity as usize];
            match e.refers_to {
                Some(existing) if existing != target => {
                    return Err(GazetteerError {
                        path: r.path,
                        line: r.line,
                        reason: format!("id `{}` refers to two different entities", e.id),
                    })
                }
                _ => e.refers_to = Some(target),
            }
        }

        if !self.merged.is_empty() {
            let mut seen = HashSet::default();
            let merged = std::mem::take(&mut self.merged);
            self.aliases.retain(|(a, _)| {
                !merged.contains(&a.entity) || seen.insert((a.entity, fold(&a.surface), a.kind))
            });
        }
        let derived = self.derive_surnames();
        let mut aliases = Vec::with_capacity(self.aliases.len() + derived.len());
        for (mut alias, rule) in std::mem::take(&mut self.aliases).into_iter().chain(derived) {
            let etype = self.entities[alias.entity as usize].etype;
            let folded = fold(&alias.surface);
            let folded = folded.trim_start();
            let single_word = !folded.contains(' ');
            alias.case_sensitive = match rule {
                CaseRule::Sensitive => true,
                CaseRule::Insensitive => false,
                CaseRule::Auto => {
                    alias.kind == AliasKind::DerivedSurname
                        || self.auto_case_sensitive(etype, &alias.surface, folded)
                }
            };
            alias.accents_count = rule == CaseRule::Sensitive;
            alias.common_word = single_word
                && etype != EntityType::Dem
                && etype != EntityType::Per
                && (self.common_words.contains(folded) || rule == CaseRule::Sensitive);
            alias.common_phrase =
                etype == EntityType::Loc && alias.case_sensitive && alias.surface.contains(' ');
            aliases.push(alias);
        }
        Ok(Gazetteer {
            entities: self.entities,
            aliases,
            sources: self.sources,
        })
    }

    /// `folded` is the alias's normalised form, without the leading space.
    fn auto_case_sensitive(&self, etype: EntityType, surface: &str, folded: &str) -> bool {
        if etype == EntityType::Dem || folded.contains(' ') {
            return false;
        }
        let acronym_like = surface.chars().skip(1).any(|c| c.is_uppercase());
        let capitalised = surface.chars().next().is_some_and(char::is_uppercase);
        acronym_like
            || capitalised
            || etype == EntityType::Per
            || self.common_words.contains(folded)
    }

    /// Surnames of persons: mark listed ones, derive the missing ones.
    fn derive_surnames(&mut self) -> Vec<(Alias, CaseRule)> {
        let mut full_names: HashMap<EntityId, Vec<String>> = HashMap::default();
        for (alias, _) in &self.aliases {
            if self.entities[alias.entity as usize].etype == EntityType::Per
                && matches!(alias.kind, AliasKind::Name | AliasKind::Alias)
                && alias.surface.split_whitespace().nth(1).is_some()
            {
                full_names
                    .entry(alias.entity)
                    .or_default()
                    .push(alias.surface.to_string());
            }
        }
        let mut listed: HashSet<(EntityId, String)> = HashSet::default();
        for (alias, _) in &mut self.aliases {
            let Some(names) = full_names.get(&alias.entity) else {
                continue;
            };
            let folded = fold(&alias.surface);
            if alias.kind == AliasKind::Alias
                && names
                    .iter()
                    .any(|n| surname(n).is_some_and(|s| fold(s) == folded))
            {
                alias.kind = AliasKind::Surname;
            }
            listed.insert((alias.entity, folded));
        }
        // A derived surname that is also the name of a place ("Montenegro" from
        // "Luís Montenegro") would take the place's mentions: skip it.
        let places: HashSet<String> = self
            .aliases
            .iter()
            .filter(|(a, _)| self.entities[a.entity as usize].etype == EntityType::Loc)
            .map(|(a, _)| fold(&a.surface))
            .collect();
        let mut derived = Vec::new();
        let mut ids: Vec<_> = full_names.keys().copied().collect();
        ids.sort_unstable();
        for entity in ids {
            for name in &full_names[&entity] {
                let Some(s) = surname(name) else { continue };
                let folded = fold(s);
                if places.contains(&folded) {
                    continue;
                }
                if listed.insert((entity, folded)) {
                    derived.push((
                        Alias {
                            entity,
                            surface: s.into(),
                            kind: AliasKind::DerivedSurname,
                            case_sensitive: true,
                            accents_count: false,
                            common_word: false,
                            common_phrase: false,
                        },
                        CaseRule::Auto,
                    ));
                }
            }
        }
        derived
    }
}

fn non_empty(s: Option<&str>) -> Option<&str> {
    s.filter(|s| !s.is_empty())
}

/// Where each known column sits in a file, and how many columns its header has.
#[derive(Clone, Debug)]
struct Header {
    index: [Option<usize>; COLUMNS.len()],
    width: usize,
}

/// Parse a header line.
fn parse_header(line: &str) -> Result<Header, String> {
    let names: Vec<&str> = line.split('\t').map(str::trim).collect();
    let mut index = [None; COLUMNS.len()];
    for (i, name) in names.iter().enumerate() {
        if let Some(col) = COLUMNS.iter().position(|c| c == name) {
            if index[col].is_some() {
                return Err(format!("column `{name}` appears twice in the header"));
            }
            index[col] = Some(i);
        }
    }
    for (col, name) in COLUMNS.iter().enumerate().take(REQUIRED) {
        if index[col].is_none() {
            return Err(format!(
                "missing column `{name}` in the header (found: {})",
                names.join(", ")
            ));
        }
    }
    Ok(Header {
        index,
        width: names.len(),
    })
}

/// "III", "VI", "Ier": the number of a monarch, not a surname.
fn is_regnal_number(word: &str) -> bool {
    matches!(word, "Ier" | "Ire" | "1er" | "Iᵉʳ")
        || (!word.is_empty() && word.chars().all(|c| matches!(c, 'I' | 'V' | 'X' | 'L')))
}

/// Words that belong to a surname when they come before its last word.
const PARTICLES: &[&str] = &[
    "de", "du", "des", "d'", "von", "van", "der", "den", "ter", "di", "da", "del", "della", "dos",
    "das", "le", "la", "al", "el", "ben", "bin", "ibn", "abu", "zu", "mac", "st",
];

/// The surname of a full name: its last word with the particles before it
/// ("Ursula von der Leyen" → "von der Leyen", "Marine Le Pen" → "Le Pen").
/// `None` for a single word.
pub fn surname(full_name: &str) -> Option<&str> {
    let words: Vec<(usize, &str)> = full_name
        .split_whitespace()
        .map(|w| (w.as_ptr() as usize - full_name.as_ptr() as usize, w))
        .collect();
    if words.len() < 2 || is_regnal_number(words[words.len() - 1].1) {
        return None;
    }
    let mut first = words.len() - 1;
    while first > 1 {
        let w = words[first - 1].1.to_lowercase();
        if PARTICLES.contains(&w.as_str()) {
            first -= 1;
        } else {
            break;
        }
    }
    Some(&full_name[words[first].0..])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The matcher reads an alias per occurrence; a large gazetteer has
    /// hundreds of thousands of them, so their size shows in the speed.
    #[test]
    fn an_alias_fits_in_32_bytes() {
        assert!(std::mem::size_of::<Alias>() <= 32);
    }

    fn load(text: &str) -> Result<Gazetteer, GazetteerError> {
        let mut b = GazetteerBuilder::new();
        b.add_reader("test.tsv", text.as_bytes())?;
        b.build()
    }

    const HEADER: &str = "id\ttype\tname\taliases\twikidata\tcountry\tcase\tpriority\trefers_to\n";

    #[test]
    fn surnames() {
        let cases = [
            ("Vladimir Poutine", Some("Poutine")),
            ("Ursula von der Leyen", Some("von der Leyen")),
            ("Marine Le Pen", Some("Le Pen")),
            ("Charles de Gaulle", Some("de Gaulle")),
            ("Jean-Luc Mélenchon", Some("Mélenchon")),
            ("Poutine", None),
            ("Charles III", None),
            ("Mohammed VI", None),
            ("Albert Ier", None),
        ];
        for (name, expected) in cases {
            assert_eq!(surname(name), expected, "{name}");
        }
    }

    #[test]
    fn loads_rows_and_derives() {
        let g = load(&format!(
            "# balise-gazetteer v1\n{HEADER}russie\tLOC\tRussie\tFédération de Russie\tQ159\tRU\n\
             dem:russie\tDEM\trusse\trusses|russo-\t\t\t\t\trussie\n\
             vladimir-poutine\tPER\tVladimir Poutine\tPoutine|Vladimir Putin\n"
        ))
        .unwrap();
        assert_eq!(g.entities().len(), 3);
        let dem = g.find("dem:russie").unwrap();
        assert_eq!(g.entity(dem).refers_to, g.find("russie"));
        let kinds: Vec<(&str, AliasKind, bool)> = g
            .aliases()
            .iter()
            .map(|a| (&*a.surface, a.kind, a.case_sensitive))
            .collect();
        assert!(kinds.contains(&("Poutine", AliasKind::Surname, true)));
        assert!(kinds.contains(&("Putin", AliasKind::DerivedSurname, true)));
        assert!(kinds.contains(&("russo", AliasKind::Combining, false)));
        assert!(kinds.contains(&("Russie", AliasKind::Name, true)));
        assert!(kinds.contains(&("Fédération de Russie", AliasKind::Alias, false)));
    }

    #[test]
    fn errors_name_the_line() {
        let cases: &[(&str, usize, &str)] = &[
            ("x\tLOC\tX\ta||b\n", 2, "empty alias"),
            ("x\tPLACE\tX\t\n", 2, "unknown type `PLACE`"),
            ("x\tLOC\n", 2, "missing column `name`"),
            (
                "x\tLOC\tX\t\n\nx\tPER\tX\t\n",
                4,
                "duplicate id `x` with type PER",
            ),
            ("x\tLOC\tX\t\tQ12a\n", 2, "invalid wikidata"),
            ("x\tLOC\tX\t\t\t\tmaybe\n", 2, "invalid case"),
            ("x\tLOC\tX\t\t\t\t\thigh\n", 2, "invalid priority"),
            ("x\tDEM\tx\t\n", 2, "DEM row without refers_to"),
            ("x\tDEM\tx\t\t\t\t\t\tnowhere\n", 2, "refers_to `nowhere`"),
            ("x\tLOC\tX\tanglo-\n", 2, "combining forms"),
            ("x\tLOC\tX\t\t\t\t\t\t\textra\n", 2, "fields but the header"),
            ("x y\tLOC\tX\t\n", 2, "invalid id"),
        ];
        for (rows, line, reason) in cases {
            let e = load(&format!("{HEADER}{rows}")).unwrap_err();
            assert_eq!(e.line, *line, "{rows:?}: {e}");
            assert!(e.reason.contains(reason), "{rows:?}: {e}");
            assert!(e.to_string().starts_with(&format!("test.tsv:{line}: ")));
        }
        let e = load("id\ttype\tname\n").unwrap_err();
        assert!(e.reason.contains("missing column `aliases`"), "{e}");
        let mut b = GazetteerBuilder::new();
        let e = b
            .add_reader(
                "bad.tsv",
                &b"id\ttype\tname\taliases\nx\tLOC\tM\xe9xico\t\n"[..],
            )
            .unwrap_err();
        assert_eq!(
            (e.line, e.reason.contains("invalid UTF-8")),
            (2, true),
            "{e}"
        );
        let e = load("# balise-gazetteer v9\n").unwrap_err();
        assert!(e.reason.contains("version"), "{e}");
    }

    #[test]
    fn same_id_same_type_merges() {
        let g = load(&format!(
            "{HEADER}x\tLOC\tX\tIks\n{}",
            "x\tLOC\tX\tEcks\tQ5\n"
        ))
        .unwrap();
        assert_eq!(g.entities().len(), 1);
        assert_eq!(g.entity(0).wikidata.as_deref(), Some("Q5"));
        assert_eq!(g.aliases().len(), 3);
    }

    /// An alias given twice in a row (accents aside) is kept once, unless the
    /// two differ in capitalisation, which a case-sensitive alias needs.
    #[test]
    fn repeated_aliases() {
        let g = load(&format!(
            "{HEADER}cedeao\tORG\tCommunauté économique\tCEDEAO|Cédéao|Cedeao|CEDEAO|CÉDÉAO\n"
        ))
        .unwrap();
        let surfaces: Vec<&str> = g.aliases().iter().map(|a| &*a.surface).collect();
        // "Cedeao" is "Cédéao" accents aside; "CÉDÉAO" is "CEDEAO".
        assert_eq!(surfaces, ["Communauté économique", "CEDEAO", "Cédéao"]);
    }

    #[test]
    fn auto_case() {
        let g = load(&format!(
            "{HEADER}nice\tLOC\tNice\t\nonu\tORG\tOrganisation des Nations unies\tONU\nbakou\tLOC\tBakou\t\n"
        ))
        .unwrap();
        let sensitive = |s: &str| {
            g.aliases()
                .iter()
                .find(|a| &*a.surface == s)
                .unwrap()
                .case_sensitive
        };
        assert!(sensitive("Nice"));
        assert!(sensitive("ONU"));
        assert!(sensitive("Bakou"));
        assert!(!sensitive("Organisation des Nations unies"));
        let common = |s: &str| {
            g.aliases()
                .iter()
                .find(|a| &*a.surface == s)
                .unwrap()
                .common_word
        };
        assert!(common("Nice"));
        assert!(!common("Bakou"));
    }

    #[test]
    fn default_pack_loads() {
        let mut b = GazetteerBuilder::new();
        b.add_default().unwrap();
        let g = b.build().unwrap();
        assert!(g.entities().len() > 100);
    }
}

//! The Trellis org model: org files (YAML text) to a validated model with source positions.
//!
//! This crate does no I/O: callers read files and pass their text in [`Sources`]. Loading
//! never stops at the first problem: [`load`] returns the model it could build together with
//! every problem it found, each located by file, line and column.

/// Defines a closed set of words (in the org files, the operating log and talent records),
/// with their spelling. Defined before the modules so all of them can use it.
macro_rules! word_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $word:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name { $($variant),+ }
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub const WORDS: &'static [&'static str] = &[$($word),+];
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $word),+ }
            }
            pub fn parse(s: &str) -> Option<Self> {
                match s { $($word => Some($name::$variant),)+ _ => None }
            }
        }
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

pub mod access;
mod decode;
pub mod diag;
pub mod diff;
pub mod hash;
pub mod model;
pub mod oplog;
pub mod path;
pub mod planning;
pub mod schema;
pub mod source;
pub mod structure;
pub mod talent;
pub mod yaml;
mod yaml_fast;

pub use decode::{accepts_key, looks_like_email};
pub use diag::{Diagnostic, Evidence, EvidenceKind, Severity, Subject, SubjectKind};
pub use model::*;
pub use source::{FileId, Loc, SourceFile, Sources};
pub use structure::Structure;

/// The result of loading: the merged model and every problem found on the way.
#[derive(Debug, Default)]
pub struct Loaded {
    pub org: Org,
    pub problems: Vec<Diagnostic>,
}

impl Loaded {
    /// True when some problem makes the input unusable as given (exit code 2).
    pub fn has_errors(&self) -> bool {
        self.problems.iter().any(|p| p.severity == Severity::Error)
    }
}

/// Files smaller than this in total are parsed on the calling thread.
const PARALLEL_THRESHOLD_BYTES: usize = 256 * 1024;

/// Parses and decodes every file and merges them in order. Files are parsed in parallel when
/// there are several and they are large, since parsing dominates the cost of `check`.
pub fn load(sources: &Sources) -> Loaded {
    let total: usize = sources.files.iter().map(|f| f.text.len()).sum();
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(sources.files.len());
    let parts: Vec<(Org, Vec<Diagnostic>)> = if threads > 1 && total >= PARALLEL_THRESHOLD_BYTES {
        // Hand out files by size so each thread gets about the same number of bytes.
        let mut order: Vec<usize> = (0..sources.files.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(sources.files[i].text.len()));
        let mut buckets: Vec<(usize, Vec<usize>)> = vec![(0, Vec::new()); threads];
        for i in order {
            if let Some(b) = buckets.iter_mut().min_by_key(|b| b.0) {
                b.0 += sources.files[i].text.len();
                b.1.push(i);
            }
        }
        let mut results: Vec<Option<(Org, Vec<Diagnostic>)>> = vec![None; sources.files.len()];
        std::thread::scope(|scope| {
            let handles: Vec<_> = buckets
                .into_iter()
                .map(|(_, files)| {
                    scope.spawn(move || {
                        files
                            .into_iter()
                            .map(|i| (i, load_file(sources, i)))
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            for h in handles {
                // A panic in a worker is a bug; surface it rather than hide it.
                match h.join() {
                    Ok(done) => {
                        for (i, part) in done {
                            results[i] = Some(part);
                        }
                    }
                    Err(panic) => std::panic::resume_unwind(panic),
                }
            }
        });
        results.into_iter().flatten().collect()
    } else {
        (0..sources.files.len())
            .map(|i| load_file(sources, i))
            .collect()
    };
    merge(sources, parts)
}

fn load_file(sources: &Sources, index: usize) -> (Org, Vec<Diagnostic>) {
    let file = FileId(u32::try_from(index).unwrap_or(u32::MAX));
    let mut problems = Vec::new();
    let mut org = Org::default();
    let text = &sources.files[index].text;
    // The fast path covers how org files are written; anything else, and every error, goes
    // through the full parser.
    let root = match yaml_fast::parse(file, text) {
        Some(root) => root,
        None => yaml::parse(file, text, &mut problems),
    };
    if let Some(root) = root {
        decode::decode_file(root, &mut org, &mut problems);
    }
    (org, problems)
}

fn merge(sources: &Sources, parts: Vec<(Org, Vec<Diagnostic>)>) -> Loaded {
    let mut out = Loaded::default();
    for (org, problems) in parts {
        out.problems.extend(problems);
        let Org {
            info,
            people,
            teams,
            surfaces,
            initiatives,
            portfolio,
            rituals,
            succession,
            rules,
            scorecard,
        } = org;
        if let Some(info) = info {
            match &out.org.info {
                Some(first) => out
                    .problems
                    .push(duplicate_section(sources, "org", info.loc, first.loc)),
                None => out.org.info = Some(info),
            }
        }
        if let Some(p) = portfolio {
            match &out.org.portfolio {
                Some(first) => {
                    out.problems
                        .push(duplicate_section(sources, "portfolio", p.loc, first.loc))
                }
                None => out.org.portfolio = Some(p),
            }
        }
        out.org.people.extend(people);
        out.org.teams.extend(teams);
        out.org.surfaces.extend(surfaces);
        out.org.initiatives.extend(initiatives);
        out.org.rituals.extend(rituals);
        out.org.succession.extend(succession);
        out.org.rules.extend(rules);
        out.org.scorecard.extend(scorecard);
    }
    let repeated = repeated_emails(sources, &out.org.people);
    out.problems.extend(repeated);
    out
}

/// An e-mail given to two people (in any files): single sign-on finds a person by it.
fn repeated_emails(sources: &Sources, people: &[Person]) -> Vec<Diagnostic> {
    let mut first: hash::Map<String, usize> = hash::Map::default();
    let mut problems = Vec::new();
    for (i, p) in people.iter().enumerate() {
        let Some(e) = &p.email else { continue };
        match first.entry(e.text.trim().to_lowercase()) {
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(i);
            }
            std::collections::hash_map::Entry::Occupied(o) => {
                let other = &people[*o.get()];
                let at = other.email.as_ref().map_or(other.id.loc, |t| t.loc);
                problems.push(
                    Diagnostic::new(
                        "bad-value",
                        Severity::Error,
                        e.loc,
                        format!(
                            "`{}`, the e-mail of `{}`, is already the e-mail of `{}` ({}:{})",
                            e.text,
                            p.id.id,
                            other.id.id,
                            sources.path(at.file),
                            at.line
                        ),
                    )
                    .fix(
                        "Give each person their own e-mail, or leave `email` out for one of them.",
                    ),
                );
            }
        }
    }
    problems
}

fn duplicate_section(sources: &Sources, name: &str, loc: Loc, first: Loc) -> Diagnostic {
    Diagnostic::new(
        "duplicate-section",
        Severity::Error,
        loc,
        format!(
            "`{name}` is defined again here; it is already defined at {}:{}",
            sources.path(first.file),
            first.line
        ),
    )
    .fix(format!("Keep a single `{name}:` section across all files."))
}

/// Loads a single in-memory file; convenient for tests and small tools.
pub fn load_str(path: &str, text: &str) -> (Loaded, Sources) {
    let sources = Sources::new(vec![SourceFile {
        path: path.to_string(),
        text: text.to_string(),
    }]);
    (load(&sources), sources)
}

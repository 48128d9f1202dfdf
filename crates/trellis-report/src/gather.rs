//! Where the scorecard and the review get their data: the org versions in force on the days
//! they judge, the changes between versions, today's log, goals and talent records, and the
//! finished quarters' scorecards as kept. The web app answers the version questions from its
//! caches ([`Versions`]); the CLI reads the store directly ([`Direct`]). Either way the same
//! code below decides what is read and how it is put together.

use crate::review::{Inputs, Review, ScoreRow};
use crate::scorecard::{self, Rag};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use trellis_model::diag::Diagnostic;
use trellis_model::diff::Change;
use trellis_model::oplog::{Date, OpLog};
use trellis_model::planning::{Planning, Quarter};
use trellis_model::talent::Talent;
use trellis_model::{Org, Sources};
use trellis_store::{Store, StoreError, Version};

/// Why a report could not be made.
#[derive(Debug)]
pub enum Error {
    Store(StoreError),
    /// No org version was stored by the day the report judges.
    NoVersion,
    /// A computation failed (a task panicked, a kept scorecard did not read).
    Failed(String),
}

impl From<StoreError> for Error {
    fn from(e: StoreError) -> Self {
        Error::Store(e)
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Store(e) => write!(f, "{e}"),
            Error::NoVersion => {
                f.write_str("there is no org version yet; run `trellis apply PATH` first")
            }
            Error::Failed(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Store(e) => Some(e),
            _ => None,
        }
    }
}

/// Runs `f` on a blocking thread: loading, checking and diffing a big org takes a good part of
/// a second, too long for an async thread.
pub async fn off_thread<T: Send + 'static>(
    what: &str,
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, Error> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| Error::Failed(format!("{what} failed: {e}")))
}

/// An org version's files loaded into an org (its problems are the analysis's business).
pub fn org_of(files: Vec<(String, String)>) -> Org {
    trellis_model::load(&Sources::from_pairs(files)).org
}

/// [`org_of`] off the async threads.
pub async fn load_org(files: Vec<(String, String)>) -> Result<Org, Error> {
    off_thread("loading an org version", move || org_of(files)).await
}

/// An org and everything said about its files: the load problems, the problems with its
/// `rules:` and `scorecard:` settings, and the rules' findings, in that order.
pub fn analyse(sources: &Sources) -> (Org, Vec<Diagnostic>) {
    let loaded = trellis_model::load(sources);
    let analysis = crate::check(&loaded, sources);
    let mut findings = loaded.problems;
    findings.extend(analysis.config_problems);
    findings.extend(analysis.findings);
    (loaded.org, findings)
}

/// Today's data, which the web app holds in memory and the CLI reads once.
#[derive(Clone)]
pub struct Today {
    pub log: Arc<OpLog>,
    pub planning: Arc<Planning>,
    pub talent: Arc<Talent>,
    /// The day the reports are made on: a quarter in progress is judged up to here.
    pub as_of: Date,
}

impl Today {
    /// The whole log, the goals and the talent records as stored now.
    pub async fn read(store: &Store, as_of: Date) -> Result<Today, Error> {
        Ok(Today {
            log: Arc::new(store.oplog().await?),
            planning: Arc::new(store.planning().await?),
            talent: Arc::new(store.talent().await?),
            as_of,
        })
    }
}

/// The org versions as the reports read them.
pub trait Versions: Sync {
    fn store(&self) -> &Store;

    /// The org of version `v`.
    fn org(&self, v: &Version) -> impl Future<Output = Result<Arc<Org>, Error>> + Send;

    /// The org of version `v` and its findings (see [`analyse`]).
    fn analysis(
        &self,
        v: &Version,
    ) -> impl Future<Output = Result<(Arc<Org>, Arc<Vec<Diagnostic>>), Error>> + Send;

    /// What changed from version `before` to version `after`.
    fn changes(
        &self,
        before: i64,
        after: i64,
    ) -> impl Future<Output = Result<Arc<Vec<Change>>, Error>> + Send;
}

/// Reads every version from the store when asked, keeping nothing (the CLI).
pub struct Direct<'a>(pub &'a Store);

impl Versions for Direct<'_> {
    fn store(&self) -> &Store {
        self.0
    }

    async fn org(&self, v: &Version) -> Result<Arc<Org>, Error> {
        Ok(Arc::new(load_org(self.0.version_files(v.id).await?).await?))
    }

    async fn analysis(&self, v: &Version) -> Result<(Arc<Org>, Arc<Vec<Diagnostic>>), Error> {
        let files = self.0.version_files(v.id).await?;
        let (org, findings) = off_thread("checking an org version", move || {
            analyse(&Sources::from_pairs(files))
        })
        .await?;
        Ok((Arc::new(org), Arc::new(findings)))
    }

    async fn changes(&self, before: i64, after: i64) -> Result<Arc<Vec<Change>>, Error> {
        let (a, b) = (
            self.0.version_files(before).await?,
            self.0.version_files(after).await?,
        );
        off_thread("comparing two org versions", move || {
            Arc::new(trellis_model::diff::diff(&org_of(a), &org_of(b)))
        })
        .await
    }
}

/// The stored versions, oldest first.
async fn versions(v: &impl Versions) -> Result<Vec<Version>, Error> {
    let mut list = v.store().versions().await?;
    list.reverse();
    Ok(list)
}

/// One metric's value for a quarter, as kept and shown.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Kept {
    pub id: String,
    pub value: Option<f64>,
    /// Why there is no value, when there is none.
    pub missing: Option<String>,
    pub detail: String,
}

impl Kept {
    pub fn of(v: scorecard::Value) -> Kept {
        Kept {
            id: v.id.to_string(),
            value: v.value.as_ref().ok().copied(),
            missing: v.value.err(),
            detail: v.detail,
        }
    }
}

/// Computes a quarter's scorecard from the stored data: the org version in force at its end,
/// the changes between the versions made in it, the log, the goals and the talent records.
async fn compute(v: &impl Versions, today: &Today, quarter: Quarter) -> Result<Vec<Kept>, Error> {
    let end = quarter.last_day().min(today.as_of);
    let list = versions(v).await?;
    let org = match Version::in_force(&list, end) {
        Some(version) => v.org(version).await?,
        None => return Err(Error::NoVersion),
    };
    // The changes made by each version of the quarter against the one before it.
    let mut changes = Vec::new();
    for pair in list.windows(2) {
        let day = pair[1].day();
        if day < quarter.first_day() || day > end {
            continue;
        }
        for c in v.changes(pair[0].id, pair[1].id).await?.iter() {
            changes.push((day, c.clone()));
        }
    }
    let history_start = list.first().map(Version::day);
    let today = today.clone();
    let values = off_thread("the scorecard", move || {
        scorecard::compute(
            &scorecard::Inputs {
                org: &org,
                log: &today.log,
                planning: &today.planning,
                talent: &today.talent,
                org_changes: Some(&changes),
                history_start,
                today: today.as_of,
            },
            quarter,
        )
    })
    .await?;
    // A quarter that ended before the first version was stored has no org to judge: the
    // metrics read from the org files say so rather than borrow a later org.
    let no_org_yet = history_start.filter(|first| *first > end);
    Ok(values
        .into_iter()
        .map(|value| match no_org_yet {
            Some(first) if scorecard::reads_the_org(value.id) => Kept {
                id: value.id.to_string(),
                value: None,
                missing: Some(format!(
                    "no org version had been stored by the end of {quarter}; the first is of {first}"
                )),
                detail: String::new(),
            },
            _ => Kept::of(value),
        })
        .collect())
}

/// A quarter's scorecard: kept if the quarter has ended (the first computation after its end
/// is kept, so later edits do not rewrite it), computed from today's data if it is in
/// progress.
pub async fn scorecard(
    v: &impl Versions,
    today: &Today,
    quarter: Quarter,
) -> Result<Vec<Kept>, Error> {
    let ended = quarter.last_day() < today.as_of;
    let key = quarter.to_string();
    let read = |body: &str| {
        serde_json::from_str(body)
            .map_err(|e| Error::Failed(format!("a kept scorecard does not read: {e}")))
    };
    if ended && let Some(body) = v.store().scorecard_snapshot(&key).await? {
        return read(&body);
    }
    let values = compute(v, today, quarter).await?;
    if ended {
        let body =
            serde_json::to_string(&values).map_err(|e| Error::Failed(format!("scorecard: {e}")))?;
        let kept = v.store().keep_scorecard(&key, &body).await?;
        return read(&kept);
    }
    Ok(values)
}

/// Where the records behind each metric are in the web app.
fn evidence(id: &str) -> &'static str {
    match id {
        "portfolio-contribution" | "resource-allocation" | "planning-quality" => "/portfolio",
        "cross-team-coherence" => "/conflicts",
        "decision-velocity" => "/decisions",
        "dependency-health" => "/log",
        "manager-quality" => "/talent/calibration",
        "bench-strength" => "/talent/bench",
        _ => "/versions",
    }
}

/// The metrics of `quarter` as shown, from its values and the previous quarter's, against the
/// targets `org` sets.
pub fn rows(org: &Org, quarter: Quarter, now: &[Kept], before: &[Kept]) -> Vec<ScoreRow> {
    let targets = scorecard::Targets::from_org(org).0;
    scorecard::METRICS
        .iter()
        .map(|m| {
            let v = now.iter().find(|k| k.id == m.id);
            let prev = before.iter().find(|k| k.id == m.id).and_then(|k| k.value);
            let value = v.and_then(|k| k.value);
            ScoreRow {
                id: m.id,
                name: m.name,
                group: m.group.label(),
                value: value.map_or("not enough data".into(), |x| m.show(x)),
                status: value.map_or("none", |x| match m.rag_with(x, &targets) {
                    Rag::Green => "green",
                    Rag::Amber => "amber",
                    Rag::Red => "red",
                }),
                trend: m.trend(value, prev, quarter.previous()),
                detail: match v {
                    Some(k) => k.missing.clone().unwrap_or_else(|| k.detail.clone()),
                    None => String::new(),
                },
                evidence: evidence(m.id),
                now: value,
                before: prev,
            }
        })
        .collect()
}

/// Reads everything the review of `quarter` needs and builds it. The scorecard's targets are
/// the newest version's.
pub async fn review(v: &impl Versions, today: &Today, quarter: Quarter) -> Result<Review, Error> {
    let end = quarter.last_day().min(today.as_of);
    let before_end = quarter.previous().last_day();
    let list = versions(v).await?;
    let current = match list.last() {
        Some(newest) => v.org(newest).await?,
        None => return Err(Error::NoVersion),
    };
    let analysis = |version: Option<&Version>| {
        let version = version.cloned();
        async move {
            match version {
                Some(version) => v.analysis(&version).await,
                None => Err(Error::NoVersion),
            }
        }
    };
    let (org, findings) = analysis(Version::in_force(&list, end)).await?;
    let before_version = Version::in_force(&list, before_end);
    let before_day = before_version.map_or(before_end, Version::day);
    let (before, findings_before) = analysis(before_version).await?;
    // What each version made since the previous quarter began changed against the one before.
    let from = quarter.previous().first_day();
    let mut changes = Vec::new();
    for pair in list.windows(2) {
        let day = pair[1].day();
        if day < from || day > end {
            continue;
        }
        let made = v.changes(pair[0].id, pair[1].id).await?;
        changes.push((pair[1].id, day, made.as_ref().clone()));
    }
    // The last four quarters, oldest first (finished ones as kept); the scorecard is the last
    // against the one before.
    let mut kept = Vec::new();
    let mut q = quarter;
    for _ in 0..4 {
        kept.push((q, scorecard(v, today, q).await?));
        q = q.previous();
    }
    kept.reverse();
    let shown = rows(&current, quarter, &kept[3].1, &kept[2].1);
    let history = kept
        .iter()
        .map(|(q, list)| {
            let values = scorecard::METRICS
                .iter()
                .map(|m| {
                    (
                        m.id,
                        list.iter().find(|k| k.id == m.id).and_then(|k| k.value),
                    )
                })
                .collect();
            (*q, values)
        })
        .collect();
    let today = today.clone();
    off_thread("the review", move || {
        crate::review::review(&Inputs {
            quarter,
            today: today.as_of,
            org: &org,
            before: &before,
            before_day,
            findings: &findings,
            findings_before: &findings_before,
            versions: &changes,
            log: &today.log,
            planning: &today.planning,
            talent: &today.talent,
            scorecard: shown,
            history,
        })
    })
    .await
}

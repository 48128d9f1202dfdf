//! One org version, loaded and analysed once, shared by every request until a newer version
//! is stored. Holds owned copies of the derived structure so pages need no recomputation.

pub mod links;
pub mod views;

/// The span bands of the spans-and-layers view: the same as `trellis diff`'s.
pub use trellis_report::reorg::SPAN_BANDS;

use crate::http::html::Link;
use std::sync::Arc;
use trellis_model::hash::Map;
use trellis_model::oplog::{Date, Level, OpLog};
use trellis_model::planning::Planning;
use trellis_model::{Bucket, Diagnostic, Org, Pattern, Severity, Sources, Structure, SubjectKind};
use trellis_store::Version;

/// Counts the dashboard shows; computed with the snapshot so a page view only draws them.
pub struct Stats {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub managers: usize,
    /// (label, teams) per pattern, then "not set" if any.
    pub patterns: Vec<(String, usize)>,
    pub buckets: Vec<(String, usize)>,
    /// (label, managers) per span band.
    pub spans: Vec<(String, usize)>,
    /// (rule id, findings), most first.
    pub by_rule: Vec<(String, usize)>,
    /// (label, people) per layer below the leader, then "other trees" if any.
    pub layers: Vec<(String, usize)>,
}

impl Stats {
    fn new(
        org: &Org,
        findings: &[Diagnostic],
        reports: &[Vec<usize>],
        depth: &[Option<usize>],
    ) -> Stats {
        let deepest = depth.iter().flatten().max().copied().unwrap_or(0);
        let mut per_layer = vec![0usize; deepest + 2];
        for d in depth {
            per_layer[d.unwrap_or(deepest + 1)] += 1;
        }
        let mut layers: Vec<(String, usize)> = per_layer
            .iter()
            .enumerate()
            .map(|(d, &n)| {
                let label = match d {
                    0 => "leader".to_string(),
                    d if d == deepest + 1 => "other trees".to_string(),
                    d => format!("layer {d}"),
                };
                (label, n)
            })
            .collect();
        if layers.last().is_some_and(|(_, n)| *n == 0) {
            layers.pop();
        }
        let count = |s: Severity| findings.iter().filter(|d| d.severity == s).count();
        let mut patterns = vec![0usize; Pattern::ALL.len() + 1];
        let mut buckets = vec![0usize; Bucket::ALL.len() + 1];
        for t in &org.teams {
            let p = t
                .pattern
                .and_then(|p| Pattern::ALL.iter().position(|x| *x == p));
            patterns[p.unwrap_or(Pattern::ALL.len())] += 1;
            let b = t
                .bucket
                .and_then(|b| Bucket::ALL.iter().position(|x| *x == b));
            buckets[b.unwrap_or(Bucket::ALL.len())] += 1;
        }
        let rows = |words: Vec<&str>, counts: Vec<usize>| {
            let mut rows: Vec<(String, usize)> = words
                .into_iter()
                .map(str::to_string)
                .chain(std::iter::once("not set".to_string()))
                .zip(counts)
                .collect();
            if rows.last().is_some_and(|(_, n)| *n == 0) {
                rows.pop();
            }
            rows
        };
        let mut by_span = vec![0usize; SPAN_BANDS.len()];
        let mut managers = 0;
        for r in reports.iter().filter(|r| !r.is_empty()) {
            managers += 1;
            if let Some(b) = SPAN_BANDS
                .iter()
                .position(|(_, lo, hi)| r.len() >= *lo && r.len() <= *hi)
            {
                by_span[b] += 1;
            }
        }
        let mut by_rule: Vec<(String, usize)> = Vec::new();
        let mut seen: Map<&str, usize> = Map::default();
        for d in findings {
            match seen.get(d.code) {
                Some(&i) => by_rule[i].1 += 1,
                None => {
                    seen.insert(d.code, by_rule.len());
                    by_rule.push((d.code.to_string(), 1));
                }
            }
        }
        by_rule.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        Stats {
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
            infos: count(Severity::Info),
            managers,
            patterns: rows(Pattern::ALL.iter().map(|p| p.as_str()).collect(), patterns),
            buckets: rows(Bucket::ALL.iter().map(|b| b.as_str()).collect(), buckets),
            spans: SPAN_BANDS
                .iter()
                .zip(by_span)
                .map(|((label, _, hi), n)| {
                    (
                        format!("{label} report{}", if *hi == 1 { "" } else { "s" }),
                        n,
                    )
                })
                .collect(),
            by_rule,
            layers,
        }
    }
}

/// One org version, loaded and analysed: the model, its derived structure and the findings
/// of the structural rules. Built once per version.
pub struct OrgAnalysis {
    pub version: Version,
    pub sources: Sources,
    pub org: Org,
    /// The findings of the org files (load problems and structural rules).
    pub structural: Arc<Vec<Diagnostic>>,
    pub people: Map<String, usize>,
    pub teams: Map<String, usize>,
    pub manager: Vec<Option<usize>>,
    pub reports: Vec<Vec<usize>>,
    pub headcount: Vec<u32>,
    pub leads_of: Vec<Vec<usize>>,
    pub dependents: Vec<Vec<usize>>,
    pub team_people: Vec<Vec<usize>>,
    /// Reporting distance below the leader; None outside the leader's tree.
    pub depth_below_leader: Vec<Option<usize>>,
    /// People, teams, rituals, surfaces and initiatives by id or name, for reading records
    /// (forms, the API, uploads): made on first use, once per version.
    names: std::sync::OnceLock<trellis_interop::records::Names>,
    /// The org's text for the search box, made on first use, once per version.
    search: std::sync::OnceLock<crate::search::OrgIndex>,
    /// Each person's first team (as the teams' order lists them), made on first use.
    team_of: std::sync::OnceLock<Vec<Option<u32>>>,
}

/// The days of the log a partnership page reads, up to the snapshot's day.
pub const PARTNERSHIP_DAYS: i32 = 90;

/// What every page reads: the analysis of the newest org version together with the operating
/// log and its signals. Rebuilt when the version, the log or the day changes — the org part
/// only when the version does.
pub struct Snapshot {
    base: Arc<OrgAnalysis>,
    /// The log revision this was built from.
    pub log_revision: i64,
    /// Goals and portfolio decisions, and their revision.
    pub planning: Arc<Planning>,
    pub planning_revision: i64,
    /// The day the signals were computed for.
    pub as_of: Date,
    /// Shared with the snapshot before when the log did not change.
    pub log: Arc<OpLog>,
    /// The level of each decision, same order as `log.decisions`.
    pub levels: Arc<Vec<Option<Level>>>,
    /// Every finding — the org files' and the operating signals' — most serious first.
    pub findings: Vec<Diagnostic>,
    /// The dashboard's counts.
    pub stats: Stats,
    /// For each subject, the positions in `findings` of the findings that name it.
    about: Map<(SubjectKind, String), Vec<usize>>,
    /// The decision log's views, made on first use.
    pub decision_views: std::sync::OnceLock<DecisionViews>,
    /// The conflicts grouped into recurrences, made on first use.
    pub conflict_groups: std::sync::OnceLock<Vec<ConflictGroup>>,
    /// Escalations by area and reason, made on first use.
    pub escalation_views: std::sync::OnceLock<EscalationViews>,
    /// The leader's attention per team over the last 90 days (the portfolio page), per team.
    pub attention: std::sync::OnceLock<Vec<trellis_rules::attention::Attention>>,
    /// The decisions' titles for the search box, made on first use, once per log.
    decision_titles: std::sync::OnceLock<crate::search::Haystack>,
    /// The earliest day the log records, found on first use, once per log.
    log_since: std::sync::OnceLock<Option<trellis_model::oplog::Date>>,
    /// What is waiting, made on first use, once per log: see [`Waiting`].
    waiting: std::sync::OnceLock<Waiting>,
    /// Decided decisions by who decided them (positions in `log.decisions`), made on first use.
    deciders: std::sync::OnceLock<Map<String, Vec<usize>>>,
    /// The product–engineering pairs and what the last 90 days of the log say about each,
    /// made on first use, once per log.
    partnerships: std::sync::OnceLock<Vec<trellis_rules::partnership::Reading>>,
    /// The last searches' results, (kind, words) → positions best first: typing in a picker
    /// or paging through a search asks the same again. At most [`SEARCHES_KEPT`].
    pub(crate) searches: std::sync::Mutex<Searches>,
}

/// Kept search results: (kind, words) → positions, best first.
pub(crate) type Searches = std::collections::HashMap<(&'static str, String), Arc<Vec<usize>>>;

/// How many searches a snapshot keeps the results of.
pub const SEARCHES_KEPT: usize = 64;

/// The records still waiting on someone, as positions in the log, oldest first: open
/// decisions (by day raised), unresolved escalations (by day raised) and undelivered handoffs
/// (by due day). The dashboard reads them on every request; scanning the whole log each time
/// cost milliseconds at 100,000 decisions.
#[derive(Default)]
pub struct Waiting {
    pub decisions: Vec<usize>,
    pub escalations: Vec<usize>,
    pub handoffs: Vec<usize>,
}

/// (area, count per reason, total) most first, and the count per reason.
pub type EscalationViews = (
    Vec<(crate::http::html::Link, Vec<usize>, usize)>,
    Vec<usize>,
);

#[derive(Clone)]
pub struct ConflictGroup {
    pub title: String,
    pub parties: Vec<Link>,
    pub meetings: Vec<Link>,
    pub status: String,
    /// Edit links for the teams involved: the fix is in their charters. With each, the team's
    /// position, so a page offers only the links its reader may follow.
    pub edit: Vec<(usize, Link)>,
}

/// What the decision log page shows about all decisions, computed once per log change.
pub struct DecisionViews {
    /// Positions in `log.decisions`, newest decided first (open ones first of all).
    pub order: Vec<usize>,
    /// Months shown in the velocity chart, with the median and 90th percentile days.
    pub months: Vec<String>,
    pub median: Vec<Option<f64>>,
    pub p90: Vec<Option<f64>>,
    /// Decided in the last 90 days: per category, how many at each level (team, manager,
    /// leader, above).
    pub who_decides: std::collections::BTreeMap<trellis_model::oplog::Category, [usize; 4]>,
}

impl std::ops::Deref for Snapshot {
    type Target = OrgAnalysis;
    fn deref(&self) -> &OrgAnalysis {
        &self.base
    }
}

impl OrgAnalysis {
    /// The org's text for the search box.
    pub fn search_index(&self) -> &crate::search::OrgIndex {
        self.search
            .get_or_init(|| crate::search::OrgIndex::build(&self.org, |i| self.team_of(i)))
    }

    /// The team person `ix` is in (the first, when several list them).
    pub fn team_of(&self, ix: usize) -> Option<usize> {
        self.team_of
            .get_or_init(|| {
                let mut of = vec![None; self.org.people.len()];
                for (t, people) in self.team_people.iter().enumerate() {
                    for &p in people {
                        if let Some(slot) = of.get_mut(p)
                            && slot.is_none()
                        {
                            *slot = Some(t as u32);
                        }
                    }
                }
                of
            })
            .get(ix)
            .copied()
            .flatten()
            .map(|t| t as usize)
    }

    /// Finds people, teams, rituals, surfaces and initiatives the way records name them.
    pub fn names(&self) -> &trellis_interop::records::Names {
        self.names
            .get_or_init(|| trellis_interop::records::Names::new(&self.org))
    }

    pub fn build(version: Version, files: Vec<(String, String)>) -> OrgAnalysis {
        let sources = Sources::from_pairs(files);
        let (org, structural) = trellis_report::gather::analyse(&sources);
        let (
            people,
            teams,
            manager,
            reports,
            headcount,
            leads_of,
            dependents,
            team_people,
            depth_below_leader,
        ) = {
            let s = Structure::new(&org);
            let widen = |v: &Vec<u32>| v.iter().map(|&x| x as usize).collect::<Vec<_>>();
            (
                s.people
                    .iter()
                    .map(|(k, v)| (k.to_string(), *v as usize))
                    .collect(),
                s.teams
                    .iter()
                    .map(|(k, v)| (k.to_string(), *v as usize))
                    .collect(),
                s.manager.iter().map(|m| m.map(|x| x as usize)).collect(),
                s.reports.iter().map(widen).collect(),
                s.headcount.clone(),
                s.leads_of.iter().map(widen).collect(),
                s.dependents.iter().map(widen).collect(),
                s.team_people.iter().map(widen).collect(),
                s.depth_below_leader
                    .iter()
                    .map(|d| d.map(|x| x as usize))
                    .collect(),
            )
        };
        OrgAnalysis {
            version,
            sources,
            org,
            structural: Arc::new(structural),
            people,
            teams,
            manager,
            reports,
            headcount,
            leads_of,
            dependents,
            team_people,
            depth_below_leader,
            names: std::sync::OnceLock::new(),
            search: std::sync::OnceLock::new(),
            team_of: std::sync::OnceLock::new(),
        }
    }
}

impl Snapshot {
    /// Builds everything from one version's files and the operating log.
    pub fn build(
        version: Version,
        files: Vec<(String, String)>,
        log: OpLog,
        log_revision: i64,
        planning: Planning,
        planning_revision: i64,
        as_of: Date,
    ) -> Snapshot {
        let base = Arc::new(OrgAnalysis::build(version, files));
        let levels = trellis_rules::decision_levels(&base.org, &log);
        Snapshot::assemble(
            base,
            Arc::new(log),
            Arc::new(levels),
            log_revision,
            Arc::new(planning),
            planning_revision,
            as_of,
        )
    }

    /// The snapshot after `self`: the analysed version `base` (this one's when the version did
    /// not change), this log brought up to date with `changes` (what was stored or changed
    /// since this snapshot's revision), and the goals. Only new decisions are judged when the
    /// version is the same and decisions were only added; the signals are computed afresh.
    pub fn next(
        &self,
        base: Arc<OrgAnalysis>,
        changes: OpLog,
        log_revision: i64,
        planning: Arc<Planning>,
        planning_revision: i64,
        as_of: Date,
    ) -> Snapshot {
        let same_version = Arc::ptr_eq(&base, &self.base);
        let (log, levels) = if changes.is_empty() && same_version {
            (self.log.clone(), self.levels.clone())
        } else if changes.is_empty() {
            let levels = trellis_rules::decision_levels(&base.org, &self.log);
            (self.log.clone(), Arc::new(levels))
        } else {
            let known = self.log.decisions.len();
            let (log, merged) = self.log.merged(changes);
            let levels = if same_version && merged == trellis_model::oplog::Merged::Appended {
                let added = OpLog {
                    decisions: log.decisions[known..].to_vec(),
                    ..OpLog::default()
                };
                let mut levels = Vec::with_capacity(log.decisions.len());
                levels.extend_from_slice(&self.levels);
                levels.extend(trellis_rules::decision_levels(&base.org, &added));
                levels
            } else {
                trellis_rules::decision_levels(&base.org, &log)
            };
            (Arc::new(log), Arc::new(levels))
        };
        Snapshot::assemble(
            base,
            log,
            levels,
            log_revision,
            planning,
            planning_revision,
            as_of,
        )
    }

    /// Adds the operating log and its signals to an analysed version.
    fn assemble(
        base: Arc<OrgAnalysis>,
        log: Arc<OpLog>,
        levels: Arc<Vec<Option<Level>>>,
        log_revision: i64,
        planning: Arc<Planning>,
        planning_revision: i64,
        as_of: Date,
    ) -> Snapshot {
        let signals = trellis_rules::check_log_with(&base.org, &log, &levels, &planning, as_of);
        let mut findings = base.structural.as_ref().clone();
        trellis_model::diag::sort_diagnostics(&mut findings);
        findings.extend(signals);
        // Stable: within a severity, the files' findings by place, then the signals.
        findings.sort_by_key(|d| std::cmp::Reverse(d.severity));
        let mut about: Map<(SubjectKind, String), Vec<usize>> = Map::default();
        for (i, d) in findings.iter().enumerate() {
            for s in &d.subjects {
                let list = about.entry((s.kind, s.id.clone())).or_default();
                if list.last() != Some(&i) {
                    list.push(i);
                }
            }
        }
        let stats = Stats::new(
            &base.org,
            &findings,
            &base.reports,
            &base.depth_below_leader,
        );
        Snapshot {
            base,
            log_revision,
            planning,
            planning_revision,
            as_of,
            log,
            levels,
            findings,
            stats,
            about,
            decision_views: std::sync::OnceLock::new(),
            conflict_groups: std::sync::OnceLock::new(),
            escalation_views: std::sync::OnceLock::new(),
            attention: std::sync::OnceLock::new(),
            decision_titles: std::sync::OnceLock::new(),
            log_since: std::sync::OnceLock::new(),
            waiting: std::sync::OnceLock::new(),
            deciders: std::sync::OnceLock::new(),
            partnerships: std::sync::OnceLock::new(),
            searches: std::sync::Mutex::new(std::collections::HashMap::new()),
        }
    }

    /// The decisions `person` made (positions in `log.decisions`), from an index built once
    /// per log rather than a scan of the whole log per request.
    pub fn decided_by(&self, person: &str) -> &[usize] {
        self.deciders
            .get_or_init(|| {
                let mut map: Map<String, Vec<usize>> = Map::default();
                for (i, d) in self.log.decisions.iter().enumerate() {
                    if let (Some(by), Some(_)) = (&d.decided_by, d.decided) {
                        map.entry(by.clone()).or_default().push(i);
                    }
                }
                map
            })
            .get(person)
            .map_or(&[], Vec::as_slice)
    }

    /// The product–engineering pairs (teams' pairs first, then groups') with what the 90 days
    /// to the snapshot's day say about each.
    pub fn partnerships(&self) -> &[trellis_rules::partnership::Reading] {
        self.partnerships.get_or_init(|| {
            let s = Structure::new(&self.org);
            let pairs = trellis_rules::partnership::pairs(&s);
            trellis_rules::partnership::read(
                &self.org,
                &s,
                &self.log,
                &self.findings,
                pairs,
                self.as_of.plus(-PARTNERSHIP_DAYS),
                self.as_of,
            )
        })
    }

    /// The records still waiting on someone (see [`Waiting`]).
    pub fn waiting(&self) -> &Waiting {
        self.waiting.get_or_init(|| {
            let log = &self.log;
            let mut decisions: Vec<usize> = (0..log.decisions.len())
                .filter(|&i| log.decisions[i].decided.is_none())
                .collect();
            decisions.sort_by_key(|&i| (log.decisions[i].raised, log.decisions[i].id));
            let mut escalations: Vec<usize> = (0..log.escalations.len())
                .filter(|&i| log.escalations[i].resolved.is_none())
                .collect();
            escalations.sort_by_key(|&i| (log.escalations[i].raised, log.escalations[i].id));
            let mut handoffs: Vec<usize> = (0..log.handoffs.len())
                .filter(|&i| log.handoffs[i].delivered.is_none())
                .collect();
            handoffs.sort_by_key(|&i| (log.handoffs[i].due, log.handoffs[i].id));
            Waiting {
                decisions,
                escalations,
                handoffs,
            }
        })
    }

    /// The earliest day the log records (a meeting, or a decision or escalation raised).
    pub fn log_since(&self) -> Option<trellis_model::oplog::Date> {
        *self.log_since.get_or_init(|| {
            self.log
                .meetings
                .iter()
                .map(|m| m.date)
                .chain(self.log.decisions.iter().map(|d| d.raised))
                .chain(self.log.escalations.iter().map(|e| e.raised))
                .min()
        })
    }

    /// The decisions' titles, lower-cased, for the search box.
    pub fn decision_titles(&self) -> &crate::search::Haystack {
        self.decision_titles
            .get_or_init(|| crate::search::decision_index(&self.log))
    }

    /// The analysed version underneath, to reuse when only the log changed.
    pub fn base(&self) -> Arc<OrgAnalysis> {
        self.base.clone()
    }

    pub fn base_ref(&self) -> &OrgAnalysis {
        &self.base
    }

    /// The people who lead team `ix` (product, engineering, design), as far as they exist.
    pub fn leads_of_team(&self, ix: usize) -> Vec<usize> {
        let l = &self.org.teams[ix].leads;
        [&l.product, &l.engineering, &l.design]
            .into_iter()
            .flatten()
            .filter_map(|r| self.people.get(&r.id).copied())
            .collect()
    }

    /// The managers above a person, from the top down; stops at a reporting loop.
    pub fn chain(&self, ix: usize) -> Vec<usize> {
        let mut chain = Vec::new();
        let mut cur = self.manager[ix];
        while let Some(m) = cur {
            if chain.len() > self.org.people.len() || m == ix {
                break;
            }
            chain.push(m);
            cur = self.manager[m];
        }
        chain.reverse();
        chain
    }

    /// Findings that name a subject.
    pub fn findings_about(&self, kind: SubjectKind, id: &str) -> Vec<&Diagnostic> {
        self.about
            .get(&(kind, id.to_string()))
            .map(|list| list.iter().map(|&i| &self.findings[i]).collect())
            .unwrap_or_default()
    }

    /// Findings matching every given filter (rule id, severity word, team id, person id), in
    /// the snapshot's order. Team and person filters use the per-subject index.
    pub fn filter_findings(
        &self,
        rule: Option<&str>,
        severity: Option<&str>,
        team: Option<&str>,
        person: Option<&str>,
    ) -> Vec<&Diagnostic> {
        let base: Vec<&Diagnostic> = match (team, person) {
            (Some(t), _) => self.findings_about(SubjectKind::Team, t),
            (None, Some(p)) => self.findings_about(SubjectKind::Person, p),
            (None, None) => self.findings.iter().collect(),
        };
        base.into_iter()
            .filter(|d| rule.is_none_or(|r| d.code == r))
            .filter(|d| severity.is_none_or(|s| d.severity.as_str() == s))
            .filter(|d| {
                person.is_none_or(|p| {
                    d.subjects
                        .iter()
                        .any(|s| s.kind == SubjectKind::Person && s.id == p)
                })
            })
            .collect()
    }

    pub fn person_name(&self, id: &str) -> String {
        match self.people.get(id) {
            Some(&ix) => self.org.people[ix].display_name().to_string(),
            None => id.to_string(),
        }
    }

    pub fn team_name(&self, id: &str) -> String {
        match self.teams.get(id) {
            Some(&ix) => self.org.teams[ix].display_name().to_string(),
            None => id.to_string(),
        }
    }

    /// A surface's name (its id when it has none or is not in the org).
    pub fn surface_name(&self, id: &str) -> String {
        self.org
            .surfaces
            .iter()
            .find(|s| s.id.id == id)
            .and_then(|s| s.name.as_ref())
            .map_or_else(|| id.to_string(), |n| n.text.clone())
    }
}

/// What a request needs the snapshot to cover: the newest version, the log and goals
/// revisions, and today.
#[derive(Clone, Copy, Debug)]
struct Wanted {
    version: i64,
    log: i64,
    planning: i64,
    day: Date,
}

impl Wanted {
    async fn read(store: &trellis_store::Store) -> Result<Wanted, crate::AppError> {
        let latest = store.latest().await?.ok_or(crate::AppError::NoVersion)?;
        Ok(Wanted {
            version: latest.id,
            log: store.log_revision().await?,
            planning: store.planning_revision().await?,
            day: crate::today(),
        })
    }
}

impl Snapshot {
    fn covers(&self, want: &Wanted) -> bool {
        self.version.id >= want.version
            && self.log_revision >= want.log
            && self.planning_revision >= want.planning
            && self.as_of >= want.day
    }
}

/// Why the last build failed, kept to answer the requests that waited for it.
#[derive(Clone, Debug)]
enum Failure {
    Unavailable(String),
    NoVersion,
    Other(String),
}

impl Failure {
    fn of(e: &crate::AppError) -> Failure {
        match e {
            crate::AppError::Store(trellis_store::StoreError::Unavailable(m)) => {
                Failure::Unavailable(m.clone())
            }
            crate::AppError::NoVersion => Failure::NoVersion,
            other => Failure::Other(other.to_string()),
        }
    }

    fn error(&self) -> crate::AppError {
        match self {
            Failure::Unavailable(m) => {
                crate::AppError::Store(trellis_store::StoreError::Unavailable(m.clone()))
            }
            Failure::NoVersion => crate::AppError::NoVersion,
            Failure::Other(m) => crate::AppError::Internal(m.clone()),
        }
    }
}

#[derive(Default)]
struct Current {
    snap: Option<Arc<Snapshot>>,
    /// Whether a build is under way (there is at most one).
    building: bool,
    /// How long the last build took.
    last_build: std::time::Duration,
    /// The last build's failure, with the number of the build end it was.
    failure: Option<(u64, Failure)>,
}

/// When the last build took less than this, builds are quick (a small or middling log) and a
/// request waits for the next one, so a page read right after a write shows it.
const QUICK_BUILD: std::time::Duration = std::time::Duration::from_millis(500);
/// How long a request waits for a quick build before it takes the previous snapshot anyway.
pub const QUICK_WAIT: std::time::Duration = std::time::Duration::from_secs(10);
/// How long a request waits for a slow build (a big log) before it takes the previous snapshot:
/// not at all, as such a build takes seconds.
pub const SLOW_WAIT: std::time::Duration = std::time::Duration::ZERO;

/// The snapshot every request reads, brought up to date by one build at a time, off the
/// request: the build reads only what was stored or changed since the snapshot it starts
/// from ([`Snapshot::next`]). While it runs, a request gets the previous snapshot once it has
/// waited `quick_wait` (when the last build was quick) or `slow_wait`; the first snapshot of
/// all is always waited for.
pub struct Snapshots {
    current: std::sync::Mutex<Current>,
    /// Counts the builds that ended; requests wait on it.
    ends: tokio::sync::watch::Sender<u64>,
    quick_wait: std::time::Duration,
    slow_wait: std::time::Duration,
}

impl Snapshots {
    pub fn new(quick_wait: std::time::Duration, slow_wait: std::time::Duration) -> Snapshots {
        Snapshots {
            current: std::sync::Mutex::new(Current::default()),
            ends: tokio::sync::watch::channel(0).0,
            quick_wait,
            slow_wait,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Current> {
        self.current
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The snapshot for the newest data, or the previous one while that is being built.
    pub async fn get(
        self: &Arc<Self>,
        store: &trellis_store::Store,
    ) -> Result<Arc<Snapshot>, crate::AppError> {
        let want = Wanted::read(store).await?;
        let mut ends = self.ends.subscribe();
        let asked_at = *ends.borrow_and_update();
        let started = std::time::Instant::now();
        loop {
            let (previous, patience) = {
                let mut current = self.lock();
                if let Some(snap) = current.snap.as_ref().filter(|s| s.covers(&want)) {
                    return Ok(snap.clone());
                }
                if let Some((end, failure)) = &current.failure
                    && *end > asked_at
                {
                    return match &current.snap {
                        Some(snap) => Ok(snap.clone()),
                        None => Err(failure.error()),
                    };
                }
                if !current.building {
                    current.building = true;
                    tokio::spawn(self.clone().build(store.clone()));
                }
                let patience = if current.last_build < QUICK_BUILD {
                    self.quick_wait
                } else {
                    self.slow_wait
                };
                (current.snap.clone(), patience)
            };
            match previous {
                None => {
                    if ends.changed().await.is_err() {
                        return Err(crate::AppError::Internal("the analysis stopped".into()));
                    }
                }
                // Not waiting at all is answered now: even a zero timer would let a quick build
                // finish first.
                Some(previous) if patience.is_zero() => return Ok(previous),
                Some(previous) => {
                    let left = patience.saturating_sub(started.elapsed());
                    match tokio::time::timeout(left, ends.changed()).await {
                        Ok(Ok(())) => {}
                        _ => return Ok(previous),
                    }
                }
            }
        }
    }

    /// Builds the next snapshot from the current one and puts it in place.
    async fn build(self: Arc<Self>, store: trellis_store::Store) {
        let mut end = BuildEnd {
            snapshots: self.clone(),
            result: None,
        };
        let started = std::time::Instant::now();
        let previous = self.lock().snap.clone();
        let result = next_snapshot(previous, &store).await;
        end.result = Some((result, started.elapsed()));
    }
}

/// Ends a build however it ends (even by a panic): puts its snapshot in place or keeps its
/// failure, and wakes the requests waiting for it.
struct BuildEnd {
    snapshots: Arc<Snapshots>,
    result: Option<(Result<Arc<Snapshot>, crate::AppError>, std::time::Duration)>,
}

impl Drop for BuildEnd {
    fn drop(&mut self) {
        let number = *self.snapshots.ends.borrow() + 1;
        {
            let mut current = self.snapshots.lock();
            current.building = false;
            match self.result.take() {
                Some((Ok(snap), took)) => {
                    current.snap = Some(snap);
                    current.failure = None;
                    current.last_build = took;
                }
                Some((Err(e), _)) => {
                    tracing::error!("could not analyse the newest data: {e}");
                    current.failure = Some((number, Failure::of(&e)));
                }
                None => {
                    current.failure = Some((
                        number,
                        Failure::Other("the analysis of the newest data failed".into()),
                    ))
                }
            }
        }
        self.snapshots.ends.send_modify(|n| *n = number);
    }
}

/// Reads what changed since `previous` (everything when there is none) and builds the next
/// snapshot off the async threads, with the log pages' views made ready.
async fn next_snapshot(
    previous: Option<Arc<Snapshot>>,
    store: &trellis_store::Store,
) -> Result<Arc<Snapshot>, crate::AppError> {
    let latest = store.latest().await?.ok_or(crate::AppError::NoVersion)?;
    let as_of = crate::today();
    let planning_revision = store.planning_revision().await?;
    let planning = match &previous {
        Some(p) if p.planning_revision == planning_revision => p.planning.clone(),
        _ => Arc::new(store.planning().await?),
    };
    let (log_revision, changes) = store
        .oplog_since(previous.as_ref().map(|p| p.log_revision))
        .await?;
    let base = match &previous {
        Some(p) if p.version.id == latest.id => Some(p.base()),
        _ => None,
    };
    let files = match base {
        Some(_) => Vec::new(),
        None => store.version_files(latest.id).await?,
    };
    let snap = tokio::task::spawn_blocking(move || {
        let base = base.unwrap_or_else(|| Arc::new(OrgAnalysis::build(latest, files)));
        let snap = match previous {
            Some(p) => p.next(
                base,
                changes,
                log_revision,
                planning,
                planning_revision,
                as_of,
            ),
            None => {
                let levels = Arc::new(trellis_rules::decision_levels(&base.org, &changes));
                Snapshot::assemble(
                    base,
                    Arc::new(changes),
                    levels,
                    log_revision,
                    planning,
                    planning_revision,
                    as_of,
                )
            }
        };
        views::warm(&snap);
        snap
    })
    .await
    .map_err(|e| crate::AppError::Internal(format!("analysis failed: {e}")))?;
    Ok(Arc::new(snap))
}

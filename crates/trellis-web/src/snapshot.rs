//! One org version, loaded and analysed once, shared by every request until a newer version
//! is stored. Holds owned copies of the derived structure so pages need no recomputation.

use crate::pages::SPAN_BANDS;
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
    pub structural: Vec<Diagnostic>,
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
}

/// What every page reads: the analysis of the newest org version together with the operating
/// log and its signals. Rebuilt when the version, the log or the day changes — the org part
/// only when the version does.
pub struct Snapshot {
    base: Arc<OrgAnalysis>,
    /// The log revision this was built from.
    pub log_revision: i64,
    /// Goals and portfolio decisions, and their revision.
    pub planning: Planning,
    pub planning_revision: i64,
    /// The day the signals were computed for.
    pub as_of: Date,
    pub log: OpLog,
    /// The level of each decision, same order as `log.decisions`.
    pub levels: Vec<Option<Level>>,
    /// Every finding — the org files' and the operating signals' — most serious first.
    pub findings: Vec<Diagnostic>,
    /// The dashboard's counts.
    pub stats: Stats,
    /// For each subject, the positions in `findings` of the findings that name it.
    about: Map<(SubjectKind, String), Vec<usize>>,
    /// The decision log's views, made on first use.
    pub decision_views: std::sync::OnceLock<DecisionViews>,
    /// The conflicts grouped into recurrences, made on first use.
    pub conflict_groups: std::sync::OnceLock<Vec<crate::oplog::ConflictGroup>>,
    /// Escalations by area and reason, made on first use.
    pub escalation_views: std::sync::OnceLock<EscalationViews>,
    /// The leader's attention per team over the last 90 days (the portfolio page), per team.
    pub attention: std::sync::OnceLock<Vec<trellis_rules::attention::Attention>>,
}

/// (area, count per reason, total) most first, and the count per reason.
pub type EscalationViews = (Vec<(crate::pages::Link, Vec<usize>, usize)>, Vec<usize>);

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
    pub fn build(version: Version, files: Vec<(String, String)>) -> OrgAnalysis {
        let sources = Sources::from_pairs(files);
        let loaded = trellis_model::load(&sources);
        let analysis = trellis_rules::check(&loaded.org, &sources);
        let mut structural = loaded.problems;
        structural.extend(analysis.config_problems);
        structural.extend(analysis.findings);
        let org = loaded.org;
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
            structural,
            people,
            teams,
            manager,
            reports,
            headcount,
            leads_of,
            dependents,
            team_people,
            depth_below_leader,
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
        Snapshot::with_log(
            Arc::new(OrgAnalysis::build(version, files)),
            log,
            log_revision,
            planning,
            planning_revision,
            as_of,
        )
    }

    /// Adds the operating log and its signals to an analysed version.
    pub fn with_log(
        base: Arc<OrgAnalysis>,
        log: OpLog,
        log_revision: i64,
        planning: Planning,
        planning_revision: i64,
        as_of: Date,
    ) -> Snapshot {
        let levels = trellis_rules::decision_levels(&base.org, &log);
        let signals = trellis_rules::check_log_with(&base.org, &log, &levels, &planning, as_of);
        let mut findings = base.structural.clone();
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
        }
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
}

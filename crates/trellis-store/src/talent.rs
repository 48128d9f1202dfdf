//! Talent records and the audit log in the database. Talent writes are batches, all or
//! nothing; the audit log can only be appended to and read — this module has no way to change
//! or delete a row of it.

use crate::rows::{day, day_opt, word};
use crate::{Arg, Store, StoreError, rfc3339_utc};
use sqlx::Row;
use std::time::SystemTime;
use trellis_model::talent::*;
use trellis_model::{Interest, Readiness};

/// The kinds of stored record whose author [`Store::entered_by`] can tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entered {
    Rating,
    Observation,
    Assignment,
    CoachingNote,
    Successor,
    Decision,
    Meeting,
    Escalation,
    Handoff,
    Goal,
    GoalUpdate,
    PortfolioDecision,
}

/// How an audited attempt ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Outcome {
    /// Allowed and done.
    Allowed,
    /// Refused: the account may not do it.
    Refused,
    /// Allowed, but nothing was stored: the batch it was part of had a mistake.
    Failed,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Allowed => "allowed",
            Outcome::Refused => "refused",
            Outcome::Failed => "failed",
        }
    }

    pub fn parse(text: &str) -> Option<Outcome> {
        match text {
            "allowed" => Some(Outcome::Allowed),
            "refused" | "denied" => Some(Outcome::Refused),
            "failed" => Some(Outcome::Failed),
            _ => None,
        }
    }
}

impl From<bool> for Outcome {
    fn from(allowed: bool) -> Self {
        if allowed {
            Outcome::Allowed
        } else {
            Outcome::Refused
        }
    }
}

/// One audit row: who looked at or changed what about whom, and how it ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub id: i64,
    /// RFC 3339, UTC.
    pub at: String,
    /// The account's email.
    pub actor: String,
    /// The person id the record is about.
    pub about: String,
    /// What was done, e.g. `read rating` or `write coaching-note` — never the content.
    pub what: String,
    /// Allowed and done (the outcome is [`Outcome::Allowed`]).
    pub allowed: bool,
    pub outcome: Outcome,
}

const AUDIT_CHUNK: usize = 100;

/// `INSERT … VALUES (…), (…)` for [`AUDIT_CHUNK`] audit rows, built once.
fn audit_insert_many() -> &'static str {
    static SQL: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    SQL.get_or_init(|| {
        let values: Vec<String> = (0..AUDIT_CHUNK)
            .map(|i| {
                let b = i * 6;
                format!(
                    "(${}, ${}, ${}, ${}, ${}, ${})",
                    b + 1,
                    b + 2,
                    b + 3,
                    b + 4,
                    b + 5,
                    b + 6
                )
            })
            .collect();
        format!(
            "INSERT INTO audit_log (at, actor, about, what, allowed, outcome) VALUES {}",
            values.join(", ")
        )
    })
}

async fn bump(tx: &mut sqlx::Transaction<'_, sqlx::Any>) -> Result<(), StoreError> {
    sqlx::query("UPDATE talent_revision SET revision = revision + 1 WHERE id = 1")
        .execute(&mut **tx)
        .await?;
    Ok(())
}

impl Store {
    /// Stores a batch of talent records in one transaction (ids in the batch are ignored).
    /// `entered_by` is who entered them (an account's email, `cli:USER`, or `demo`), kept with
    /// every record.
    pub async fn add_talent(&self, batch: &Talent, entered_by: &str) -> Result<(), StoreError> {
        for r in &batch.ratings {
            if !(1..=5).contains(&r.performance) {
                return Err(StoreError::Query(format!(
                    "a performance rating of {} for {} is outside 1 to 5",
                    r.performance, r.person
                )));
            }
        }
        let mut tx = self.pool.begin().await?;
        let mut sessions: Vec<i64> = batch.ratings.iter().map(|r| r.session).collect();
        sessions.sort_unstable();
        sessions.dedup();
        for session in sessions {
            let known = sqlx::query(self.sql("SELECT id FROM talent_sessions WHERE id = $1"))
                .bind(session)
                .fetch_optional(&mut *tx)
                .await?;
            if known.is_none() {
                return Err(StoreError::Query(format!(
                    "there is no calibration session {session}"
                )));
            }
        }
        let by = || Arg::text(entered_by);
        let rows = batch
            .interest
            .iter()
            .map(|i| {
                vec![
                    Arg::text(&i.person),
                    Arg::text(i.interest.as_str()),
                    Arg::text(i.date.to_string()),
                    by(),
                ]
            })
            .collect();
        self.insert_rows(
            &mut tx,
            "talent_interest",
            &["person", "interest", "day", "entered_by"],
            rows,
            "",
        )
        .await?;
        let rows = batch
            .observations
            .iter()
            .map(|o| {
                vec![
                    Arg::text(&o.person),
                    Arg::text(o.kind.as_str()),
                    Arg::text(&o.evidence),
                    Arg::text(&o.observer),
                    Arg::text(o.date.to_string()),
                    by(),
                ]
            })
            .collect();
        self.insert_rows(
            &mut tx,
            "talent_observations",
            &[
                "person",
                "kind",
                "evidence",
                "observer",
                "day",
                "entered_by",
            ],
            rows,
            "",
        )
        .await?;
        let rows = batch
            .assignments
            .iter()
            .map(|a| {
                vec![
                    Arg::text(&a.person),
                    Arg::text(a.kind.as_str()),
                    Arg::Text(a.sponsor.clone()),
                    Arg::text(a.start.to_string()),
                    Arg::Text(a.end.map(|d| d.to_string())),
                    Arg::Text(a.outcome.map(|o| o.as_str().to_string())),
                    Arg::text(&a.observations),
                    by(),
                ]
            })
            .collect();
        self.insert_rows(
            &mut tx,
            "talent_assignments",
            &[
                "person",
                "kind",
                "sponsor",
                "start_day",
                "end_day",
                "outcome",
                "observations",
                "entered_by",
            ],
            rows,
            "",
        )
        .await?;
        let rows = batch
            .notes
            .iter()
            .map(|n| {
                vec![
                    Arg::text(&n.about),
                    Arg::text(&n.author),
                    Arg::text(n.date.to_string()),
                    Arg::text(&n.text),
                    Arg::Int(Some(i64::from(n.shared))),
                    by(),
                ]
            })
            .collect();
        self.insert_rows(
            &mut tx,
            "talent_notes",
            &["about", "author", "day", "body", "shared", "entered_by"],
            rows,
            "",
        )
        .await?;
        let rows = batch
            .ratings
            .iter()
            .map(|r| {
                vec![
                    Arg::Int(Some(r.session)),
                    Arg::text(&r.person),
                    Arg::text(&r.rater),
                    Arg::Int(Some(i64::from(r.performance))),
                    Arg::text(r.potential.as_str()),
                    Arg::text(&r.period),
                    by(),
                ]
            })
            .collect();
        self.insert_rows(
            &mut tx,
            "talent_ratings",
            &[
                "session",
                "person",
                "rater",
                "performance",
                "potential",
                "period",
                "entered_by",
            ],
            rows,
            "",
        )
        .await?;
        let rows = batch
            .promotions
            .iter()
            .map(|p| {
                vec![
                    Arg::text(&p.person),
                    Arg::text(p.date.to_string()),
                    Arg::text(&p.evidence),
                    by(),
                ]
            })
            .collect();
        self.insert_rows(
            &mut tx,
            "talent_promotions",
            &["person", "day", "evidence", "entered_by"],
            rows,
            "",
        )
        .await?;
        let rows = batch
            .sponsors
            .iter()
            .map(|s| vec![Arg::text(&s.person), Arg::text(&s.sponsor), by()])
            .collect();
        self.insert_rows(
            &mut tx,
            "talent_sponsors",
            &["person", "sponsor", "entered_by"],
            rows,
            " ON CONFLICT (person, sponsor) DO NOTHING",
        )
        .await?;
        let rows = batch
            .successors
            .iter()
            .map(|x| {
                vec![
                    Arg::text(&x.role_holder),
                    Arg::text(&x.person),
                    Arg::text(x.readiness.as_str()),
                    Arg::text(x.date.to_string()),
                    by(),
                ]
            })
            .collect();
        self.insert_rows(
            &mut tx,
            "talent_successors",
            &["role_holder", "person", "readiness", "day", "entered_by"],
            rows,
            "",
        )
        .await?;
        bump(&mut tx).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Who entered a stored record: `table` is one of the record tables (e.g. `talent_ratings`,
    /// `decisions`, `goals`); None when there is no such record.
    pub async fn entered_by(&self, table: Entered, id: i64) -> Result<Option<String>, StoreError> {
        let sql: &'static str = match table {
            Entered::Rating => "SELECT entered_by FROM talent_ratings WHERE id = $1",
            Entered::Observation => "SELECT entered_by FROM talent_observations WHERE id = $1",
            Entered::Assignment => "SELECT entered_by FROM talent_assignments WHERE id = $1",
            Entered::CoachingNote => "SELECT entered_by FROM talent_notes WHERE id = $1",
            Entered::Successor => "SELECT entered_by FROM talent_successors WHERE id = $1",
            Entered::Decision => "SELECT entered_by FROM decisions WHERE id = $1",
            Entered::Meeting => "SELECT entered_by FROM meetings WHERE id = $1",
            Entered::Escalation => "SELECT entered_by FROM escalations WHERE id = $1",
            Entered::Handoff => "SELECT entered_by FROM handoffs WHERE id = $1",
            Entered::Goal => "SELECT entered_by FROM goals WHERE id = $1",
            Entered::GoalUpdate => "SELECT entered_by FROM goal_updates WHERE id = $1",
            Entered::PortfolioDecision => {
                "SELECT entered_by FROM portfolio_decisions WHERE id = $1"
            }
        };
        let row = sqlx::query(self.sql(sql))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| r.try_get::<String, _>(0).map_err(StoreError::from))
            .transpose()
    }

    /// Opens a calibration session and returns its id.
    pub async fn add_session(
        &self,
        session: &Session,
        entered_by: &str,
    ) -> Result<i64, StoreError> {
        let mut tx = self.pool.begin().await?;
        let row = sqlx::query(self.sql(
            "INSERT INTO talent_sessions (name, period, day, entered_by) VALUES ($1, $2, $3, $4) RETURNING id",
        ))
        .bind(&session.name)
        .bind(&session.period)
        .bind(session.date.to_string())
        .bind(entered_by)
        .fetch_one(&mut *tx)
        .await?;
        let id: i64 = row.try_get("id")?;
        bump(&mut tx).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Records a calibrated change to a rating (the rating as first given is kept).
    pub async fn add_rating_change(&self, change: &RatingChange) -> Result<i64, StoreError> {
        if !(1..=5).contains(&change.performance) {
            return Err(StoreError::Query(format!(
                "a performance rating of {} is outside 1 to 5",
                change.performance
            )));
        }
        let mut tx = self.pool.begin().await?;
        let row = sqlx::query(self.sql("INSERT INTO talent_rating_changes (rating, performance, potential, reason, author, day) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id"))
            .bind(change.rating)
            .bind(i64::from(change.performance))
            .bind(change.potential.as_str())
            .bind(&change.reason)
            .bind(&change.author)
            .bind(change.date.to_string())
            .fetch_one(&mut *tx)
            .await?;
        let id: i64 = row.try_get("id")?;
        bump(&mut tx).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The talent revision: changes whenever any talent record does.
    pub async fn talent_revision(&self) -> Result<i64, StoreError> {
        let row = sqlx::query("SELECT revision FROM talent_revision WHERE id = 1")
            .fetch_one(&self.pool)
            .await?;
        row.try_get("revision").map_err(StoreError::from)
    }

    /// Every talent record, each kind in id order. Callers filter by the access policy before
    /// anything leaves the server.
    pub async fn talent(&self) -> Result<Talent, StoreError> {
        let mut t = Talent::default();
        for r in sqlx::query("SELECT person, interest, day FROM talent_interest ORDER BY id")
            .fetch_all(&self.pool)
            .await?
        {
            t.interest.push(InterestRecord {
                person: r.try_get("person")?,
                interest: word(&r, "interest", Interest::parse)?,
                date: day(&r, "day")?,
            });
        }
        for r in sqlx::query(
            "SELECT id, person, kind, evidence, observer, day FROM talent_observations ORDER BY id",
        )
        .fetch_all(&self.pool)
        .await?
        {
            t.observations.push(Observation {
                id: r.try_get("id")?,
                person: r.try_get("person")?,
                kind: word(&r, "kind", ObservationKind::parse)?,
                evidence: r.try_get("evidence")?,
                observer: r.try_get("observer")?,
                date: day(&r, "day")?,
            });
        }
        for r in sqlx::query("SELECT id, person, kind, sponsor, start_day, end_day, outcome, observations FROM talent_assignments ORDER BY id").fetch_all(&self.pool).await? {
            let outcome: Option<String> = r.try_get("outcome")?;
            t.assignments.push(Assignment {
                id: r.try_get("id")?,
                person: r.try_get("person")?,
                kind: word(&r, "kind", AssignmentKind::parse)?,
                sponsor: r.try_get("sponsor")?,
                start: day(&r, "start_day")?,
                end: day_opt(&r, "end_day")?,
                outcome: outcome.as_deref().and_then(AssignmentOutcome::parse),
                observations: r.try_get("observations")?,
            });
        }
        for r in
            sqlx::query("SELECT id, about, author, day, body, shared FROM talent_notes ORDER BY id")
                .fetch_all(&self.pool)
                .await?
        {
            t.notes.push(CoachingNote {
                id: r.try_get("id")?,
                about: r.try_get("about")?,
                author: r.try_get("author")?,
                date: day(&r, "day")?,
                text: r.try_get("body")?,
                shared: r.try_get::<i64, _>("shared")? != 0,
            });
        }
        for r in sqlx::query("SELECT id, session, person, rater, performance, potential, period FROM talent_ratings ORDER BY id").fetch_all(&self.pool).await? {
            t.ratings.push(Rating {
                id: r.try_get("id")?,
                session: r.try_get("session")?,
                person: r.try_get("person")?,
                rater: r.try_get("rater")?,
                performance: r.try_get::<i64, _>("performance")?.clamp(1, 5) as u8,
                potential: word(&r, "potential", Potential::parse)?,
                period: r.try_get("period")?,
            });
        }
        for r in sqlx::query("SELECT id, person, day, evidence FROM talent_promotions ORDER BY id")
            .fetch_all(&self.pool)
            .await?
        {
            t.promotions.push(Promotion {
                id: r.try_get("id")?,
                person: r.try_get("person")?,
                date: day(&r, "day")?,
                evidence: r.try_get("evidence")?,
            });
        }
        for r in sqlx::query("SELECT person, sponsor FROM talent_sponsors ORDER BY person, sponsor")
            .fetch_all(&self.pool)
            .await?
        {
            t.sponsors.push(Sponsorship {
                person: r.try_get("person")?,
                sponsor: r.try_get("sponsor")?,
            });
        }
        for r in sqlx::query("SELECT id, name, period, day FROM talent_sessions ORDER BY id")
            .fetch_all(&self.pool)
            .await?
        {
            t.sessions.push(Session {
                id: r.try_get("id")?,
                name: r.try_get("name")?,
                period: r.try_get("period")?,
                date: day(&r, "day")?,
            });
        }
        for r in sqlx::query("SELECT id, rating, performance, potential, reason, author, day FROM talent_rating_changes ORDER BY id").fetch_all(&self.pool).await? {
            t.changes.push(RatingChange {
                id: r.try_get("id")?,
                rating: r.try_get("rating")?,
                performance: r.try_get::<i64, _>("performance")?.clamp(1, 5) as u8,
                potential: word(&r, "potential", Potential::parse)?,
                reason: r.try_get("reason")?,
                author: r.try_get("author")?,
                date: day(&r, "day")?,
            });
        }
        for r in sqlx::query(
            "SELECT id, role_holder, person, readiness, day FROM talent_successors ORDER BY id",
        )
        .fetch_all(&self.pool)
        .await?
        {
            t.successors.push(SuccessorRecord {
                id: r.try_get("id")?,
                role_holder: r.try_get("role_holder")?,
                person: r.try_get("person")?,
                readiness: word(&r, "readiness", Readiness::parse)?,
                date: day(&r, "day")?,
            });
        }
        Ok(t)
    }

    /// Appends audit rows in one transaction: (about, what, outcome or allowed) for one actor.
    pub async fn audit_many<O: Copy + Into<Outcome>>(
        &self,
        actor: &str,
        rows: &[(String, String, O)],
    ) -> Result<(), StoreError> {
        if rows.is_empty() {
            return Ok(());
        }
        let at = rfc3339_utc(SystemTime::now());
        let mut tx = self.pool.begin().await?;
        // A page can show thousands of records: write them a hundred rows per statement.
        let mut chunks = rows.chunks_exact(AUDIT_CHUNK);
        for chunk in &mut chunks {
            let mut q = sqlx::query(self.sql(audit_insert_many()));
            for (about, what, outcome) in chunk {
                let outcome: Outcome = (*outcome).into();
                q = q
                    .bind(at.clone())
                    .bind(actor)
                    .bind(about)
                    .bind(what)
                    .bind(i64::from(outcome == Outcome::Allowed))
                    .bind(outcome.as_str());
            }
            q.execute(&mut *tx).await?;
        }
        for (about, what, outcome) in chunks.remainder() {
            let outcome: Outcome = (*outcome).into();
            sqlx::query(self.sql(
                "INSERT INTO audit_log (at, actor, about, what, allowed, outcome) VALUES ($1, $2, $3, $4, $5, $6)",
            ))
            .bind(&at)
            .bind(actor)
            .bind(about)
            .bind(what)
            .bind(i64::from(outcome == Outcome::Allowed))
            .bind(outcome.as_str())
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Appends one audit row.
    pub async fn audit(
        &self,
        actor: &str,
        about: &str,
        what: &str,
        outcome: impl Into<Outcome>,
    ) -> Result<(), StoreError> {
        let outcome: Outcome = outcome.into();
        sqlx::query(self.sql(
            "INSERT INTO audit_log (at, actor, about, what, allowed, outcome) VALUES ($1, $2, $3, $4, $5, $6)",
        ))
        .bind(rfc3339_utc(SystemTime::now()))
        .bind(actor)
        .bind(about)
        .bind(what)
        .bind(i64::from(outcome == Outcome::Allowed))
        .bind(outcome.as_str())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The newest audit rows first, optionally only about one person, by one actor, or with
    /// one outcome.
    pub async fn audit_log(
        &self,
        about: Option<&str>,
        actor: Option<&str>,
        outcome: Option<Outcome>,
        before: Option<i64>,
        limit: i64,
    ) -> Result<Vec<AuditEntry>, StoreError> {
        let outcome = outcome.map_or("", Outcome::as_str);
        let rows = sqlx::query(self.sql(
            "SELECT id, at, actor, about, what, allowed, outcome FROM audit_log \
             WHERE ($1 = '' OR about = $2) AND ($3 = '' OR actor = $4) AND ($5 = '' OR outcome = $6) \
             AND id < $7 ORDER BY id DESC LIMIT $8",
        ))
        .bind(about.unwrap_or(""))
        .bind(about.unwrap_or(""))
        .bind(actor.unwrap_or(""))
        .bind(actor.unwrap_or(""))
        .bind(outcome)
        .bind(outcome)
        .bind(before.unwrap_or(i64::MAX))
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(AuditEntry {
                    id: r.try_get("id")?,
                    at: r.try_get("at")?,
                    actor: r.try_get("actor")?,
                    about: r.try_get("about")?,
                    what: r.try_get("what")?,
                    allowed: r.try_get::<i64, _>("allowed")? != 0,
                    outcome: word(r, "outcome", Outcome::parse)?,
                })
            })
            .collect()
    }
}

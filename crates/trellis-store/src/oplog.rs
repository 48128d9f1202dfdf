//! The operating log in the database: meetings, decisions, escalations, conflicts, handoffs.
//! Writes are batches, all-or-nothing, and bump the log revision.

use crate::rows::{day, day_opt, word};
use crate::{Arg, Store, StoreError};
use sqlx::Row;
use sqlx::any::AnyRow;
use trellis_model::oplog::*;

/// What a batch stored: the new ids of each kind, in the order given.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Added {
    pub meetings: Vec<i64>,
    pub decisions: Vec<i64>,
    pub escalations: Vec<i64>,
    pub conflicts: Vec<i64>,
    pub handoffs: Vec<i64>,
}

/// The kinds of log record that move after they are stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RecordOf {
    Decision,
    Escalation,
    Handoff,
    Conflict,
}

impl RecordOf {
    fn table(self) -> &'static str {
        match self {
            RecordOf::Decision => "decisions",
            RecordOf::Escalation => "escalations",
            RecordOf::Handoff => "handoffs",
            RecordOf::Conflict => "conflicts",
        }
    }

    /// The word kept in the history and used in paths (`/log/decision/7`).
    pub fn word(self) -> &'static str {
        match self {
            RecordOf::Decision => "decision",
            RecordOf::Escalation => "escalation",
            RecordOf::Handoff => "handoff",
            RecordOf::Conflict => "conflict",
        }
    }
}

/// A log record moved on.
#[derive(Clone, Debug, PartialEq)]
pub enum RecordChange {
    /// A decision made on a day, by a person, at the level judged for that day.
    Decided {
        on: Date,
        by: String,
        level: Option<Level>,
    },
    /// An escalation resolved on a day, or open again (None).
    Resolved(Option<Date>),
    /// A handoff delivered on a day (no longer blocked then), or not delivered after all (None).
    Delivered(Option<Date>),
    /// A handoff blocked, or no longer blocked.
    Blocked(bool),
    /// A conflict open or resolved.
    Conflict(ConflictStatus),
    /// A decision's fields corrected (all but the meeting it came up in).
    Decision(Decision),
    /// An escalation's fields corrected.
    Escalation(Escalation),
    /// A handoff's fields corrected.
    Handoff(Handoff),
}

impl RecordChange {
    pub fn of(&self) -> RecordOf {
        match self {
            RecordChange::Decided { .. } => RecordOf::Decision,
            RecordChange::Resolved(_) => RecordOf::Escalation,
            RecordChange::Delivered(_) | RecordChange::Blocked(_) => RecordOf::Handoff,
            RecordChange::Conflict(_) => RecordOf::Conflict,
            RecordChange::Decision(_) => RecordOf::Decision,
            RecordChange::Escalation(_) => RecordOf::Escalation,
            RecordChange::Handoff(_) => RecordOf::Handoff,
        }
    }
}

/// What a change did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Changed {
    /// Stored: the record's new version.
    Done(i64),
    /// Someone changed the record since the version seen; this is its version now. Nothing
    /// was stored.
    Stale(i64),
    /// There is no such record.
    Missing,
}

/// One entry of a record's history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordEvent {
    pub what: String,
    pub by: String,
    /// RFC 3339, UTC.
    pub at: String,
}

fn lines(items: &[String]) -> String {
    items
        .iter()
        .map(|s| s.replace(['\n', '\r'], " "))
        .collect::<Vec<_>>()
        .join("\n")
}

fn split(text: &str) -> Vec<String> {
    text.lines()
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

impl Store {
    /// The log revision: changes whenever anything in the log changes.
    pub async fn log_revision(&self) -> Result<i64, StoreError> {
        let row = sqlx::query("SELECT revision FROM log_revision WHERE id = 1")
            .fetch_one(&self.pool)
            .await?;
        row.try_get("revision").map_err(StoreError::from)
    }

    /// Stores a batch in one transaction. Record ids in `batch` are ignored. A decision's or
    /// conflict's `meeting` that is negative refers to a meeting of this batch (`-1` is the
    /// first); a positive one to a stored meeting.
    /// `entered_by` is who entered the batch, kept with every record.
    pub async fn add_log(&self, batch: &OpLog, entered_by: &str) -> Result<Added, StoreError> {
        let mut tx = self.pool.begin().await?;
        // Taking the revision first holds back every other log writer until this commits, so
        // the ids reserved below are this batch's alone.
        let rev = next_revision(&mut tx).await?;
        let added = Added {
            meetings: self
                .reserve_ids(&mut tx, "meetings", batch.meetings.len())
                .await?,
            decisions: self
                .reserve_ids(&mut tx, "decisions", batch.decisions.len())
                .await?,
            escalations: self
                .reserve_ids(&mut tx, "escalations", batch.escalations.len())
                .await?,
            conflicts: self
                .reserve_ids(&mut tx, "conflicts", batch.conflicts.len())
                .await?,
            handoffs: self
                .reserve_ids(&mut tx, "handoffs", batch.handoffs.len())
                .await?,
        };
        let meeting = |m: Option<i64>| -> Result<Option<i64>, StoreError> {
            match m {
                Some(m) if m < 0 => added
                    .meetings
                    .get((-m - 1) as usize)
                    .copied()
                    .map(Some)
                    .ok_or_else(|| StoreError::Query(format!("no meeting {m} in this batch"))),
                other => Ok(other),
            }
        };
        let by = || Arg::Text(Some(entered_by.to_string()));
        let mut rows = Vec::with_capacity(batch.meetings.len());
        for (m, id) in batch.meetings.iter().zip(&added.meetings) {
            rows.push(vec![
                Arg::Int(Some(*id)),
                Arg::text(&m.ritual),
                Arg::text(m.date.to_string()),
                Arg::text(lines(&m.attendees)),
                Arg::text(lines(&m.tradeoffs)),
                Arg::text(&m.notes),
                by(),
                Arg::Int(Some(rev)),
            ]);
        }
        let meetings = rows;
        let mut rows = Vec::with_capacity(batch.decisions.len());
        for (d, id) in batch.decisions.iter().zip(&added.decisions) {
            rows.push(vec![
                Arg::Int(Some(*id)),
                Arg::text(&d.title),
                Arg::text(d.category.as_str()),
                Arg::Text(d.team.clone()),
                Arg::text(d.raised.to_string()),
                Arg::Text(d.decided.map(|x| x.to_string())),
                Arg::Text(d.decided_by.clone()),
                Arg::Text(d.escalated_from.clone()),
                Arg::Int(meeting(d.meeting)?),
                Arg::Text(d.level.map(|l| l.as_str().to_string())),
                by(),
                Arg::Int(Some(rev)),
            ]);
        }
        let decisions = rows;
        let mut rows = Vec::with_capacity(batch.escalations.len());
        for (e, id) in batch.escalations.iter().zip(&added.escalations) {
            rows.push(vec![
                Arg::Int(Some(*id)),
                Arg::text(&e.from),
                Arg::text(&e.to),
                Arg::text(e.reason.as_str()),
                Arg::Text(e.surface.clone()),
                Arg::text(e.raised.to_string()),
                Arg::Text(e.resolved.map(|x| x.to_string())),
                by(),
                Arg::Int(Some(rev)),
            ]);
        }
        let escalations = rows;
        let mut rows = Vec::with_capacity(batch.conflicts.len());
        for (c, id) in batch.conflicts.iter().zip(&added.conflicts) {
            let parties: Vec<String> = c.parties.iter().map(|p| p.to_string()).collect();
            rows.push(vec![
                Arg::Int(Some(*id)),
                Arg::text(lines(&parties)),
                Arg::Text(c.surface.clone()),
                Arg::text(&c.topic),
                Arg::Int(meeting(c.meeting)?),
                Arg::text(c.raised.to_string()),
                Arg::text(c.status.as_str()),
                by(),
                Arg::Int(Some(rev)),
                Arg::Text(c.kind.map(|k| k.as_str().to_string())),
            ]);
        }
        let conflicts = rows;
        let mut rows = Vec::with_capacity(batch.handoffs.len());
        for (h, id) in batch.handoffs.iter().zip(&added.handoffs) {
            rows.push(vec![
                Arg::Int(Some(*id)),
                Arg::text(&h.team),
                Arg::text(&h.on),
                Arg::text(&h.what),
                Arg::text(h.due.to_string()),
                Arg::Text(h.delivered.map(|x| x.to_string())),
                Arg::Int(Some(i64::from(h.blocked))),
                by(),
                Arg::Int(Some(rev)),
            ]);
        }
        let handoffs = rows;
        self.insert_rows(
            &mut tx,
            "meetings",
            &[
                "id",
                "ritual",
                "day",
                "attendees",
                "tradeoffs",
                "notes",
                "entered_by",
                "rev",
            ],
            meetings,
            "",
        )
        .await?;
        self.insert_rows(
            &mut tx,
            "decisions",
            &[
                "id",
                "title",
                "category",
                "team",
                "raised",
                "decided",
                "decided_by",
                "escalated_from",
                "meeting_id",
                "level",
                "entered_by",
                "rev",
            ],
            decisions,
            "",
        )
        .await?;
        self.insert_rows(
            &mut tx,
            "escalations",
            &[
                "id",
                "from_person",
                "to_person",
                "reason",
                "surface",
                "raised",
                "resolved",
                "entered_by",
                "rev",
            ],
            escalations,
            "",
        )
        .await?;
        self.insert_rows(
            &mut tx,
            "conflicts",
            &[
                "id",
                "parties",
                "surface",
                "topic",
                "meeting_id",
                "raised",
                "status",
                "entered_by",
                "rev",
                "kind",
            ],
            conflicts,
            "",
        )
        .await?;
        self.insert_rows(
            &mut tx,
            "handoffs",
            &[
                "id",
                "team",
                "on_team",
                "what",
                "due",
                "delivered",
                "blocked",
                "entered_by",
                "rev",
            ],
            handoffs,
            "",
        )
        .await?;
        tx.commit().await?;
        Ok(added)
    }

    /// `n` new ids for rows of `table`, in increasing order, taken the way the table's own
    /// counter would hand them out (and moving it on). Only called by a log writer holding
    /// the revision, so nobody else takes ids of these tables meanwhile.
    async fn reserve_ids(
        &self,
        tx: &mut sqlx::Transaction<'_, sqlx::Any>,
        table: &'static str,
        n: usize,
    ) -> Result<Vec<i64>, StoreError> {
        if n == 0 {
            return Ok(Vec::new());
        }
        match self.backend {
            crate::Backend::Postgres => {
                let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
                    "SELECT nextval(pg_get_serial_sequence('{table}', 'id')) FROM generate_series(1, $1) ORDER BY 1"
                )))
                .bind(n as i64)
                .fetch_all(&mut **tx)
                .await?;
                rows.iter()
                    .map(|r| r.try_get::<i64, _>(0).map_err(StoreError::from))
                    .collect()
            }
            crate::Backend::Sqlite => {
                // AUTOINCREMENT never reuses an id, even one deleted: start past both the
                // highest id there is and the highest ever given out. Inserting an id moves
                // the counter on.
                let row = sqlx::query(sqlx::AssertSqlSafe(format!(
                    "SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = '{table}'), 0), \
                     COALESCE((SELECT MAX(id) FROM {table}), 0))"
                )))
                .fetch_one(&mut **tx)
                .await?;
                let base: i64 = row.try_get(0)?;
                Ok((1..=n as i64).map(|i| base + i).collect())
            }
        }
    }

    /// Marks a conflict open or resolved; false when there is no such conflict.
    pub async fn set_conflict_status(
        &self,
        id: i64,
        status: ConflictStatus,
    ) -> Result<bool, StoreError> {
        let mut tx = self.pool.begin().await?;
        let rev = next_revision(&mut tx).await?;
        let done =
            sqlx::query(self.sql("UPDATE conflicts SET status = $1, rev = $2 WHERE id = $3"))
                .bind(status.as_str())
                .bind(rev)
                .bind(id)
                .execute(&mut *tx)
                .await?;
        if done.rows_affected() == 0 {
            return Ok(false);
        }
        tx.commit().await?;
        Ok(true)
    }

    /// The version of a log record as stored: the log revision of the write that stored or
    /// last changed it (None when there is no such record). A change made from a page or the
    /// API carries it ([`Store::change_record`]).
    pub async fn record_version(&self, kind: RecordOf, id: i64) -> Result<Option<i64>, StoreError> {
        let row = sqlx::query(self.sql(&format!("SELECT rev FROM {} WHERE id = $1", kind.table())))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(match row {
            Some(r) => Some(r.try_get::<i64, _>(0)?),
            None => None,
        })
    }

    /// Moves a log record on — a decision made, an escalation resolved, a handoff delivered —
    /// if it is still at version `seen`, and keeps `what` happened, by whom, in its history.
    /// A record changed by someone else since `seen` is left alone ([`Changed::Stale`]).
    pub async fn change_record(
        &self,
        id: i64,
        seen: i64,
        change: &RecordChange,
        what: &str,
        by: &str,
    ) -> Result<Changed, StoreError> {
        let kind = change.of();
        let mut tx = self.pool.begin().await?;
        let rev = next_revision(&mut tx).await?;
        let query = match change {
            RecordChange::Decided { on, by, level } => sqlx::query(self.sql(
                "UPDATE decisions SET decided = $1, decided_by = $2, level = $3, rev = $4 WHERE id = $5 AND rev = $6",
            ))
            .bind(on.to_string())
            .bind(by.clone())
            .bind(level.map(|l| l.as_str().to_string())),
            RecordChange::Resolved(on) => sqlx::query(self.sql(
                "UPDATE escalations SET resolved = $1, rev = $2 WHERE id = $3 AND rev = $4",
            ))
            .bind(on.map(|d| d.to_string())),
            RecordChange::Delivered(Some(on)) => sqlx::query(self.sql(
                "UPDATE handoffs SET delivered = $1, blocked = 0, rev = $2 WHERE id = $3 AND rev = $4",
            ))
            .bind(on.to_string()),
            RecordChange::Delivered(None) => sqlx::query(self.sql(
                "UPDATE handoffs SET delivered = NULL, rev = $1 WHERE id = $2 AND rev = $3",
            )),
            RecordChange::Blocked(blocked) => sqlx::query(self.sql(
                "UPDATE handoffs SET blocked = $1, rev = $2 WHERE id = $3 AND rev = $4",
            ))
            .bind(i64::from(*blocked)),
            RecordChange::Conflict(status) => sqlx::query(self.sql(
                "UPDATE conflicts SET status = $1, rev = $2 WHERE id = $3 AND rev = $4",
            ))
            .bind(status.as_str()),
            RecordChange::Decision(d) => sqlx::query(self.sql(
                "UPDATE decisions SET title = $1, category = $2, team = $3, raised = $4, decided = $5, decided_by = $6, escalated_from = $7, level = $8, rev = $9 WHERE id = $10 AND rev = $11",
            ))
            .bind(d.title.clone())
            .bind(d.category.as_str())
            .bind(d.team.clone())
            .bind(d.raised.to_string())
            .bind(d.decided.map(|x| x.to_string()))
            .bind(d.decided_by.clone())
            .bind(d.escalated_from.clone())
            .bind(d.level.map(|l| l.as_str().to_string())),
            RecordChange::Escalation(e) => sqlx::query(self.sql(
                "UPDATE escalations SET from_person = $1, to_person = $2, reason = $3, surface = $4, raised = $5, resolved = $6, rev = $7 WHERE id = $8 AND rev = $9",
            ))
            .bind(e.from.clone())
            .bind(e.to.clone())
            .bind(e.reason.as_str())
            .bind(e.surface.clone())
            .bind(e.raised.to_string())
            .bind(e.resolved.map(|x| x.to_string())),
            RecordChange::Handoff(h) => sqlx::query(self.sql(
                "UPDATE handoffs SET team = $1, on_team = $2, what = $3, due = $4, delivered = $5, blocked = $6, rev = $7 WHERE id = $8 AND rev = $9",
            ))
            .bind(h.team.clone())
            .bind(h.on.clone())
            .bind(h.what.clone())
            .bind(h.due.to_string())
            .bind(h.delivered.map(|x| x.to_string()))
            .bind(i64::from(h.blocked)),
        };
        let done = query
            .bind(rev)
            .bind(id)
            .bind(seen)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            // Nothing changed: the revision taken is given back with the transaction.
            drop(tx);
            return Ok(match self.record_version(kind, id).await? {
                Some(now) => Changed::Stale(now),
                None => Changed::Missing,
            });
        }
        sqlx::query(self.sql(
            "INSERT INTO log_changes (kind, record_id, what, changed_by, changed_at, rev) VALUES ($1, $2, $3, $4, $5, $6)",
        ))
        .bind(kind.word())
        .bind(id)
        .bind(what)
        .bind(by)
        .bind(crate::rfc3339_utc(std::time::SystemTime::now()))
        .bind(rev)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Changed::Done(rev))
    }

    /// What happened to a log record after it was stored, oldest first.
    pub async fn record_history(
        &self,
        kind: RecordOf,
        id: i64,
    ) -> Result<Vec<RecordEvent>, StoreError> {
        let rows = sqlx::query(self.sql(
            "SELECT what, changed_by, changed_at FROM log_changes WHERE kind = $1 AND record_id = $2 ORDER BY id",
        ))
        .bind(kind.word())
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(RecordEvent {
                    what: r.try_get(0)?,
                    by: r.try_get(1)?,
                    at: r.try_get(2)?,
                })
            })
            .collect()
    }

    /// The whole operating log, each kind in id order.
    pub async fn oplog(&self) -> Result<OpLog, StoreError> {
        Ok(self.oplog_since(None).await?.1)
    }

    /// The log revision, then the records stored or changed after revision `since` (all of
    /// them for None), each kind in id order. The revision is read first: every record it
    /// covers is in the answer, and a few later ones may be too (merge by id,
    /// [`OpLog::merge`]).
    pub async fn oplog_since(&self, since: Option<i64>) -> Result<(i64, OpLog), StoreError> {
        let revision = self.log_revision().await?;
        let mut log = OpLog::default();
        if since.is_none() {
            // Sized from the start: growing by doubling would briefly hold a million
            // decisions three times over.
            let count = |table: &'static str| async move {
                let row = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {table}")))
                    .fetch_one(&self.pool)
                    .await?;
                let n: i64 = row.try_get(0)?;
                Ok::<usize, StoreError>(usize::try_from(n).unwrap_or(0))
            };
            log.meetings.reserve_exact(count("meetings").await?);
            log.decisions.reserve_exact(count("decisions").await?);
            log.escalations.reserve_exact(count("escalations").await?);
            log.conflicts.reserve_exact(count("conflicts").await?);
            log.handoffs.reserve_exact(count("handoffs").await?);
        }
        self.each_row(
            "SELECT id, ritual, day, attendees, tradeoffs, notes FROM meetings",
            since,
            |r| {
                log.meetings.push(Meeting {
                    id: r.try_get("id")?,
                    ritual: r.try_get("ritual")?,
                    date: day(r, "day")?,
                    attendees: split(&r.try_get::<String, _>("attendees")?),
                    tradeoffs: split(&r.try_get::<String, _>("tradeoffs")?),
                    notes: r.try_get("notes")?,
                });
                Ok(())
            },
        )
        .await?;
        self.each_row(
            "SELECT id, title, category, team, raised, decided, decided_by, escalated_from, meeting_id, level FROM decisions",
            since,
            |r| {
            log.decisions.push(Decision {
                id: r.try_get("id")?,
                title: r.try_get("title")?,
                category: word(r, "category", Category::parse)?,
                team: r.try_get("team")?,
                raised: day(r, "raised")?,
                decided: day_opt(r, "decided")?,
                decided_by: r.try_get("decided_by")?,
                escalated_from: r.try_get("escalated_from")?,
                meeting: r.try_get("meeting_id")?,
                level: match r
                    .try_get::<Option<String>, _>("level")?
                {
                    Some(l) => Some(Level::parse(&l).ok_or_else(|| {
                        StoreError::Query(format!("unknown level `{l}` in decisions"))
                    })?),
                    None => None,
                },
            });
                Ok(())
            },
        )
        .await?;
        self.each_row(
            "SELECT id, from_person, to_person, reason, surface, raised, resolved FROM escalations",
            since,
            |r| {
                log.escalations.push(Escalation {
                    id: r.try_get("id")?,
                    from: r.try_get("from_person")?,
                    to: r.try_get("to_person")?,
                    reason: word(r, "reason", Reason::parse)?,
                    surface: r.try_get("surface")?,
                    raised: day(r, "raised")?,
                    resolved: day_opt(r, "resolved")?,
                });
                Ok(())
            },
        )
        .await?;
        self.each_row(
            "SELECT id, parties, surface, topic, meeting_id, raised, status, kind FROM conflicts",
            since,
            |r| {
                let parties: String = r.try_get("parties")?;
                log.conflicts.push(Conflict {
                    id: r.try_get("id")?,
                    parties: split(&parties)
                        .iter()
                        .filter_map(|p| Party::parse(p))
                        .collect(),
                    surface: r.try_get("surface")?,
                    topic: r.try_get("topic")?,
                    meeting: r.try_get("meeting_id")?,
                    raised: day(r, "raised")?,
                    status: word(r, "status", ConflictStatus::parse)?,
                    kind: {
                        let kind: Option<String> = r.try_get("kind")?;
                        match kind {
                            Some(k) => Some(ConflictKind::parse(&k).ok_or_else(|| {
                                StoreError::Query(format!("unknown value `{k}` in kind"))
                            })?),
                            None => None,
                        }
                    },
                });
                Ok(())
            },
        )
        .await?;
        self.each_row(
            "SELECT id, team, on_team, what, due, delivered, blocked FROM handoffs",
            since,
            |r| {
                log.handoffs.push(Handoff {
                    id: r.try_get("id")?,
                    team: r.try_get("team")?,
                    on: r.try_get("on_team")?,
                    what: r.try_get("what")?,
                    due: day(r, "due")?,
                    delivered: day_opt(r, "delivered")?,
                    blocked: r.try_get::<i64, _>("blocked")? != 0,
                });
                Ok(())
            },
        )
        .await?;
        Ok((revision, log))
    }
}

impl Store {
    /// Runs `sql` (a SELECT of one log table), only on the rows stored or changed after
    /// revision `since` when there is one, in id order, and hands each row to `f` as it
    /// streams in: a million rows are never all held at once.
    async fn each_row(
        &self,
        sql: &str,
        since: Option<i64>,
        mut f: impl FnMut(&AnyRow) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        use futures_util::TryStreamExt;
        let filter = if since.is_some() {
            " WHERE rev > $1"
        } else {
            ""
        };
        let sql = self.sql(&format!("{sql}{filter} ORDER BY id"));
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql.0));
        if let Some(after) = since {
            q = q.bind(after);
        }
        let mut rows = q.fetch(&self.pool);
        while let Some(r) = rows.try_next().await? {
            f(&r)?;
        }
        Ok(())
    }
}

/// Bumps the log revision at the start of a write and answers the new one, which the write
/// stamps on every row it stores or changes. Taking the revision's row first holds back other
/// log writers until this one commits, so revisions become visible in order.
async fn next_revision(tx: &mut sqlx::Transaction<'_, sqlx::Any>) -> Result<i64, StoreError> {
    let row = sqlx::query(
        "UPDATE log_revision SET revision = revision + 1 WHERE id = 1 RETURNING revision",
    )
    .fetch_one(&mut **tx)
    .await?;
    row.try_get(0).map_err(StoreError::from)
}

//! Scenarios in the database: a draft reorganisation's files, its edits in order, and its
//! revision. Every write checks the revision it was read at, in the same transaction.

use crate::{NewVersion, Store, StoreError, rfc3339_utc};
use sqlx::Row;
use sqlx::any::AnyRow;
use std::time::SystemTime;

/// Where a scenario stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScenarioStatus {
    /// Being drafted.
    Open,
    /// Made into an org version (`applied_as`).
    Applied,
    /// Set aside by its author or a leader; kept, read only.
    Discarded,
}

impl ScenarioStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ScenarioStatus::Open => "open",
            ScenarioStatus::Applied => "applied",
            ScenarioStatus::Discarded => "discarded",
        }
    }

    pub fn parse(s: &str) -> Option<ScenarioStatus> {
        match s {
            "open" => Some(ScenarioStatus::Open),
            "applied" => Some(ScenarioStatus::Applied),
            "discarded" => Some(ScenarioStatus::Discarded),
            _ => None,
        }
    }
}

/// A stored scenario, without its files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scenario {
    pub id: i64,
    pub name: String,
    pub why: String,
    /// The account's email.
    pub author: String,
    /// The org version the scenario is drafted against (its edits are replayed on a newer one).
    pub base_version: i64,
    pub status: ScenarioStatus,
    /// The version it became, once applied.
    pub applied_as: Option<i64>,
    /// Grows with every edit; a write read at an older revision is refused.
    pub rev: i64,
    /// RFC 3339, UTC.
    pub created_at: String,
    pub updated_at: String,
    /// How many edits it holds.
    pub edits: i64,
}

/// One edit of a scenario, in the order made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScenarioEdit {
    pub id: i64,
    /// In words, for people.
    pub summary: String,
    /// What the web app needs to replay it (JSON; the store does not read it).
    pub body: String,
    pub made_by: String,
    pub made_at: String,
}

/// A scenario to start.
pub struct NewScenario<'a> {
    pub name: &'a str,
    pub why: &'a str,
    pub author: &'a str,
    pub base_version: i64,
    pub files: &'a [(String, String)],
}

const COLUMNS: &str = "s.id, s.name, s.why, s.author, s.base_version, s.status, s.applied_as, s.rev, s.created_at, s.updated_at, \
     (SELECT COUNT(*) FROM scenario_edits e WHERE e.scenario_id = s.id) AS edits";

fn scenario_from(r: &AnyRow) -> Result<Scenario, StoreError> {
    let status: String = r.try_get("status")?;
    Ok(Scenario {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        why: r.try_get("why")?,
        author: r.try_get("author")?,
        base_version: r.try_get("base_version")?,
        status: ScenarioStatus::parse(&status)
            .ok_or_else(|| StoreError::Query(format!("unknown scenario status `{status}`")))?,
        applied_as: r.try_get("applied_as")?,
        rev: r.try_get("rev")?,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
        edits: r.try_get("edits")?,
    })
}

impl Store {
    /// Starts a scenario from a version's files; returns its id.
    pub async fn add_scenario(&self, s: &NewScenario<'_>) -> Result<i64, StoreError> {
        let now = rfc3339_utc(SystemTime::now());
        let mut tx = self.pool.begin().await?;
        let row = sqlx::query(self.sql(
            "INSERT INTO scenarios (name, why, author, base_version, status, rev, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, 'open', 1, $5, $6) RETURNING id",
        ))
        .bind(s.name)
        .bind(s.why)
        .bind(s.author)
        .bind(s.base_version)
        .bind(&now)
        .bind(&now)
        .fetch_one(&mut *tx)
        .await?;
        let id: i64 = row.try_get(0)?;
        self.put_scenario_files(&mut tx, id, s.files).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn put_scenario_files(
        &self,
        tx: &mut sqlx::Transaction<'_, sqlx::Any>,
        id: i64,
        files: &[(String, String)],
    ) -> Result<(), StoreError> {
        sqlx::query(self.sql("DELETE FROM scenario_files WHERE scenario_id = $1"))
            .bind(id)
            .execute(&mut **tx)
            .await?;
        for (path, body) in files {
            sqlx::query(
                self.sql(
                    "INSERT INTO scenario_files (scenario_id, path, body) VALUES ($1, $2, $3)",
                ),
            )
            .bind(id)
            .bind(path.as_str())
            .bind(body.as_str())
            .execute(&mut **tx)
            .await?;
        }
        Ok(())
    }

    /// One scenario, if it exists.
    pub async fn scenario(&self, id: i64) -> Result<Option<Scenario>, StoreError> {
        let row = sqlx::query(self.sql(&format!(
            "SELECT {COLUMNS} FROM scenarios s WHERE s.id = $1"
        )))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(scenario_from).transpose()
    }

    /// Scenarios newest first, `limit` from `offset`, without counting them all.
    pub async fn scenario_list(
        &self,
        author: Option<&str>,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<Scenario>, StoreError> {
        let filter = if author.is_some() {
            "WHERE s.author = $1 ORDER BY s.id DESC LIMIT $2 OFFSET $3"
        } else {
            "ORDER BY s.id DESC LIMIT $1 OFFSET $2"
        };
        let mut q = sqlx::query(self.sql(&format!("SELECT {COLUMNS} FROM scenarios s {filter}")));
        if let Some(a) = author {
            q = q.bind(a);
        }
        let rows = q.bind(limit).bind(offset).fetch_all(&self.pool).await?;
        rows.iter().map(scenario_from).collect()
    }

    /// How many scenarios there are (`author`: that account's).
    pub async fn scenario_count(&self, author: Option<&str>) -> Result<i64, StoreError> {
        let row = match author {
            Some(a) => {
                sqlx::query(self.sql("SELECT COUNT(*) AS n FROM scenarios WHERE author = $1"))
                    .bind(a)
                    .fetch_one(&self.pool)
                    .await?
            }
            None => {
                sqlx::query("SELECT COUNT(*) AS n FROM scenarios")
                    .fetch_one(&self.pool)
                    .await?
            }
        };
        row.try_get("n").map_err(StoreError::from)
    }

    /// A scenario's files as it has them now, by path.
    pub async fn scenario_files(&self, id: i64) -> Result<Vec<(String, String)>, StoreError> {
        let rows = sqlx::query(
            self.sql("SELECT path, body FROM scenario_files WHERE scenario_id = $1 ORDER BY path"),
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("path")?, r.try_get("body")?)))
            .collect()
    }

    /// A scenario's edits in the order they were made.
    pub async fn scenario_edits(&self, id: i64) -> Result<Vec<ScenarioEdit>, StoreError> {
        let rows = sqlx::query(self.sql(
            "SELECT id, summary, body, made_by, made_at FROM scenario_edits WHERE scenario_id = $1 ORDER BY id",
        ))
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(ScenarioEdit {
                    id: r.try_get("id")?,
                    summary: r.try_get("summary")?,
                    body: r.try_get("body")?,
                    made_by: r.try_get("made_by")?,
                    made_at: r.try_get("made_at")?,
                })
            })
            .collect()
    }

    /// Locks the scenario's row for this transaction and checks it is open at revision `rev`.
    async fn claim_scenario(
        &self,
        tx: &mut sqlx::Transaction<'_, sqlx::Any>,
        id: i64,
        rev: i64,
    ) -> Result<(), StoreError> {
        // Bump first: on SQLite that takes the write lock at once; on PostgreSQL it locks the row.
        let now = rfc3339_utc(SystemTime::now());
        let bumped = sqlx::query(self.sql(
            "UPDATE scenarios SET rev = rev + 1, updated_at = $1 WHERE id = $2 AND rev = $3 AND status = 'open'",
        ))
        .bind(&now)
        .bind(id)
        .bind(rev)
        .execute(&mut **tx)
        .await?;
        if bumped.rows_affected() == 1 {
            return Ok(());
        }
        let row = sqlx::query(self.sql("SELECT status, rev FROM scenarios WHERE id = $1"))
            .bind(id)
            .fetch_optional(&mut **tx)
            .await?;
        Err(match row {
            None => StoreError::Query(format!("there is no scenario {id}")),
            Some(r) => {
                let status: String = r.try_get("status")?;
                if status != "open" {
                    StoreError::Conflict(format!(
                        "the scenario is {status}, so it no longer changes"
                    ))
                } else {
                    StoreError::Conflict(
                        "someone changed the scenario since this was read; nothing was saved"
                            .into(),
                    )
                }
            }
        })
    }

    /// Records an edit: the scenario's files become `files` and the edit is added, if the
    /// scenario is still open at revision `rev` (else a conflict, nothing changed). Returns the
    /// new revision.
    pub async fn edit_scenario(
        &self,
        id: i64,
        rev: i64,
        files: &[(String, String)],
        summary: &str,
        body: &str,
        made_by: &str,
    ) -> Result<i64, StoreError> {
        let mut tx = self.pool.begin().await?;
        self.claim_scenario(&mut tx, id, rev).await?;
        self.put_scenario_files(&mut tx, id, files).await?;
        sqlx::query(self.sql(
            "INSERT INTO scenario_edits (scenario_id, summary, body, made_by, made_at) VALUES ($1, $2, $3, $4, $5)",
        ))
        .bind(id)
        .bind(summary)
        .bind(body)
        .bind(made_by)
        .bind(rfc3339_utc(SystemTime::now()))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(rev + 1)
    }

    /// Makes the scenario (open, at revision `rev`) a new org version in one transaction: the
    /// version is added (a conflict when `version.parent` is no longer the newest) and the
    /// scenario marked applied. Returns the version's id.
    pub async fn apply_scenario(
        &self,
        id: i64,
        rev: i64,
        version: &NewVersion<'_>,
    ) -> Result<i64, StoreError> {
        let mut tx = self.pool.begin().await?;
        self.claim_scenario(&mut tx, id, rev).await?;
        let vid = self
            .insert_version(&mut tx, version, SystemTime::now())
            .await?;
        sqlx::query(
            self.sql("UPDATE scenarios SET status = 'applied', applied_as = $1 WHERE id = $2"),
        )
        .bind(vid)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(vid)
    }

    /// Sets an open scenario (at revision `rev`) aside.
    pub async fn discard_scenario(&self, id: i64, rev: i64) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        self.claim_scenario(&mut tx, id, rev).await?;
        sqlx::query(self.sql("UPDATE scenarios SET status = 'discarded' WHERE id = $1"))
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }
}

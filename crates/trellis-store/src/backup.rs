//! Backup and restore: every table read in one transaction (a consistent snapshot while the
//! server keeps writing) into plain rows, and written back into an empty database of either
//! backend in one transaction. The caller chooses the file format; this module knows only SQL.

use crate::{Backend, Store, StoreError};
use sqlx::any::AnyRow;
use sqlx::{AssertSqlSafe, Column, Row};

/// Every table, parents before children (restore inserts in this order, clears in reverse).
/// Login failures and single sign-ins on their way are left out: they are throttling and
/// sign-in state, not data.
pub const TABLES: &[&str] = &[
    "org_versions",
    "org_version_files",
    "org_version_changes",
    "users",
    "sessions",
    "api_tokens",
    "meetings",
    "decisions",
    "escalations",
    "conflicts",
    "handoffs",
    "log_changes",
    "log_revision",
    "talent_sessions",
    "talent_interest",
    "talent_observations",
    "talent_assignments",
    "talent_notes",
    "talent_ratings",
    "talent_rating_changes",
    "talent_promotions",
    "talent_sponsors",
    "talent_successors",
    "talent_revision",
    "audit_log",
    "goals",
    "goal_updates",
    "portfolio_decisions",
    "planning_revision",
    "scorecard_snapshots",
    "scenarios",
    "scenario_files",
    "scenario_edits",
    "path_entries",
    "path_dismissed",
    "path_questions",
    "path_answers",
    "path_feedback",
    "path_sponsors",
    "path_shares",
];

/// Tables whose `id` a sequence hands out on PostgreSQL (set past the restored ids).
const SERIAL: &[&str] = &[
    "org_versions",
    "users",
    "api_tokens",
    "meetings",
    "decisions",
    "escalations",
    "conflicts",
    "handoffs",
    "log_changes",
    "talent_sessions",
    "talent_interest",
    "talent_observations",
    "talent_assignments",
    "talent_notes",
    "talent_ratings",
    "talent_rating_changes",
    "talent_promotions",
    "talent_successors",
    "audit_log",
    "goals",
    "goal_updates",
    "portfolio_decisions",
    "scenarios",
    "scenario_edits",
    "path_entries",
    "path_questions",
    "path_answers",
    "path_feedback",
    "path_sponsors",
];

/// Tables that hold a single bookkeeping row from the start; they do not make a database
/// "not empty".
const BOOKKEEPING: &[&str] = &["log_revision", "talent_revision", "planning_revision"];

/// One value of a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Null,
    Int(i64),
    Text(String),
}

/// One table's rows, with its column names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableRows {
    pub name: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Value>>,
}

/// Everything a database holds, and the schema it was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Backup {
    /// The newest migration applied (a restore needs the same).
    pub schema: i64,
    pub tables: Vec<TableRows>,
}

fn value(row: &AnyRow, i: usize) -> Value {
    if let Ok(v) = row.try_get::<Option<i64>, _>(i) {
        return v.map_or(Value::Null, Value::Int);
    }
    if let Ok(v) = row.try_get::<Option<i32>, _>(i) {
        return v.map_or(Value::Null, |x| Value::Int(i64::from(x)));
    }
    match row.try_get::<Option<String>, _>(i) {
        Ok(Some(s)) => Value::Text(s),
        _ => Value::Null,
    }
}

/// The primary-key order to read a table in, so a backup is the same for the same data.
fn order_of(table: &str) -> &'static str {
    match table {
        "org_version_files" => "version_id, path",
        "org_version_changes" => "version_id",
        "sessions" => "token_hash",
        "talent_sponsors" => "person, sponsor",
        "scorecard_snapshots" => "quarter",
        "scenario_files" => "scenario_id, path",
        "path_dismissed" => "owner, source",
        "path_shares" => "owner, section, person",
        _ => "id",
    }
}

impl Store {
    /// The newest migration applied to this database.
    pub async fn schema_version(&self) -> Result<i64, StoreError> {
        let row = sqlx::query("SELECT MAX(version) FROM _sqlx_migrations")
            .fetch_one(&self.pool)
            .await?;
        row.try_get::<Option<i64>, _>(0)
            .map_err(StoreError::from)
            .map(|v| v.unwrap_or(0))
    }

    /// Reads every table in one transaction: what a writer commits meanwhile is either wholly
    /// in the backup or wholly out of it.
    pub async fn backup(&self) -> Result<Backup, StoreError> {
        let schema = self.schema_version().await?;
        let mut tx = self.pool.begin().await?;
        if self.backend == Backend::Postgres {
            sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                .execute(&mut *tx)
                .await?;
        }
        let mut tables = Vec::with_capacity(TABLES.len());
        for table in TABLES {
            let sql = format!("SELECT * FROM {table} ORDER BY {}", order_of(table));
            let rows = sqlx::query(AssertSqlSafe(sql)).fetch_all(&mut *tx).await?;
            let columns: Vec<String> = rows
                .first()
                .map(|r| r.columns().iter().map(|c| c.name().to_string()).collect())
                .unwrap_or_default();
            let rows = rows
                .iter()
                .map(|r| (0..columns.len()).map(|i| value(r, i)).collect())
                .collect();
            tables.push(TableRows {
                name: table.to_string(),
                columns,
                rows,
            });
        }
        tx.commit().await?;
        Ok(Backup { schema, tables })
    }

    /// Is there anything in this database beyond what a fresh one holds?
    pub async fn is_empty(&self) -> Result<bool, StoreError> {
        for table in TABLES.iter().filter(|t| !BOOKKEEPING.contains(t)) {
            let sql = format!("SELECT COUNT(*) FROM {table}");
            let row = sqlx::query(AssertSqlSafe(sql))
                .fetch_one(&self.pool)
                .await?;
            if row.try_get::<i64, _>(0)? > 0 {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// Writes a backup into this database in one transaction, replacing what it holds (the
    /// caller refuses a non-empty database unless told otherwise). Refused when the backup
    /// was made with another schema, or names a table or column this database lacks.
    pub async fn restore(&self, backup: &Backup) -> Result<usize, StoreError> {
        let schema = self.schema_version().await?;
        if backup.schema != schema {
            return Err(StoreError::Conflict(format!(
                "the backup was made with schema version {} and this database has {schema}; restore it with the Trellis release that made it, then upgrade",
                backup.schema
            )));
        }
        for t in &backup.tables {
            if !TABLES.contains(&t.name.as_str()) {
                return Err(StoreError::Conflict(format!(
                    "the backup holds a table `{}` this Trellis does not know",
                    t.name
                )));
            }
            let bad = t.columns.iter().find(|c| {
                c.is_empty() || !c.chars().all(|x| x.is_ascii_alphanumeric() || x == '_')
            });
            if let Some(c) = bad {
                return Err(StoreError::Conflict(format!(
                    "the backup names a column `{c}` in `{}` that is not a column name",
                    t.name
                )));
            }
        }
        let mut tx = self.pool.begin().await?;
        for table in TABLES.iter().rev() {
            sqlx::query(AssertSqlSafe(format!("DELETE FROM {table}")))
                .execute(&mut *tx)
                .await?;
        }
        let mut restored = 0usize;
        for table in TABLES {
            let Some(t) = backup.tables.iter().find(|t| t.name == *table) else {
                continue;
            };
            if t.rows.is_empty() {
                continue;
            }
            for row in &t.rows {
                if row.len() != t.columns.len() {
                    return Err(StoreError::Conflict(format!(
                        "a row of `{table}` in the backup has {} values for {} columns",
                        row.len(),
                        t.columns.len()
                    )));
                }
                // NULL is written as such: a typed NULL parameter would not fit every column.
                let mut n = 0;
                let values: Vec<String> = row
                    .iter()
                    .map(|v| match v {
                        Value::Null => "NULL".to_string(),
                        _ => {
                            n += 1;
                            match self.backend {
                                Backend::Postgres => format!("${n}"),
                                Backend::Sqlite => "?".to_string(),
                            }
                        }
                    })
                    .collect();
                let sql = format!(
                    "INSERT INTO {table} ({}) VALUES ({})",
                    t.columns.join(", "),
                    values.join(", ")
                );
                let mut q = sqlx::query(AssertSqlSafe(sql));
                for v in row {
                    q = match v {
                        Value::Null => q,
                        Value::Int(n) => q.bind(*n),
                        Value::Text(s) => q.bind(s.clone()),
                    };
                }
                q.execute(&mut *tx).await?;
                restored += 1;
            }
        }
        if self.backend == Backend::Postgres {
            for table in SERIAL {
                let sql = format!(
                    "SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
                );
                sqlx::query(AssertSqlSafe(sql)).execute(&mut *tx).await?;
            }
        }
        tx.commit().await?;
        Ok(restored)
    }
}

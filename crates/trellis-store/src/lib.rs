//! Where Trellis keeps its state. One `Store` over SQLite (the default: one file, no set-up) or
//! PostgreSQL (for several stateless instances), chosen once from the URL. Each backend has its
//! own migrations folder, kept in step. This is the only crate that knows SQL.

pub mod backup;
mod oplog;
mod path;
mod planning;
mod rows;
mod scenarios;
mod talent;

pub use oplog::{Added, Changed, RecordChange, RecordEvent, RecordOf};
pub use path::SharedWith;
pub use planning::AddedPlanning;
pub use scenarios::{NewScenario, Scenario, ScenarioEdit, ScenarioStatus};
pub use talent::{AuditEntry, Entered, Outcome};

use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::{AnyPool, AssertSqlSafe, Executor, Row};
use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

/// Which database a store talks to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A store error: what failed, in words a user can act on. Secrets never appear in it.
#[derive(Debug)]
pub enum StoreError {
    /// The URL is not one Trellis can use.
    BadUrl(String),
    /// Could not open or migrate the database.
    Open(String),
    /// Something the store found wrong (a bad value read back, a reference to nothing).
    Query(String),
    /// A query the database refused or could not run, with the database's own error as its
    /// source.
    Database(sqlx::Error),
    /// The requested version does not exist.
    NoSuchVersion(i64),
    /// A unique value is already taken (e.g. an account's email).
    Conflict(String),
    /// The database is busy (another write holds the lock past the wait) or unreachable (a
    /// PostgreSQL outage, a full pool): nothing was done, and trying again later may work.
    Unavailable(String),
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::BadUrl(why) => write!(f, "{why}"),
            StoreError::Open(why) => write!(f, "cannot open the database: {why}"),
            StoreError::Query(why) => write!(f, "database error: {why}"),
            StoreError::Database(e) => write!(f, "database error: {e}"),
            StoreError::NoSuchVersion(id) => write!(f, "there is no org version {id}"),
            StoreError::Conflict(what) => write!(f, "{what}"),
            StoreError::Unavailable(why) => write!(f, "the database is unavailable: {why}"),
        }
    }
}

impl std::error::Error for StoreError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            StoreError::Database(e) => Some(e),
            _ => None,
        }
    }
}

/// A database error is "unavailable" (busy, unreachable: try again) or kept whole as the
/// source of [`StoreError::Database`].
impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        if is_unavailable(&e) {
            StoreError::Unavailable(e.to_string())
        } else {
            StoreError::Database(e)
        }
    }
}

/// Errors that say "not now" rather than "never": a lock held past the busy timeout, a pool
/// with no free connection, a server that cannot be reached or went away.
fn is_unavailable(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::WorkerCrashed => true,
        sqlx::Error::Database(db) => {
            // SQLite: SQLITE_BUSY (5) and SQLITE_LOCKED (6), extended codes included;
            // PostgreSQL: class 08 (connection), 57P01–03 (shutting down, cannot connect now),
            // 53300 (too many connections), 40001/40P01 (serialization failure, deadlock).
            let code = db.code().map(|c| c.into_owned()).unwrap_or_default();
            let message = db.message();
            code.parse::<i64>().is_ok_and(|c| matches!(c & 0xff, 5 | 6))
                || code.starts_with("08")
                || matches!(
                    code.as_str(),
                    "57P01" | "57P02" | "57P03" | "53300" | "40001" | "40P01"
                )
                || message.contains("database is locked")
        }
        _ => false,
    }
}

/// SQLite's SQLITE_READONLY (8, extended codes included) or PostgreSQL's 25006 (a read-only
/// transaction: a read-only role default or a standby).
fn is_read_only(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Database(db) => {
            let code = db.code().map(|c| c.into_owned()).unwrap_or_default();
            code.parse::<i64>().is_ok_and(|c| c & 0xff == 8)
                || code == "25006"
                || db.message().contains("readonly database")
        }
        _ => false,
    }
}

fn read_only(e: sqlx::Error) -> StoreError {
    read_only_text(&e.to_string())
}

fn read_only_text(why: &str) -> StoreError {
    StoreError::Open(format!(
        "the database is read-only ({why}); Trellis must be able to write to it: check the \
         permissions of the database file and its folder, `mode=ro` in the URL, or the \
         PostgreSQL role and server"
    ))
}

/// One value of a row to insert.
pub(crate) enum Arg {
    Int(Option<i64>),
    Text(Option<String>),
}

impl Arg {
    pub(crate) fn text(s: impl Into<String>) -> Arg {
        Arg::Text(Some(s.into()))
    }
}

/// A new org version: the files it is made of and what checking them found.
#[derive(Debug, Clone)]
pub struct NewVersion<'a> {
    pub author: &'a str,
    pub message: &'a str,
    /// (path relative to the org folder, text)
    pub files: &'a [(String, String)],
    pub people: i64,
    pub teams: i64,
    pub errors: i64,
    pub warnings: i64,
    pub infos: i64,
    /// The version this one was made from (None for the first). If another version was stored
    /// since, the add is refused with [`StoreError::Conflict`] instead of silently undoing it.
    pub parent: Option<i64>,
    /// What changed against the parent, one line per change.
    pub changes: &'a [String],
}

/// A stored org version, without its files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    pub id: i64,
    /// RFC 3339, UTC.
    pub created_at: String,
    pub author: String,
    pub message: String,
    pub people: i64,
    pub teams: i64,
    pub errors: i64,
    pub warnings: i64,
    pub infos: i64,
    /// How many changes against the version before it were recorded.
    pub change_count: i64,
    /// The first few of those changes.
    pub changes_head: Vec<String>,
}

impl Version {
    /// The day it was stored (UTC).
    pub fn day(&self) -> trellis_model::oplog::Date {
        self.created_at
            .get(..10)
            .and_then(trellis_model::oplog::Date::parse)
            .unwrap_or(trellis_model::oplog::Date(0))
    }

    /// The version in force on `day` among `versions` (oldest first): the last one stored on
    /// or before it, or the first of all for a day before any. None only when there is none.
    pub fn in_force(versions: &[Version], day: trellis_model::oplog::Date) -> Option<&Version> {
        versions
            .iter()
            .rev()
            .find(|v| v.day() <= day)
            .or(versions.first())
    }
}

/// How many change lines a version list shows per version.
const CHANGES_HEAD: usize = 5;

#[derive(Clone, Debug)]
pub struct Store {
    pub(crate) pool: AnyPool,
    backend: Backend,
}

/// The backend a URL selects, or why it selects none.
pub fn backend_of(url: &str) -> Result<Backend, StoreError> {
    if url.starts_with("sqlite:") {
        Ok(Backend::Sqlite)
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(Backend::Postgres)
    } else {
        Err(StoreError::BadUrl(format!(
            "`{}` is not a database URL Trellis knows; use sqlite://FILE or postgres://USER@HOST/DB",
            redact(url)
        )))
    }
}

/// The file a `sqlite:` URL names, if it names one (not `:memory:`).
pub fn sqlite_path(url: &str) -> Option<std::path::PathBuf> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or(rest);
    (!path.is_empty() && !path.starts_with(":memory:")).then(|| path.into())
}

/// Makes a SQLite database and its journal files readable by their owner only (0600): they
/// hold talent records and password hashes. SQLite gives the journal files it creates later the
/// database file's permissions.
fn private_files(url: &str) -> Result<(), StoreError> {
    #[cfg(unix)]
    if let Some(path) = sqlite_path(url) {
        use std::os::unix::fs::PermissionsExt;
        for suffix in ["", "-wal", "-shm"] {
            let file = std::path::PathBuf::from(format!("{}{suffix}", path.display()));
            let Ok(meta) = std::fs::metadata(&file) else {
                continue;
            };
            if meta.permissions().mode() & 0o077 != 0 {
                std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).map_err(
                    |e| {
                        StoreError::Open(format!(
                            "{} can be read by others and its permissions cannot be changed ({e}); make it 0600",
                            file.display()
                        ))
                    },
                )?;
            }
        }
    }
    #[cfg(not(unix))]
    let _ = url;
    Ok(())
}

/// A URL with any password replaced, for messages and logs.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let creds = &url[scheme + 3..at];
            match creds.find(':') {
                Some(colon) => format!(
                    "{}{}:***{}",
                    &url[..scheme + 3],
                    &creds[..colon],
                    &url[at..]
                ),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

impl Store {
    /// Opens (creating a SQLite file if needed) and migrates the database at `url`.
    pub async fn open(url: &str) -> Result<Store, StoreError> {
        let backend = backend_of(url)?;
        sqlx::any::install_default_drivers();
        // A request waits at most a few seconds for a connection: an outage answers "busy,
        // try again" quickly instead of after the default half minute.
        let mut options = AnyPoolOptions::new()
            .max_connections(match backend {
                Backend::Sqlite => 4,
                Backend::Postgres => 10,
            })
            .acquire_timeout(std::time::Duration::from_secs(5));
        if backend == Backend::Sqlite {
            options = options.after_connect(|conn, _| {
                Box::pin(async move {
                    // WAL lets readers work while one writer writes; wait rather than fail on a lock.
                    conn.execute("PRAGMA journal_mode = WAL").await?;
                    conn.execute("PRAGMA busy_timeout = 5000").await?;
                    conn.execute("PRAGMA foreign_keys = ON").await?;
                    conn.execute("PRAGMA synchronous = NORMAL").await?;
                    Ok(())
                })
            });
        }
        let pool = options
            .connect(url)
            .await
            .map_err(|e| StoreError::Open(format!("{} ({e})", redact(url))))?;
        let migrated = match backend {
            Backend::Sqlite => sqlx::migrate!("./migrations/sqlite").run(&pool).await,
            Backend::Postgres => sqlx::migrate!("./migrations/postgres").run(&pool).await,
        };
        migrated.map_err(|e| {
            let text = e.to_string();
            if text.contains("read-only transaction") || text.contains("readonly database") {
                read_only_text(&text)
            } else {
                StoreError::Open(format!("migrations failed: {text}"))
            }
        })?;
        if backend == Backend::Sqlite {
            private_files(url)?;
        }
        Ok(Store { pool, backend })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Inserts `rows` into `table` many at a time (one statement per few hundred rows instead
    /// of one per row: an import holds the write lock a fraction as long). `suffix` ends each
    /// statement (e.g. an `ON CONFLICT` clause).
    pub(crate) async fn insert_rows(
        &self,
        tx: &mut sqlx::Transaction<'_, sqlx::Any>,
        table: &'static str,
        columns: &[&str],
        rows: Vec<Vec<Arg>>,
        suffix: &str,
    ) -> Result<(), StoreError> {
        // Well under SQLite's 32,766 and PostgreSQL's 65,535 parameters per statement.
        let per_statement = (8_000 / columns.len()).max(1);
        let mut rows = rows.into_iter().peekable();
        while rows.peek().is_some() {
            let chunk: Vec<Vec<Arg>> = rows.by_ref().take(per_statement).collect();
            let mut sql = format!("INSERT INTO {table} ({}) VALUES ", columns.join(", "));
            let mut n = 0;
            for (i, _) in chunk.iter().enumerate() {
                if i > 0 {
                    sql.push_str(", ");
                }
                sql.push('(');
                for c in 0..columns.len() {
                    if c > 0 {
                        sql.push_str(", ");
                    }
                    n += 1;
                    sql.push_str(&format!("${n}"));
                }
                sql.push(')');
            }
            sql.push_str(suffix);
            let sql = self.sql(&sql);
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql.0));
            for row in chunk {
                for arg in row {
                    q = match arg {
                        Arg::Int(v) => q.bind(v),
                        Arg::Text(v) => q.bind(v),
                    };
                }
            }
            q.execute(&mut **tx).await?;
        }
        Ok(())
    }

    /// Refuses, at once and by name, a database this process can read but not write (a
    /// read-only file or folder, `mode=ro`, a read-only PostgreSQL role or standby): Trellis
    /// writes on every sign-in, so it would otherwise fail later, request by request. The
    /// probe writes nothing: it changes a value to itself and rolls back. A busy database
    /// passes (it is writable, just not now).
    pub async fn check_writable(&self) -> Result<(), StoreError> {
        let mut tx = match self.pool.begin().await {
            Ok(tx) => tx,
            Err(e) if is_read_only(&e) => return Err(read_only(e)),
            Err(e) => return Err(StoreError::from(e)),
        };
        let probe = sqlx::query("UPDATE log_revision SET revision = revision WHERE id = 1")
            .execute(&mut *tx)
            .await;
        let _ = tx.rollback().await;
        match probe {
            Ok(_) => Ok(()),
            Err(e) if is_read_only(&e) => Err(read_only(e)),
            Err(e) => match StoreError::from(e) {
                StoreError::Unavailable(_) => Ok(()),
                other => Err(other),
            },
        }
    }

    /// Queries are written with `$1, $2, …` in order; SQLite gets `?` placeholders. Only
    /// static text goes in, so the result is as safe as the literal it came from.
    pub(crate) fn sql(&self, text: &str) -> AssertSqlSafe<String> {
        AssertSqlSafe(match self.backend {
            Backend::Postgres => text.to_string(),
            Backend::Sqlite => {
                let mut out = String::with_capacity(text.len());
                let mut chars = text.chars().peekable();
                while let Some(c) = chars.next() {
                    if c == '$' && chars.peek().is_some_and(|d| d.is_ascii_digit()) {
                        while chars.peek().is_some_and(|d| d.is_ascii_digit()) {
                            chars.next();
                        }
                        out.push('?');
                    } else {
                        out.push(c);
                    }
                }
                out
            }
        })
    }

    /// Stores a new org version and its files in one transaction; returns its id.
    pub async fn add_version(&self, v: &NewVersion<'_>) -> Result<i64, StoreError> {
        self.add_version_at(v, SystemTime::now()).await
    }

    /// [`Store::add_version`] with the time it was made given: for history brought in from
    /// elsewhere (and the demo's), where the versions were made before they were stored.
    pub async fn add_version_at(
        &self,
        v: &NewVersion<'_>,
        created_at: SystemTime,
    ) -> Result<i64, StoreError> {
        let mut tx = self.pool.begin().await?;
        let id = self.insert_version(&mut tx, v, created_at).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Adds a version inside `tx` (see [`Store::add_version_at`]); a conflict when `v.parent`
    /// is no longer the newest version (the transaction is then to be dropped).
    pub(crate) async fn insert_version(
        &self,
        tx: &mut sqlx::Transaction<'_, sqlx::Any>,
        v: &NewVersion<'_>,
        created_at: SystemTime,
    ) -> Result<i64, StoreError> {
        if self.backend == Backend::Postgres {
            // One writer of versions at a time, so the parent check below cannot race.
            sqlx::query("LOCK TABLE org_versions IN SHARE ROW EXCLUSIVE MODE")
                .execute(&mut **tx)
                .await?;
        }
        let changes = v
            .changes
            .iter()
            .map(|c| c.replace(['\n', '\r'], " "))
            .collect::<Vec<_>>()
            .join("\n");
        // Insert first: on SQLite that takes the write lock at once (no read-then-write upgrade).
        let insert = self.sql(
            "INSERT INTO org_versions (created_at, author, message, people, teams, errors, warnings, infos, change_count, changes_head) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
        );
        let row = sqlx::query(insert)
            .bind(rfc3339_utc(created_at))
            .bind(v.author)
            .bind(v.message)
            .bind(v.people)
            .bind(v.teams)
            .bind(v.errors)
            .bind(v.warnings)
            .bind(v.infos)
            .bind(v.changes.len() as i64)
            .bind(
                changes
                    .lines()
                    .take(CHANGES_HEAD)
                    .collect::<Vec<_>>()
                    .join("\n"),
            )
            .fetch_one(&mut **tx)
            .await?;
        let id: i64 = row.try_get(0)?;
        let before = sqlx::query(self.sql("SELECT MAX(id) AS id FROM org_versions WHERE id < $1"))
            .bind(id)
            .fetch_one(&mut **tx)
            .await?;
        let before: Option<i64> = before.try_get("id")?;
        if before != v.parent {
            return Err(StoreError::Conflict(format!(
                "the organisation changed while this was being made (now at version {}); nothing was saved, start again from the newest version",
                before.map_or("none".to_string(), |b| b.to_string())
            )));
        }
        sqlx::query(self.sql("INSERT INTO org_version_changes (version_id, body) VALUES ($1, $2)"))
            .bind(id)
            .bind(&changes)
            .execute(&mut **tx)
            .await?;
        let insert_file =
            self.sql("INSERT INTO org_version_files (version_id, path, body) VALUES ($1, $2, $3)");
        for (path, body) in v.files {
            sqlx::query(AssertSqlSafe(insert_file.0.clone()))
                .bind(id)
                .bind(path.as_str())
                .bind(body.as_str())
                .execute(&mut **tx)
                .await?;
        }
        Ok(id)
    }

    fn version_from(row: &AnyRow) -> Result<Version, StoreError> {
        Ok(Version {
            id: row.try_get("id")?,
            created_at: row.try_get("created_at")?,
            author: row.try_get("author")?,
            message: row.try_get("message")?,
            people: row.try_get("people")?,
            teams: row.try_get("teams")?,
            errors: row.try_get("errors")?,
            warnings: row.try_get("warnings")?,
            infos: row.try_get("infos")?,
            change_count: row.try_get("change_count")?,
            changes_head: row
                .try_get::<String, _>("changes_head")?
                .lines()
                .take(CHANGES_HEAD)
                .map(str::to_string)
                .collect(),
        })
    }

    /// Every change a version recorded against the one before it.
    pub async fn version_changes(&self, id: i64) -> Result<Vec<String>, StoreError> {
        self.version(id).await?;
        let row =
            sqlx::query(self.sql("SELECT body FROM org_version_changes WHERE version_id = $1"))
                .bind(id)
                .fetch_optional(&self.pool)
                .await?;
        let text: String = match row {
            Some(r) => r.try_get("body")?,
            None => String::new(),
        };
        Ok(text.lines().map(str::to_string).collect())
    }

    /// One version, without its files.
    pub async fn version(&self, id: i64) -> Result<Version, StoreError> {
        let row = sqlx::query(self.sql(
            "SELECT id, created_at, author, message, people, teams, errors, warnings, infos, change_count, \
             changes_head FROM org_versions WHERE id = $1",
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        .ok_or(StoreError::NoSuchVersion(id))?;
        Self::version_from(&row)
    }

    /// Every version, newest first.
    pub async fn versions(&self) -> Result<Vec<Version>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, created_at, author, message, people, teams, errors, warnings, infos, change_count, \
             changes_head FROM org_versions ORDER BY id DESC",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(Self::version_from).collect()
    }

    /// The newest `limit` versions made by `author` (an account's email), newest first.
    pub async fn versions_by(&self, author: &str, limit: i64) -> Result<Vec<Version>, StoreError> {
        let rows = sqlx::query(self.sql(
            "SELECT id, created_at, author, message, people, teams, errors, warnings, infos, change_count, \
             changes_head FROM org_versions WHERE author = $1 ORDER BY id DESC LIMIT $2",
        ))
        .bind(author)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(Self::version_from).collect()
    }

    /// The newest version, if any.
    pub async fn latest(&self) -> Result<Option<Version>, StoreError> {
        let row = sqlx::query(
            "SELECT id, created_at, author, message, people, teams, errors, warnings, infos, change_count, \
             changes_head FROM org_versions ORDER BY id DESC LIMIT 1",
        )
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(Self::version_from).transpose()
    }

    /// The files of a version, sorted by path.
    pub async fn version_files(&self, id: i64) -> Result<Vec<(String, String)>, StoreError> {
        let exists = sqlx::query(self.sql("SELECT id FROM org_versions WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        if exists.is_none() {
            return Err(StoreError::NoSuchVersion(id));
        }
        let rows =
            sqlx::query(self.sql(
                "SELECT path, body FROM org_version_files WHERE version_id = $1 ORDER BY path",
            ))
            .bind(id)
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("path")?, r.try_get("body")?)))
            .collect()
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// An account. The password hash never leaves the store except for verification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: i64,
    pub email: String,
    pub role: String,
    /// The person in the org this account belongs to, if linked.
    pub person: Option<String>,
    pub created_at: String,
    /// A disabled account cannot sign in, and has no sessions or tokens.
    pub disabled: bool,
}

/// The password hash of an account made by single sign-on: no password verifies against it.
pub const NO_PASSWORD: &str = "!single-sign-on";

/// The account a single sign-on ends in (see [`Store::account_for_sso`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SsoAccount {
    pub user: User,
    /// The role it had before, when the identity provider's changed it.
    pub previous_role: Option<String>,
    /// Made by this sign-in.
    pub created: bool,
}

/// A single sign-on on its way: what the callback needs to finish it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SsoPending {
    /// The PKCE verifier.
    pub verifier: String,
    /// The nonce the ID token must carry.
    pub nonce: String,
    /// Where to go once signed in.
    pub next: String,
}

/// The columns [`user_from`] reads, from `users u`.
macro_rules! user_columns {
    () => {
        "u.id AS id, u.email AS email, u.role AS role, u.person AS person, u.created_at AS created_at, u.disabled AS disabled"
    };
}

fn user_from(row: &AnyRow) -> Result<User, StoreError> {
    Ok(User {
        id: row.try_get("id")?,
        email: row.try_get("email")?,
        role: row.try_get("role")?,
        person: row.try_get("person")?,
        created_at: row.try_get("created_at")?,
        disabled: row.try_get::<i64, _>("disabled")? != 0,
    })
}

/// What an API token may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Read the API (GET only).
    Read,
    /// Read and change through the API.
    Write,
    /// Read the calendar feeds and nothing else: for calendar apps, whose links are often
    /// shared or synced to other devices.
    Calendar,
}

impl Scope {
    pub const ALL: &'static [Scope] = &[Scope::Read, Scope::Write, Scope::Calendar];

    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Read => "read",
            Scope::Write => "write",
            Scope::Calendar => "calendar",
        }
    }

    pub fn parse(text: &str) -> Option<Scope> {
        Scope::ALL.iter().copied().find(|s| s.as_str() == text)
    }
}

/// An API token as listed to its owner; the secret itself is never stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiToken {
    pub id: i64,
    pub name: String,
    pub created_at: String,
    pub last_used_at: Option<String>,
    pub scope: Scope,
    /// Unix seconds; None: until revoked.
    pub expires_at: Option<i64>,
}

/// A signed-in session as listed to its owner or an admin (never its secret).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionInfo {
    /// A short reference to end it by.
    pub reference: String,
    pub user_id: i64,
    pub created_at: String,
    /// Unix seconds.
    pub last_seen: i64,
    pub expires_at: i64,
}

/// Accounts, sessions and login throttling.
impl Store {
    pub async fn add_user(
        &self,
        email: &str,
        role: &str,
        person: Option<&str>,
        password_hash: &str,
    ) -> Result<i64, StoreError> {
        let existing = sqlx::query(self.sql("SELECT id FROM users WHERE email = $1"))
            .bind(email)
            .fetch_optional(&self.pool)
            .await?;
        if existing.is_some() {
            return Err(StoreError::Conflict(format!(
                "an account for {email} already exists"
            )));
        }
        let row = sqlx::query(self.sql(
            "INSERT INTO users (email, role, person, password_hash, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
        ))
        .bind(email)
        .bind(role)
        .bind(person)
        .bind(password_hash)
        .bind(rfc3339_utc(SystemTime::now()))
        .fetch_one(&self.pool)
        .await?;
        row.try_get(0).map_err(StoreError::from)
    }

    /// Ends every session and revokes every API token of an account, in `tx`.
    async fn end_everything(
        &self,
        tx: &mut sqlx::Transaction<'_, sqlx::Any>,
        user_id: i64,
    ) -> Result<(), StoreError> {
        for sql in [
            "DELETE FROM sessions WHERE user_id = $1",
            "DELETE FROM api_tokens WHERE user_id = $1",
        ] {
            sqlx::query(self.sql(sql))
                .bind(user_id)
                .execute(&mut **tx)
                .await?;
        }
        Ok(())
    }

    /// Runs `update` (with the account's id as `$1` after its own parameters) on the account
    /// with `email` and ends its sessions and tokens, in one transaction. False when there is
    /// no such account.
    async fn change_account(
        &self,
        email: &str,
        update: &'static str,
        value: Option<&str>,
        end_sessions: bool,
    ) -> Result<bool, StoreError> {
        let mut tx = self.pool.begin().await?;
        let row = sqlx::query(self.sql("SELECT id FROM users WHERE email = $1"))
            .bind(email)
            .fetch_optional(&mut *tx)
            .await?;
        let Some(row) = row else { return Ok(false) };
        let id: i64 = row.try_get(0)?;
        if end_sessions {
            self.end_everything(&mut tx, id).await?;
        }
        let mut q = sqlx::query(self.sql(update));
        if let Some(v) = value {
            q = q.bind(v);
        }
        q.bind(id).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Replaces a password and ends every session and token of the account; false when there
    /// is no such account.
    pub async fn set_password(&self, email: &str, password_hash: &str) -> Result<bool, StoreError> {
        self.change_account(
            email,
            "UPDATE users SET password_hash = $1 WHERE id = $2",
            Some(password_hash),
            true,
        )
        .await
    }

    /// Gives an account another role and ends its sessions and tokens (they were granted
    /// under the old one); false when there is no such account.
    pub async fn set_role(&self, email: &str, role: &str) -> Result<bool, StoreError> {
        self.change_account(
            email,
            "UPDATE users SET role = $1 WHERE id = $2",
            Some(role),
            true,
        )
        .await
    }

    /// Links an account to a person (None: to nobody) and ends its sessions and tokens (what
    /// it may see follows the person); false when there is no such account.
    pub async fn set_person(&self, email: &str, person: Option<&str>) -> Result<bool, StoreError> {
        match person {
            Some(p) => {
                self.change_account(
                    email,
                    "UPDATE users SET person = $1 WHERE id = $2",
                    Some(p),
                    true,
                )
                .await
            }
            None => {
                self.change_account(
                    email,
                    "UPDATE users SET person = NULL WHERE id = $1",
                    None,
                    true,
                )
                .await
            }
        }
    }

    /// Disables an account (ending its sessions and tokens) or enables it again; false when
    /// there is no such account.
    pub async fn set_disabled(&self, email: &str, disabled: bool) -> Result<bool, StoreError> {
        let sql = if disabled {
            "UPDATE users SET disabled = 1 WHERE id = $1"
        } else {
            "UPDATE users SET disabled = 0 WHERE id = $1"
        };
        self.change_account(email, sql, None, disabled).await
    }

    /// Deletes an account with its sessions and tokens; false when there is no such account.
    /// The audit log keeps its rows (they name the email, not the account).
    pub async fn delete_user(&self, email: &str) -> Result<bool, StoreError> {
        self.change_account(email, "DELETE FROM users WHERE id = $1", None, true)
            .await
    }

    pub async fn users(&self) -> Result<Vec<User>, StoreError> {
        let rows = sqlx::query(concat!(
            "SELECT ",
            user_columns!(),
            " FROM users u ORDER BY u.email"
        ))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(user_from).collect()
    }

    /// The person an account is linked to, if it is.
    pub async fn person_of_account(&self, email: &str) -> Result<Option<String>, StoreError> {
        let row = sqlx::query(self.sql("SELECT person FROM users WHERE email = $1"))
            .bind(email)
            .fetch_optional(&self.pool)
            .await?;
        Ok(match row {
            Some(r) => r.try_get::<Option<String>, _>("person")?,
            None => None,
        })
    }

    /// The account someone signing in with single sign-on gets, in one transaction: the one
    /// with their e-mail, given the role their identity provider now says (a changed role
    /// ends its other sessions and tokens, granted under the old one) and linked to `person`
    /// if it was linked to nobody; or a new one, which has no password. None: the account is
    /// disabled. The previous role comes back when it changed, and whether the account is new.
    pub async fn account_for_sso(
        &self,
        email: &str,
        role: &str,
        person: Option<&str>,
    ) -> Result<Option<SsoAccount>, StoreError> {
        let mut tx = self.pool.begin().await?;
        let row = sqlx::query(self.sql(concat!(
            "SELECT ",
            user_columns!(),
            " FROM users u WHERE u.email = $1"
        )))
        .bind(email)
        .fetch_optional(&mut *tx)
        .await?;
        let (user, previous, created) = match row {
            Some(row) => {
                let mut user = user_from(&row)?;
                if user.disabled {
                    return Ok(None);
                }
                let previous = (user.role != role).then(|| user.role.clone());
                if previous.is_some() {
                    self.end_everything(&mut tx, user.id).await?;
                    sqlx::query(self.sql("UPDATE users SET role = $1 WHERE id = $2"))
                        .bind(role)
                        .bind(user.id)
                        .execute(&mut *tx)
                        .await?;
                    user.role = role.to_string();
                }
                if user.person.is_none() && person.is_some() {
                    sqlx::query(self.sql("UPDATE users SET person = $1 WHERE id = $2"))
                        .bind(person)
                        .bind(user.id)
                        .execute(&mut *tx)
                        .await?;
                    user.person = person.map(str::to_string);
                }
                (user, previous, false)
            }
            None => {
                let created_at = rfc3339_utc(SystemTime::now());
                let row = sqlx::query(self.sql(
                    "INSERT INTO users (email, role, person, password_hash, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
                ))
                .bind(email)
                .bind(role)
                .bind(person)
                .bind(NO_PASSWORD)
                .bind(&created_at)
                .fetch_one(&mut *tx)
                .await?;
                let user = User {
                    id: row.try_get(0)?,
                    email: email.to_string(),
                    role: role.to_string(),
                    person: person.map(str::to_string),
                    created_at,
                    disabled: false,
                };
                (user, None, true)
            }
        };
        tx.commit().await?;
        Ok(Some(SsoAccount {
            user,
            previous_role: previous,
            created,
        }))
    }

    /// Keeps a single sign-on on its way (by the hash of its state), started from `address`,
    /// and drops those started `max_age` seconds or more before `now`. False, keeping
    /// nothing, when `address` already has `per_address` waiting (the page that starts one
    /// needs no account, so nobody may fill the table).
    pub async fn sso_begin(
        &self,
        state_hash: &str,
        pending: &SsoPending,
        address: &str,
        now: i64,
        max_age: i64,
        per_address: i64,
    ) -> Result<bool, StoreError> {
        let mut tx = self.pool.begin().await?;
        sqlx::query(self.sql("DELETE FROM sso_pending WHERE started <= $1"))
            .bind(now - max_age)
            .execute(&mut *tx)
            .await?;
        let waiting: i64 =
            sqlx::query(self.sql("SELECT COUNT(*) AS n FROM sso_pending WHERE address = $1"))
                .bind(address)
                .fetch_one(&mut *tx)
                .await?
                .try_get("n")?;
        if waiting >= per_address {
            return Ok(false);
        }
        sqlx::query(self.sql(
            "INSERT INTO sso_pending (state_hash, verifier, nonce, next, address, started) VALUES ($1, $2, $3, $4, $5, $6)",
        ))
        .bind(state_hash)
        .bind(&pending.verifier)
        .bind(&pending.nonce)
        .bind(&pending.next)
        .bind(address)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Takes a single sign-on on its way, once: None when there is none with this state, or
    /// it was started `max_age` seconds or more before `now`.
    pub async fn sso_take(
        &self,
        state_hash: &str,
        now: i64,
        max_age: i64,
    ) -> Result<Option<SsoPending>, StoreError> {
        let row = sqlx::query(self.sql(
            "DELETE FROM sso_pending WHERE state_hash = $1 RETURNING verifier, nonce, next, started",
        ))
        .bind(state_hash)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let started: i64 = row.try_get("started")?;
        if now - started >= max_age {
            return Ok(None);
        }
        Ok(Some(SsoPending {
            verifier: row.try_get("verifier")?,
            nonce: row.try_get("nonce")?,
            next: row.try_get("next")?,
        }))
    }

    /// An enabled account and its password hash, for logging in.
    pub async fn user_for_login(&self, email: &str) -> Result<Option<(User, String)>, StoreError> {
        let row = sqlx::query(self.sql(concat!(
            "SELECT ",
            user_columns!(),
            ", u.password_hash AS password_hash FROM users u WHERE u.email = $1 AND u.disabled = 0"
        )))
        .bind(email)
        .fetch_optional(&self.pool)
        .await?;
        match row {
            Some(r) => Ok(Some((user_from(&r)?, r.try_get("password_hash")?))),
            None => Ok(None),
        }
    }

    /// Stores a new session (only its token's hash); returns its reference.
    pub async fn create_session(
        &self,
        token_hash: &str,
        user_id: i64,
        csrf: &str,
        expires_at: i64,
    ) -> Result<String, StoreError> {
        let reference: String = token_hash.chars().take(16).collect();
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        sqlx::query(self.sql(
            "INSERT INTO sessions (token_hash, user_id, csrf, created_at, expires_at, ref, last_seen) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        ))
        .bind(token_hash)
        .bind(user_id)
        .bind(csrf)
        .bind(rfc3339_utc(SystemTime::now()))
        .bind(expires_at)
        .bind(&reference)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(reference)
    }

    /// The account and CSRF token of a live session: not past its absolute end, used within
    /// the last `idle_seconds`, its account enabled. Marks it used now (at most once a
    /// minute, to spare the database a write per request).
    pub async fn session(
        &self,
        token_hash: &str,
        now: i64,
        idle_seconds: i64,
    ) -> Result<Option<(User, String)>, StoreError> {
        let row = sqlx::query(self.sql(concat!(
            "SELECT ",
            user_columns!(),
            ", s.csrf AS csrf, s.last_seen AS last_seen \
             FROM sessions s JOIN users u ON u.id = s.user_id \
             WHERE s.token_hash = $1 AND s.expires_at > $2 AND s.last_seen > $3 AND u.disabled = 0"
        )))
        .bind(token_hash)
        .bind(now)
        .bind(now - idle_seconds)
        .fetch_optional(&self.pool)
        .await?;
        let Some(r) = row else { return Ok(None) };
        let last_seen: i64 = r.try_get("last_seen")?;
        if now - last_seen >= 60 {
            sqlx::query(self.sql("UPDATE sessions SET last_seen = $1 WHERE token_hash = $2"))
                .bind(now)
                .bind(token_hash)
                .execute(&self.pool)
                .await?;
        }
        Ok(Some((user_from(&r)?, r.try_get("csrf")?)))
    }

    /// The live sessions of one account (or of every account), newest first.
    pub async fn sessions(
        &self,
        user_id: Option<i64>,
        now: i64,
    ) -> Result<Vec<SessionInfo>, StoreError> {
        let rows = sqlx::query(self.sql(
            "SELECT ref, user_id, created_at, last_seen, expires_at FROM sessions \
             WHERE ($1 < 0 OR user_id = $2) AND expires_at > $3 ORDER BY created_at DESC, ref",
        ))
        .bind(user_id.unwrap_or(-1))
        .bind(user_id.unwrap_or(-1))
        .bind(now)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(SessionInfo {
                    reference: r.try_get("ref")?,
                    user_id: r.try_get("user_id")?,
                    created_at: r.try_get("created_at")?,
                    last_seen: r.try_get("last_seen")?,
                    expires_at: r.try_get("expires_at")?,
                })
            })
            .collect()
    }

    /// Ends one session by its reference: an account's own (`user_id`) or anyone's (None, for
    /// admins). False when there is no such session.
    pub async fn end_session(
        &self,
        user_id: Option<i64>,
        reference: &str,
    ) -> Result<bool, StoreError> {
        let done =
            sqlx::query(self.sql(
                "DELETE FROM sessions WHERE ref = $1 AND ref <> '' AND ($2 < 0 OR user_id = $3)",
            ))
            .bind(reference)
            .bind(user_id.unwrap_or(-1))
            .bind(user_id.unwrap_or(-1))
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Ends every session of an account (its tokens stay).
    pub async fn end_sessions_of(&self, user_id: i64) -> Result<u64, StoreError> {
        let done = sqlx::query(self.sql("DELETE FROM sessions WHERE user_id = $1"))
            .bind(user_id)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected())
    }

    pub async fn delete_session(&self, token_hash: &str) -> Result<(), StoreError> {
        sqlx::query(self.sql("DELETE FROM sessions WHERE token_hash = $1"))
            .bind(token_hash)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub async fn record_login_failure(&self, key: &str, at: i64) -> Result<(), StoreError> {
        sqlx::query(self.sql("INSERT INTO login_failures (key, at) VALUES ($1, $2)"))
            .bind(key)
            .bind(at)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// How many failures a key had since `since`, and the time of the latest.
    pub async fn login_failures(
        &self,
        key: &str,
        since: i64,
    ) -> Result<(i64, Option<i64>), StoreError> {
        let row = sqlx::query(self.sql("SELECT COUNT(*) AS n, MAX(at) AS latest FROM login_failures WHERE key = $1 AND at >= $2"))
            .bind(key)
            .bind(since)
            .fetch_one(&self.pool)
            .await?;
        Ok((row.try_get("n")?, row.try_get("latest")?))
    }

    pub async fn clear_login_failures(&self, key: &str) -> Result<(), StoreError> {
        sqlx::query(self.sql("DELETE FROM login_failures WHERE key = $1"))
            .bind(key)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}

/// API tokens for automation. The caller hashes the secret; only the hash is kept.
impl Store {
    /// Stores a token's hash with its scope and optional end (Unix seconds).
    pub async fn create_api_token(
        &self,
        user_id: i64,
        name: &str,
        token_hash: &str,
        scope: Scope,
        expires_at: Option<i64>,
    ) -> Result<i64, StoreError> {
        let row = sqlx::query(self.sql(
            "INSERT INTO api_tokens (user_id, name, token_hash, created_at, scope, expires_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        ))
        .bind(user_id)
        .bind(name)
        .bind(token_hash)
        .bind(rfc3339_utc(SystemTime::now()))
        .bind(scope.as_str())
        .bind(expires_at)
        .fetch_one(&self.pool)
        .await?;
        row.try_get(0).map_err(StoreError::from)
    }

    /// The tokens of an account, newest first.
    pub async fn api_tokens(&self, user_id: i64) -> Result<Vec<ApiToken>, StoreError> {
        let rows = sqlx::query(self.sql(
            "SELECT id, name, created_at, last_used_at, scope, expires_at FROM api_tokens WHERE user_id = $1 ORDER BY id DESC",
        ))
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let scope: String = r.try_get("scope")?;
                Ok(ApiToken {
                    id: r.try_get("id")?,
                    name: r.try_get("name")?,
                    created_at: r.try_get("created_at")?,
                    last_used_at: r.try_get("last_used_at")?,
                    scope: Scope::parse(&scope).ok_or_else(|| {
                        StoreError::Query(format!("unknown token scope `{scope}`"))
                    })?,
                    expires_at: r.try_get("expires_at")?,
                })
            })
            .collect()
    }

    /// The enabled account a live token belongs to, with the token's scope; notes when the
    /// token was last used. An expired token is refused like a revoked one.
    pub async fn user_for_token(
        &self,
        token_hash: &str,
        now: i64,
    ) -> Result<Option<(User, Scope)>, StoreError> {
        let row = sqlx::query(self.sql(concat!(
            "SELECT ",
            user_columns!(),
            ", t.id AS token_id, t.scope AS scope \
             FROM api_tokens t JOIN users u ON u.id = t.user_id \
             WHERE t.token_hash = $1 AND u.disabled = 0 AND (t.expires_at IS NULL OR t.expires_at > $2)"
        )))
            .bind(token_hash)
            .bind(now)
            .fetch_optional(&self.pool)
            .await?;
        let Some(row) = row else { return Ok(None) };
        let token_id: i64 = row.try_get("token_id")?;
        let scope: String = row.try_get("scope")?;
        let Some(scope) = Scope::parse(&scope) else {
            return Ok(None);
        };
        sqlx::query(self.sql("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2"))
            .bind(rfc3339_utc(SystemTime::now()))
            .bind(token_id)
            .execute(&self.pool)
            .await?;
        Ok(Some((user_from(&row)?, scope)))
    }

    /// Revokes one of an account's tokens; false when it has no such token.
    pub async fn revoke_api_token(&self, user_id: i64, id: i64) -> Result<bool, StoreError> {
        let done = sqlx::query(self.sql("DELETE FROM api_tokens WHERE id = $1 AND user_id = $2"))
            .bind(id)
            .bind(user_id)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() > 0)
    }
}

/// RFC 3339 in UTC with seconds, e.g. `2026-11-28T05:31:00Z`.
pub fn rfc3339_utc(t: SystemTime) -> String {
    let secs = t
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0) as i64;
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn the_version_in_force_is_the_last_stored_on_or_before_the_day() {
        let v = |id: i64, at: &str| Version {
            id,
            created_at: at.to_string(),
            author: String::new(),
            message: String::new(),
            people: 0,
            teams: 0,
            errors: 0,
            warnings: 0,
            infos: 0,
            change_count: 0,
            changes_head: Vec::new(),
        };
        let versions = [
            v(1, "2026-07-05T09:00:00Z"),
            v(2, "2026-09-23T17:30:00Z"),
            v(3, "2026-11-10T08:00:00Z"),
        ];
        let day = |t: &str| trellis_model::oplog::Date::parse(t).expect("day");
        let on = |t: &str| Version::in_force(&versions, day(t)).map(|v| v.id);
        assert_eq!(on("2026-09-23"), Some(2), "stored that day");
        assert_eq!(on("2026-09-22"), Some(1));
        assert_eq!(on("2026-12-31"), Some(3));
        assert_eq!(on("2026-01-01"), Some(1), "before any: the first");
        assert_eq!(
            Version::in_force(&[], day("2026-01-01")).map(|v| v.id),
            None
        );
        assert_eq!(versions[1].day(), day("2026-09-23"));
    }

    #[test]
    fn formats_utc_times() {
        assert_eq!(rfc3339_utc(UNIX_EPOCH), "1970-01-01T00:00:00Z");
        assert_eq!(
            rfc3339_utc(UNIX_EPOCH + Duration::from_secs(1_795_843_860)),
            "2026-11-28T05:31:00Z"
        );
        assert_eq!(
            rfc3339_utc(UNIX_EPOCH + Duration::from_secs(951_782_400)),
            "2000-02-29T00:00:00Z"
        );
    }

    #[test]
    fn urls_pick_a_backend_and_hide_passwords() {
        assert_eq!(backend_of("sqlite://x.db").ok(), Some(Backend::Sqlite));
        assert_eq!(
            backend_of("postgres://u:p@h/db").ok(),
            Some(Backend::Postgres)
        );
        let err = backend_of("mysql://u:secret@h/db").expect_err("unknown");
        assert!(!err.to_string().contains("secret"), "{err}");
        assert_eq!(
            redact("postgres://u:secret@h:5432/db"),
            "postgres://u:***@h:5432/db"
        );
        assert_eq!(redact("sqlite://x.db"), "sqlite://x.db");
    }
}

/// Set-up for tests that need a PostgreSQL database of their own (the store story, the
/// two-instance web test). Kept here because only this crate knows SQL; behind the `testing`
/// feature, which only tests turn on.
#[cfg(feature = "testing")]
pub mod testing {
    use super::StoreError;
    use sqlx::Connection;

    /// The server URL tests use, from TRELLIS_TEST_POSTGRES_URL. None when unset, unless
    /// TRELLIS_REQUIRE_POSTGRES is set (as in CI): then a missing server is a failure.
    pub fn postgres_url() -> Option<String> {
        match std::env::var("TRELLIS_TEST_POSTGRES_URL") {
            Ok(url) => Some(url),
            Err(_) => {
                assert!(
                    std::env::var_os("TRELLIS_REQUIRE_POSTGRES").is_none(),
                    "TRELLIS_TEST_POSTGRES_URL is not set but TRELLIS_REQUIRE_POSTGRES is"
                );
                eprintln!(
                    "TRELLIS_TEST_POSTGRES_URL not set: PostgreSQL part not run here (CI runs it)"
                );
                None
            }
        }
    }

    /// Creates (dropping any leftover) a database called `name` on the server at `base` and
    /// returns its URL. `name` must be a plain identifier.
    pub async fn fresh_database(base: &str, name: &str) -> Result<String, StoreError> {
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(StoreError::BadUrl(format!(
                "`{name}` is not a plain database name"
            )));
        }
        let mut admin = sqlx::PgConnection::connect(base)
            .await
            .map_err(|e| StoreError::Open(e.to_string()))?;
        for statement in [
            format!("DROP DATABASE IF EXISTS {name}"),
            format!("CREATE DATABASE {name}"),
        ] {
            sqlx::query(sqlx::AssertSqlSafe(statement))
                .execute(&mut admin)
                .await?;
        }
        match base.rfind('/') {
            Some(i) if i > base.find("://").map_or(0, |s| s + 2) => {
                Ok(format!("{}/{name}", &base[..i]))
            }
            _ => Err(StoreError::BadUrl(
                "the PostgreSQL URL must end in /DATABASE".into(),
            )),
        }
    }

    /// Drops a database made by [`fresh_database`].
    pub async fn drop_database(base: &str, name: &str) -> Result<(), StoreError> {
        if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(StoreError::BadUrl(format!(
                "`{name}` is not a plain database name"
            )));
        }
        let mut admin = sqlx::PgConnection::connect(base)
            .await
            .map_err(|e| StoreError::Open(e.to_string()))?;
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
        )))
        .execute(&mut admin)
        .await?;
        Ok(())
    }
}

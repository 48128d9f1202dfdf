//! The director path in the database: each account's evidence, questions, answer drafts,
//! feedback received, sponsors and shares. Every read and write names the owner (the account
//! id) and touches only that owner's rows; entries and sponsors change only from the revision
//! they were read at.

use crate::rows::{day, day_opt, word};
use crate::{Store, StoreError, rfc3339_utc};
use sqlx::Row;
use sqlx::any::AnyRow;
use std::time::SystemTime;
use trellis_model::oplog::Date;
use trellis_model::path::{
    Answer, Area, Entry, Feedback, OwnQuestion, Path, Section, Share, Sponsor, Topic,
};

/// The tables of the path, children first (a hard delete empties them in this order).
const TABLES: &[&str] = &[
    "path_shares",
    "path_sponsors",
    "path_feedback",
    "path_answers",
    "path_questions",
    "path_dismissed",
    "path_entries",
];

/// Someone's path shared with a reader: whose, and which sections.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedWith {
    /// The author's account id.
    pub owner: i64,
    pub owner_email: String,
    /// The person the author's account is linked to.
    pub owner_person: Option<String>,
    pub sections: Vec<Section>,
}

fn areas_text(areas: &[Area]) -> String {
    areas
        .iter()
        .map(|a| a.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

fn entry_from(r: &AnyRow) -> Result<Entry, StoreError> {
    let areas: String = r.try_get("areas")?;
    Ok(Entry {
        id: r.try_get("id")?,
        date: day(r, "day")?,
        areas: areas
            .split(',')
            .filter(|a| !a.is_empty())
            .map(|a| {
                Area::parse(a)
                    .ok_or_else(|| StoreError::Query(format!("unknown value `{a}` in areas")))
            })
            .collect::<Result<_, _>>()?,
        title: r.try_get("title")?,
        happened: r.try_get("happened")?,
        mechanism: r.try_get("mechanism")?,
        outcome: r.try_get("outcome")?,
        links: r.try_get("links")?,
        witnesses: r.try_get("witnesses")?,
        opportunity: r.try_get("opportunity")?,
        source: r.try_get("source")?,
        rev: r.try_get("rev")?,
    })
}

fn sponsor_from(r: &AnyRow) -> Result<Sponsor, StoreError> {
    Ok(Sponsor {
        id: r.try_get("id")?,
        person: r.try_get("person")?,
        name: r.try_get("name")?,
        last_spoke: day_opt(r, "last_spoke")?,
        stretch: r.try_get("stretch")?,
        rev: r.try_get("rev")?,
    })
}

/// One row changed, or a stale or missing one: a conflict the caller shows with the input kept.
fn one_row(done: sqlx::any::AnyQueryResult, what: &str, id: i64) -> Result<(), StoreError> {
    if done.rows_affected() == 1 {
        Ok(())
    } else {
        Err(StoreError::Conflict(format!(
            "{what} {id} was changed or deleted since it was read"
        )))
    }
}

impl Store {
    /// Everything `owner` keeps, in the order pages show it (newest evidence first).
    pub async fn path(&self, owner: i64) -> Result<Path, StoreError> {
        let mut tx = self.pool.begin().await?;
        let entries = sqlx::query(self.sql(
            "SELECT id, day, areas, title, happened, mechanism, outcome, links, witnesses, opportunity, source, rev \
             FROM path_entries WHERE owner = $1 ORDER BY day DESC, id DESC",
        ))
        .bind(owner)
        .fetch_all(&mut *tx)
        .await?
        .iter()
        .map(entry_from)
        .collect::<Result<_, _>>()?;
        let dismissed = sqlx::query(
            self.sql("SELECT source FROM path_dismissed WHERE owner = $1 ORDER BY source"),
        )
        .bind(owner)
        .fetch_all(&mut *tx)
        .await?
        .iter()
        .map(|r| r.try_get("source").map_err(StoreError::from))
        .collect::<Result<_, _>>()?;
        let questions = sqlx::query(
            self.sql("SELECT id, topic, text FROM path_questions WHERE owner = $1 ORDER BY id"),
        )
        .bind(owner)
        .fetch_all(&mut *tx)
        .await?
        .iter()
        .map(|r| {
            Ok(OwnQuestion {
                id: r.try_get("id")?,
                topic: word(r, "topic", Topic::parse)?,
                text: r.try_get("text")?,
            })
        })
        .collect::<Result<_, StoreError>>()?;
        let answers = sqlx::query(self.sql(
            "SELECT id, question, text, seconds, written_at FROM path_answers WHERE owner = $1 ORDER BY id",
        ))
        .bind(owner)
        .fetch_all(&mut *tx)
        .await?
        .iter()
        .map(|r| {
            let seconds: Option<i64> = r.try_get("seconds")?;
            Ok(Answer {
                id: r.try_get("id")?,
                question: r.try_get("question")?,
                text: r.try_get("text")?,
                seconds: seconds.and_then(|s| u32::try_from(s).ok()),
                written_at: r.try_get("written_at")?,
            })
        })
        .collect::<Result<_, StoreError>>()?;
        let feedback = sqlx::query(self.sql(
            "SELECT id, day, from_whom, text FROM path_feedback WHERE owner = $1 ORDER BY day DESC, id DESC",
        ))
        .bind(owner)
        .fetch_all(&mut *tx)
        .await?
        .iter()
        .map(|r| {
            Ok(Feedback {
                id: r.try_get("id")?,
                date: day(r, "day")?,
                from: r.try_get("from_whom")?,
                text: r.try_get("text")?,
            })
        })
        .collect::<Result<_, StoreError>>()?;
        let sponsors = sqlx::query(self.sql(
            "SELECT id, person, name, last_spoke, stretch, rev FROM path_sponsors WHERE owner = $1 ORDER BY id",
        ))
        .bind(owner)
        .fetch_all(&mut *tx)
        .await?
        .iter()
        .map(sponsor_from)
        .collect::<Result<_, _>>()?;
        let shares = sqlx::query(self.sql(
            "SELECT section, person, since FROM path_shares WHERE owner = $1 ORDER BY section, person",
        ))
        .bind(owner)
        .fetch_all(&mut *tx)
        .await?
        .iter()
        .map(|r| {
            Ok(Share {
                section: word(r, "section", Section::parse)?,
                with: r.try_get("person")?,
                since: r.try_get("since")?,
            })
        })
        .collect::<Result<_, StoreError>>()?;
        tx.commit().await?;
        Ok(Path {
            entries,
            dismissed,
            questions,
            answers,
            feedback,
            sponsors,
            shares,
        })
    }

    /// Stores a new entry (its id and revision are ignored); returns its id.
    pub async fn add_path_entry(&self, owner: i64, e: &Entry) -> Result<i64, StoreError> {
        let now = rfc3339_utc(SystemTime::now());
        let row = sqlx::query(self.sql(
            "INSERT INTO path_entries (owner, day, areas, title, happened, mechanism, outcome, links, witnesses, opportunity, source, rev, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 1, $12, $13) RETURNING id",
        ))
        .bind(owner)
        .bind(e.date.to_string())
        .bind(areas_text(&e.areas))
        .bind(&e.title)
        .bind(&e.happened)
        .bind(&e.mechanism)
        .bind(&e.outcome)
        .bind(&e.links)
        .bind(&e.witnesses)
        .bind(e.opportunity.as_deref())
        .bind(e.source.as_deref())
        .bind(&now)
        .bind(&now)
        .fetch_one(&self.pool)
        .await?;
        Ok(row.try_get(0)?)
    }

    /// Changes an entry from the revision it was read at (`e.rev`); a conflict when someone
    /// (the author in another tab) changed or deleted it since.
    pub async fn update_path_entry(&self, owner: i64, e: &Entry) -> Result<(), StoreError> {
        let now = rfc3339_utc(SystemTime::now());
        let done = sqlx::query(self.sql(
            "UPDATE path_entries SET day = $1, areas = $2, title = $3, happened = $4, mechanism = $5, outcome = $6, \
             links = $7, witnesses = $8, opportunity = $9, rev = rev + 1, updated_at = $10 \
             WHERE owner = $11 AND id = $12 AND rev = $13",
        ))
        .bind(e.date.to_string())
        .bind(areas_text(&e.areas))
        .bind(&e.title)
        .bind(&e.happened)
        .bind(&e.mechanism)
        .bind(&e.outcome)
        .bind(&e.links)
        .bind(&e.witnesses)
        .bind(e.opportunity.as_deref())
        .bind(&now)
        .bind(owner)
        .bind(e.id)
        .bind(e.rev)
        .execute(&self.pool)
        .await?;
        one_row(done, "entry", e.id)
    }

    /// Deletes an entry read at revision `rev`.
    pub async fn delete_path_entry(&self, owner: i64, id: i64, rev: i64) -> Result<(), StoreError> {
        self.delete_versioned("path_entries", "entry", owner, id, rev)
            .await
    }

    async fn delete_versioned(
        &self,
        table: &'static str,
        what: &str,
        owner: i64,
        id: i64,
        rev: i64,
    ) -> Result<(), StoreError> {
        let done = sqlx::query(self.sql(&format!(
            "DELETE FROM {table} WHERE owner = $1 AND id = $2 AND rev = $3"
        )))
        .bind(owner)
        .bind(id)
        .bind(rev)
        .execute(&self.pool)
        .await?;
        one_row(done, what, id)
    }

    /// Marks a suggestion dismissed (again is a no-op).
    pub async fn dismiss_path_suggestion(
        &self,
        owner: i64,
        source: &str,
    ) -> Result<(), StoreError> {
        sqlx::query(self.sql(
            "INSERT INTO path_dismissed (owner, source) VALUES ($1, $2) ON CONFLICT (owner, source) DO NOTHING",
        ))
        .bind(owner)
        .bind(source)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// A question of the author's own; returns its id.
    pub async fn add_path_question(
        &self,
        owner: i64,
        topic: Topic,
        text: &str,
    ) -> Result<i64, StoreError> {
        let row = sqlx::query(self.sql(
            "INSERT INTO path_questions (owner, topic, text, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
        ))
        .bind(owner)
        .bind(topic.as_str())
        .bind(text)
        .bind(rfc3339_utc(SystemTime::now()))
        .fetch_one(&self.pool)
        .await?;
        Ok(row.try_get(0)?)
    }

    /// A new draft of an answer; returns its id. Drafts are never changed, only added.
    pub async fn add_path_answer(
        &self,
        owner: i64,
        question: &str,
        text: &str,
        seconds: Option<u32>,
    ) -> Result<i64, StoreError> {
        let row = sqlx::query(self.sql(
            "INSERT INTO path_answers (owner, question, text, seconds, written_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
        ))
        .bind(owner)
        .bind(question)
        .bind(text)
        .bind(seconds.map(i64::from))
        .bind(rfc3339_utc(SystemTime::now()))
        .fetch_one(&self.pool)
        .await?;
        Ok(row.try_get(0)?)
    }

    /// Feedback received; returns its id.
    pub async fn add_path_feedback(
        &self,
        owner: i64,
        on: Date,
        from: &str,
        text: &str,
    ) -> Result<i64, StoreError> {
        let row = sqlx::query(self.sql(
            "INSERT INTO path_feedback (owner, day, from_whom, text, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
        ))
        .bind(owner)
        .bind(on.to_string())
        .bind(from)
        .bind(text)
        .bind(rfc3339_utc(SystemTime::now()))
        .fetch_one(&self.pool)
        .await?;
        Ok(row.try_get(0)?)
    }

    /// Deletes one piece of feedback; false when there is none with that id.
    pub async fn delete_path_feedback(&self, owner: i64, id: i64) -> Result<bool, StoreError> {
        let done = sqlx::query(self.sql("DELETE FROM path_feedback WHERE owner = $1 AND id = $2"))
            .bind(owner)
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    /// A sponsor (its id and revision are ignored); returns its id.
    pub async fn add_path_sponsor(&self, owner: i64, s: &Sponsor) -> Result<i64, StoreError> {
        let row = sqlx::query(self.sql(
            "INSERT INTO path_sponsors (owner, person, name, last_spoke, stretch, rev, created_at) \
             VALUES ($1, $2, $3, $4, $5, 1, $6) RETURNING id",
        ))
        .bind(owner)
        .bind(s.person.as_deref())
        .bind(&s.name)
        .bind(s.last_spoke.map(|d| d.to_string()))
        .bind(&s.stretch)
        .bind(rfc3339_utc(SystemTime::now()))
        .fetch_one(&self.pool)
        .await?;
        Ok(row.try_get(0)?)
    }

    /// Changes a sponsor from the revision it was read at (`s.rev`).
    pub async fn update_path_sponsor(&self, owner: i64, s: &Sponsor) -> Result<(), StoreError> {
        let done = sqlx::query(self.sql(
            "UPDATE path_sponsors SET person = $1, name = $2, last_spoke = $3, stretch = $4, rev = rev + 1 \
             WHERE owner = $5 AND id = $6 AND rev = $7",
        ))
        .bind(s.person.as_deref())
        .bind(&s.name)
        .bind(s.last_spoke.map(|d| d.to_string()))
        .bind(&s.stretch)
        .bind(owner)
        .bind(s.id)
        .bind(s.rev)
        .execute(&self.pool)
        .await?;
        one_row(done, "sponsor", s.id)
    }

    /// Deletes a sponsor read at revision `rev`.
    pub async fn delete_path_sponsor(
        &self,
        owner: i64,
        id: i64,
        rev: i64,
    ) -> Result<(), StoreError> {
        self.delete_versioned("path_sponsors", "sponsor", owner, id, rev)
            .await
    }

    /// Shares a section with a person (again keeps the first date).
    pub async fn share_path(
        &self,
        owner: i64,
        section: Section,
        person: &str,
    ) -> Result<(), StoreError> {
        sqlx::query(self.sql(
            "INSERT INTO path_shares (owner, section, person, since) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (owner, section, person) DO NOTHING",
        ))
        .bind(owner)
        .bind(section.as_str())
        .bind(person)
        .bind(rfc3339_utc(SystemTime::now()))
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Takes a share back; false when there was none.
    pub async fn unshare_path(
        &self,
        owner: i64,
        section: Section,
        person: &str,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            self.sql("DELETE FROM path_shares WHERE owner = $1 AND section = $2 AND person = $3"),
        )
        .bind(owner)
        .bind(section.as_str())
        .bind(person)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// The paths shared with `person`, by author.
    pub async fn paths_shared_with(&self, person: &str) -> Result<Vec<SharedWith>, StoreError> {
        let rows = sqlx::query(self.sql(
            "SELECT s.owner AS owner, s.section AS section, u.email AS email, u.person AS owner_person \
             FROM path_shares s JOIN users u ON u.id = s.owner \
             WHERE s.person = $1 AND u.disabled = 0 ORDER BY u.email, s.section",
        ))
        .bind(person)
        .fetch_all(&self.pool)
        .await?;
        let mut out: Vec<SharedWith> = Vec::new();
        for r in &rows {
            let owner: i64 = r.try_get("owner")?;
            let section = word(r, "section", Section::parse)?;
            match out.last_mut() {
                Some(last) if last.owner == owner => last.sections.push(section),
                _ => out.push(SharedWith {
                    owner,
                    owner_email: r.try_get("email")?,
                    owner_person: r.try_get("owner_person")?,
                    sections: vec![section],
                }),
            }
        }
        Ok(out)
    }

    /// Deletes everything `owner` keeps, in one transaction: nothing of it is left in the
    /// database (the audit log keeps that reads happened, never what was read).
    pub async fn delete_path(&self, owner: i64) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        for table in TABLES {
            sqlx::query(self.sql(&format!("DELETE FROM {table} WHERE owner = $1")))
                .bind(owner)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// How many rows of the path `owner` has in each table, for checking a hard delete.
    pub async fn path_rows(&self, owner: i64) -> Result<usize, StoreError> {
        let mut n = 0usize;
        for table in TABLES {
            let row = sqlx::query(self.sql(&format!(
                "SELECT COUNT(*) AS n FROM {table} WHERE owner = $1"
            )))
            .bind(owner)
            .fetch_one(&self.pool)
            .await?;
            let count: i64 = row.try_get("n")?;
            n += usize::try_from(count).unwrap_or(0);
        }
        Ok(n)
    }
}

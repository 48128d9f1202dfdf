//! Goals, their status updates and portfolio decisions in the database. Writes are batches,
//! all or nothing, and bump the planning revision.

use crate::{Store, StoreError, query_error};
use sqlx::Row;
use sqlx::any::AnyRow;
use trellis_model::oplog::Date;
use trellis_model::planning::*;

/// The ids given to a stored batch, in the batch's order.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct AddedPlanning {
    pub goals: Vec<i64>,
    pub updates: Vec<i64>,
    pub decisions: Vec<i64>,
}

fn day(row: &AnyRow, col: &str) -> Result<Date, StoreError> {
    let text: String = row.try_get(col).map_err(query_error)?;
    Date::parse(&text).ok_or_else(|| StoreError::Query(format!("bad date `{text}` in {col}")))
}

fn word<T>(row: &AnyRow, col: &str, parse: fn(&str) -> Option<T>) -> Result<T, StoreError> {
    let text: String = row.try_get(col).map_err(query_error)?;
    parse(&text).ok_or_else(|| StoreError::Query(format!("unknown value `{text}` in {col}")))
}

impl Store {
    /// The planning revision: changes whenever a goal, update or portfolio decision is stored.
    pub async fn planning_revision(&self) -> Result<i64, StoreError> {
        let row = sqlx::query("SELECT revision FROM planning_revision WHERE id = 1")
            .fetch_one(&self.pool)
            .await
            .map_err(query_error)?;
        row.try_get("revision").map_err(query_error)
    }

    /// Stores a batch in one transaction (ids in it are ignored). An update's `goal` that is
    /// negative refers to a goal of this batch (`-1` is the first); a positive one to a stored
    /// goal.
    /// `entered_by` is who entered the batch, kept with every goal, update and decision.
    pub async fn add_planning(
        &self,
        batch: &Planning,
        entered_by: &str,
    ) -> Result<AddedPlanning, StoreError> {
        let mut tx = self.pool.begin().await.map_err(query_error)?;
        let mut added = AddedPlanning::default();
        for g in &batch.goals {
            let row = sqlx::query(self.sql(
                "INSERT INTO goals (team, quarter, body, company_priority, committed, status, set_on, entered_by) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
            ))
            .bind(&g.team)
            .bind(g.quarter.to_string())
            .bind(&g.text)
            .bind(i64::from(g.company_priority))
            .bind(i64::from(g.committed))
            .bind(g.status.as_str())
            .bind(g.set_on.to_string())
            .bind(entered_by)
            .fetch_one(&mut *tx)
            .await
            .map_err(query_error)?;
            added.goals.push(row.try_get(0).map_err(query_error)?);
        }
        for u in &batch.updates {
            let goal = if u.goal < 0 {
                *added
                    .goals
                    .get((-u.goal - 1) as usize)
                    .ok_or_else(|| StoreError::Query(format!("no goal {} in this batch", u.goal)))?
            } else {
                let known = sqlx::query(self.sql("SELECT id FROM goals WHERE id = $1"))
                    .bind(u.goal)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(query_error)?;
                if known.is_none() {
                    return Err(StoreError::Query(format!("there is no goal {}", u.goal)));
                }
                u.goal
            };
            let row = sqlx::query(self.sql(
                "INSERT INTO goal_updates (goal, status, day, note, entered_by) VALUES ($1, $2, $3, $4, $5) RETURNING id",
            ))
            .bind(goal)
            .bind(u.status.as_str())
            .bind(u.date.to_string())
            .bind(&u.note)
            .bind(entered_by)
            .fetch_one(&mut *tx)
            .await
            .map_err(query_error)?;
            added.updates.push(row.try_get(0).map_err(query_error)?);
        }
        for d in &batch.decisions {
            let row = sqlx::query(self.sql(
                "INSERT INTO portfolio_decisions (action, bet, rationale, day, decided_by, entered_by) \
                 VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            ))
            .bind(d.action.as_str())
            .bind(&d.bet)
            .bind(&d.rationale)
            .bind(d.date.to_string())
            .bind(&d.decided_by)
            .bind(entered_by)
            .fetch_one(&mut *tx)
            .await
            .map_err(query_error)?;
            added.decisions.push(row.try_get(0).map_err(query_error)?);
        }
        sqlx::query("UPDATE planning_revision SET revision = revision + 1 WHERE id = 1")
            .execute(&mut *tx)
            .await
            .map_err(query_error)?;
        tx.commit().await.map_err(query_error)?;
        Ok(added)
    }

    /// Every goal, update and portfolio decision, each in id order.
    pub async fn planning(&self) -> Result<Planning, StoreError> {
        let mut p = Planning::default();
        for r in sqlx::query(
            "SELECT id, team, quarter, body, company_priority, committed, status, set_on FROM goals ORDER BY id",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(query_error)?
        {
            p.goals.push(Goal {
                id: r.try_get("id").map_err(query_error)?,
                team: r.try_get("team").map_err(query_error)?,
                quarter: word(&r, "quarter", Quarter::parse)?,
                text: r.try_get("body").map_err(query_error)?,
                company_priority: r.try_get::<i64, _>("company_priority").map_err(query_error)? != 0,
                committed: r.try_get::<i64, _>("committed").map_err(query_error)? != 0,
                status: word(&r, "status", GoalStatus::parse)?,
                set_on: day(&r, "set_on")?,
            });
        }
        for r in sqlx::query("SELECT id, goal, status, day, note FROM goal_updates ORDER BY id")
            .fetch_all(&self.pool)
            .await
            .map_err(query_error)?
        {
            p.updates.push(GoalUpdate {
                id: r.try_get("id").map_err(query_error)?,
                goal: r.try_get("goal").map_err(query_error)?,
                status: word(&r, "status", GoalStatus::parse)?,
                date: day(&r, "day")?,
                note: r.try_get("note").map_err(query_error)?,
            });
        }
        for r in sqlx::query(
            "SELECT id, action, bet, rationale, day, decided_by FROM portfolio_decisions ORDER BY id",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(query_error)?
        {
            p.decisions.push(PortfolioDecision {
                id: r.try_get("id").map_err(query_error)?,
                action: word(&r, "action", PortfolioAction::parse)?,
                bet: r.try_get("bet").map_err(query_error)?,
                rationale: r.try_get("rationale").map_err(query_error)?,
                date: day(&r, "day")?,
                decided_by: r.try_get("decided_by").map_err(query_error)?,
            });
        }
        Ok(p)
    }
}

impl Store {
    /// The kept scorecard of a finished quarter (as JSON), if one was taken.
    pub async fn scorecard_snapshot(&self, quarter: &str) -> Result<Option<String>, StoreError> {
        let row = sqlx::query(self.sql("SELECT body FROM scorecard_snapshots WHERE quarter = $1"))
            .bind(quarter)
            .fetch_optional(&self.pool)
            .await
            .map_err(query_error)?;
        row.map(|r| r.try_get("body").map_err(query_error))
            .transpose()
    }

    /// Keeps a finished quarter's scorecard. The first one kept stays: a second call for the
    /// same quarter changes nothing and returns the kept body.
    pub async fn keep_scorecard(&self, quarter: &str, body: &str) -> Result<String, StoreError> {
        sqlx::query(self.sql(
            "INSERT INTO scorecard_snapshots (quarter, taken, body) VALUES ($1, $2, $3) ON CONFLICT (quarter) DO NOTHING",
        ))
        .bind(quarter)
        .bind(crate::rfc3339_utc(std::time::SystemTime::now()))
        .bind(body)
        .execute(&self.pool)
        .await
        .map_err(query_error)?;
        Ok(self
            .scorecard_snapshot(quarter)
            .await?
            .unwrap_or_else(|| body.to_string()))
    }
}

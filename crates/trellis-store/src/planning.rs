//! Goals, their status updates and portfolio decisions in the database. Writes are batches,
//! all or nothing, and bump the planning revision.

use crate::rows::{day, word};
use crate::{Store, StoreError};
use sqlx::Row;
use trellis_model::planning::*;

/// The ids given to a stored batch, in the batch's order.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct AddedPlanning {
    pub goals: Vec<i64>,
    pub updates: Vec<i64>,
    pub decisions: Vec<i64>,
}

impl Store {
    /// The planning revision: changes whenever a goal, update or portfolio decision is stored.
    pub async fn planning_revision(&self) -> Result<i64, StoreError> {
        let row = sqlx::query("SELECT revision FROM planning_revision WHERE id = 1")
            .fetch_one(&self.pool)
            .await?;
        row.try_get("revision").map_err(StoreError::from)
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
        let mut tx = self.pool.begin().await?;
        let mut added = AddedPlanning::default();
        for g in &batch.goals {
            let row = sqlx::query(self.sql(
                "INSERT INTO goals (team, quarter, body, company_priority, committed, status, set_on, entered_by, measure, set_by) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
            ))
            .bind(&g.team)
            .bind(g.quarter.to_string())
            .bind(&g.text)
            .bind(i64::from(g.company_priority))
            .bind(i64::from(g.committed))
            .bind(g.status.as_str())
            .bind(g.set_on.to_string())
            .bind(entered_by)
            .bind(&g.measure)
            .bind(&g.set_by)
            .fetch_one(&mut *tx)
            .await?;
            added.goals.push(row.try_get(0)?);
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
                    .await?;
                if known.is_none() {
                    return Err(StoreError::Query(format!("there is no goal {}", u.goal)));
                }
                u.goal
            };
            let row = sqlx::query(self.sql(
                "INSERT INTO goal_updates (goal, status, day, note, entered_by, recorded_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            ))
            .bind(goal)
            .bind(u.status.as_str())
            .bind(u.date.to_string())
            .bind(&u.note)
            .bind(entered_by)
            .bind(&u.by)
            .fetch_one(&mut *tx)
            .await?;
            added.updates.push(row.try_get(0)?);
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
            .await?;
            added.decisions.push(row.try_get(0)?);
        }
        sqlx::query("UPDATE planning_revision SET revision = revision + 1 WHERE id = 1")
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(added)
    }

    /// Every goal, update and portfolio decision, each in id order.
    pub async fn planning(&self) -> Result<Planning, StoreError> {
        let mut p = Planning::default();
        for r in sqlx::query(
            "SELECT id, team, quarter, body, company_priority, committed, status, set_on, measure, set_by FROM goals ORDER BY id",
        )
        .fetch_all(&self.pool)
        .await?
        {
            p.goals.push(Goal {
                id: r.try_get("id")?,
                team: r.try_get("team")?,
                quarter: word(&r, "quarter", Quarter::parse)?,
                text: r.try_get("body")?,
                company_priority: r.try_get::<i64, _>("company_priority")? != 0,
                committed: r.try_get::<i64, _>("committed")? != 0,
                status: word(&r, "status", GoalStatus::parse)?,
                set_on: day(&r, "set_on")?,
                measure: r.try_get("measure")?,
                set_by: r.try_get("set_by")?,
            });
        }
        for r in sqlx::query(
            "SELECT id, goal, status, day, note, recorded_by FROM goal_updates ORDER BY id",
        )
        .fetch_all(&self.pool)
        .await?
        {
            p.updates.push(GoalUpdate {
                id: r.try_get("id")?,
                goal: r.try_get("goal")?,
                status: word(&r, "status", GoalStatus::parse)?,
                date: day(&r, "day")?,
                note: r.try_get("note")?,
                by: r.try_get("recorded_by")?,
            });
        }
        for r in sqlx::query(
            "SELECT id, action, bet, rationale, day, decided_by FROM portfolio_decisions ORDER BY id",
        )
        .fetch_all(&self.pool)
        .await?
        {
            p.decisions.push(PortfolioDecision {
                id: r.try_get("id")?,
                action: word(&r, "action", PortfolioAction::parse)?,
                bet: r.try_get("bet")?,
                rationale: r.try_get("rationale")?,
                date: day(&r, "day")?,
                decided_by: r.try_get("decided_by")?,
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
            .await?;
        row.map(|r| r.try_get("body").map_err(StoreError::from))
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
        .await?;
        Ok(self
            .scorecard_snapshot(quarter)
            .await?
            .unwrap_or_else(|| body.to_string()))
    }
}

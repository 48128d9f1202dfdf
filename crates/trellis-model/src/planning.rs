//! Goals per team per quarter and portfolio decisions (SPEC §4): what the organisation
//! committed to, how it went over the quarter, and which bets the leader funded, paused or
//! stopped. Plain data; the scorecard and the review read it.

use crate::oplog::Date;
use std::fmt;

word_enum!(
    /// Where a goal stands.
    GoalStatus {
        OnTrack = "on-track",
        AtRisk = "at-risk",
        OffTrack = "off-track",
        Done = "done",
        Missed = "missed",
    }
);

word_enum!(
    /// What the leader decided about a bet.
    PortfolioAction {
        Fund = "fund",
        Consolidate = "consolidate",
        Pause = "pause",
        Protect = "protect",
        Stop = "stop",
    }
);

/// A calendar quarter, written `2026Q4`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Quarter {
    pub year: i32,
    /// 1 to 4.
    pub q: u8,
}

impl Quarter {
    /// Reads `2026Q4` (also `2026-Q4` and lower case).
    pub fn parse(text: &str) -> Option<Quarter> {
        let t = text.trim().to_ascii_uppercase();
        let (y, q) = t.split_once('Q')?;
        let y = y.strip_suffix('-').unwrap_or(y);
        if y.len() != 4 || q.len() != 1 {
            return None;
        }
        let year: i32 = y.parse().ok()?;
        let q: u8 = q.parse().ok()?;
        (1..=4).contains(&q).then_some(Quarter { year, q })
    }

    pub fn of(day: Date) -> Quarter {
        let (y, m, _) = day.ymd();
        Quarter {
            year: y,
            q: ((m - 1) / 3 + 1) as u8,
        }
    }

    pub fn first_day(self) -> Date {
        Date::from_ymd(self.year, i32::from(self.q - 1) * 3 + 1, 1)
    }

    pub fn last_day(self) -> Date {
        self.next().first_day().plus(-1)
    }

    pub fn contains(self, day: Date) -> bool {
        self.first_day() <= day && day <= self.last_day()
    }

    pub fn previous(self) -> Quarter {
        if self.q == 1 {
            Quarter {
                year: self.year - 1,
                q: 4,
            }
        } else {
            Quarter {
                year: self.year,
                q: self.q - 1,
            }
        }
    }

    pub fn next(self) -> Quarter {
        if self.q == 4 {
            Quarter {
                year: self.year + 1,
                q: 1,
            }
        } else {
            Quarter {
                year: self.year,
                q: self.q + 1,
            }
        }
    }
}

impl fmt::Display for Quarter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}Q{}", self.year, self.q)
    }
}

/// A team's goal for a quarter.
#[derive(Clone, Debug, PartialEq)]
pub struct Goal {
    pub id: i64,
    pub team: String,
    pub quarter: Quarter,
    pub text: String,
    /// Serves a company priority.
    pub company_priority: bool,
    /// Committed (as opposed to aspirational).
    pub committed: bool,
    /// The status when the goal was set.
    pub status: GoalStatus,
    pub set_on: Date,
    /// How success is judged ("weekly active users at 5,000"); empty when not said.
    pub measure: String,
    /// The person who set the goal, when known.
    pub set_by: Option<String>,
}

/// A change of a goal's status during the quarter; the newest on or before a day is the
/// status on that day.
#[derive(Clone, Debug, PartialEq)]
pub struct GoalUpdate {
    pub id: i64,
    pub goal: i64,
    pub status: GoalStatus,
    pub date: Date,
    pub note: String,
    /// The person who recorded this status, when known.
    pub by: Option<String>,
}

/// A portfolio decision about a bet (a team or an initiative).
#[derive(Clone, Debug, PartialEq)]
pub struct PortfolioDecision {
    pub id: i64,
    pub action: PortfolioAction,
    /// The team or initiative id.
    pub bet: String,
    pub rationale: String,
    pub date: Date,
    pub decided_by: String,
}

/// Goals, their updates and the portfolio decisions.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Planning {
    pub goals: Vec<Goal>,
    pub updates: Vec<GoalUpdate>,
    pub decisions: Vec<PortfolioDecision>,
}

impl Planning {
    /// A goal's status as it stood at the end of `day`.
    pub fn status_on(&self, goal: &Goal, day: Date) -> GoalStatus {
        self.updates
            .iter()
            .filter(|u| u.goal == goal.id && u.date <= day)
            .max_by_key(|u| (u.date, u.id))
            .map_or(goal.status, |u| u.status)
    }

    /// The goals of a quarter.
    pub fn goals_of(&self, quarter: Quarter) -> impl Iterator<Item = &Goal> {
        self.goals.iter().filter(move |g| g.quarter == quarter)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quarters_parse_print_and_step() {
        let q = Quarter::parse("2026Q4").expect("q");
        assert_eq!(q, Quarter { year: 2026, q: 4 });
        assert_eq!(Quarter::parse("2026-q4"), Some(q));
        assert_eq!(q.to_string(), "2026Q4");
        assert_eq!(q.first_day().to_string(), "2026-10-01");
        assert_eq!(q.last_day().to_string(), "2026-12-31");
        assert_eq!(q.next().to_string(), "2027Q1");
        assert_eq!(q.previous().to_string(), "2026Q3");
        assert_eq!(Quarter::parse("2027Q1").expect("q").previous(), q);
        assert_eq!(
            Quarter::of(Date::parse("2026-02-28").expect("d")).to_string(),
            "2026Q1"
        );
        assert!(q.contains(Date::parse("2026-12-31").expect("d")));
        assert!(!q.contains(Date::parse("2027-01-01").expect("d")));
        for bad in ["2026Q5", "2026Q0", "26Q1", "2026", "Q4", "2026Q44"] {
            assert_eq!(Quarter::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_goals_status_is_its_newest_update_on_or_before_the_day() {
        let d = |t: &str| Date::parse(t).expect("d");
        let goal = Goal {
            id: 1,
            team: "checkout".into(),
            quarter: Quarter::parse("2026Q4").expect("q"),
            text: "Cut checkout drop-off to 20%".into(),
            company_priority: true,
            committed: true,
            status: GoalStatus::OnTrack,
            set_on: d("2026-10-01"),
            measure: String::new(),
            set_by: None,
        };
        let p = Planning {
            goals: vec![goal.clone()],
            updates: vec![
                GoalUpdate {
                    id: 2,
                    goal: 1,
                    status: GoalStatus::OffTrack,
                    date: d("2026-11-15"),
                    note: String::new(),
                    by: None,
                },
                GoalUpdate {
                    id: 1,
                    goal: 1,
                    status: GoalStatus::AtRisk,
                    date: d("2026-11-01"),
                    note: String::new(),
                    by: None,
                },
            ],
            decisions: Vec::new(),
        };
        assert_eq!(p.status_on(&goal, d("2026-10-15")), GoalStatus::OnTrack);
        assert_eq!(p.status_on(&goal, d("2026-11-01")), GoalStatus::AtRisk);
        assert_eq!(p.status_on(&goal, d("2026-12-31")), GoalStatus::OffTrack);
        assert_eq!(p.goals_of(goal.quarter).count(), 1);
    }
}

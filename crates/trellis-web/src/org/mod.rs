//! The organisation: the dashboard, teams, people, findings, rules, versions, the org chart and
//! spans; editing a team or a person's manager and the one path every change takes (who may
//! change what, checked as `trellis apply` checks); accounts and their sessions and tokens.

pub mod account;
pub mod api;
pub mod change;
pub mod chart;
pub mod edit;
pub mod pages;
pub mod versions;

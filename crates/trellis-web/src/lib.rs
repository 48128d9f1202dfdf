//! The Trellis web app: server-rendered HTML over the stored org versions. Works without
//! JavaScript; charts are SVG drawn on the server. The only crate that knows HTTP.
//!
//! State lives in the database; each instance keeps the analysis of the newest data in memory
//! and brings it up to date when the data changes, so instances stay interchangeable.

pub mod api;
mod downloads;
pub mod http;
mod log;
pub mod org;
mod page;
mod partnership;
pub mod path;
pub mod portfolio;
pub mod review;
pub mod scenario;
mod search;
mod snapshot;
mod talent;

pub use http::error::{AppError, RETRY_AFTER};
pub use log::judge_levels;
pub use snapshot::{OrgAnalysis, Snapshot};

mod demo;
mod routes;
mod state;

pub use demo::*;
pub use routes::{Area, RouteDef, route_table, router};
pub use state::*;

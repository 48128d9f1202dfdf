//! Tests of the web app through its router: pages, forms, the API, privacy, security. One test
//! binary for the crate: it links once (faster to build, a fraction of the disk).

mod accounts;
mod analysis_updates;
mod api;
mod auth;
mod calendar;
mod common;
mod edit;
mod instances;
mod oplog;
mod pages;
mod partnership;
mod path;
mod portfolio;
mod review;
mod robustness;
mod scenarios;
mod scorecard;
mod security;
mod sso;
mod talent;
mod talent_matrix;

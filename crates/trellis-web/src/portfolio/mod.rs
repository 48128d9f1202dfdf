//! The portfolio: goals per team and quarter, the portfolio decision log and where the
//! leader's attention goes, as a page with its forms and upload, and in the API.

pub mod api;
pub mod pages;

//! The operating log: its pages (signals with evidence, decisions, escalations, conflicts,
//! rituals and meetings, records and their forms, the CSV upload), its API and the calendar
//! feeds. Records are checked by `trellis_interop::records`, as the API and imports are.

pub mod api;
pub mod calendar;
pub mod pages;

pub use pages::judge_levels;

//! The operating log: its pages (signals with evidence, decisions, escalations, conflicts,
//! rituals, records), its forms (meetings, single records, the CSV upload), its API and the
//! calendar feeds. Records are checked by `trellis_interop::records`, as the API and imports
//! are.

pub mod api;
pub mod calendar;
pub mod forms;
pub mod moves;
pub mod pages;

pub use forms::judge_levels;

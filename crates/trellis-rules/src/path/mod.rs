//! The director path's analysis (SPEC §8), pure like the rest of this crate: evidence checked for
//! a situation, a behaviour and an outcome (`entry`), practice answers checked for a mechanism
//! (`answer`), feedback received turned into what it lacks and the question to ask back
//! (`feedback`), the interview question bank (`bank`), where someone stands and what to do next
//! (`stand`), and entries suggested from their own records (`suggest`).

pub mod answer;
pub mod bank;
pub mod entry;
pub mod feedback;
pub mod stand;
pub mod suggest;

//! What the talent pages share (each page is a file of its own: overview, bench, pipeline,
//! person, calibration, audit, import). Every page builds from [`Guard::visible`].

use super::{Guard, TalentSnap};
use crate::http::html::{Link, url};
use crate::snapshot::Snapshot;
use crate::{AppError, AppState};
use std::collections::HashMap;
use std::sync::Arc;
use trellis_model::Interest;
use trellis_model::access::Reach;
use trellis_model::talent::*;

/// The most signals a talent page lists; the rest are counted per signal.
pub(crate) const SIGNALS_SHOWN: usize = 50;
/// The most rows a list page shows; the rest are counted, and the export has them all.
pub(crate) const ROWS_SHOWN: usize = 250;

/// A form's values as sent, and the problems found per field.
pub(crate) type Values = HashMap<String, String>;

/// Everything a talent handler starts from.
pub(crate) async fn load(state: &AppState) -> Result<(Arc<Snapshot>, Arc<TalentSnap>), AppError> {
    let snap = state.snapshot().await?;
    let talent = state.talent(&snap).await?;
    Ok((snap, talent))
}

/// Talent list pages are for those who see more than their own records: others get a 404 (and
/// an audit row saying they tried).
pub(crate) async fn lists_allowed<'a>(
    state: &AppState,
    mut guard: Guard<'a>,
    what: &str,
) -> Result<Guard<'a>, AppError> {
    match guard.reach() {
        Reach::Everyone | Reach::Subtree => Ok(guard),
        Reach::Own | Reach::Nothing => {
            guard.refuse("everyone", what);
            guard.flush(state).await?;
            Err(not_found())
        }
    }
}

pub(crate) fn not_found() -> AppError {
    AppError::NotFound("There is no page at this address.".into())
}

/// The newest answer to "do you want to manage?": recorded answers over the org file's.
pub fn interest_of(snap: &Snapshot, t: &Talent, person: &str) -> Option<(Interest, String)> {
    t.interest
        .iter()
        .filter(|i| i.person == person)
        .max_by_key(|i| i.date)
        .map(|i| (i.interest, format!("said {}", i.date)))
        .or_else(|| {
            snap.people
                .get(person)
                .and_then(|&ix| snap.org.people[ix].management_interest)
                .map(|i| (i, "in the org file".to_string()))
        })
}

pub(crate) fn talent_link(snap: &Snapshot, id: &str) -> Link {
    Link {
        href: format!("/talent/people/{}", url(id)),
        label: snap.person_name(id),
    }
}

//! The demo organisation's history over two quarters, so the review has structural change to
//! read: the org as first stored (Storefront still claimed the checkout flow it shares with
//! Checkout, and nobody owned shipping labels), the charter fix that ended the
//! Storefront–Checkout clashes, and the version that gave shipping labels to Orders (today's
//! files).

use trellis_model::oplog::Date;
use trellis_model::planning::Quarter;

/// One version of the history: the day it was made, its message and its files.
pub struct DemoVersion {
    pub day: Date,
    pub message: &'static str,
    pub files: Vec<(String, String)>,
}

/// `files` with the first `from` in the file `path` replaced by `to` (which must be there).
fn patched(files: &[(String, String)], path: &str, from: &str, to: &str) -> Vec<(String, String)> {
    files
        .iter()
        .map(|(p, t)| {
            if p == path {
                assert!(
                    t.contains(from),
                    "the demo file {p} no longer holds `{from}`"
                );
                (p.clone(), t.replacen(from, to, 1))
            } else {
                (p.clone(), t.clone())
            }
        })
        .collect()
}

const COMMERCE: &str = "teams-commerce.yaml";
const STOREFRONT_NOW: &str = "      owns: [storefront-pages, product-search]\n      not_owns: [checkout-flow, \"product recommendations model\"]";
const STOREFRONT_THEN: &str = "      owns: [storefront-pages, product-search, checkout-flow]\n      not_owns: [\"product recommendations model\"]";
const ORDERS_NOW: &str = "owns: [order-management, shipping-labels, email-notifications]";
const ORDERS_THEN: &str = "owns: [order-management, email-notifications]";

/// The three versions, oldest first, up to `today`; the last holds `files` (the demo org as it
/// is now). The first was stored early last quarter, the charter fix late last quarter (after
/// [`checkout_clashes`]), the last this quarter.
pub fn northwind_history(files: &[(String, String)], today: Date) -> Vec<DemoVersion> {
    let now = Quarter::of(today);
    let last = now.previous().first_day();
    let start = now.first_day();
    let elapsed = start.days_until(today).max(0);
    let fixed = patched(files, COMMERCE, ORDERS_NOW, ORDERS_THEN);
    let first = patched(&fixed, COMMERCE, STOREFRONT_NOW, STOREFRONT_THEN);
    vec![
        DemoVersion {
            day: last.plus(5),
            message: "Imported from the HR system",
            files: first,
        },
        DemoVersion {
            day: last.plus(85),
            message: "Storefront hands the checkout flow to Checkout after repeated clashes",
            files: fixed,
        },
        DemoVersion {
            day: start.plus(2 * elapsed / 3),
            message: "Orders & Fulfilment takes over shipping labels",
            files: files.to_vec(),
        },
    ]
}

/// The days the Storefront–Checkout clashes over the checkout flow were raised: last quarter,
/// before the charter fix.
pub fn checkout_clashes(today: Date) -> Vec<Date> {
    let last = Quarter::of(today).previous().first_day();
    vec![last.plus(40), last.plus(60), last.plus(80)]
}

//! The demo's talent records show each planted pattern as its talent signal (one promotion, both
//! untested and unprepared, as two), and the
//! demo calibration's 9-box and rater statistics match a computation done by hand.

mod common;
use common::demo_org;

use trellis_model::oplog::Date;
use trellis_model::talent::{Potential, Rating, Talent};
use trellis_rules::calibration::{nine_box, rater_stats};

/// The demo talent as the store would return it: ids given in order.
fn stored(today: Date) -> Talent {
    let mut t = trellis_interop::demo_talent::northwind_talent(today, 1);
    for (i, r) in t.ratings.iter_mut().enumerate() {
        r.id = i as i64 + 1;
    }
    if let Some(mut change) = trellis_interop::demo_talent::calibration_change(&t, today) {
        change.id = 1;
        t.changes.push(change);
    }
    t
}

#[test]
fn each_planted_pattern_is_one_talent_signal() {
    let org = demo_org();
    for today in ["2026-11-28", "2027-03-01", "2026-06-30"] {
        let today = Date::parse(today).expect("date");
        let found = trellis_rules::check_talent(&org, &stored(today), today);
        let mut seen: Vec<(&str, Vec<&str>)> = found
            .iter()
            .map(|d| {
                let mut who: Vec<&str> = d.subjects.iter().map(|s| s.id.as_str()).collect();
                who.sort_unstable();
                (d.code, who)
            })
            .collect();
        seen.sort();
        assert_eq!(
            seen,
            vec![
                ("bench-thin", vec!["kim", "li", "marcus"]),
                ("calibration-compressed", vec!["marcus"]),
                ("calibration-lenient", vec!["kim"]),
                ("calibration-severe", vec!["dana"]),
                ("coaching-vague", vec!["dana", "marcus"]),
                // Sofia became a manager with no stretch first and leads no team's work.
                ("new-manager-unprepared", vec!["sofia"]),
                ("pipeline-unwilling", vec!["viktor"]),
                ("promotion-untested", vec!["femi"]),
                // The same promotion was untested too: both are true of it.
                ("promotion-untested", vec!["sofia"]),
                ("sponsor-missing", vec!["grace"]),
            ],
            "{today}: {found:#?}"
        );
    }
}

#[test]
fn the_demo_calibration_matches_a_hand_computation() {
    let today = Date::parse("2026-11-28").expect("date");
    let t = stored(today);
    // The 9-box of the ratings as given, counted by hand from the table in demo_talent.rs
    // (performance 1–2 low, 3 medium, 4–5 high):
    //   high potential:   mia(5), tom(4), jade(4) high; grace(3) medium       → [0, 1, 3]
    //   medium potential: oscar 5, lena 4, yusuf 5, paula 4, zoe 5 high (5); hana 3, rosa 3,
    //                     ana 3, raul 3, femi 3, priya 3 medium (6); li 2, kim 2, sam 2 low (3)
    //   low potential:    ines 4 high; viktor 3, theo 3 medium; noor 2, marcus 1 low
    assert_eq!(nine_box(&t.ratings), [[2, 2, 1], [3, 6, 5], [0, 1, 3]]);
    // Calibrated, Zoë's 5 became a 4: still high performance, so the grid is unchanged; her
    // calibrated rating is the change.
    let zoe = t.ratings.iter().find(|r| r.person == "zoe").expect("zoe");
    assert_eq!(t.calibrated(zoe), (4, Potential::Medium));
    let calibrated: Vec<Rating> = t
        .ratings
        .iter()
        .map(|r| {
            let (performance, potential) = t.calibrated(r);
            Rating {
                performance,
                potential,
                ..r.clone()
            }
        })
        .collect();
    assert_eq!(nine_box(&calibrated), [[2, 2, 1], [3, 6, 5], [0, 1, 3]]);

    // Rater statistics, by hand. Kim: 5,5,4,5,4,4,5 → mean 32/7 = 4.5714, sample variance
    // (4 × (3/7)² + 3 × (4/7)²)/6 = (84/49)/6 = 0.2857, sd 0.5345.
    // Everyone else (16 ratings): marcus 3,3,3,3,3; li 4,3,3; priya 4,3,2; dana 2,3,2,1,2 →
    // sum 44, mean 2.75, squares 130 → variance (130 − 44²/16)/15 = 9/15 = 0.6, sd 0.7746.
    // Pooled sd = √((6 × 0.2857 + 15 × 0.6)/21) = √(10.714/21) = 0.7143;
    // d = (4.5714 − 2.75)/0.7143 = 2.55.
    let stats = rater_stats(&t.ratings);
    let kim = stats.iter().find(|s| s.rater == "kim").expect("kim");
    assert_eq!((kim.n, kim.rest_n), (7, 16));
    assert!((kim.mean - 32.0 / 7.0).abs() < 1e-9);
    assert!((kim.sd - 0.5345).abs() < 1e-3, "{}", kim.sd);
    assert!((kim.rest_mean - 2.75).abs() < 1e-9);
    assert!((kim.rest_sd - 0.7746).abs() < 1e-3, "{}", kim.rest_sd);
    assert!(
        (kim.effect.expect("d") - 2.55).abs() < 1e-2,
        "{:?}",
        kim.effect
    );
    // Dana: 2,3,2,1,2 → mean 2.0, variance (0 + 1 + 0 + 1 + 0)/4 = 0.5, sd 0.7071. The rest
    // (18): kim 32 + marcus 15 + li 10 + priya 9 = 66, mean 3.6667; squares 148 + 45 + 34 +
    // 29 = 256 → variance (256 − 66²/18)/17 = 14/17 = 0.8235, sd 0.9075.
    // Pooled = √((4 × 0.5 + 17 × 0.8235)/21) = √(16/21) = 0.8729; d = −1.6667/0.8729 = −1.909.
    let dana = stats.iter().find(|s| s.rater == "dana").expect("dana");
    assert!((dana.mean - 2.0).abs() < 1e-9);
    assert!((dana.sd - 0.5f64.sqrt()).abs() < 1e-9);
    assert!((dana.rest_mean - 66.0 / 18.0).abs() < 1e-9);
    assert!((dana.rest_sd - 0.9075).abs() < 1e-3, "{}", dana.rest_sd);
    assert!(
        (dana.effect.expect("d") + 1.909).abs() < 1e-2,
        "{:?}",
        dana.effect
    );
    // Marcus: five 3s, sd 0: compressed.
    let marcus = stats.iter().find(|s| s.rater == "marcus").expect("marcus");
    assert_eq!((marcus.n, marcus.mean, marcus.sd), (5, 3.0, 0.0));
}

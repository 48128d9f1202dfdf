//! Calibration statistics: each rater's ratings against everyone else's (mean, standard
//! deviation, Cohen's d with a pooled standard deviation) and the 9-box grid. The numbers are
//! shown, not just the verdicts, so a calibration session can argue with them.

use trellis_model::talent::{Potential, Rating};

/// How one rater's performance ratings compare with the rest of the org's.
#[derive(Debug, Clone, PartialEq)]
pub struct RaterStats {
    pub rater: String,
    /// Ratings this rater gave.
    pub n: usize,
    pub mean: f64,
    /// Sample standard deviation (n − 1).
    pub sd: f64,
    /// Ratings everyone else gave.
    pub rest_n: usize,
    pub rest_mean: f64,
    pub rest_sd: f64,
    /// Cohen's d: (mean − rest mean) / pooled standard deviation; None when it cannot be
    /// computed (too few ratings on either side, or no spread at all).
    pub effect: Option<f64>,
}

/// Mean and sample standard deviation from a count, a sum and a sum of squares (ratings are
/// small integers, so this is exact enough and lets every rater be compared in one pass).
fn mean_sd(n: u64, sum: u64, squares: u64) -> (f64, f64) {
    if n == 0 {
        return (0.0, 0.0);
    }
    let nf = n as f64;
    let mean = sum as f64 / nf;
    let sd = if n > 1 {
        ((squares as f64 - (sum as f64) * (sum as f64) / nf) / (nf - 1.0))
            .max(0.0)
            .sqrt()
    } else {
        0.0
    };
    (mean, sd)
}

/// Statistics for every rater in `ratings`, sorted by rater id. Linear in the ratings.
pub fn rater_stats<'a>(ratings: impl IntoIterator<Item = &'a Rating>) -> Vec<RaterStats> {
    let mut per: std::collections::BTreeMap<&str, (u64, u64, u64)> = Default::default();
    let (mut n, mut sum, mut squares) = (0u64, 0u64, 0u64);
    for r in ratings {
        let v = u64::from(r.performance);
        let e = per.entry(r.rater.as_str()).or_default();
        e.0 += 1;
        e.1 += v;
        e.2 += v * v;
        n += 1;
        sum += v;
        squares += v * v;
    }
    per.into_iter()
        .map(|(rater, (n1, s1, q1))| {
            let (n2, s2, q2) = (n - n1, sum - s1, squares - q1);
            let (mean, sd) = mean_sd(n1, s1, q1);
            let (rest_mean, rest_sd) = mean_sd(n2, s2, q2);
            let (a, b) = (n1 as f64, n2 as f64);
            let pooled = if n1 + n2 > 2 && n1 > 0 && n2 > 0 {
                (((a - 1.0) * sd * sd + (b - 1.0) * rest_sd * rest_sd) / (a + b - 2.0)).sqrt()
            } else {
                0.0
            };
            RaterStats {
                rater: rater.to_string(),
                n: n1 as usize,
                mean,
                sd,
                rest_n: n2 as usize,
                rest_mean,
                rest_sd,
                effect: (pooled > 0.0).then(|| (mean - rest_mean) / pooled),
            }
        })
        .collect()
}

/// Where a performance rating sits on the grid's performance axis: 1–2 low, 3 medium, 4–5 high.
pub fn performance_band(performance: u8) -> usize {
    match performance {
        0..=2 => 0,
        3 => 1,
        _ => 2,
    }
}

/// The 9-box grid: `grid[potential][performance band]` counts (potential low, medium, high).
pub fn nine_box(ratings: &[Rating]) -> [[usize; 3]; 3] {
    let mut grid = [[0usize; 3]; 3];
    for r in ratings {
        let p = match r.potential {
            Potential::Low => 0,
            Potential::Medium => 1,
            Potential::High => 2,
        };
        grid[p][performance_band(r.performance)] += 1;
    }
    grid
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rating(rater: &str, person: &str, performance: u8, potential: Potential) -> Rating {
        Rating {
            id: 0,
            session: 1,
            person: person.into(),
            rater: rater.into(),
            performance,
            potential,
            period: "2026-H2".into(),
        }
    }

    #[test]
    fn statistics_match_a_hand_computation() {
        use Potential::*;
        // Li rates 5, 5, 4, 4 (mean 4.5, sd √(1/3) = 0.5774);
        // the others rate 3, 3, 2, 4, 3 (mean 3, sd √(0.5) = 0.7071).
        // Pooled sd = √((3·1/3 + 4·0.5) / 7) = √(3/7) = 0.6547; d = 1.5 / 0.6547 = 2.2913.
        let ratings = vec![
            rating("li", "a", 5, High),
            rating("li", "b", 5, Medium),
            rating("li", "c", 4, Medium),
            rating("li", "d", 4, Low),
            rating("priya", "e", 3, Medium),
            rating("priya", "f", 3, High),
            rating("priya", "g", 2, Low),
            rating("marcus", "h", 4, Medium),
            rating("marcus", "i", 3, Low),
        ];
        let stats = rater_stats(&ratings);
        let li = stats.iter().find(|s| s.rater == "li").expect("li");
        assert_eq!((li.n, li.rest_n), (4, 5));
        assert!((li.mean - 4.5).abs() < 1e-9 && (li.rest_mean - 3.0).abs() < 1e-9);
        assert!((li.sd - (1.0f64 / 3.0).sqrt()).abs() < 1e-9);
        assert!((li.rest_sd - 0.5f64.sqrt()).abs() < 1e-9);
        let d = li.effect.expect("effect");
        assert!((d - 1.5 / (3.0f64 / 7.0).sqrt()).abs() < 1e-9, "{d}");
        assert!((d - 2.2913).abs() < 1e-3);
        // Priya: 3, 3, 2 (mean 2.6667) against 5, 5, 4, 4, 4, 3 (mean 4.1667): severe.
        let priya = stats.iter().find(|s| s.rater == "priya").expect("priya");
        assert!(priya.effect.expect("effect") < -0.8);
        // The grid: potential rows low/medium/high × performance low (1–2) / medium (3) / high (4–5).
        assert_eq!(nine_box(&ratings), [[1, 1, 1], [0, 1, 3], [0, 1, 1]]);
    }

    #[test]
    fn no_spread_or_no_one_else_gives_no_effect_size() {
        use Potential::*;
        let same = vec![rating("li", "a", 3, Low), rating("kim", "b", 3, Low)];
        assert_eq!(rater_stats(&same)[0].effect, None);
        let alone = vec![rating("li", "a", 3, Low), rating("li", "b", 4, Low)];
        assert_eq!(rater_stats(&alone)[0].effect, None);
    }
}

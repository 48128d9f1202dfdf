//! `cargo bench -p trellis-bench --bench signals`: the operating signals over a generated log
//! (SPEC §11 dashboard budget; issue 4: 100,000 decisions and 20,000 meetings for the
//! 100,000-person org, computed once per change of the log).

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::time::Duration;
use trellis_model::oplog::Date;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn bench(c: &mut Criterion) {
    let today = Date::parse("2026-11-28").expect("date");
    for (people, decisions, meetings) in [
        (10_000usize, 10_000usize, 2_000usize),
        (100_000, 100_000, 20_000),
    ] {
        let sources = trellis_bench::generated(people);
        let org = trellis_model::load(&sources).org;
        let log = trellis_interop::generate::log(&org, 1, decisions, meetings, today);
        let mut group = c.benchmark_group(format!("{people}_people_{decisions}_decisions"));
        group
            .sample_size(10)
            .measurement_time(Duration::from_secs(15));
        group.bench_function("levels", |b| {
            b.iter(|| black_box(trellis_rules::decision_levels(&org, &log)))
        });
        let levels = trellis_rules::decision_levels(&org, &log);
        group.bench_function("signals", |b| {
            b.iter(|| black_box(trellis_rules::check_log(&org, &log, &levels, today)))
        });
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);

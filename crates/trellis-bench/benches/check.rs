//! `cargo bench -p trellis-bench`: load (parse + decode) and rules on generated orgs.
//! Budgets (SPEC §11): check of 100k people under 1 s on 2 cores; rules cheaper than
//! parsing; 10x the people at most about 10x the time. Figures go to docs/PERFORMANCE.md.

use criterion::{Criterion, criterion_group, criterion_main};

// The same allocator as the `trellis` binary, so the figures are what users get.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::hint::black_box;
use std::time::Duration;

fn bench(c: &mut Criterion) {
    for people in [1_000usize, 10_000, 100_000] {
        let sources = trellis_bench::generated(people);
        let mut group = c.benchmark_group(format!("{people}_people"));
        if people >= 100_000 {
            group
                .sample_size(10)
                .measurement_time(Duration::from_secs(20));
        } else {
            group.sample_size(20);
        }
        group.bench_function("load", |b| {
            b.iter(|| black_box(trellis_model::load(&sources)))
        });
        let loaded = trellis_model::load(&sources);
        assert!(loaded.problems.is_empty());
        group.bench_function("rules", |b| {
            b.iter(|| black_box(trellis_report::check(&loaded, &sources)))
        });
        group.bench_function("check", |b| {
            b.iter(|| {
                let loaded = trellis_model::load(&sources);
                black_box(trellis_report::check(&loaded, &sources))
            })
        });
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);

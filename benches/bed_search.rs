//! Bed search latency (`cargo bench --bench bed_search`): the find-a-bed rule over the shipped
//! sample (350 homes, 12 weeks) and over an England-scale generated set (15,000 homes by default,
//! `BED_SEARCH_HOMES` to change), the way the app and `GET /api/search` run it: index each home's
//! latest return, then search. Prints the median and 95th percentile of 200 runs per search.

use market_model::bed_search::Held;
use market_model::bed_search::{Market, Search};
use std::path::PathBuf;
use std::time::Instant;

const SEARCHES: [&str; 3] = [
    "from=north-middlesex-university-hospital&dementia=1&max=1500&near=1",
    "from=the-whittington-hospital&type=residential&stay=permanent&nwb=1&hoist=1&rating=good",
    "from=royal-free-hospital&stay=respite&kg=200&sex=male&sort=price&near=1",
];

fn measure(label: &str, data: &sample_data::DataSet) {
    let returns: Vec<_> = data.returns.values().flatten().collect();
    let held = Held::new();
    // The Monday after the sample's last week, as the tests pin it.
    let now = "2026-11-23T10:00:00Z".parse().expect("an RFC 3339 instant");
    for query in SEARCHES {
        let s = Search::from_query(query.split('&').filter_map(|p| p.split_once('=')));
        let mut times = Vec::new();
        let mut found = 0;
        for _ in 0..200 {
            let t = Instant::now();
            let market = Market::new(&data.homes, returns.iter().copied(), &held);
            let start = s.start(&data.footprint, &data.homes);
            let r = market.search(&s, start.origin, start.usual_rate, now);
            found = r.matches.len() + r.near_misses.len();
            times.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        times.sort_by(f64::total_cmp);
        println!(
            "{label}: {query}: median {:.2} ms, p95 {:.2} ms ({found} homes shown)",
            times[times.len() / 2],
            times[times.len() * 95 / 100]
        );
    }
}

fn main() {
    let reference = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data"));
    let shipped = sample_data::build(&sample_data::Options::shipped(reference.clone()))
        .expect("shipped sample builds");
    measure("shipped (350 homes)", &shipped);
    let homes: usize = std::env::var("BED_SEARCH_HOMES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(15_000);
    let large = sample_data::build(&sample_data::Options {
        homes,
        ..sample_data::Options::shipped(reference)
    })
    .expect("generated set builds");
    measure(&format!("generated ({homes} homes)"), &large);
}

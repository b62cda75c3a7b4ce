//! `cargo run -p sample-data -- [--reference DIR] [--out DIR] [--homes N] [--weeks N]
//! [--placements N] [--seed N]` rebuilds `public/data/`. `--homes 15000 --out DIR` makes an
//! England-scale set for benchmarks; `--placements 50000` a large ledger.

use sample_data::{build, Options};
use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut options = Options::shipped(PathBuf::from("../shared/data"));
    let mut out = PathBuf::from("public/data");
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let value = args.next();
        let number = value.as_deref().and_then(|v| v.parse::<u64>().ok());
        match (arg.as_str(), value, number) {
            ("--reference", Some(v), _) => options.reference_dir = v.into(),
            ("--out", Some(v), _) => out = v.into(),
            ("--homes", _, Some(n)) if n > 0 => options.homes = n as usize,
            ("--weeks", _, Some(n)) if n > 0 => options.weeks = n as usize,
            ("--placements", _, Some(n)) => options.placements = n as usize,
            ("--seed", _, Some(n)) => options.seed = n,
            _ => {
                eprintln!("usage: sample-data [--reference DIR] [--out DIR] [--homes N] [--weeks N] [--placements N] [--seed N]");
                return ExitCode::from(2);
            }
        }
    }
    let data = match build(&options) {
        Ok(data) => data,
        Err(e) => {
            eprintln!("sample-data: {e}");
            return ExitCode::FAILURE;
        }
    };
    // Week files from an earlier run that this one does not make would linger.
    for folder in ["returns", "latest"].map(|f| out.join(f)) {
        if let Err(e) = folder
            .exists()
            .then(|| std::fs::remove_dir_all(&folder))
            .transpose()
        {
            eprintln!("sample-data: cannot clear {}: {e}", folder.display());
            return ExitCode::FAILURE;
        }
    }
    for (path, text) in data.files() {
        let path = out.join(path);
        let written = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&path, text));
        if let Err(e) = written {
            eprintln!("sample-data: cannot write {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
    }
    let vertices: usize = data
        .footprint
        .boroughs
        .iter()
        .flat_map(|b| &b.boundary)
        .map(Vec::len)
        .sum();
    println!(
        "wrote {}: {} homes, {} weeks of returns, {} placements, {} referrals, {} boundary vertices",
        out.display(),
        data.homes.len(),
        data.returns.len(),
        data.placements.len(),
        data.referrals.len(),
        vertices
    );
    ExitCode::SUCCESS
}

//! `precompress [DIR]`: writes `.br` and `.gz` copies beside the compressible files of DIR, or of
//! the folder trunk is building into (`TRUNK_STAGING_DIR`, when run as trunk's post-build hook).

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(dir) = std::env::args_os()
        .nth(1)
        .or_else(|| std::env::var_os("TRUNK_STAGING_DIR"))
        .map(PathBuf::from)
    else {
        eprintln!("usage: precompress DIR (or run as trunk's post-build hook)");
        return ExitCode::from(2);
    };
    match precompress::folder(&dir) {
        Ok(n) => {
            println!("precompress: {n} compressed copies in {}", dir.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("precompress: {}: {e}", dir.display());
            ExitCode::FAILURE
        }
    }
}

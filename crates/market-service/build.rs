//! Rebuilds the service when a migration is added or changed: `sqlx::migrate!` embeds the files
//! under `migrations/` at compile time.

fn main() {
    println!("cargo:rerun-if-changed=migrations");
}

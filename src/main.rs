//! Entry point: mount the app. There is no panic hook: its message formatting costs more of the
//! size budget than it earns; a panic still stops the app and shows in the console as a trap.

fn main() {
    leptos::mount::mount_to_body(care_market::App);
}

//! Rebuilds when a migration is added: `sqlx::migrate!` embeds the folder at
//! compile time and cannot track new files itself on stable Rust.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}

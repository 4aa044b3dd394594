//! Rebuilds the tutor when the pack it carries changes. `include_dir!` embeds the exercises (see src/embedded.rs), but
//! on stable Rust it cannot tell cargo which files it read, so without this a changed exercise would not reach the
//! binary that `tutor init` writes workspaces from.

fn main() {
    for path in ["exercises", "solutions", "info.toml", "Cargo.lock"] {
        // For a folder, cargo looks at every file below it.
        println!("cargo:rerun-if-changed={path}");
    }
}

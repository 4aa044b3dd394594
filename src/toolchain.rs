//! The compiler and the exercises' dependencies, found once and remembered.
//!
//! Grading calls the compiler directly rather than through cargo: one `rustc` process per check, with the flags cargo
//! itself passes for a binary of the exercise package (`cargo.rs` asks it once). Local crates of the pack that the
//! exercises depend on (the `std_or_loom` crate) are compiled a second time with `--cfg loom`, for the loom build.
//! Everything is cached in the target directory, keyed so that a new toolchain, a changed manifest, lock file or
//! local crate builds it again.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant, UNIX_EPOCH};

use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};

use crate::cargo;
use crate::files::{self, write_atomically};
use crate::process::{self, Exit};

/// The Cargo target directory of the pack: `target`, or `CARGO_TARGET_DIR` when set.
pub fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), |dir| root.join(dir))
}

/// The folder where the tutor keeps its compiled exercises and caches for this pack: `target/tutor/<pack>`. The
/// pack's own name in it keeps packs apart when they share a target directory through `CARGO_TARGET_DIR`.
pub fn tutor_dir(root: &Path) -> PathBuf {
    let root_path = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let name = files::digest(&[root_path.as_os_str().as_encoded_bytes()]);
    target_dir(root).join("tutor").join(&name[..16])
}

/// `--extern` name and library path of each dependency.
pub type Externs = Vec<(String, PathBuf)>;

/// Everything needed to compile one exercise file the way cargo would compile it as a binary of the exercise package.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Toolchain {
    pub sysroot: PathBuf,
    pub rustc: PathBuf,
    pub clippy_driver: Option<PathBuf>,
    pub edition: String,
    /// `-L` arguments (`dependency=DIR`, `native=DIR`) for the dependencies' own dependencies.
    pub search: Vec<String>,
    /// `--extern NAME=PATH` for each dependency of the exercise package, as cargo passes them.
    pub externs: Externs,
    /// The same, with the pack's local crates in their loom build.
    pub loom_externs: Externs,
    /// The package's features (`feature="x"`), passed as `--cfg`.
    pub cfgs: Vec<String>,
    /// The package's `[lints]` and declared cfg names, as cargo passes them.
    pub lints: Vec<String>,
    /// The folder of the host's standard library as a shared library (`libstd-*.so`), when the toolchain has one:
    /// programs link to it instead of copying std into every binary.
    #[serde(default)]
    pub std_dylib_dir: Option<PathBuf>,
    /// Whether the exercises depend on tokio with its `sync` module, whose types the loom build must refuse too.
    #[serde(default)]
    pub tokio_sync: bool,
}

#[derive(Serialize, Deserialize)]
struct Cached {
    key: String,
    toolchain: Toolchain,
}

const CACHE_FILE: &str = "toolchain.json";
/// Compiling one local crate for the loom build.
const LOCAL_CRATE_LIMIT: Duration = Duration::from_secs(300);

impl Toolchain {
    /// Loads the cached toolchain facts, or works them out (running `rustc` and, if the exercises have dependencies,
    /// cargo once) and caches them.
    pub fn prepare(root: &Path, manifest: &Path) -> Result<Toolchain> {
        let cache = tutor_dir(root).join(CACHE_FILE);
        let manifest_text = std::fs::read_to_string(manifest)
            .with_context(|| format!("failed to read the exercises' Cargo manifest `{}`", manifest.display()))?;
        let parsed: toml::Table = toml::from_str(&manifest_text)
            .with_context(|| format!("`{}` is not a valid Cargo manifest", manifest.display()))?;
        let manifest_dir = manifest.parent().unwrap_or(root);
        let locals = local_crates(&parsed, manifest_dir);
        let partial_key = key(root, manifest, &manifest_text, &locals);

        let fresh = || {
            let cached = serde_json::from_slice::<Cached>(&std::fs::read(&cache).ok()?).ok()?;
            let built = cached.toolchain.externs.iter().chain(&cached.toolchain.loom_externs).all(|(_, p)| p.is_file());
            (cached.key == full_key(&partial_key, &cached.toolchain.rustc) && built).then_some(cached.toolchain)
        };
        if let Some(toolchain) = fresh() {
            return Ok(toolchain);
        }
        // One tutor at a time works the facts out and builds the crates (a `watch` and a `hint` started together on a
        // fresh pack would otherwise write the same libraries at once); the one that waited finds them built.
        std::fs::create_dir_all(tutor_dir(root))
            .with_context(|| format!("failed to create `{}`", tutor_dir(root).display()))?;
        let _building = files::lock(&tutor_dir(root).join("toolchain.lock"))?;
        if let Some(toolchain) = fresh() {
            return Ok(toolchain);
        }

        let sysroot = PathBuf::from(
            process::output_of(
                Command::new("rustc").args(["--print", "sysroot"]).current_dir(root),
                "`rustc --print sysroot`",
            )?
            .trim(),
        );
        let rustc = sysroot.join("bin").join("rustc");
        if !rustc.is_file() {
            bail!(
                "the Rust compiler is not where its sysroot says (`{}`); reinstall the toolchain with rustup",
                rustc.display()
            );
        }
        let clippy = sysroot.join("bin").join("clippy-driver");
        let std_dylib_dir = process::output_of(
            Command::new(&rustc).args(["--print", "target-libdir"]).current_dir(root),
            "`rustc --print target-libdir`",
        )
        .ok()
        .map(|dir| PathBuf::from(dir.trim()))
        .filter(|dir| has_std_dylib(dir));
        let edition = edition_of(&parsed);
        let flags = if needs_cargo(&parsed, manifest_dir) {
            build_dependencies(root, manifest, &parsed)?
        } else {
            cargo::Flags::default()
        };
        let out = tutor_dir(root).join("loom-crates");
        let mut loom_externs = flags.externs.clone();
        for (name, path) in loom_externs.iter_mut() {
            if let Some(local) = locals.iter().find(|l| l.name == *name) {
                *path = local.build_for_loom(&rustc, &sysroot, &flags, &out)?;
            }
        }
        let tokio_sync = has_tokio_sync(&parsed) && flags.externs.iter().any(|(name, _)| name == "tokio");
        let toolchain = Toolchain {
            sysroot,
            clippy_driver: clippy.is_file().then_some(clippy),
            rustc,
            edition,
            search: flags.search,
            externs: flags.externs,
            loom_externs,
            cfgs: flags.cfgs,
            lints: flags.lints,
            std_dylib_dir,
            tokio_sync,
        };
        let cached = Cached { key: full_key(&partial_key, &toolchain.rustc), toolchain };
        write_atomically(&cache, &serde_json::to_vec_pretty(&cached)?)?;
        Ok(cached.toolchain)
    }
}

/// Whether `dir` holds std as a shared library, as rustup's toolchains do for the host.
fn has_std_dylib(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|entries| {
        entries.flatten().any(|e| {
            let name = e.file_name();
            let name = name.to_string_lossy();
            name.starts_with("libstd-") && (name.ends_with(".so") || name.ends_with(".dylib"))
        })
    })
}

/// Changed whenever the tutor learns new facts about a toolchain, so that older caches are worked out again.
const FACTS_VERSION: &[u8] = b"facts 2: std dylib, tokio sync";

/// What the cache depends on: the version of the facts, the manifest, the lock file, the toolchain chosen, and the sources of the local crates.
fn key(root: &Path, manifest: &Path, manifest_text: &str, locals: &[LocalCrate]) -> String {
    let lock_text = find_lock_file(manifest).and_then(|lock| std::fs::read_to_string(lock).ok()).unwrap_or_default();
    let rustup_toolchain = std::env::var("RUSTUP_TOOLCHAIN").unwrap_or_default();
    let toolchain_text = toolchain_file(root).unwrap_or_default();
    let mut sources = Vec::new();
    for local in locals {
        sources.extend(rust_files(&local.dir).into_iter().filter_map(|f| std::fs::read(f).ok()));
    }
    let mut parts: Vec<&[u8]> = vec![
        FACTS_VERSION,
        manifest_text.as_bytes(),
        lock_text.as_bytes(),
        rustup_toolchain.as_bytes(),
        toolchain_text.as_bytes(),
    ];
    parts.extend(sources.iter().map(Vec::as_slice));
    files::digest(&parts)
}

/// Adds the compiler's modification time to the key, so that `rustup update` invalidates dependencies compiled by the
/// old compiler.
fn full_key(partial: &str, rustc: &Path) -> String {
    let stamp = std::fs::metadata(rustc)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    files::digest(&[partial.as_bytes(), rustc.as_os_str().as_encoded_bytes(), &stamp.to_le_bytes()])
}

fn toolchain_file(root: &Path) -> Option<String> {
    ["rust-toolchain.toml", "rust-toolchain"].iter().find_map(|name| std::fs::read_to_string(root.join(name)).ok())
}

fn find_lock_file(manifest: &Path) -> Option<PathBuf> {
    manifest.parent()?.ancestors().map(|dir| dir.join("Cargo.lock")).find(|lock| lock.is_file())
}

fn edition_of(manifest: &toml::Table) -> String {
    manifest.get("package").and_then(|p| p.get("edition")).and_then(|e| e.as_str()).unwrap_or("2015").to_owned()
}

/// Whether the manifest asks for tokio's `sync` module (the `sync` or `full` feature).
fn has_tokio_sync(manifest: &toml::Table) -> bool {
    ["dependencies", "dev-dependencies"].iter().any(|key| {
        manifest
            .get(*key)
            .and_then(|deps| deps.get("tokio"))
            .and_then(|tokio| tokio.get("features"))
            .and_then(|features| features.as_array())
            .is_some_and(|features| features.iter().any(|f| matches!(f.as_str(), Some("sync" | "full"))))
    })
}

/// Whether cargo must be asked: for dependencies (normal or dev) or the package's own library to build, or for the
/// flags it gives rustc for the package's `[lints]` and `[features]` (rustlings' own pack allows `dead_code` there).
fn needs_cargo(manifest: &toml::Table, manifest_dir: &Path) -> bool {
    let has = |key: &str| manifest.get(key).and_then(|d| d.as_table()).is_some_and(|t| !t.is_empty());
    has("dependencies")
        || has("dev-dependencies")
        || has("lints")
        || has("features")
        || manifest.contains_key("lib")
        || manifest_dir.join("src/lib.rs").is_file()
}

/// Builds the dependencies with cargo once, showing how far it got, and returns the flags cargo uses.
fn build_dependencies(root: &Path, manifest: &Path, parsed: &toml::Table) -> Result<cargo::Flags> {
    let bins = parsed.get("bin").and_then(|b| b.as_array()).cloned().unwrap_or_default();
    let names: Vec<&str> = bins.iter().filter_map(|b| b.get("name")?.as_str()).collect();
    let Some(bin) = names.iter().find(|n| n.ends_with("_sol")).or(names.first()) else {
        bail!(
            "`{}` lists no binaries, so its dependencies cannot be built; run `tutor dev update` to list the exercises",
            manifest.display()
        );
    };
    let started = Instant::now();
    let bar = indicatif::ProgressBar::new(0);
    let terminal = std::io::stderr().is_terminal();
    if terminal {
        bar.set_style(
            indicatif::ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} ({elapsed})")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
                .progress_chars("#>-"),
        );
        bar.set_message("Building the exercises' dependencies, once");
    } else {
        bar.set_draw_target(indicatif::ProgressDrawTarget::hidden());
    }
    let deps = crate::manifest::dependency_names(parsed);
    if deps.is_empty() {
        eprintln!("Asking cargo, once, how it compiles the exercises (their lints and features): a second or two.");
    } else {
        eprintln!(
            "The exercises' dependencies ({}) are built once, now: this can take a minute or two the first time, and \
             never again. `tutor init` does it ahead of time.",
            deps.join(", ")
        );
    }
    let shown = bar.clone();
    let flags = cargo::build(manifest, &target_dir(root), bin, move |done, total, name| {
        shown.set_length(total as u64);
        shown.set_position(done as u64);
        shown.set_message(format!("Building the exercises' dependencies, once: {name}"));
    });
    bar.finish_and_clear();
    let flags = flags?;
    eprintln!("Built them in {:.0} s.", started.elapsed().as_secs_f64());
    Ok(flags)
}

/// A crate of the pack that the exercises depend on by path (`std_or_loom`): built again with `--cfg loom` for the
/// loom build, so that what it does under loom is what the model sees.
struct LocalCrate {
    /// Its `--extern` name.
    name: String,
    dir: PathBuf,
    lib: PathBuf,
    edition: String,
    /// The `--extern` names of its own dependencies.
    dependencies: Vec<String>,
}

/// The path dependencies of the exercise package that lie inside its folder.
fn local_crates(manifest: &toml::Table, manifest_dir: &Path) -> Vec<LocalCrate> {
    let Some(deps) = manifest.get("dependencies").and_then(|d| d.as_table()) else { return Vec::new() };
    deps.iter()
        .filter_map(|(key, value)| {
            let dir = manifest_dir.join(value.get("path")?.as_str()?);
            let own: toml::Table = toml::from_str(&std::fs::read_to_string(dir.join("Cargo.toml")).ok()?).ok()?;
            let lib = own
                .get("lib")
                .and_then(|l| l.get("path"))
                .and_then(|p| p.as_str())
                .map_or_else(|| dir.join("src/lib.rs"), |p| dir.join(p));
            let dependencies = own
                .get("dependencies")
                .and_then(|d| d.as_table())
                .map(|d| d.keys().map(|k| k.replace('-', "_")).collect())
                .unwrap_or_default();
            lib.is_file().then(|| LocalCrate {
                name: key.replace('-', "_"),
                edition: edition_of(&own),
                dir,
                lib,
                dependencies,
            })
        })
        .collect()
}

impl LocalCrate {
    /// Compiles the crate with `--cfg loom` into `out`, with the exercise package's dependencies as its own (a local
    /// crate may only depend on crates the exercises depend on too).
    fn build_for_loom(&self, rustc: &Path, sysroot: &Path, flags: &cargo::Flags, out: &Path) -> Result<PathBuf> {
        std::fs::create_dir_all(out).with_context(|| format!("failed to create `{}`", out.display()))?;
        let mut cmd = Command::new(rustc);
        cmd.arg(&self.lib)
            .args(["--crate-type", "lib", "--crate-name", &self.name, "--edition", &self.edition])
            .args(["--cfg", "loom", "--cap-lints", "allow", "-C", "metadata=tutor-loom"])
            .arg("--sysroot")
            .arg(sysroot)
            .arg("--out-dir")
            .arg(out);
        for search in &flags.search {
            cmd.arg("-L").arg(search);
        }
        for dependency in &self.dependencies {
            let Some((_, path)) = flags.externs.iter().find(|(name, _)| name == dependency) else {
                bail!(
                    "the pack's crate `{}` depends on `{dependency}`, which the exercises do not depend on; add it to \
                     the exercises' Cargo manifest so the tutor can build `{}` for loom",
                    self.name,
                    self.name
                );
            };
            cmd.arg("--extern").arg(format!("{dependency}={}", path.display()));
        }
        let finished = process::run(cmd, LOCAL_CRATE_LIMIT, None, "the Rust compiler")?;
        if finished.exit != Exit::Code(0) {
            bail!(
                "the pack's crate `{}` does not compile with `--cfg loom`:\n{}",
                self.name,
                finished.output_lossy().trim()
            );
        }
        Ok(out.join(format!("lib{}.rlib", self.name)))
    }
}

/// Every `.rs` file under `dir`, in a stable order.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    files::rust_files_below(dir).into_iter().map(|f| dir.join(f)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_tutor_at_a_time_works_the_toolchain_out() {
        let pack = tempfile::tempdir().unwrap();
        let manifest = pack.path().join("Cargo.toml");
        std::fs::write(&manifest, "[package]\nname = \"pack\"\nedition = \"2024\"\n").unwrap();
        std::fs::create_dir_all(tutor_dir(pack.path())).unwrap();
        // Another tutor is building: this one waits for it, then finds (or makes) the facts.
        let held = files::lock(&tutor_dir(pack.path()).join("toolchain.lock")).unwrap();
        let (done, finished) = std::sync::mpsc::channel();
        let (root, manifest_path) = (pack.path().to_owned(), manifest.clone());
        std::thread::Builder::new()
            .name("prepare".into())
            .spawn(move || done.send(Toolchain::prepare(&root, &manifest_path).map(|t| t.edition)))
            .unwrap();
        assert!(
            finished.recv_timeout(Duration::from_millis(300)).is_err(),
            "the toolchain was worked out while another tutor held its lock"
        );
        drop(held);
        assert_eq!(finished.recv().unwrap().unwrap(), "2024");
        // The second time, the cache answers, lock or no lock.
        let held = files::lock(&tutor_dir(pack.path()).join("toolchain.lock")).unwrap();
        assert_eq!(Toolchain::prepare(pack.path(), &manifest).unwrap().edition, "2024");
        drop(held);
    }
}

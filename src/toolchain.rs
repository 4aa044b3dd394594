//! The compiler and the exercises' dependencies, found once and remembered.
//!
//! Grading calls the compiler directly rather than through cargo: one `rustc` process per check, with the flags and
//! `--extern` paths of the dependencies that cargo built once. That keeps a check as fast as compiling the file by hand
//! (cargo's own start-up costs more than a tenth of a small exercise's compile time). Both facts are cached in the
//! target directory, keyed so that a new toolchain, a changed manifest or a changed lock file rebuilds them.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::UNIX_EPOCH;

use anyhow::{Context, Result, bail};
use cargo_metadata::Message;
use serde::{Deserialize, Serialize};

use crate::files::{self, write_atomically};
use crate::process;

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

/// Everything needed to compile one exercise file the way cargo would compile it as a binary of the exercise package.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Toolchain {
    pub sysroot: PathBuf,
    pub rustc: PathBuf,
    pub clippy_driver: Option<PathBuf>,
    pub edition: String,
    /// `-L dependency=DIR` folders for the dependencies' own dependencies.
    pub search_dirs: Vec<PathBuf>,
    /// `--extern NAME=PATH` for each dependency of the exercise package.
    pub externs: Externs,
}

#[derive(Serialize, Deserialize)]
struct Cached {
    key: String,
    toolchain: Toolchain,
}

const CACHE_FILE: &str = "toolchain.json";

impl Toolchain {
    /// Loads the cached toolchain facts, or works them out (running `rustc` and, if the exercises have dependencies,
    /// `cargo build` once) and caches them.
    pub fn prepare(root: &Path, manifest: &Path) -> Result<Toolchain> {
        let cache = tutor_dir(root).join(CACHE_FILE);
        let manifest_text = std::fs::read_to_string(manifest)
            .with_context(|| format!("failed to read the exercises' Cargo manifest `{}`", manifest.display()))?;
        let lock_text =
            find_lock_file(manifest).and_then(|lock| std::fs::read_to_string(lock).ok()).unwrap_or_default();
        let rustup_toolchain = std::env::var("RUSTUP_TOOLCHAIN").unwrap_or_default();
        let toolchain_text = toolchain_file(root).unwrap_or_default();
        let partial_key = files::digest(&[
            manifest_text.as_bytes(),
            lock_text.as_bytes(),
            rustup_toolchain.as_bytes(),
            toolchain_text.as_bytes(),
        ]);

        if let Some(cached) = std::fs::read(&cache).ok().and_then(|bytes| serde_json::from_slice::<Cached>(&bytes).ok())
            && cached.key == full_key(&partial_key, &cached.toolchain.rustc)
            && cached.toolchain.externs.iter().all(|(_, path)| path.is_file())
        {
            return Ok(cached.toolchain);
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
        let parsed: toml::Table = toml::from_str(&manifest_text)
            .with_context(|| format!("`{}` is not a valid Cargo manifest", manifest.display()))?;
        let edition =
            parsed.get("package").and_then(|p| p.get("edition")).and_then(|e| e.as_str()).unwrap_or("2015").to_owned();
        let dependencies = direct_dependencies(&parsed);
        let (search_dirs, externs) = if dependencies.is_empty() {
            (Vec::new(), Vec::new())
        } else {
            build_dependencies(root, manifest, &parsed, &dependencies)?
        };
        let toolchain = Toolchain {
            sysroot,
            clippy_driver: clippy.is_file().then_some(clippy),
            rustc,
            edition,
            search_dirs,
            externs,
        };
        let cached = Cached { key: full_key(&partial_key, &toolchain.rustc), toolchain };
        std::fs::create_dir_all(tutor_dir(root))
            .with_context(|| format!("failed to create `{}`", tutor_dir(root).display()))?;
        write_atomically(&cache, &serde_json::to_vec_pretty(&cached)?)?;
        Ok(cached.toolchain)
    }
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

/// `--extern` name and library path of each dependency.
type Externs = Vec<(String, PathBuf)>;

/// (extern name, package name) of each `[dependencies]` entry.
fn direct_dependencies(manifest: &toml::Table) -> Vec<(String, String)> {
    let Some(deps) = manifest.get("dependencies").and_then(|d| d.as_table()) else {
        return Vec::new();
    };
    deps.iter()
        .map(|(key, value)| {
            let package = value.get("package").and_then(|p| p.as_str()).unwrap_or(key);
            (key.replace('-', "_"), package.replace('-', "_"))
        })
        .collect()
}

/// Builds the dependencies with cargo once and records where their libraries are.
///
/// cargo has no "build only the dependencies" command, so this builds one binary of the exercise package: cargo
/// compiles every dependency before any binary, and whether that binary compiles does not matter.
fn build_dependencies(
    root: &Path,
    manifest: &Path,
    parsed: &toml::Table,
    dependencies: &[(String, String)],
) -> Result<(Vec<PathBuf>, Externs)> {
    let bins = parsed.get("bin").and_then(|b| b.as_array()).cloned().unwrap_or_default();
    let names: Vec<&str> = bins.iter().filter_map(|b| b.get("name")?.as_str()).collect();
    let Some(bin) = names.iter().find(|n| n.ends_with("_sol")).or(names.first()) else {
        bail!(
            "`{}` lists no binaries, so its dependencies cannot be built; run `tutor dev update` to list the exercises",
            manifest.display()
        );
    };
    eprintln!("Building the exercises' dependencies once (this takes a minute the first time)...");
    let _ = std::io::stderr().flush();
    let target = target_dir(root);
    let output = Command::new("cargo")
        .args(["build", "--message-format=json", "--bin", bin, "--manifest-path"])
        .arg(manifest)
        .arg("--target-dir")
        .arg(&target)
        .current_dir(root)
        .stdin(std::process::Stdio::null())
        .output()
        .context("failed to run `cargo build` for the exercises' dependencies; is cargo installed?")?;
    let mut externs = Vec::new();
    for message in Message::parse_stream(output.stdout.as_slice()).flatten() {
        let Message::CompilerArtifact(artifact) = message else {
            continue;
        };
        let Some((extern_name, _)) = dependencies.iter().find(|(_, package)| *package == artifact.target.name) else {
            continue;
        };
        if let Some(lib) = artifact.filenames.iter().find(|f| {
            let name = f.as_str();
            name.ends_with(".rlib")
                || name.ends_with(".so") && artifact.target.kind.iter().any(|k| k.to_string() == "proc-macro")
        }) {
            externs.push((extern_name.clone(), lib.clone().into_std_path_buf()));
        }
    }
    let missing: Vec<&str> = dependencies
        .iter()
        .filter(|(name, _)| !externs.iter().any(|(found, _)| found == name))
        .map(|(name, _)| name.as_str())
        .collect();
    if !missing.is_empty() {
        bail!(
            "cargo could not build the exercises' dependencies ({}). Run `cargo build --manifest-path {}` to see why; \
             if you are offline, connect once so cargo can download them.\n{}",
            missing.join(", "),
            manifest.display(),
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    Ok((vec![target.join("debug").join("deps")], externs))
}

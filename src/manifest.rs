//! The exercises' Cargo manifest, kept in step with `info.toml`.
//!
//! rust-analyzer only understands files that belong to a Cargo target, so the manifest lists every exercise as a
//! binary named after it and every solution as `NAME_sol`, as rustlings community packs do. The tutor never builds
//! through it when grading, but `tutor dev check` insists that it is in sync and `tutor dev update` rewrites it.

use std::path::{Component, Path, PathBuf};

use anyhow::{Context, Result};

use crate::catalogue::Catalogue;
use crate::files::write_atomically;

/// One `[[bin]]` entry.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Bin {
    pub name: String,
    pub path: String,
}

/// The names of the packages a manifest depends on, normal and dev dependencies, sorted, each once.
pub fn dependency_names(manifest: &toml::Table) -> Vec<String> {
    let mut names: Vec<String> = ["dependencies", "dev-dependencies"]
        .iter()
        .filter_map(|key| manifest.get(*key).and_then(|d| d.as_table()))
        .flat_map(|deps| deps.keys().cloned())
        .collect();
    names.sort_unstable();
    names.dedup();
    names
}

/// The binaries the manifest should list, in pack order.
pub fn expected_bins(catalogue: &Catalogue) -> Vec<Bin> {
    let manifest_dir = catalogue.cargo_manifest.parent().unwrap_or(Path::new("."));
    let mut bins = Vec::new();
    // A project exercise is a package of its own, a member of the workspace rather than a binary here.
    for exercise in catalogue.exercises.iter().filter(|e| !e.project) {
        bins.push(Bin {
            name: exercise.name.clone(),
            path: relative(manifest_dir, &catalogue.root.join(exercise.path())),
        });
        if catalogue.root.join(exercise.solution_path()).is_file() {
            bins.push(Bin {
                name: format!("{}_sol", exercise.name),
                path: relative(manifest_dir, &catalogue.root.join(exercise.solution_path())),
            });
        }
    }
    bins
}

/// The binaries the manifest lists now.
pub fn listed_bins(manifest: &toml::Table) -> Vec<Bin> {
    let Some(bins) = manifest.get("bin").and_then(|b| b.as_array()) else {
        return Vec::new();
    };
    bins.iter()
        .filter_map(|bin| {
            Some(Bin { name: bin.get("name")?.as_str()?.to_owned(), path: bin.get("path")?.as_str()?.to_owned() })
        })
        .collect()
}

fn read(catalogue: &Catalogue) -> Result<toml::Table> {
    let path = &catalogue.cargo_manifest;
    let text = std::fs::read_to_string(path).with_context(|| {
        format!(
            "failed to read the exercises' Cargo manifest `{}`; create it (a [package] with the exercises as \
             binaries) or set `cargo_manifest` in info.toml",
            path.display()
        )
    })?;
    toml::from_str(&text).with_context(|| format!("`{}` is not a valid Cargo manifest", path.display()))
}

/// What differs between the manifest and the catalogue, as lines for a report; empty when they agree.
pub fn differences(catalogue: &Catalogue) -> Result<Vec<String>> {
    let mut listed = listed_bins(&read(catalogue)?);
    let mut expected = expected_bins(catalogue);
    listed.sort();
    expected.sort();
    let mut lines = Vec::new();
    for bin in expected.iter().filter(|b| !listed.contains(b)) {
        lines.push(format!("missing: bin `{}` at `{}`", bin.name, bin.path));
    }
    for bin in listed.iter().filter(|b| !expected.contains(b)) {
        lines.push(format!("not an exercise: bin `{}` at `{}`", bin.name, bin.path));
    }
    Ok(lines)
}

/// Rewrites the manifest's `bin` list and its declared cfg names from the catalogue, keeping every other key,
/// comment and layout as the author wrote them.
pub fn update(catalogue: &Catalogue) -> Result<usize> {
    let path = &catalogue.cargo_manifest;
    let text = std::fs::read_to_string(path).with_context(|| format!("failed to read `{}`", path.display()))?;
    let mut manifest: toml_edit::DocumentMut =
        text.parse().with_context(|| format!("`{}` is not a valid Cargo manifest", path.display()))?;
    let bins = expected_bins(catalogue);
    let mut array = toml_edit::ArrayOfTables::new();
    for bin in &bins {
        let mut table = toml_edit::Table::new();
        table.insert("name", toml_edit::value(bin.name.as_str()));
        table.insert("path", toml_edit::value(bin.path.as_str()));
        array.push(table);
    }
    declare_cfgs(&mut manifest, catalogue);
    manifest.remove("bin");
    manifest.insert("bin", toml_edit::Item::ArrayOfTables(array));
    write_atomically(path, manifest.to_string().as_bytes())?;
    Ok(bins.len())
}

/// Declares `cfg(loom)` and every must-not-compile cfg name in the manifest's `[lints.rust]`, so that neither cargo
/// nor rust-analyzer warns about them as unknown.
fn declare_cfgs(manifest: &mut toml_edit::DocumentMut, catalogue: &Catalogue) {
    let mut names: Vec<String> = vec!["loom".to_owned()];
    for exercise in &catalogue.exercises {
        names.extend(exercise.must_not_compile.iter().map(|check| check.cfg.clone()));
    }
    names.sort();
    names.dedup();
    let mut unexpected = toml_edit::InlineTable::new();
    unexpected.insert("level", "warn".into());
    unexpected.insert("check-cfg", names.iter().map(|n| format!("cfg({n})")).collect::<toml_edit::Array>().into());
    // `[lints.rust]` as a table of its own when the manifest has none (indexing alone would write an inline table
    // at the top of the file).
    if !manifest.contains_key("lints") {
        let mut lints = toml_edit::Table::new();
        lints.set_implicit(true);
        manifest.insert("lints", toml_edit::Item::Table(lints));
    }
    if manifest["lints"].get("rust").is_none() {
        manifest["lints"]["rust"] = toml_edit::Item::Table(toml_edit::Table::new());
    }
    manifest["lints"]["rust"]["unexpected_cfgs"] = toml_edit::value(unexpected);
}

/// `to` relative to `from`, with forward slashes, as Cargo manifests write paths.
fn relative(from: &Path, to: &Path) -> String {
    let from_path = normal(from);
    let from: Vec<Component> = from_path.components().collect();
    let to_path = normal(to);
    let to: Vec<Component> = to_path.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = std::iter::repeat_n("..".to_owned(), from.len() - common).collect();
    parts.extend(to[common..].iter().map(|c| c.as_os_str().to_string_lossy().into_owned()));
    parts.join("/")
}

/// Drops `.` components so that `./exercises` and `exercises` compare equal.
fn normal(path: &Path) -> PathBuf {
    path.components().filter(|c| *c != Component::CurDir).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths() {
        assert_eq!(relative(Path::new("/p"), Path::new("/p/exercises/a/x.rs")), "exercises/a/x.rs");
        assert_eq!(relative(Path::new("/p/exercises"), Path::new("/p/solutions/a/x.rs")), "../solutions/a/x.rs");
        assert_eq!(relative(Path::new("/p/./exercises"), Path::new("/p/exercises/x.rs")), "x.rs");
    }
}

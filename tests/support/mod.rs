//! A temporary exercise pack and the real `tutor` binary run against it.

// Each test binary uses a part of this module.
#![allow(dead_code)]

pub mod browser;
pub mod classroom;
pub mod pty;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

pub const HEADER: &str = "format_version = 1\ncanonical_checks = true\nwelcome_message = \"Welcome to the test pack.\"\nfinal_message = \"All done, well played.\"\n";

/// A pack in a temporary folder: `info.toml`, `Cargo.toml`, `exercises/`, `solutions/`.
pub struct Pack {
    pub dir: tempfile::TempDir,
    info: String,
}

impl Pack {
    pub fn new() -> Pack {
        let dir = tempfile::Builder::new().prefix("tutor-pack-").tempdir().expect("temporary folder");
        let pack = Pack { dir, info: HEADER.to_owned() };
        pack.write("Cargo.toml", "[package]\nname = \"pack\"\nversion = \"0.0.0\"\nedition = \"2024\"\n");
        pack.write("info.toml", HEADER);
        pack
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    pub fn write(&self, relative: &str, text: &str) -> &Pack {
        let path = self.path(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        self
    }

    pub fn read(&self, relative: &str) -> String {
        std::fs::read_to_string(self.path(relative)).unwrap()
    }

    /// Adds an exercise in folder `ch`: its info.toml entry (name, dir, a hint unless `extra` has one, then `extra`
    /// lines), its file and its solution.
    pub fn exercise(&mut self, name: &str, extra: &str, exercise: &str, solution: &str) -> &mut Pack {
        // Only the exercise's own keys count, not those of a sub-table such as `[[exercises.diagnostic_hints]]`.
        let has_hint = extra.lines().take_while(|l| !l.starts_with('[')).any(|l| l.starts_with("hint ="));
        let hint = if has_hint { String::new() } else { format!("hint = \"Hint for {name}.\"\n") };
        self.info.push_str(&format!("\n[[exercises]]\nname = \"{name}\"\ndir = \"ch\"\n{hint}{extra}\n"));
        self.write("info.toml", &self.info.clone());
        self.write(&format!("exercises/ch/{name}.rs"), exercise);
        self.write(&format!("solutions/ch/{name}.rs"), solution);
        self
    }

    /// The exercise file of `name`.
    pub fn file(&self, name: &str) -> PathBuf {
        self.path(&format!("exercises/ch/{name}.rs"))
    }

    /// Adds a top-level key to info.toml (before the exercises).
    pub fn info_key(&mut self, line: &str) -> &mut Pack {
        self.info = self.info.replacen(HEADER, &format!("{HEADER}{line}\n"), 1);
        self.write("info.toml", &self.info.clone());
        self
    }

    /// Makes it a pack in rustlings' format: no `canonical_checks`, so the learner's file is graded as it is (call it
    /// before `info_key`, which looks for the full header).
    pub fn rustlings_format(&mut self) -> &mut Pack {
        self.info = self.info.replacen("canonical_checks = true\n", "", 1);
        self.write("info.toml", &self.info.clone());
        self
    }

    /// Replaces the pack's final message.
    pub fn final_message(&mut self, message: &str) -> &mut Pack {
        self.info = self.info.replace("All done, well played.", message);
        self.write("info.toml", &self.info.clone());
        self
    }

    /// Runs `tutor ARGS` in the pack's folder, without a terminal and without colour.
    #[must_use]
    pub fn tutor(&self, args: &[&str]) -> Ran {
        self.tutor_env(args, &[])
    }

    #[must_use]
    pub fn tutor_env(&self, args: &[&str], env: &[(&str, &str)]) -> Ran {
        run_tutor(self.root(), args, env)
    }
}

#[must_use]
pub fn run_tutor(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Ran {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tutor"));
    cmd.args(args).current_dir(dir).stdin(Stdio::null()).env("NO_COLOR", "1").env_remove("CARGO_TARGET_DIR");
    for (key, value) in env {
        cmd.env(key, value);
    }
    let out = cmd.output().expect("the tutor binary runs");
    Ran {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        args: args.iter().map(|a| a.to_string()).collect(),
    }
}

/// What one run of the tutor did.
pub struct Ran {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
    args: Vec<String>,
}

impl Ran {
    fn dump(&self) -> String {
        format!(
            "tutor {:?} exited with {:?}\n--- stdout ---\n{}\n--- stderr ---\n{}",
            self.args, self.code, self.stdout, self.stderr
        )
    }

    #[track_caller]
    pub fn success(self) -> Ran {
        assert_eq!(self.code, Some(0), "expected success\n{}", self.dump());
        self
    }

    #[track_caller]
    pub fn failure(self) -> Ran {
        assert_eq!(self.code, Some(1), "expected exit code 1\n{}", self.dump());
        self
    }

    #[track_caller]
    pub fn stdout_has(self, text: &str) -> Ran {
        assert!(self.stdout.contains(text), "stdout lacks {text:?}\n{}", self.dump());
        self
    }

    #[track_caller]
    pub fn stdout_lacks(self, text: &str) -> Ran {
        assert!(!self.stdout.contains(text), "stdout has {text:?}\n{}", self.dump());
        self
    }

    #[track_caller]
    pub fn stderr_has(self, text: &str) -> Ran {
        assert!(self.stderr.contains(text), "stderr lacks {text:?}\n{}", self.dump());
        self
    }

    /// Errors are one paragraph on stderr, never a panic.
    #[track_caller]
    pub fn clean_error(self) -> Ran {
        assert_ne!(self.code, Some(0), "expected an error\n{}", self.dump());
        assert!(!self.stderr.contains("panicked"), "the tutor panicked\n{}", self.dump());
        assert!(self.stderr.starts_with("error: "), "expected a one-paragraph error\n{}", self.dump());
        self
    }
}

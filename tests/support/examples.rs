//! Builds the examples that the tests run.
//!
//! The tests run the real programs instead of calling their functions,
//! because what they check starts in the process environment: the runtime
//! reads `cp_security_token` once per process, and setting a variable in
//! this process would need `unsafe` (`std::env::set_var`). Cargo sets
//! `CARGO_BIN_EXE_<name>` only for `[[bin]]` targets, not for examples, so
//! [`example`] builds the example with the cargo that runs the test and
//! takes the binary's path from cargo's JSON messages. Cargo releases its
//! lock on the target directory before it runs tests, so the build does not
//! wait on the outer one, and it rebuilds only what changed.

use std::collections::HashMap;
use std::io::Read;
use std::os::unix::process::CommandExt as _;
use std::path::PathBuf;
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Mutex, PoisonError};
use std::thread;
use std::time::{Duration, Instant};

/// Returns the path of the binary of the example `name`, building it on
/// first use in this test process.
pub(crate) fn example(name: &str) -> PathBuf {
    static BUILT: Mutex<Option<HashMap<String, PathBuf>>> = Mutex::new(None);
    // Holding the lock during the build makes concurrent tests wait for one
    // build instead of starting several.
    let mut built = BUILT.lock().unwrap_or_else(PoisonError::into_inner);
    let built = built.get_or_insert_with(HashMap::new);
    if let Some(path) = built.get(name) {
        return path.clone();
    }

    let mut command = Command::new(env!("CARGO"));
    command
        .args(["build", "--example", name, "--message-format=json"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stderr(Stdio::inherit());
    // Cargo sets these for the test that runs. Passed on, they would reach
    // build scripts that watch them (ring's watches CARGO_MANIFEST_DIR), and
    // each test run would rebuild those crates.
    for (variable, _) in std::env::vars_os() {
        let variable = variable.to_string_lossy();
        if is_set_for_tests(&variable) {
            command.env_remove(&*variable);
        }
    }
    let output = command.output().expect("failed to run cargo");
    assert!(
        output.status.success(),
        "cargo build --example {name} failed"
    );
    let messages = String::from_utf8(output.stdout).expect("cargo's messages are UTF-8");
    let name_field = format!(r#""name":"{name}""#);
    let path = messages
        .lines()
        .filter(|line| line.contains(&name_field))
        .find_map(|line| json_string_field(line, "executable"))
        .map_or_else(
            || panic!("cargo's messages name no executable for the example {name}"),
            PathBuf::from,
        );
    built.insert(name.to_owned(), path.clone());
    path
}

/// Returns whether cargo sets the environment variable `name` for a test
/// that it runs, rather than taking it from the user's environment.
fn is_set_for_tests(name: &str) -> bool {
    const SET_FOR_TESTS: [&str; 6] = [
        "CARGO_MANIFEST_DIR",
        "CARGO_MANIFEST_PATH",
        "CARGO_CRATE_NAME",
        "CARGO_PRIMARY_PACKAGE",
        "CARGO_TARGET_TMPDIR",
        "CARGO_RUSTC_CURRENT_DIR",
    ];
    SET_FOR_TESTS.contains(&name)
        || name.starts_with("CARGO_PKG_")
        || name.starts_with("CARGO_BIN_")
}

/// Returns the string value of `"field":"…"` in one line of JSON. Only the
/// escapes `\"`, `\\` and `\/` are decoded, and a value with any other
/// escape is rejected rather than misread.
fn json_string_field(json: &str, field: &str) -> Option<String> {
    let start = json.find(&format!("\"{field}\":\""))? + field.len() + 4;
    let mut value = String::new();
    let mut characters = json[start..].chars();
    while let Some(character) = characters.next() {
        match character {
            '"' => return Some(value),
            '\\' => match characters.next()? {
                escaped @ ('"' | '\\' | '/') => value.push(escaped),
                _ => return None,
            },
            _ => value.push(character),
        }
    }
    None
}

/// Runs `command` with no input and returns its output.
///
/// The program runs in a process group of its own, so that a timeout ends
/// the processes it started too, which would otherwise keep its output
/// open.
///
/// # Panics
///
/// Panics if the program cannot start, or runs longer than `timeout`, in
/// which case its process group is killed first.
pub(crate) fn output_with_timeout(command: &mut Command, timeout: Duration) -> Output {
    let mut child = command
        .process_group(0)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|error| panic!("failed to start {command:?}: {error}"));
    let stdout = read_on_thread(child.stdout.take().expect("stdout is piped"));
    let stderr = read_on_thread(child.stderr.take().expect("stderr is piped"));
    let status = wait_with_timeout(&mut child, timeout);
    let stdout = stdout.join().expect("the stdout reader panicked");
    let stderr = stderr.join().expect("the stderr reader panicked");
    match status {
        Some(status) => Output {
            status,
            stdout,
            stderr,
        },
        None => panic!(
            "{command:?} timed out after {timeout:?} and was killed; its error output:\n{}",
            String::from_utf8_lossy(&stderr)
        ),
    }
}

fn read_on_thread(mut stream: impl Read + Send + 'static) -> thread::JoinHandle<Vec<u8>> {
    thread::spawn(move || {
        let mut output = Vec::new();
        stream
            .read_to_end(&mut output)
            .expect("failed to read the output of a program");
        output
    })
}

/// Waits for `child` to exit. Returns `None`, after killing its process
/// group, if it is still running after `timeout`.
fn wait_with_timeout(child: &mut Child, timeout: Duration) -> Option<std::process::ExitStatus> {
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(status) = child.try_wait().expect("failed to wait for a program") {
            return Some(status);
        }
        if Instant::now() >= deadline {
            // The group's id is the id of the child, which leads it.
            let group = format!("-{}", child.id());
            let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        thread::sleep(Duration::from_millis(20));
    }
}

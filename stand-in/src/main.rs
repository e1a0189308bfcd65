//! Runs the cpsrvd stand-in on `127.0.0.1` until it is interrupted or its
//! time is up.

use std::path::PathBuf;
use std::process::ExitCode;
use std::thread;
use std::time::{Duration, Instant};

use cpsrvd_stand_in::StandIn;

const USAGE: &str = "\
Usage: cpsrvd-stand-in [OPTIONS]

Serves cpsrvd's security token rules on 127.0.0.1 for tests.

Options:
  --port PORT               port to listen on (default 0: the system chooses)
  --user NAME:PASSWORD      an account that can log in (repeatable;
                            default cpuser:secret)
  --cgi PATH=PROGRAM        run PROGRAM as the CGI plugin /3rdparty/PATH
  --file PATH=FILE          serve FILE as /3rdparty/PATH
  --seconds SECONDS         stop after this many seconds (default: run
                            until interrupted)
  --help                    print this text

Example:
  cargo build --example plugin_page
  cargo run -p cpsrvd-stand-in -- \\
      --cgi mail_tools/index.cgi=target/debug/examples/plugin_page \\
      --file mail_tools/help.html=examples/mail_tools/help.html
  then open http://127.0.0.1:PORT/login/?goto_uri=/3rdparty/mail_tools/index.cgi

Set RUST_LOG=info to log each request.
";

/// The options, parsed.
struct Options {
    port: u16,
    users: Vec<(String, String)>,
    programs: Vec<(String, PathBuf)>,
    files: Vec<(String, PathBuf)>,
    seconds: Option<u64>,
}

fn main() -> ExitCode {
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("warn")).init();
    let options = match parse_options(std::env::args().skip(1)) {
        Ok(Some(options)) => options,
        Ok(None) => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("cpsrvd-stand-in: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("cpsrvd-stand-in: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(options: Options) -> Result<(), String> {
    let mut builder = StandIn::builder();
    for (name, password) in &options.users {
        builder = builder.user(name, password);
    }
    for (path, program) in options.programs {
        builder = builder.cgi(&path, program);
    }
    for (path, file) in options.files {
        let contents = std::fs::read(&file)
            .map_err(|error| format!("failed to read {}: {error}", file.display()))?;
        builder = builder.file(&path, content_type(&path), contents);
    }
    let server = builder
        .start_on(options.port)
        .map_err(|error| error.to_string())?;

    println!("cpsrvd stand-in listening on {}", server.origin());
    for (name, _) in &options.users {
        println!("  account: {name}");
    }
    println!("  log in: {}/login/", server.origin());

    let deadline = options
        .seconds
        .map(|seconds| Instant::now() + Duration::from_secs(seconds));
    loop {
        match deadline {
            Some(deadline) if Instant::now() >= deadline => break,
            Some(deadline) => thread::sleep(deadline - Instant::now()),
            None => thread::park(),
        }
    }
    drop(server);
    println!("stopped");
    Ok(())
}

/// Parses the command line. Returns `None` for `--help`.
fn parse_options(mut arguments: impl Iterator<Item = String>) -> Result<Option<Options>, String> {
    let mut options = Options {
        port: 0,
        users: Vec::new(),
        programs: Vec::new(),
        files: Vec::new(),
        seconds: None,
    };
    while let Some(option) = arguments.next() {
        if option == "--help" || option == "-h" {
            return Ok(None);
        }
        let value = arguments
            .next()
            .ok_or_else(|| format!("{option} needs a value"))?;
        match option.as_str() {
            "--port" => {
                options.port = value
                    .parse()
                    .map_err(|_| format!("invalid port {value:?}: expected 0 to 65535"))?;
            }
            "--user" => {
                let (name, password) = split_pair(&value, ':', "--user NAME:PASSWORD")?;
                options.users.push((name, password));
            }
            "--cgi" => {
                let (path, program) = split_pair(&value, '=', "--cgi PATH=PROGRAM")?;
                options.programs.push((path, PathBuf::from(program)));
            }
            "--file" => {
                let (path, file) = split_pair(&value, '=', "--file PATH=FILE")?;
                options.files.push((path, PathBuf::from(file)));
            }
            "--seconds" => {
                let seconds = value.parse().map_err(|_| {
                    format!("invalid number of seconds {value:?}: expected a whole number")
                })?;
                options.seconds = Some(seconds);
            }
            _ => return Err(format!("unknown option {option:?}")),
        }
    }
    if options.users.is_empty() {
        options.users.push(("cpuser".into(), "secret".into()));
    }
    Ok(Some(options))
}

fn split_pair(value: &str, separator: char, form: &str) -> Result<(String, String), String> {
    match value.split_once(separator) {
        Some((left, right)) if !left.is_empty() && !right.is_empty() => {
            Ok((left.to_owned(), right.to_owned()))
        }
        _ => Err(format!("invalid value {value:?}: expected {form}")),
    }
}

/// Returns the media type of a file served under `/3rdparty/`, by its
/// extension.
fn content_type(path: &str) -> &'static str {
    let extension = path.rsplit_once('.').map_or("", |(_, extension)| extension);
    match extension.to_ascii_lowercase().as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css",
        "js" => "text/javascript",
        "json" => "application/json",
        "png" => "image/png",
        "svg" => "image/svg+xml",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

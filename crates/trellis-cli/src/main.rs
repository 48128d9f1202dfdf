//! `trellis`: the command line. Reads files, calls the model and rules crates, renders
//! results and maps them to exit codes: 0 clean, 1 findings at error level (or warnings with
//! `--deny warnings`), 2 unusable input or usage.

/// Prints to standard output like `println!`, but a closed pipe (`trellis … | head`) ends the
/// output quietly instead of panicking.
#[macro_export]
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}

/// Like [`out!`] without the line break.
macro_rules! out_str {
    ($text:expr) => {{
        use std::io::Write as _;
        let _ = std::io::stdout().lock().write_all($text.as_bytes());
    }};
}

mod backup;
mod check;
mod diff;
mod export;
mod files;
mod generate;
mod import;
mod init;
mod log;
mod path;
mod planning;
mod render;
mod review;
mod serve;
mod talent;
mod users;
mod versions;

use clap::{Parser, Subcommand, ValueEnum};
use trellis_model::diag::did_you_mean;

// Loading a large org allocates millions of small strings from two threads; glibc's
// allocator spent a third of `check` on them, mimalloc a fraction of that.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "trellis",
    version,
    about = "Org-as-code for product organisations led through managers: check the structure like a compiler checks code."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
    Sarif,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Deny {
    Warnings,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Subcommand)]
enum Command {
    /// Check org files (a YAML file or a folder of them) against every rule.
    Check {
        /// An org file or a folder of `*.yaml`/`*.yml` files.
        #[arg(default_value = ".")]
        path: PathBuf,
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
        /// Treat warnings as errors for the exit code.
        #[arg(long, value_enum)]
        deny: Option<Deny>,
        /// Colour in human output.
        #[arg(long, value_enum, default_value = "auto")]
        color: Color,
        /// Print timings of each phase to standard error.
        #[arg(long)]
        timings: bool,
        /// Judge this person's organisation (an id; by default `org.leader`'s): warnings and
        /// infos only about people outside it are counted, not listed.
        #[arg(long)]
        leader: Option<String>,
    },
    /// Explain a rule: what it checks, why it matters, how to fix it, how to configure it.
    Explain {
        /// A rule id, e.g. span-too-wide; or `metric` for the scorecard's metrics.
        #[arg(required_unless_present_any = ["list", "markdown"])]
        rule: Option<String>,
        /// With `metric`: the metric's id, e.g. decision-velocity (all of them when left out).
        name: Option<String>,
        /// List every rule with its default severity.
        #[arg(long, conflicts_with = "rule")]
        list: bool,
        /// Print the rule catalogue as Markdown (this is docs/rules.md).
        #[arg(long, conflicts_with_all = ["rule", "list"])]
        markdown: bool,
    },
    /// Write a small, commented starter org that checks clean.
    Init {
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// Print the JSON Schema of the org files, for editors (YAML language servers).
    Schema,
    /// Import an organisation from other formats into org files.
    Import {
        #[command(subcommand)]
        source: import::Source,
    },
    /// What a reorganisation does: compare two versions of the org (each a folder or file of
    /// org files, or a stored version: @3, @current).
    Diff {
        /// The version before: a path, @N or @current.
        old: String,
        /// The version after.
        new: String,
        #[arg(long, value_enum, default_value = "human")]
        format: diff::DiffFormat,
        /// Exit 1 when the change introduces a finding at this severity or worse.
        #[arg(long, value_enum)]
        fail_on_new: Option<diff::FailOn>,
        #[command(flatten)]
        db: versions::Database,
    },
    /// Check org files and store them as a new org version (nothing is stored if they have errors).
    Apply {
        /// An org file or a folder of them.
        path: PathBuf,
        /// Show what would change against the current version, and store nothing.
        #[arg(long)]
        dry_run: bool,
        /// Who makes this version (default: $USER).
        #[arg(long)]
        author: Option<String>,
        /// Why; shown in the version list.
        #[arg(long, short)]
        message: Option<String>,
        #[command(flatten)]
        db: versions::Database,
    },
    /// Run the web app.
    Serve {
        /// Address to listen on.
        #[arg(long, env = "TRELLIS_BIND", default_value = "127.0.0.1:8080")]
        bind: String,
        /// Start on a fresh database holding the Northwind demo organisation and demo accounts.
        #[arg(long)]
        demo: bool,
        /// Served over TLS (or behind a proxy that terminates TLS): cookies become `Secure`
        /// with the `__Host-` prefix.
        #[arg(long, env = "TRELLIS_SECURE_COOKIES")]
        secure_cookies: bool,
        /// A session unused for this many minutes ends (besides its 12-hour limit).
        #[arg(long, env = "TRELLIS_IDLE_MINUTES", default_value_t = trellis_web::DEFAULT_IDLE_MINUTES, value_parser = clap::value_parser!(i64).range(1..=720))]
        idle_minutes: i64,
        /// On Ctrl-C or SIGTERM, how long requests in flight may take to finish.
        #[arg(long, env = "TRELLIS_SHUTDOWN_SECONDS", default_value_t = 30)]
        shutdown_seconds: u64,
        /// A request still unanswered after this many seconds is answered 503 and whatever it
        /// was writing is rolled back.
        #[arg(long, env = "TRELLIS_REQUEST_TIMEOUT_SECONDS", default_value_t = 120, value_parser = clap::value_parser!(u64).range(1..=3600))]
        request_timeout_seconds: u64,
        #[command(flatten)]
        sso: serve::SsoArgs,
        #[command(flatten)]
        db: versions::Database,
    },
    /// Manage the web app's accounts.
    User {
        #[command(subcommand)]
        command: users::UserCommand,
    },
    /// The operating log: meetings, decisions, escalations.
    Log {
        #[command(subcommand)]
        command: log::LogCommand,
    },
    /// Goals per team per quarter: import from CSV, list with their status.
    Goals {
        #[command(subcommand)]
        command: planning::GoalsCommand,
    },
    /// Portfolio decisions (fund, consolidate, pause, protect, stop): import, list.
    Portfolio {
        #[command(subcommand)]
        command: planning::PortfolioCommand,
    },
    /// The quarterly review: the scorecard and five questions answered from the data, as
    /// Markdown, HTML or PDF.
    Review(review::ReviewArgs),
    /// Talent records: calibration sessions, ratings import, the talent signals.
    Talent {
        #[command(subcommand)]
        command: talent::TalentCommand,
    },
    /// The audit log of every read, write and refused attempt on a talent record.
    Audit {
        /// Only rows about this person (id).
        #[arg(long)]
        about: Option<String>,
        /// Only rows by this account (email, or cli:USER).
        #[arg(long)]
        actor: Option<String>,
        /// Only refused attempts.
        #[arg(long)]
        denied: bool,
        #[arg(long, default_value_t = 100)]
        limit: i64,
        #[command(flatten)]
        db: versions::Database,
    },
    /// Your director path, out of Trellis (your own API token only).
    Path {
        #[command(subcommand)]
        command: path::PathCommand,
    },
    /// API tokens for scripts and CI (stored hashed, shown once).
    Token {
        #[command(subcommand)]
        command: users::TokenCommand,
    },
    /// Everything the database holds (versions, log, talent, goals, accounts, tokens, the
    /// audit log) as one JSON file, read consistently while the server runs.
    Backup {
        /// The file to write (must not exist); it is readable by you only.
        #[arg(long)]
        out: PathBuf,
        #[command(flatten)]
        db: versions::Database,
    },
    /// Restore a backup into an empty database (SQLite or PostgreSQL, whichever made it).
    Restore {
        file: PathBuf,
        /// Replace everything the database holds.
        #[arg(long)]
        force: bool,
        #[command(flatten)]
        db: versions::Database,
    },
    /// Write stored data back out.
    Export {
        #[command(subcommand)]
        what: Export,
    },
    /// Write a realistic generated org of any size, to try Trellis at scale.
    Gen {
        /// Number of people.
        #[arg(long, default_value_t = 1000)]
        people: usize,
        /// Random seed; the same seed always gives the same org.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Folder to write the org files into (created if missing).
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Subcommand)]
enum Export {
    /// An org version as org files (the current one by default).
    Yaml {
        /// Folder to write into; must not already hold the files.
        #[arg(long)]
        out: PathBuf,
        /// Version number (default: the newest).
        #[arg(long)]
        version: Option<i64>,
        #[command(flatten)]
        db: versions::Database,
    },
    /// Decisions as a table (CSV or JSON), for spreadsheets.
    Decisions(RecordsArgs),
    /// Escalations as a table (CSV or JSON).
    Escalations(RecordsArgs),
    /// Goals with their measure, who set them and their status today (CSV or JSON).
    Goals(RecordsArgs),
    /// The portfolio decisions log (CSV or JSON).
    Portfolio(RecordsArgs),
    /// Reporting lines (or, with --teams, team dependencies) as a Mermaid flowchart.
    Mermaid(export::DiagramArgs),
    /// Reporting lines (or team dependencies) as a Graphviz DOT graph.
    Dot(export::DiagramArgs),
    /// The org chart as a standalone SVG file, as the web app draws it.
    Svg(export::DiagramArgs),
    /// The org as a Backstage catalog: users, teams and reporting lines as groups, surfaces
    /// as components owned by their team.
    Backstage(export::OrgArgs),
}

#[derive(clap::Args)]
struct RecordsArgs {
    #[arg(long, value_enum, default_value = "csv")]
    format: export::Format,
    /// File to write (readable by you only); standard output when left out.
    #[arg(long)]
    out: Option<PathBuf>,
    #[command(flatten)]
    db: versions::Database,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Err(e) = trellis_web::today_override() {
        eprintln!("error: {e}");
        return ExitCode::from(2);
    }
    let result = match cli.command {
        Command::Check {
            path,
            format,
            deny,
            color,
            timings,
            leader,
        } => check::run(
            &path,
            format,
            deny.is_some(),
            color,
            timings,
            leader.as_deref(),
        ),
        Command::Explain {
            rule,
            name,
            list,
            markdown,
        } => match rule.as_deref() {
            Some("metric") => explain_metric(name.as_deref()),
            _ => explain(rule.as_deref(), list, markdown),
        },
        Command::Init { dir } => init::run(&dir),
        Command::Schema => {
            out_str!(trellis_model::schema::json_schema());
            Ok(ExitCode::SUCCESS)
        }
        Command::Import { source } => import::run(source),
        Command::Diff {
            old,
            new,
            format,
            fail_on_new,
            db,
        } => diff::run(&old, &new, format, fail_on_new, &db),
        Command::Gen { people, seed, out } => generate::run(people, seed, &out),
        Command::Apply {
            path,
            dry_run,
            author,
            message,
            db,
        } => versions::apply(&path, &db, dry_run, author, message),
        Command::Serve {
            bind,
            demo,
            secure_cookies,
            idle_minutes,
            shutdown_seconds,
            request_timeout_seconds,
            sso,
            db,
        } => serve::run(
            &serve::Options {
                bind,
                demo,
                secure_cookies,
                idle_minutes,
                shutdown_seconds,
                request_timeout_seconds,
                sso,
            },
            &db,
        ),
        Command::User { command } => users::run(command),
        Command::Token { command } => users::run_token(command),
        Command::Path { command } => path::run(command),
        Command::Log { command } => log::run(command),
        Command::Talent { command } => talent::run(command),
        Command::Review(args) => review::run(args),
        Command::Goals { command } => planning::goals(command),
        Command::Portfolio { command } => planning::portfolio(command),
        Command::Audit {
            about,
            actor,
            denied,
            limit,
            db,
        } => talent::audit(about, actor, denied, limit, &db),
        Command::Backup { out, db } => backup::backup(&out, &db),
        Command::Restore { file, force, db } => backup::restore(&file, force, &db),
        Command::Export { what } => {
            use trellis_interop::records_out::Kind;
            use trellis_report::diagram::Format as Drawn;
            let (kind, a) = match what {
                Export::Yaml { out, version, db } => {
                    return finish(versions::export_yaml(&out, version, &db));
                }
                Export::Mermaid(d) => return finish(export::diagram(Drawn::Mermaid, &d)),
                Export::Dot(d) => return finish(export::diagram(Drawn::Dot, &d)),
                Export::Svg(d) => return finish(export::diagram(Drawn::Svg, &d)),
                Export::Backstage(d) => return finish(export::backstage(&d)),
                Export::Decisions(a) => (Kind::Decisions, a),
                Export::Escalations(a) => (Kind::Escalations, a),
                Export::Goals(a) => (Kind::Goals, a),
                Export::Portfolio(a) => (Kind::Portfolio, a),
            };
            export::run(kind, a.format, a.out.as_deref(), &a.db)
        }
    };
    finish(result)
}

/// A command's exit code, its error written to standard error.
fn finish(result: anyhow::Result<ExitCode>) -> ExitCode {
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(2)
        }
    }
}

/// `trellis explain metric [NAME]`: a scorecard metric's definition, formula and thresholds.
fn explain_metric(name: Option<&str>) -> anyhow::Result<ExitCode> {
    use trellis_report::scorecard::{Better, METRICS, metric};
    let Some(name) = name else {
        for m in METRICS {
            out!("{:<24} {:<32} {}", m.id, m.group.label(), m.name);
        }
        return Ok(ExitCode::SUCCESS);
    };
    let Some(m) = metric(name) else {
        let hint = did_you_mean(name, METRICS.iter().map(|m| m.id));
        anyhow::bail!(
            "there is no metric `{name}`.{hint} `trellis explain metric` lists every metric."
        );
    };
    let (better, target, red) = match m.better {
        Better::Higher => ("higher is better", "at or above", "at or below"),
        Better::Lower => ("lower is better", "at or below", "at or above"),
    };
    out!("{} ({}) — {}", m.name, m.id, m.group.label());
    out!("");
    out!("{}", m.definition);
    out!("");
    out!("Formula: {}", m.formula);
    out!(
        "In {}; {better}. Green {target} {}, red {red} {}, amber in between.",
        m.unit,
        m.target,
        m.red
    );
    out!(
        "Set your own in an org file: `scorecard: {{ {}: {{ target: N, red: N }} }}`.",
        m.id
    );
    Ok(ExitCode::SUCCESS)
}

fn explain(rule: Option<&str>, list: bool, markdown: bool) -> anyhow::Result<ExitCode> {
    if markdown {
        out_str!(trellis_rules::rules_markdown());
        return Ok(ExitCode::SUCCESS);
    }
    if list {
        for r in trellis_rules::REGISTRY {
            out!(
                "{:<28} {:<8} {}",
                r.id,
                r.default_severity.as_str(),
                r.summary
            );
        }
        return Ok(ExitCode::SUCCESS);
    }
    let id = rule.unwrap_or_default();
    match trellis_rules::rule(id) {
        Some(r) => {
            out_str!(trellis_rules::explain(r));
            Ok(ExitCode::SUCCESS)
        }
        None => {
            let hint = did_you_mean(id, trellis_rules::REGISTRY.iter().map(|r| r.id));
            anyhow::bail!(
                "there is no rule `{id}`.{hint} `trellis explain --list` lists every rule."
            )
        }
    }
}

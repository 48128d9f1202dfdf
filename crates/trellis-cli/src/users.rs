//! `trellis user add|passwd|role|link|disable|enable|delete|list`: accounts for the web app, and
//! `trellis token create|list|revoke`. Every change to an account that could widen or end what
//! it may do (password, role, disabling, deleting) ends its sessions and revokes its tokens.

use crate::versions::{Database, runtime};
use clap::Subcommand;
use std::io::BufRead;
use std::process::ExitCode;
use trellis_web::http::auth::{ROLES, hash_password, new_api_token, random_token};

#[derive(Subcommand)]
pub enum UserCommand {
    /// Create an account. The password is read from standard input with --password-stdin;
    /// otherwise a random one is generated and shown once.
    Add {
        email: String,
        #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(ROLES))]
        role: String,
        /// The account holder's id in the org (e.g. `li`). Managers and members edit only the
        /// teams they lead or that sit under them, so their accounts need it.
        #[arg(long)]
        person: Option<String>,
        #[arg(long)]
        password_stdin: bool,
        #[command(flatten)]
        db: Database,
    },
    /// Set a new password (ends the account's sessions and revokes its tokens).
    Passwd {
        email: String,
        #[arg(long)]
        password_stdin: bool,
        #[command(flatten)]
        db: Database,
    },
    /// Give an account another role (ends its sessions and revokes its tokens).
    Role {
        email: String,
        #[arg(value_parser = clap::builder::PossibleValuesParser::new(ROLES))]
        role: String,
        #[command(flatten)]
        db: Database,
    },
    /// Link an account to a person of the org (or unlink it with --none): for accounts made by
    /// single sign-on, or a changed id. Ends its sessions and revokes its tokens.
    Link {
        email: String,
        /// The person's id in the org.
        #[arg(required_unless_present = "none", conflicts_with = "none")]
        person: Option<String>,
        /// Link the account to nobody.
        #[arg(long)]
        none: bool,
        #[command(flatten)]
        db: Database,
    },
    /// Stop an account from signing in (ends its sessions and revokes its tokens).
    Disable {
        email: String,
        #[command(flatten)]
        db: Database,
    },
    /// Let a disabled account sign in again.
    Enable {
        email: String,
        #[command(flatten)]
        db: Database,
    },
    /// Delete an account with its sessions and tokens (the audit log keeps its rows).
    Delete {
        email: String,
        #[command(flatten)]
        db: Database,
    },
    /// List accounts and roles.
    List {
        #[command(flatten)]
        db: Database,
    },
}

/// `trellis token create|list|revoke`: API tokens for scripts and CI.
#[derive(Subcommand)]
pub enum TokenCommand {
    /// Create a token for an account; it acts with the account's role. Shown once.
    Create {
        /// The account the token acts for.
        #[arg(long)]
        user: String,
        /// What the token is for, to recognise it later (e.g. `ci`).
        #[arg(long)]
        name: String,
        /// What it may do: read (GET only), write, or calendar (the calendar feeds only).
        #[arg(long, default_value = "read", value_parser = clap::builder::PossibleValuesParser::new(["read", "write", "calendar"]))]
        scope: String,
        /// Days until it ends (default: until revoked).
        #[arg(long, value_parser = clap::value_parser!(i64).range(1..=trellis_web::org::account::MAX_TOKEN_DAYS))]
        expires_days: Option<i64>,
        #[command(flatten)]
        db: Database,
    },
    /// List an account's tokens (never the secrets).
    List {
        #[arg(long)]
        user: String,
        #[command(flatten)]
        db: Database,
    },
    /// Revoke one of an account's tokens by its number.
    Revoke {
        id: i64,
        #[arg(long)]
        user: String,
        #[command(flatten)]
        db: Database,
    },
}

async fn account(store: &trellis_store::Store, email: &str) -> anyhow::Result<trellis_store::User> {
    let email = email.trim().to_lowercase();
    match store.users().await?.into_iter().find(|u| u.email == email) {
        Some(user) if user.disabled => {
            anyhow::bail!("{email} is disabled; `trellis user enable {email}` first")
        }
        Some(user) => Ok(user),
        None => anyhow::bail!("there is no account for {email}; see `trellis user list`"),
    }
}

pub fn run_token(cmd: TokenCommand) -> anyhow::Result<ExitCode> {
    let rt = runtime()?;
    match cmd {
        TokenCommand::Create {
            user,
            name,
            scope,
            expires_days,
            db,
        } => {
            let name = name.trim().to_string();
            if name.is_empty() || name.chars().count() > 80 {
                anyhow::bail!("give the token a name of 1 to 80 characters");
            }
            let store = db.open(&rt)?;
            let user = rt.block_on(account(&store, &user))?;
            let (token, hash) = new_api_token();
            let scope = trellis_store::Scope::parse(&scope).ok_or_else(|| {
                anyhow::anyhow!("`{scope}` is not a scope: read, write or calendar")
            })?;
            let expires = expires_days.map(|d| trellis_web::http::auth::now() + d * 86_400);
            let id = rt.block_on(store.create_api_token(user.id, &name, &hash, scope, expires))?;
            let ends = match expires_days {
                Some(d) => format!("ends in {d} day{}", if d == 1 { "" } else { "s" }),
                None => "lasts until revoked".into(),
            };
            crate::out!(
                "Created {} token {id} `{name}` for {} ({}); it {ends}.",
                scope.as_str(),
                user.email,
                user.role
            );
            crate::out!("Token (shown once; send it as `Authorization: Bearer TOKEN`):");
            crate::out!("{token}");
        }
        TokenCommand::List { user, db } => {
            let store = db.open(&rt)?;
            let user = rt.block_on(account(&store, &user))?;
            let tokens = rt.block_on(store.api_tokens(user.id))?;
            if tokens.is_empty() {
                crate::out!("{} has no API tokens.", user.email);
            }
            for t in tokens {
                crate::out!(
                    "{:>4}  {:<24} {:<8} created {}  last used {}  ends {}",
                    t.id,
                    t.name,
                    t.scope.as_str(),
                    t.created_at,
                    t.last_used_at.as_deref().unwrap_or("never"),
                    t.expires_at
                        .map_or("when revoked".to_string(), trellis_web::org::account::when)
                );
            }
        }
        TokenCommand::Revoke { id, user, db } => {
            let store = db.open(&rt)?;
            let user = rt.block_on(account(&store, &user))?;
            if !rt.block_on(store.revoke_api_token(user.id, id))? {
                anyhow::bail!(
                    "{} has no token {id}; see `trellis token list --user {}`",
                    user.email,
                    user.email
                );
            }
            crate::out!("Revoked token {id} of {}.", user.email);
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Checks a person id against the newest org version, when there is one.
async fn check_person(store: &trellis_store::Store, person: &str) -> anyhow::Result<()> {
    let Some(latest) = store.latest().await? else {
        return Ok(());
    };
    let files = store.version_files(latest.id).await?;
    let sources = crate::versions::sources_of(files);
    let loaded = trellis_model::load(&sources);
    if loaded.org.people.iter().any(|p| p.id.id == person) {
        return Ok(());
    }
    let hint =
        trellis_model::diag::closest(person, loaded.org.people.iter().map(|p| p.id.id.as_str()))
            .map(|c| format!("; did you mean `{c}`?"))
            .unwrap_or_default();
    anyhow::bail!(
        "no person has the id `{person}` in org version {}{hint}",
        latest.id
    )
}

/// A password from standard input (first line), or a new random one to show once.
fn password(from_stdin: bool) -> anyhow::Result<(String, bool)> {
    if from_stdin {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        let password = line.trim_end_matches(['\n', '\r']).to_string();
        if password.chars().count() < 12 {
            anyhow::bail!("the password must have at least 12 characters");
        }
        Ok((password, false))
    } else {
        Ok((random_token()[..24].to_string(), true))
    }
}

fn valid_email(email: &str) -> bool {
    let mut parts = email.split('@');
    matches!((parts.next(), parts.next(), parts.next()), (Some(a), Some(b), None) if !a.is_empty() && b.contains('.') && !email.contains(char::is_whitespace))
}

pub fn run(cmd: UserCommand) -> anyhow::Result<ExitCode> {
    let rt = runtime()?;
    match cmd {
        UserCommand::Add {
            email,
            role,
            person,
            password_stdin,
            db,
        } => {
            let email = email.trim().to_lowercase();
            if !valid_email(&email) {
                anyhow::bail!("`{email}` is not an email address");
            }
            let person = person
                .map(|p| p.trim().to_string())
                .filter(|p| !p.is_empty());
            let (password, generated) = password(password_stdin)?;
            let store = db.open(&rt)?;
            if let Some(p) = &person {
                rt.block_on(check_person(&store, p))?;
            } else if matches!(
                trellis_web::http::auth::Role::of_stored(&role),
                trellis_web::http::auth::Role::Manager | trellis_web::http::auth::Role::Member
            ) {
                crate::out!("Note: without --person, a {role} can read but not edit any team.");
            }
            let hash = hash_password(&password).map_err(anyhow::Error::msg)?;
            rt.block_on(store.add_user(&email, &role, person.as_deref(), &hash))?;
            match &person {
                Some(p) => crate::out!("Created {email} ({role}, person `{p}`)."),
                None => crate::out!("Created {email} ({role})."),
            }
            if generated {
                crate::out!("Password (shown once): {password}");
            }
        }
        UserCommand::Passwd {
            email,
            password_stdin,
            db,
        } => {
            let email = email.trim().to_lowercase();
            let (password, generated) = password(password_stdin)?;
            let store = db.open(&rt)?;
            let hash = hash_password(&password).map_err(anyhow::Error::msg)?;
            if !rt.block_on(store.set_password(&email, &hash))? {
                anyhow::bail!("there is no account for {email}");
            }
            crate::out!(
                "New password set for {email}; their sessions have ended and their tokens are revoked."
            );
            if generated {
                crate::out!("Password (shown once): {password}");
            }
        }
        UserCommand::Role { email, role, db } => {
            let email = email.trim().to_lowercase();
            let store = db.open(&rt)?;
            if !rt.block_on(store.set_role(&email, &role))? {
                anyhow::bail!("there is no account for {email}; see `trellis user list`");
            }
            crate::out!(
                "{email} is now a {role}; their sessions have ended and their tokens are revoked."
            );
        }
        UserCommand::Link {
            email,
            person,
            none: _,
            db,
        } => {
            let email = email.trim().to_lowercase();
            let person = person
                .map(|p| p.trim().to_string())
                .filter(|p| !p.is_empty());
            let store = db.open(&rt)?;
            if let Some(p) = &person {
                rt.block_on(check_person(&store, p))?;
            }
            if !rt.block_on(store.set_person(&email, person.as_deref()))? {
                anyhow::bail!("there is no account for {email}; see `trellis user list`");
            }
            match &person {
                Some(p) => crate::out!(
                    "{email} is now linked to `{p}`; their sessions have ended and their tokens are revoked."
                ),
                None => crate::out!(
                    "{email} is linked to nobody now; their sessions have ended and their tokens are revoked."
                ),
            }
        }
        UserCommand::Disable { email, db } => {
            let email = email.trim().to_lowercase();
            let store = db.open(&rt)?;
            if !rt.block_on(store.set_disabled(&email, true))? {
                anyhow::bail!("there is no account for {email}; see `trellis user list`");
            }
            crate::out!(
                "{email} is disabled: signed out everywhere, tokens revoked, no new sign-in until `trellis user enable {email}`."
            );
        }
        UserCommand::Enable { email, db } => {
            let email = email.trim().to_lowercase();
            let store = db.open(&rt)?;
            if !rt.block_on(store.set_disabled(&email, false))? {
                anyhow::bail!("there is no account for {email}; see `trellis user list`");
            }
            crate::out!("{email} may sign in again.");
        }
        UserCommand::Delete { email, db } => {
            let email = email.trim().to_lowercase();
            let store = db.open(&rt)?;
            if !rt.block_on(store.delete_user(&email))? {
                anyhow::bail!("there is no account for {email}; see `trellis user list`");
            }
            crate::out!(
                "Deleted {email} with their sessions and tokens; the audit log keeps what they did."
            );
        }
        UserCommand::List { db } => {
            let store = db.open(&rt)?;
            let users = rt.block_on(store.users())?;
            if users.is_empty() {
                crate::out!("No accounts yet: `trellis user add EMAIL --role admin`.");
            }
            for u in users {
                crate::out!(
                    "{:<36} {:<8} {:<16} since {}{}",
                    u.email,
                    u.role,
                    u.person.as_deref().unwrap_or("-"),
                    u.created_at,
                    if u.disabled { "  (disabled)" } else { "" }
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

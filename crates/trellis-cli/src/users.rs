//! `trellis user add|passwd|list`: accounts for the web app.

use crate::versions::{Database, runtime};
use clap::Subcommand;
use std::io::BufRead;
use std::process::ExitCode;
use trellis_web::auth::{ROLES, hash_password, random_token};

#[derive(Subcommand)]
pub enum UserCommand {
    /// Create an account. The password is read from standard input with --password-stdin;
    /// otherwise a random one is generated and shown once.
    Add {
        email: String,
        #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(ROLES))]
        role: String,
        #[arg(long)]
        password_stdin: bool,
        #[command(flatten)]
        db: Database,
    },
    /// Set a new password (ends the account's sessions).
    Passwd {
        email: String,
        #[arg(long)]
        password_stdin: bool,
        #[command(flatten)]
        db: Database,
    },
    /// List accounts and roles.
    List {
        #[command(flatten)]
        db: Database,
    },
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
            password_stdin,
            db,
        } => {
            let email = email.trim().to_lowercase();
            if !valid_email(&email) {
                anyhow::bail!("`{email}` is not an email address");
            }
            let (password, generated) = password(password_stdin)?;
            let store = db.open(&rt)?;
            let hash = hash_password(&password).map_err(anyhow::Error::msg)?;
            rt.block_on(store.add_user(&email, &role, &hash))?;
            crate::out!("Created {email} ({role}).");
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
            crate::out!("New password set for {email}; their sessions have ended.");
            if generated {
                crate::out!("Password (shown once): {password}");
            }
        }
        UserCommand::List { db } => {
            let store = db.open(&rt)?;
            let users = rt.block_on(store.users())?;
            if users.is_empty() {
                crate::out!("No accounts yet: `trellis user add EMAIL --role admin`.");
            }
            for u in users {
                crate::out!("{:<36} {:<8} since {}", u.email, u.role, u.created_at);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

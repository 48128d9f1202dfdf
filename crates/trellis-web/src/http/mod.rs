//! What every page and API answer stands on, knowing nothing of the domains: accounts and
//! sessions, the browser protections, the static files, uploads, the error type and the
//! pieces every page is made of.

pub mod assets;
pub mod auth;
pub mod error;
pub mod form;
pub mod html;
pub mod oidc;
pub mod security;
pub mod sso;
pub mod upload;

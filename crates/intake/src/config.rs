//! The server's configuration: every setting is a documented flag with an environment
//! variable, and nothing deeper in the server reads the environment.

use std::{net::SocketAddr, path::PathBuf};

/// Settings of `intake serve`.
#[derive(Debug, Clone, clap::Args)]
pub struct Config {
    /// Address and port to listen on.
    #[arg(long, env = "INTAKE_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,

    /// Folder with the built widget and demo page (`trunk build --release` writes `dist`).
    #[arg(long, env = "INTAKE_STATIC_DIR", default_value = "dist")]
    pub static_dir: PathBuf,
}

//! A throw-away PostgreSQL cluster on a free loopback port, for the intake tests: created
//! in a temp folder, started, and stopped and removed when dropped, whatever happened.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use anyhow::Context;

use crate::cmd;

/// A running cluster; stops when dropped.
pub struct Cluster {
    bin: PathBuf,
    dir: PathBuf,
    as_postgres: bool,
    /// `postgres://postgres@127.0.0.1:PORT/postgres`
    pub url: String,
}

impl Cluster {
    /// Creates and starts a cluster (as the `postgres` user when we are root, since
    /// PostgreSQL refuses to run as root).
    pub fn start() -> anyhow::Result<Cluster> {
        let bin = crate::setup::postgres_bin_dir()
            .context("PostgreSQL server binaries not found; run `cargo xtask setup`")?;
        let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let dir = std::env::temp_dir().join(format!("intake-pg-{}-{port}", std::process::id()));
        std::fs::create_dir_all(&dir)?;
        let as_postgres = cmd::first_line("id", &["-u"]).as_deref() == Some("0");
        let cluster = Cluster {
            bin,
            dir,
            as_postgres,
            url: format!("postgres://postgres@127.0.0.1:{port}/postgres"),
        };
        if as_postgres {
            cmd::run(cmd::command(
                "chown",
                &["postgres:postgres", &cluster.dir.display().to_string()],
            ))?;
        }
        let data = cluster.dir.join("data").display().to_string();
        cluster.run(
            "initdb",
            &[
                "-D",
                &data,
                "-A",
                "trust",
                "-U",
                "postgres",
                "--no-sync",
                "-E",
                "UTF8",
            ],
        )?;
        let options = format!(
            "-p {port} -k {} -c listen_addresses=127.0.0.1 -c fsync=on -c max_connections=200",
            cluster.dir.display()
        );
        let log = cluster.dir.join("server.log").display().to_string();
        cluster.run(
            "pg_ctl",
            &[
                "-D", &data, "-o", &options, "-l", &log, "-w", "-t", "60", "start",
            ],
        )?;
        println!("postgres: test cluster on 127.0.0.1:{port}");
        Ok(cluster)
    }

    fn command(&self, program: &str, args: &[&str]) -> Command {
        let path = self.bin.join(program).display().to_string();
        if self.as_postgres {
            let mut command = Command::new("runuser");
            command.args(["-u", "postgres", "--", &path]).args(args);
            command
        } else {
            let mut command = Command::new(path);
            command.args(args);
            command
        }
    }

    fn run(&self, program: &str, args: &[&str]) -> anyhow::Result<()> {
        let mut command = self.command(program, args);
        command.stdout(Stdio::null());
        cmd::run_from(&mut command)
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let data = self.dir.join("data").display().to_string();
        let _ = self.run("pg_ctl", &["-D", &data, "-m", "fast", "-w", "stop"]);
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

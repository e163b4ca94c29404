//! `parley` binary: configuration in, [`parley::run`] out.

use clap::Parser;
use parley::config::{Command, Config};

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn,tower_http=warn".into()),
        )
        .init();
    let config = Config::parse();
    if let Some(command) = &config.command {
        return maintenance(&config, command).await;
    }
    let listener = match tokio::net::TcpListener::bind(config.addr).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("cannot listen on {}: {e}", config.addr);
            return std::process::ExitCode::FAILURE;
        }
    };
    println!(
        "Parley on http://{} (desk: /desk, demo host page: /demo)",
        config.addr
    );
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    match parley::run(config, listener, shutdown).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Parley failed to start: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// Runs a maintenance command and prints what it did.
async fn maintenance(config: &Config, command: &Command) -> std::process::ExitCode {
    use parley::services::backup;
    let done = match command {
        Command::Backup { to } => {
            let sources = backup::Sources {
                data_dir: &config.data_dir,
                data_keys: config.data_keys.as_deref(),
            };
            backup::backup(&config.database_url(), sources, to).await
        }
        Command::Restore { from } => {
            backup::restore(&config.database_url(), &config.data_dir, from).await
        }
    };
    match done {
        Ok(r) => {
            let verb = match command {
                Command::Backup { .. } => "backup written",
                Command::Restore { .. } => "database restored",
            };
            println!(
                "{verb}: {} ({} bytes, {} conversations, {} messages, {} files, {}, integrity ok)",
                r.path.display(),
                r.bytes,
                r.conversations,
                r.messages,
                r.files,
                if r.keys {
                    "data keys included"
                } else {
                    "no data keys"
                }
            );
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("parley: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

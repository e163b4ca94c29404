//! `parley` binary: configuration in, [`parley::run`] out.

use clap::Parser;
use parley::config::Config;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn,tower_http=warn".into()),
        )
        .init();
    let config = Config::parse();
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

//! `skillreg serve`: reads the configuration, lets `--listen` override it, and runs the web
//! service (all of it in `skillreg-server`).

use std::net::SocketAddr;
use std::path::Path;

pub(super) fn serve(config: &Path, listen: Option<SocketAddr>) -> anyhow::Result<String> {
    let mut config = skillreg_server::Config::load(config)?;
    if let Some(addr) = listen {
        config.listen = addr;
    }
    skillreg_server::serve(config)?;
    Ok(String::new())
}

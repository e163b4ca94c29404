//! Live traffic: the two websocket endpoints (the hub they listen to is
//! `crate::events`, below the services that publish to it).

pub mod desk;
pub mod visitor;
mod wire;

//! Live traffic: the in-process hub and the two websocket endpoints.

pub mod desk;
pub mod hub;
pub mod visitor;
mod wire;

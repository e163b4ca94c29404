//! Security primitives, each a thin layer over a well-kept crate: sealing
//! values at rest (`aes-gcm`), one-time codes (`totp-rs`, `qrcode`), password
//! rules (`passwords`' common list).

pub mod client_addr;
pub mod password;
pub mod seal;
pub mod totp;

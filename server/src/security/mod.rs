//! Security primitives, each a thin layer over a well-kept crate: sealing
//! values at rest (`aes-gcm`), one-time codes (`totp-rs`, `qrcode`), password
//! rules (`passwords`' common list), a bounded pool for password hashing.

pub mod client_addr;
pub mod files;
pub mod hashing;
pub mod password;
pub mod seal;
pub mod tokens;
pub mod totp;

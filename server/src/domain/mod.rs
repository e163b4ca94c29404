//! Pure rules: no I/O, no clock reads (`now` is always passed in).

pub mod rate;
pub mod token;

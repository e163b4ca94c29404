//! Pieces shared by the widget and the desk.

pub mod message;

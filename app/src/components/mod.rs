//! Pieces shared by the widget and the desk.

pub mod composer;
pub mod facts;
pub mod message;

//! The widget's parts, built with [`super::dom`]: the panel (header,
//! messages, status lines, composer) and the forms around it.

mod contact;
mod fees;
mod intake;
mod panel;
mod rating;
mod tracking;

pub(crate) use panel::mount;

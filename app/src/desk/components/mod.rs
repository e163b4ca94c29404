//! The desk's components, one per file (with the helpers only it uses).

mod article_picker;
mod availability;
pub(crate) mod bar_chart;
mod canned_picker;
mod compliance_notice;
mod conversation_item;
mod conversation_list;
mod conversation_view;
mod desk;
mod desk_page;
mod due_badge;
mod language_select;
mod local_time;
mod login_form;

pub use desk_page::DeskPage;

//! The widget's components, one per file (with the helpers only it uses).

mod away_notice;
mod chat_panel;
mod contact_form;
mod fee_calculator;
mod intake_form;
mod queue_place;
mod rating_prompt;
mod reply_by;
mod widget_error;
mod widget_page;

pub use widget_page::WidgetPage;

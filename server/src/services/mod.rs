//! Use cases that span storage and the rest of the server.

pub mod accounts;
pub mod attachments;
pub mod audit;
pub mod backup;
pub mod bootstrap;
pub mod break_glass;
pub mod case_panel;
pub mod casework;
pub mod credentials;
pub mod customer_data;
pub mod desk;
pub mod desk_access;
pub mod escalation;
pub mod jobs;
pub mod personal;
pub mod routing;
pub mod security_page;
pub mod setup;
pub mod sign_in;
pub mod site_directory;
pub mod site_rules;
pub mod sites;
pub mod staff_admin;
pub mod staff_session;
pub mod visitor;
pub mod workflow;

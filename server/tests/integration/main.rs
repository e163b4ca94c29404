//! The server's integration tests, one module per capability, linked into a
//! single test binary: one link instead of one per file (each was ~360 MB
//! with debug info and CI's disk filled up), and the modules share the
//! harness in `common` (a real server on a loopback port with its own SQLite
//! file, real websocket and HTTP clients, the real binary for restarts).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

mod abuse;
mod attachments;
mod backup;
mod bad_input;
mod bot;
mod canned;
mod case_access;
mod case_library;
mod chat;
mod closed_loop;
mod cluster;
mod compensation;
mod complaints;
mod compliance;
mod escalation;
mod fuzz;
mod imap;
mod inbox;
mod kb;
mod layers;
mod mail;
mod notes;
mod privacy;
mod qa;
mod ratings;
mod relevance;
mod reports;
mod routing;
mod security;
mod setup;
mod sign_in;
mod site_api;
mod site_api_write;
mod sites;
mod storage;
mod tenancy;
mod tracking;
mod webhooks;

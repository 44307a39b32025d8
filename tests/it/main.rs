//! The integration tests, in one binary (one link, faster to compile): each module
//! tests the generator as a user runs it, through the command line or the library.
//!
//! - `cli`: the commands, their options, exit statuses and output;
//! - `bad_input`: every kind of bad content gives a clear error and leaves the
//!   previous output untouched;
//! - `snapshots`: rendered pages of the fixtures;
//! - `shipped_content`: the shipped editions against the reference data;
//! - `delegation_files`: the standalone files, the open data and the sitemap;
//! - `languages`, `un_names`: the working languages and the names of States;
//! - `charts`: the vote strip, the bars and the map warning;
//! - `icons`, `serve`, `properties`: the icon, the live preview, property tests.
//!
//! `common` holds shared helpers, and `common::site::SiteTest`, a builder for site
//! tests (start from a fixture, change files, build, look at pages).

// Helpers are `pub` for the modules of this one test crate.
#![allow(unreachable_pub)]

mod bad_input;
mod charts;
mod cli;
mod common;
mod delegation_files;
mod icons;
mod languages;
mod properties;
mod serve;
mod shipped_content;
mod snapshots;
mod un_names;

//! The edition (report.yaml) and the Markdown documents shown beside the records.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Date, Lang, OutreachKind, PartialDate, SourceKey, Text};

/// The edition: what report.yaml says about the whole overview.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Edition {
    /// Title of the overview.
    pub title: Text,
    /// The Convention and its number of States Parties.
    pub convention: Convention,
    /// The date the information is current to.
    pub as_of: Date,
    /// The meeting the edition is prepared for.
    pub meeting: Option<Text>,
    /// Who publishes it.
    pub publisher: Option<Text>,
    /// Where to send corrections.
    pub contact: Option<String>,
    /// Licence of the site and the data.
    pub license: Option<String>,
    /// Address of the published site, for the sitemap and canonical links.
    pub base_url: Option<String>,
    /// Languages built; the first is the default.
    pub languages: Vec<Lang>,
    /// Information older than this many years at `as_of` counts as dated.
    pub stale_after_years: Option<u32>,
    /// Regions, in the order written.
    pub regions: Vec<Region>,
    /// The annual General Assembly resolutions, by year.
    pub resolutions: BTreeMap<i16, Resolution>,
    /// Outreach addressed to no single State (extension).
    pub activities: Vec<Activity>,
    /// How the list of States differs from the previous edition's.
    pub changes: Vec<Change>,
    /// States Parties that notified a withdrawal or a suspension not in effect at `as_of`.
    pub notified_withdrawals: Vec<NotifiedWithdrawal>,
}

/// A State that left the list of States not party, or joined it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Change {
    /// ISO 3166-1 alpha-3 code: the same State across editions.
    pub iso3: String,
    /// Its name, for a State with no record in this edition.
    pub name: Option<Text>,
    /// What happened.
    pub change: ChangeKind,
    /// Instrument deposited; for a withdrawal, the day it took effect.
    pub date: Date,
    /// Entry into force, for a State that joined the Convention.
    pub in_force_on: Option<Date>,
    /// A remark (inline Markdown).
    pub note: Option<Text>,
    /// Source.
    pub source: Option<SourceKey>,
}

/// What changed a State's place on the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// Ratified the Convention: left the list.
    Ratified,
    /// Acceded to it: left the list.
    Acceded,
    /// Succeeded to it: left the list.
    Succeeded,
    /// Withdrew from it: joined the list as a former State Party.
    Withdrew,
    /// A new State not party.
    NewState,
}

impl ChangeKind {
    /// Whether the State left the list of States not party (it joined the Convention).
    pub fn leaves_list(self) -> bool {
        matches!(
            self,
            ChangeKind::Ratified | ChangeKind::Acceded | ChangeKind::Succeeded
        )
    }
}

/// A State Party that notified a withdrawal or suspension not (yet) in effect.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct NotifiedWithdrawal {
    /// ISO 3166-1 alpha-3 code.
    pub iso3: String,
    /// Its name.
    pub name: Text,
    /// Withdrawal or suspension.
    pub kind: WithdrawalKind,
    /// Notified to the depositary.
    pub notified_on: Date,
    /// A remark (inline Markdown).
    pub note: Option<Text>,
    /// Source.
    pub source: Option<SourceKey>,
}

/// What a State Party notified.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WithdrawalKind {
    /// A withdrawal under Article 20, not yet in effect.
    Withdrawal,
    /// A "suspension", which the Convention does not provide for.
    Suspension,
}

super::vocabulary!(ChangeKind, "change", {
    "ratified" => ChangeKind::Ratified,
    "acceded" => ChangeKind::Acceded,
    "succeeded" => ChangeKind::Succeeded,
    "withdrew" => ChangeKind::Withdrew,
    "new_state" => ChangeKind::NewState,
});
super::vocabulary!(WithdrawalKind, "notified withdrawal kind", {
    "withdrawal" => WithdrawalKind::Withdrawal,
    "suspension" => WithdrawalKind::Suspension,
});

impl Edition {
    /// The default language (the first of `languages`).
    pub fn default_lang(&self) -> &Lang {
        &self.languages[0]
    }

    /// The region with this slug.
    pub fn region(&self, slug: &str) -> Option<&Region> {
        self.regions.iter().find(|r| r.slug == slug)
    }
}

/// The Convention the overview is about.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Convention {
    /// Full name.
    pub name: Text,
    /// Short name.
    pub short_name: Text,
    /// Number of States Parties at `as_of`.
    pub states_parties: u32,
    /// Source of that number.
    pub source: Option<SourceKey>,
    /// Whether the number is derived (no source states it): see `note` (extension).
    pub derived: bool,
    /// How the number was reached (inline Markdown; extension).
    pub note: Option<Text>,
}

/// A region that records belong to.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Region {
    /// Slug (`asia-pacific`), used in file names.
    pub slug: String,
    /// Display name.
    pub name: Text,
}

/// The annual UN General Assembly resolution on the Convention.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Resolution {
    /// Year of the vote.
    pub year: i16,
    /// Document symbol (`A/RES/74/61`), optional only when not yet known.
    pub symbol: Option<String>,
    /// Date of adoption.
    pub adopted: Option<Date>,
    /// Votes in favour.
    pub in_favour: Option<u32>,
    /// Votes against.
    pub against: Option<u32>,
    /// Abstentions.
    pub abstaining: Option<u32>,
    /// Source of the resolution and, by inheritance, of its votes.
    pub source: SourceKey,
    /// A remark (inline Markdown).
    pub note: Option<Text>,
}

/// An outreach activity addressed to no single State (report.yaml `activities`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Activity {
    /// When (year or date).
    pub date: PartialDate,
    /// What kind of contact.
    pub kind: OutreachKind,
    /// What was done (inline Markdown).
    pub summary: Text,
    /// Source.
    pub source: Option<SourceKey>,
}

/// A Markdown document in one language (serialised as its Markdown text).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Document {
    /// File it comes from, relative to the content directory.
    pub file: String,
    /// The Markdown text (front matter removed).
    pub markdown: String,
    /// Line of the file where `markdown` starts (1-based), for messages.
    pub first_line: usize,
}

/// An extra page (pages/<slug>.md) in each language it is written in.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Page {
    /// Slug (file stem).
    pub slug: String,
    /// Title, from each version's front matter.
    pub title: Text,
    /// Description, from the front matter.
    pub description: Option<Text>,
    /// Body, by language.
    pub body: BTreeMap<Lang, Document>,
}

impl Serialize for Document {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.markdown)
    }
}

//! A State not party: its record (states/<slug>.yaml) and narrative.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Date, Document, Inline, Lang, PartialDate, Source, SourceKey, Text};

/// One State not party.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct State {
    /// File stem (`korea-republic-of`).
    pub slug: String,
    /// Display name.
    pub name: Text,
    /// ISO 3166-1 alpha-3 code.
    pub iso3: String,
    /// Region slug.
    pub region: String,
    /// Signature status.
    pub status: Sourced<Status>,
    /// Date of signature, when signed.
    pub signed_on: Option<Date>,
    /// A former State Party's membership: how it joined and left (`withdrawn` only).
    pub membership: Option<Membership>,
    /// Date of the latest official information.
    pub last_official_information: Option<Sourced<PartialDate>>,
    /// Stated position (inline Markdown).
    pub position: Option<Inline>,
    /// Votes on the annual resolution, by year; `None`: no information.
    pub unga_votes: Option<BTreeMap<i16, Sourced<Vote>>>,
    /// Voluntary Article 7 reports (years); `Some([])`: none submitted.
    pub article7_reports: Option<Facts<Sourced<i16>>>,
    /// Meetings attended as observer.
    pub meetings: Option<Facts<Meeting>>,
    /// Production of anti-personnel mines.
    pub production: Option<Production>,
    /// Moratoria, bans and policies in force.
    pub measures: Option<Facts<Measure>>,
    /// Stockpile of anti-personnel mines.
    pub stockpile: Option<Stockpile>,
    /// Years with reported use by government forces; `Some([])`: none reported.
    pub use_reported: Option<Facts<Sourced<i16>>>,
    /// Contacts made to promote accession, oldest first.
    pub outreach: Option<Vec<Outreach>>,
    /// Sources used only by this record.
    pub sources: BTreeMap<String, Source>,
    /// Narrative, by language.
    pub narrative: BTreeMap<Lang, Document>,
}

/// A value with its source and an optional note.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Sourced<T> {
    /// The fact.
    pub value: T,
    /// Key of its source, if it has one of its own.
    pub source: Option<SourceKey>,
    /// A remark (inline Markdown).
    pub note: Option<Text>,
}

impl<T> Sourced<T> {
    /// A fact with no source or note.
    pub fn bare(value: T) -> Self {
        Sourced {
            value,
            source: None,
            note: None,
        }
    }
}

/// A list of facts; empty means "none". A source given for the list applies to its items.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Facts<T> {
    /// The items (possibly none).
    pub items: Vec<T>,
    /// Source for the whole list (and for items without their own).
    pub source: Option<SourceKey>,
    /// A remark about the list (inline Markdown).
    pub note: Option<Text>,
}

/// Whether the State signed the Convention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Has not signed.
    NotSigned,
    /// Signed, not ratified.
    Signed,
    /// A former State Party: it withdrew from the Convention.
    Withdrawn,
}

/// How a former State Party joined and left the Convention.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Membership {
    /// How it became a State Party.
    pub joined_by: JoinedBy,
    /// Instrument deposited.
    pub joined_on: Sourced<Date>,
    /// Entry into force for it.
    pub in_force_on: Option<Sourced<Date>>,
    /// Instrument of withdrawal deposited.
    pub withdrawal_notified_on: Sourced<Date>,
    /// The withdrawal took effect (on or before the edition's as-of date).
    pub withdrawal_effective_on: Sourced<Date>,
    /// The reasons it gave (inline Markdown).
    pub note: Option<Text>,
    /// The source of every date without its own.
    pub source: Option<SourceKey>,
}

impl Membership {
    /// Whether a date falls while the State was a State Party (joined, withdrawal not
    /// yet in effect): its reports were then required and it attended as a State Party.
    pub fn was_party_on(&self, date: PartialDate) -> bool {
        self.joined_on.value <= date.last_day()
            && date.first_day() < self.withdrawal_effective_on.value
    }
}

/// How a State became a State Party.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum JoinedBy {
    /// Ratified after signing.
    Ratification,
    /// Acceded without signing.
    Accession,
    /// Succeeded to a predecessor's membership.
    Succession,
}

/// A vote on the annual General Assembly resolution.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Vote {
    /// Voted in favour.
    InFavour,
    /// Voted against.
    Against,
    /// Abstained.
    Abstaining,
    /// Was absent.
    Absent,
}

/// Participation in a meeting of the Convention as observer.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Meeting {
    /// Year.
    pub year: i16,
    /// Name of the meeting.
    pub meeting: Text,
    /// Source.
    pub source: Option<SourceKey>,
}

/// Production status.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Production {
    /// What the State does or did.
    pub status: ProductionStatus,
    /// Since when (year or date).
    pub since: Option<PartialDate>,
    /// A remark.
    pub note: Option<Text>,
    /// Source.
    pub source: Option<SourceKey>,
}

/// The closed list of production statuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProductionStatus {
    /// Produces anti-personnel mines.
    Producer,
    /// Does not produce but reserves the right to.
    ReservesRight,
    /// Has ceased production.
    Ceased,
    /// Has never produced.
    Never,
    /// Sources do not establish it.
    Unknown,
}

/// A moratorium, ban or policy in force.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Measure {
    /// What it covers.
    pub measure: MeasureKind,
    /// Its legal form.
    pub kind: MeasureType,
    /// Since when.
    pub since: Option<PartialDate>,
    /// When it ended, if it has (extension of the editions: on or before `as_of`).
    pub until: Option<PartialDate>,
    /// A remark.
    pub note: Option<Text>,
    /// Source.
    pub source: Option<SourceKey>,
}

/// What a measure covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MeasureKind {
    /// Use.
    Use,
    /// Production.
    Production,
    /// Export.
    Export,
    /// Import.
    Import,
    /// Transfer.
    Transfer,
    /// Destruction of stockpiles.
    StockpileDestruction,
}

/// The legal form of a measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MeasureType {
    /// A moratorium.
    Moratorium,
    /// A ban.
    Ban,
    /// A policy.
    Policy,
}

/// Stockpile of anti-personnel mines.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Stockpile {
    /// Estimated number of mines; `None`: not known.
    pub estimate: Option<u64>,
    /// Date of the estimate.
    pub as_of: Option<PartialDate>,
    /// A remark.
    pub note: Option<Text>,
    /// Source.
    pub source: Option<SourceKey>,
}

/// A contact made to promote accession.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Outreach {
    /// When.
    pub date: PartialDate,
    /// What kind of contact.
    pub kind: OutreachKind,
    /// What was said or asked (inline Markdown).
    pub summary: Text,
    /// Whether the State responded.
    pub response: Option<Response>,
    /// Source.
    pub source: Option<SourceKey>,
}

/// Kinds of outreach.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OutreachKind {
    /// A letter.
    Letter,
    /// A bilateral meeting.
    BilateralMeeting,
    /// A press release.
    PressRelease,
    /// A statement.
    Statement,
    /// Anything else.
    Other,
}

/// The response to an outreach.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Response {
    /// A response was received.
    Received,
    /// No response.
    None,
    /// Awaited.
    Pending,
}

super::vocabulary!(Status, "status", {
    "not_signed" => Status::NotSigned,
    "signed" => Status::Signed,
    "withdrawn" => Status::Withdrawn,
});
super::vocabulary!(JoinedBy, "way of joining", {
    "ratification" => JoinedBy::Ratification,
    "accession" => JoinedBy::Accession,
    "succession" => JoinedBy::Succession,
});
super::vocabulary!(Vote, "vote", {
    "in_favour" => Vote::InFavour,
    "against" => Vote::Against,
    "abstaining" => Vote::Abstaining,
    "absent" => Vote::Absent,
});
super::vocabulary!(ProductionStatus, "production status", {
    "producer" => ProductionStatus::Producer,
    "reserves_right" => ProductionStatus::ReservesRight,
    "ceased" => ProductionStatus::Ceased,
    "never" => ProductionStatus::Never,
    "unknown" => ProductionStatus::Unknown,
});
super::vocabulary!(MeasureKind, "measure", {
    "use" => MeasureKind::Use,
    "production" => MeasureKind::Production,
    "export" => MeasureKind::Export,
    "import" => MeasureKind::Import,
    "transfer" => MeasureKind::Transfer,
    "stockpile_destruction" => MeasureKind::StockpileDestruction,
});
super::vocabulary!(MeasureType, "measure kind", {
    "moratorium" => MeasureType::Moratorium,
    "ban" => MeasureType::Ban,
    "policy" => MeasureType::Policy,
});
super::vocabulary!(OutreachKind, "outreach kind", {
    "letter" => OutreachKind::Letter,
    "bilateral_meeting" => OutreachKind::BilateralMeeting,
    "press_release" => OutreachKind::PressRelease,
    "statement" => OutreachKind::Statement,
    "other" => OutreachKind::Other,
});
super::vocabulary!(Response, "response", {
    "received" => Response::Received,
    "none" => Response::None,
    "pending" => Response::Pending,
});

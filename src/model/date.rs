//! Dates as the content writes them: a full ISO 8601 date, or a year alone.

use std::cmp::Ordering;
use std::fmt;

/// A calendar date (`2020-11-16`), validated.
pub type Date = jiff::civil::Date;

/// A year alone (`2014`) or a full date, for fields that accept either.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PartialDate {
    /// Only the year is known.
    Year(i16),
    /// The day is known.
    Day(Date),
}

impl PartialDate {
    /// The year.
    pub fn year(&self) -> i16 {
        match self {
            PartialDate::Year(y) => *y,
            PartialDate::Day(d) => d.year(),
        }
    }

    /// Whether it may lie after `day` (a year is after only if its year is later).
    pub fn is_after(&self, day: Date) -> bool {
        match self {
            PartialDate::Year(y) => *y > day.year(),
            PartialDate::Day(d) => *d > day,
        }
    }

    /// The last day it may denote, for ages and sorting.
    pub fn last_day(&self) -> Date {
        match self {
            PartialDate::Year(y) => Date::new(*y, 12, 31).unwrap_or(Date::MAX),
            PartialDate::Day(d) => *d,
        }
    }

    /// The first day it may denote.
    pub fn first_day(&self) -> Date {
        match self {
            PartialDate::Year(y) => Date::new(*y, 1, 1).unwrap_or(Date::MIN),
            PartialDate::Day(d) => *d,
        }
    }
}

impl PartialOrd for PartialDate {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for PartialDate {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.first_day(), self.last_day()).cmp(&(other.first_day(), other.last_day()))
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PartialDate::Year(y) => write!(f, "{y:04}"),
            PartialDate::Day(d) => write!(f, "{d}"),
        }
    }
}

impl serde::Serialize for PartialDate {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

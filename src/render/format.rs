//! Dates, numbers, plural forms and alphabetical order the way each language has them
//! (CLDR, through ICU4X).

use std::cmp::Ordering;

use icu_calendar::Date as IcuDate;
use icu_collator::{Collator, CollatorBorrowed};
use icu_datetime::{DateTimeFormatter, fieldsets};
use icu_decimal::DecimalFormatter;
use icu_locale_core::Locale;
use icu_plurals::{PluralCategory, PluralRules};

use crate::model::{Date, PartialDate};

/// The CLDR names of the plural categories, as a strings file spells them.
pub(crate) const PLURAL_CATEGORIES: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

/// The CLDR name of a plural category (`one`, `many`).
pub(crate) fn category_name(category: PluralCategory) -> &'static str {
    PLURAL_CATEGORIES
        .into_iter()
        .find(|name| PluralCategory::get_for_cldr_string(name) == Some(category))
        .unwrap_or("other")
}

/// Formats dates and numbers, chooses plural forms, and compares names, for one locale.
pub(crate) struct Formatter {
    day: DateTimeFormatter<fieldsets::YMD>,
    year: DateTimeFormatter<fieldsets::Y>,
    number: DecimalFormatter,
    plurals: PluralRules,
    collator: CollatorBorrowed<'static>,
}

impl std::fmt::Debug for Formatter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Formatter").finish_non_exhaustive()
    }
}

/// A locale the formatters cannot serve.
#[derive(Debug, thiserror::Error)]
#[error("no {what} for locale `{locale}`: {reason}")]
pub(crate) struct FormatError {
    what: &'static str,
    locale: String,
    reason: String,
}

/// A [`FormatError`] for what a locale lacks.
fn unavailable<'a, E: std::fmt::Debug>(
    what: &'static str,
    locale: &'a str,
) -> impl FnOnce(E) -> FormatError + 'a {
    move |e| FormatError {
        what,
        locale: locale.to_string(),
        reason: format!("{e:?}"),
    }
}

impl Formatter {
    /// A formatter for a CLDR locale (`en-GB`, `fr`, `es`, `ar`).
    pub(crate) fn new(locale: &str) -> Result<Formatter, FormatError> {
        let parsed: Locale = locale.parse().map_err(unavailable("valid form", locale))?;
        let day = DateTimeFormatter::try_new((&parsed).into(), fieldsets::YMD::long())
            .map_err(unavailable("date format", locale))?;
        let year = DateTimeFormatter::try_new((&parsed).into(), fieldsets::Y::long())
            .map_err(unavailable("year format", locale))?;
        let number = DecimalFormatter::try_new((&parsed).into(), Default::default())
            .map_err(unavailable("number format", locale))?;
        let plurals = PluralRules::try_new_cardinal((&parsed).into())
            .map_err(unavailable("plural rules", locale))?;
        let collator = Collator::try_new((&parsed).into(), Default::default())
            .map_err(unavailable("collation", locale))?;
        Ok(Formatter {
            day,
            year,
            number,
            plurals,
            collator,
        })
    }

    /// A full date: `20 November 2020`, `20 novembre 2020`.
    pub(crate) fn date(&self, date: Date) -> String {
        match IcuDate::try_new_iso(i32::from(date.year()), date.month() as u8, date.day() as u8) {
            Ok(d) => self.day.format(&d).to_string(),
            Err(_) => date.to_string(),
        }
    }

    /// A year or a full date.
    pub(crate) fn partial(&self, date: PartialDate) -> String {
        match date {
            PartialDate::Day(d) => self.date(d),
            PartialDate::Year(y) => match IcuDate::try_new_iso(i32::from(y), 1, 1) {
                Ok(d) => self.year.format(&d).to_string(),
                Err(_) => y.to_string(),
            },
        }
    }

    /// Alphabetical order of two names in this language (`Émirats` after `Égypte`).
    pub(crate) fn compare(&self, a: &str, b: &str) -> Ordering {
        self.collator.compare(a, b)
    }

    /// A whole number with the language's grouping: `1,000,000`, `1 000 000`.
    pub(crate) fn number(&self, n: u64) -> String {
        self.number
            .format(&fixed_decimal::Decimal::from(n))
            .to_string()
    }

    /// The plural category of a count: `one` for 1 in English, for 0 and 1 in French.
    pub(crate) fn plural(&self, n: u64) -> PluralCategory {
        self.plurals.category_for(n)
    }

    /// Every plural category this language's rules use for counts.
    pub(crate) fn plural_categories(&self) -> impl Iterator<Item = PluralCategory> + '_ {
        self.plurals.categories()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_dates_and_numbers_by_cldr() {
        let day = Date::new(2020, 11, 16).unwrap();
        let fr = Formatter::new("fr").unwrap();
        assert_eq!(fr.date(day), "16 novembre 2020");
        assert_eq!(fr.number(1_000_000), "1\u{202f}000\u{202f}000");
        let es = Formatter::new("es").unwrap();
        assert_eq!(es.date(day), "16 de noviembre de 2020");
        let en = Formatter::new("en-GB").unwrap();
        assert_eq!(en.date(day), "16 November 2020");
        assert_eq!(en.partial(PartialDate::Year(2014)), "2014");
        assert_eq!(en.number(164), "164");
        assert!(fr.compare("Égypte", "Émirats arabes unis").is_lt());
        assert!(fr.compare("Émirats arabes unis", "Espagne").is_lt());
    }

    #[test]
    fn chooses_plural_forms_by_cldr() {
        let names = |f: &Formatter, ns: &[u64]| {
            ns.iter()
                .map(|&n| category_name(f.plural(n)))
                .collect::<Vec<_>>()
        };
        let en = Formatter::new("en-GB").unwrap();
        assert_eq!(names(&en, &[0, 1, 2]), ["other", "one", "other"]);
        let fr = Formatter::new("fr").unwrap();
        assert_eq!(
            names(&fr, &[0, 1, 2, 1_000_000]),
            ["one", "one", "other", "many"]
        );
        let es = Formatter::new("es").unwrap();
        assert_eq!(
            names(&es, &[0, 1, 2, 1_000_000]),
            ["other", "one", "other", "many"]
        );
        let ar = Formatter::new("ar").unwrap();
        assert_eq!(
            names(&ar, &[0, 1, 2, 3, 11, 100]),
            ["zero", "one", "two", "few", "many", "other"]
        );
        assert_eq!(ar.plural_categories().count(), 6);
    }
}

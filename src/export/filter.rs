//! Which documents and works an export keeps: `--document GLOB`, `--outlet ID-or-name`,
//! `--since DATE`, `--until DATE`.
//!
//! Documents are chosen before works are grouped, so a work's fields come from the chosen
//! documents only. Outlet and date filters choose works (a work's citations share its
//! outlet and date). Dates are `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; a work dated only by year
//! or month is kept when that period overlaps the range, and a work without a readable
//! date is left out whenever a date filter is given.

use super::works::{normalize, Work};
use crate::outlets::Registry;

/// Why a filter argument is unusable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FilterError {
    #[error("--document `{glob}`: {message}")]
    Glob { glob: String, message: String },
    #[error("{flag} `{value}`: expected a date as YYYY, YYYY-MM or YYYY-MM-DD")]
    Date { flag: &'static str, value: String },
    #[error("--since {since} is after --until {until}")]
    Range { since: String, until: String },
}

/// One `--outlet` value.
#[derive(Debug, Clone, PartialEq, Eq)]
enum OutletWanted {
    /// A registry outlet, by id.
    Id(String),
    /// Not in the registry: the outlet as written, normalized.
    Written(String),
}

/// The documents and works an export keeps. The default keeps everything.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    documents: Option<globset::GlobSet>,
    outlets: Vec<OutletWanted>,
    /// Inclusive bounds as `YYYY-MM-DD` strings.
    since: Option<String>,
    until: Option<String>,
}

/// The first and last day a date of `YYYY`, `YYYY-MM` or `YYYY-MM-DD` covers, as
/// `YYYY-MM-DD` (the last day of a month may be a day that month lacks, `2021-02-31`: the
/// strings are only compared).
fn period(iso: &str) -> Option<(String, String)> {
    let parts: Vec<&str> = iso.split('-').collect();
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    match parts.as_slice() {
        [y] if digits(y, 4) => Some((format!("{y}-01-01"), format!("{y}-12-31"))),
        [y, m] if digits(y, 4) && digits(m, 2) => {
            let month: u32 = m.parse().ok()?;
            (1..=12)
                .contains(&month)
                .then(|| (format!("{y}-{m}-01"), format!("{y}-{m}-31")))
        }
        [y, m, d] if digits(y, 4) && digits(m, 2) && digits(d, 2) => {
            chrono::NaiveDate::parse_from_str(iso, "%Y-%m-%d").ok()?;
            Some((iso.to_string(), iso.to_string()))
        }
        _ => None,
    }
}

impl Filter {
    /// Build a filter; `--outlet` values are resolved through `registry` (by id, then by
    /// any known spelling). Returns notes for outlets the registry does not know, which
    /// are then matched as written.
    pub fn new(
        documents: &[String],
        outlets: &[String],
        since: Option<&str>,
        until: Option<&str>,
        registry: &Registry,
    ) -> Result<(Filter, Vec<String>), FilterError> {
        let documents = if documents.is_empty() {
            None
        } else {
            let mut b = globset::GlobSetBuilder::new();
            for g in documents {
                for v in crate::lint::settings::glob_variants(g) {
                    b.add(globset::Glob::new(&v).map_err(|e| FilterError::Glob {
                        glob: g.clone(),
                        message: e.kind().to_string(),
                    })?);
                }
            }
            Some(b.build().map_err(|e| FilterError::Glob {
                glob: documents.join(", "),
                message: e.to_string(),
            })?)
        };
        let mut notes = Vec::new();
        let outlets = outlets
            .iter()
            .map(|o| {
                let o = o.trim();
                match registry.get(o).or_else(|| registry.resolve(o)) {
                    Some(known) => OutletWanted::Id(known.id.clone()),
                    None => {
                        notes.push(format!(
                            "note: --outlet `{o}` is not in the outlet registry; matching outlets written that way"
                        ));
                        OutletWanted::Written(normalize(o))
                    }
                }
            })
            .collect();
        let bound = |flag: &'static str, value: Option<&str>, end: bool| {
            value
                .map(|v| {
                    period(v.trim())
                        .map(|(lo, hi)| if end { hi } else { lo })
                        .ok_or_else(|| FilterError::Date {
                            flag,
                            value: v.to_string(),
                        })
                })
                .transpose()
        };
        let since_bound = bound("--since", since, false)?;
        let until_bound = bound("--until", until, true)?;
        if let (Some(s), Some(u)) = (&since_bound, &until_bound) {
            if s > u {
                return Err(FilterError::Range {
                    since: since.unwrap_or_default().to_string(),
                    until: until.unwrap_or_default().to_string(),
                });
            }
        }
        Ok((
            Filter {
                documents,
                outlets,
                since: since_bound,
                until: until_bound,
            },
            notes,
        ))
    }

    /// Whether the document at `path` is exported.
    pub fn keeps_document(&self, path: &str) -> bool {
        self.documents.as_ref().is_none_or(|set| {
            let p = std::path::Path::new(path);
            set.is_match(p) || set.is_match(p.strip_prefix(".").unwrap_or(p))
        })
    }

    /// Whether any outlet or date filter is set.
    pub fn filters_works(&self) -> bool {
        !self.outlets.is_empty() || self.since.is_some() || self.until.is_some()
    }

    /// Whether `work` passes the outlet and date filters.
    pub fn keeps_work(&self, work: &Work) -> bool {
        let outlet_ok = self.outlets.is_empty()
            || work.outlet.as_ref().is_some_and(|o| {
                self.outlets.iter().any(|wanted| match wanted {
                    OutletWanted::Id(id) => o.id.as_deref() == Some(id.as_str()),
                    OutletWanted::Written(n) => {
                        normalize(&o.as_written) == *n
                            || o.name.as_deref().is_some_and(|name| normalize(name) == *n)
                    }
                })
            });
        if !outlet_ok {
            return false;
        }
        if self.since.is_none() && self.until.is_none() {
            return true;
        }
        let Some((lo, hi)) = work
            .date
            .as_ref()
            .and_then(|d| d.iso.as_deref())
            .and_then(period)
        else {
            return false;
        };
        self.since.as_ref().is_none_or(|s| hi >= *s) && self.until.as_ref().is_none_or(|u| lo <= *u)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::works::group_works;
    use crate::export::works::tests::{date, extraction, news, outlet, person};

    fn registry() -> &'static Registry {
        Registry::builtin()
    }

    fn filter(outlets: &[&str], since: Option<&str>, until: Option<&str>) -> Filter {
        let outlets: Vec<String> = outlets.iter().map(|s| s.to_string()).collect();
        Filter::new(&[], &outlets, since, until, registry())
            .expect("valid")
            .0
    }

    fn works() -> Vec<Work> {
        let nyt = registry().resolve("N.Y. Times").expect("known outlet");
        let c = |title: &str, o: crate::model::OutletField, d: Option<crate::model::DateField>| {
            news(vec![person("A", "Writer")], title, o, d)
        };
        group_works(&[extraction(
            "x",
            vec![(
                1,
                vec![
                    c(
                        "Day",
                        outlet("N.Y. Times", Some(&nyt.id), Some(&nyt.name)),
                        Some(date(2020, Some(2), Some(29), "Feb. 29, 2020")),
                    ),
                    c(
                        "Month",
                        outlet("Local Gazette", None, None),
                        Some(date(2020, Some(5), None, "May 2020")),
                    ),
                    c(
                        "Year",
                        outlet("Local Gazette", None, None),
                        Some(date(2019, None, None, "2019")),
                    ),
                    c("Undated", outlet("Local Gazette", None, None), None),
                ],
            )],
        )])
    }

    fn kept(f: &Filter) -> Vec<String> {
        works()
            .iter()
            .filter(|w| f.keeps_work(w))
            .filter_map(|w| w.title.clone())
            .collect()
    }

    #[test]
    fn no_filter_keeps_everything() {
        let f = Filter::default();
        assert!(!f.filters_works());
        assert_eq!(kept(&f), ["Day", "Month", "Year", "Undated"]);
        assert!(f.keeps_document("any/where.md"));
    }

    #[test]
    fn outlets_resolve_through_the_registry_or_match_as_written() {
        let nyt = registry().resolve("N.Y. Times").expect("known").id.clone();
        assert_eq!(kept(&filter(&[&nyt], None, None)), ["Day"]);
        assert_eq!(kept(&filter(&["The New York Times"], None, None)), ["Day"]);
        assert_eq!(kept(&filter(&["NY Times"], None, None)), ["Day"]);
        let (f, notes) = Filter::new(&[], &["local gazette".to_string()], None, None, registry())
            .expect("valid");
        assert_eq!(kept(&f), ["Month", "Year", "Undated"]);
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert!(notes[0].contains("not in the outlet registry"), "{notes:?}");
        assert_eq!(kept(&filter(&[&nyt, "Local Gazette"], None, None)).len(), 4);
    }

    #[test]
    fn date_ranges_keep_overlapping_periods_and_drop_undated_works() {
        assert_eq!(kept(&filter(&[], Some("2020"), None)), ["Day", "Month"]);
        assert_eq!(kept(&filter(&[], Some("2020-03"), None)), ["Month"]);
        assert_eq!(kept(&filter(&[], None, Some("2020-02-28"))), ["Year"]);
        assert_eq!(kept(&filter(&[], None, Some("2020-02"))), ["Day", "Year"]);
        assert_eq!(
            kept(&filter(&[], Some("2020-05-31"), Some("2020-05-31"))),
            ["Month"]
        );
        assert_eq!(kept(&filter(&[], Some("2021"), None)), Vec::<String>::new());
    }

    #[test]
    fn bad_dates_and_ranges_are_errors() {
        for bad in [
            "20",
            "2020-13",
            "2020-02-30",
            "2020/01/01",
            "May 2020",
            "2020-1",
        ] {
            let err = Filter::new(&[], &[], Some(bad), None, registry()).expect_err(bad);
            assert_eq!(
                err.to_string(),
                format!("--since `{bad}`: expected a date as YYYY, YYYY-MM or YYYY-MM-DD")
            );
        }
        let err =
            Filter::new(&[], &[], Some("2021"), Some("2020-12"), registry()).expect_err("reversed");
        assert_eq!(err.to_string(), "--since 2021 is after --until 2020-12");
    }

    #[test]
    fn documents_match_globs_like_include() {
        let docs = |globs: &[&str]| {
            let globs: Vec<String> = globs.iter().map(|s| s.to_string()).collect();
            Filter::new(&globs, &[], None, None, registry())
                .expect("valid")
                .0
        };
        let f = docs(&["chapters/*.md"]);
        assert!(f.keeps_document("chapters/one.md"));
        assert!(f.keeps_document("./chapters/one.md"));
        assert!(!f.keeps_document("drafts/one.md"));
        let f = docs(&["one.md", "drafts"]);
        assert!(f.keeps_document("chapters/one.md"));
        assert!(f.keeps_document("drafts/two.md"));
        assert!(!f.keeps_document("chapters/two.md"));
        assert!(Filter::new(&["a[".to_string()], &[], None, None, registry()).is_err());
    }
}

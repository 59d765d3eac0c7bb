//! Short forms: `Id.`, `Id. at 5`, `Ibid.`, `supra note 12`, `Author, supra`.

use crate::model::{ShortForm, ShortFormKind};
use regex::Regex;
use std::sync::OnceLock;

/// A recognised short form: its kind, the `supra` note number, the pinpoint, and the text
/// before `supra` (the author or short title it names).
#[derive(Debug, PartialEq)]
pub struct Found {
    pub form: ShortForm,
    pub pinpoint: Option<String>,
    pub lead: Option<String>,
}

fn id_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| Regex::new(r"(?i)^(id|ibid)\.?(?:\s*,?\s*at\s+([\w\-–,\s]+?))?\s*[.;]?\s*$|^(?i)(id|ibid)\.(?:\s|$)").expect("static pattern compiles"))
}

fn supra_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(r"(?i)^(?P<lead>.{0,200}?),?\s+supra(?:\s+notes?\s+(?P<note>\d+)(?:\s*[-–—]\s*\d+)?)?(?:\s*,\s*at\s+(?P<pin>[\w\-–]+))?")
            .expect("static pattern compiles")
    })
}

/// Recognise a short form in `text` (signal already removed).
pub fn recognise(text: &str) -> Option<Found> {
    let t = text.trim();
    if let Some(c) = id_re().captures(t) {
        let word = c.get(1).or_else(|| c.get(3))?.as_str().to_ascii_lowercase();
        let kind = if word == "id" {
            ShortFormKind::Id
        } else {
            ShortFormKind::Ibid
        };
        let pin = c
            .get(2)
            .map(|m| m.as_str().trim().trim_end_matches(['.', ',']).to_string())
            .or_else(|| {
                let rest = &t[c.get(0)?.end()..];
                rest.trim()
                    .strip_prefix("at ")
                    .map(|p| p.trim_end_matches(['.', ';']).trim().to_string())
            });
        return Some(Found {
            form: ShortForm {
                kind,
                note: None,
                resolves_to: None,
            },
            pinpoint: pin,
            lead: None,
        });
    }
    let c = supra_re().captures(t)?;
    let lead = c
        .name("lead")
        .map(|m| m.as_str().trim().trim_end_matches(',').to_string())
        .filter(|s| !s.is_empty());
    Some(Found {
        form: ShortForm {
            kind: ShortFormKind::Supra,
            note: c.name("note").and_then(|m| m.as_str().parse().ok()),
            resolves_to: None,
        },
        pinpoint: c.name("pin").map(|m| m.as_str().to_string()),
        lead,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_forms() {
        let f = recognise("Id.").unwrap();
        assert_eq!(f.form.kind, ShortFormKind::Id);
        assert_eq!(
            recognise("Id. at 5.").unwrap().pinpoint.as_deref(),
            Some("5")
        );
        assert_eq!(recognise("ibid.").unwrap().form.kind, ShortFormKind::Ibid);
        assert_eq!(recognise("Idaho Statesman"), None);
    }

    #[test]
    fn supra_forms() {
        let f = recognise("Mashal, supra note 58, at 3.").unwrap();
        assert_eq!(f.form.note, Some(58));
        assert_eq!(f.pinpoint.as_deref(), Some("3"));
        assert_eq!(f.lead.as_deref(), Some("Mashal"));
        assert_eq!(recognise("Mashal, supra.").unwrap().form.note, None);
        assert_eq!(
            recognise("Lee, supra notes 12–14").unwrap().form.note,
            Some(12)
        );
    }
}

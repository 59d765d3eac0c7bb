//! Loading `sources/outlets.toml` and resolving written names and URLs to outlets.

use serde::Deserialize;
use std::collections::HashMap;
use std::sync::OnceLock;

/// One outlet of the registry.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Outlet {
    pub id: String,
    pub name: String,
    pub abbreviation: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub domains: Vec<String>,
    pub country: Option<String>,
    pub kind: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RegistryFile {
    #[serde(default)]
    outlet: Vec<Outlet>,
}

#[derive(Debug, thiserror::Error)]
pub enum OutletError {
    #[error("outlet registry {origin}: {source}")]
    Toml {
        origin: String,
        #[source]
        source: toml::de::Error,
    },
    #[error("outlet registry {origin}: duplicate outlet id `{id}`")]
    DuplicateId { origin: String, id: String },
}

/// All known outlets with look-up indexes.
#[derive(Debug, Clone, Default)]
pub struct Registry {
    outlets: Vec<Outlet>,
    by_key: HashMap<String, usize>,
    by_domain: HashMap<String, usize>,
}

const BUILTIN: &str = include_str!("../../sources/outlets.toml");

impl Registry {
    /// The registry compiled into the binary.
    pub fn builtin() -> &'static Registry {
        static REG: OnceLock<Registry> = OnceLock::new();
        REG.get_or_init(|| {
            Registry::from_toml(BUILTIN, "sources/outlets.toml")
                .expect("the bundled outlet registry is valid (checked by tests)")
        })
    }

    /// Parse a registry file (same schema as `sources/outlets.toml`).
    pub fn from_toml(text: &str, origin: &str) -> Result<Registry, OutletError> {
        let file: RegistryFile = toml::from_str(text).map_err(|source| OutletError::Toml {
            origin: origin.to_string(),
            source,
        })?;
        let mut reg = Registry::default();
        reg.extend(file.outlet, origin)?;
        Ok(reg)
    }

    /// Add outlets (from a config file); a repeated id is an error.
    pub fn extend(&mut self, outlets: Vec<Outlet>, origin: &str) -> Result<(), OutletError> {
        for o in outlets {
            if self.outlets.iter().any(|x| x.id == o.id) {
                return Err(OutletError::DuplicateId {
                    origin: origin.to_string(),
                    id: o.id,
                });
            }
            let idx = self.outlets.len();
            for spelling in std::iter::once(&o.name)
                .chain(o.abbreviation.iter())
                .chain(o.aliases.iter())
            {
                self.by_key.entry(match_key(spelling)).or_insert(idx);
            }
            for d in &o.domains {
                self.by_domain.entry(d.to_ascii_lowercase()).or_insert(idx);
            }
            self.outlets.push(o);
        }
        Ok(())
    }

    pub fn outlets(&self) -> &[Outlet] {
        &self.outlets
    }

    pub fn get(&self, id: &str) -> Option<&Outlet> {
        self.outlets.iter().find(|o| o.id == id)
    }

    /// The outlet a written name stands for, if it is one of its known spellings
    /// (ignoring case, a leading "The", spacing and punctuation).
    pub fn resolve(&self, written: &str) -> Option<&Outlet> {
        self.by_key
            .get(&match_key(written))
            .map(|&i| &self.outlets[i])
    }

    /// The outlet whose web domain a URL is on (`https://www.nytimes.com/…`).
    pub fn by_url(&self, url: &str) -> Option<&Outlet> {
        let host = url::Url::parse(url).ok()?.host_str()?.to_ascii_lowercase();
        let mut h = host.as_str();
        loop {
            if let Some(&i) = self.by_domain.get(h) {
                return Some(&self.outlets[i]);
            }
            match h.split_once('.') {
                Some((_, rest)) if rest.contains('.') => h = rest,
                _ => return None,
            }
        }
    }
}

/// The comparison key of a spelling: lower case, no leading "the", letters and digits only.
pub fn match_key(s: &str) -> String {
    let lower = s.trim().to_lowercase();
    let lower = lower.strip_prefix("the ").unwrap_or(&lower);
    lower.chars().filter(|c| c.is_alphanumeric()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_registry_loads_and_resolves_spellings() {
        let reg = Registry::builtin();
        assert_eq!(
            reg.resolve("N.Y. Times").map(|o| o.id.as_str()),
            Some("new-york-times")
        );
        assert_eq!(
            reg.resolve("the new york times").map(|o| o.id.as_str()),
            Some("new-york-times")
        );
        assert_eq!(reg.resolve("Wash. Swiss Post"), None);
        assert_eq!(
            reg.by_url("https://www.nytimes.com/2020/x.html")
                .map(|o| o.id.as_str()),
            Some("new-york-times")
        );
    }
}

//! A run's findings held compactly, in order, and moved to a temporary file once they
//! outgrow a budget: a large run's findings (276,000 at 10,000 generated documents, each
//! with a message and a help text) then cost the run no memory. They are read back in
//! order, one at a time, while the report is written.

use super::{Finding, Severity};
use crate::model::Span;
use std::io::{self, BufRead, Read, Seek, SeekFrom, Write};

/// Findings held as [`FindingStore`] could not be read back (the temporary file failed).
#[derive(Debug, thiserror::Error)]
pub enum FindingStoreError {
    #[error("findings kept in a temporary file could not be read back: {0}")]
    Io(#[from] io::Error),
    #[error("findings kept in a temporary file were read back damaged")]
    Damaged,
}

/// What a report needs to know of a run's findings before it lists them: counted as the
/// findings are added, so that nothing reads them twice.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FindingTotals {
    pub error: usize,
    pub warning: usize,
    pub info: usize,
    /// Per rule code, in code order.
    pub rules: Vec<RuleTally>,
    /// Whether the findings come in document order (as a run's findings always do).
    pub in_document_order: bool,
    /// One past the highest document index a finding names (0 without findings).
    pub document_end: usize,
    /// Which documents have findings: a bit per document.
    with_findings: Vec<u64>,
}

/// One rule's findings, counted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleTally {
    pub code: &'static str,
    /// The rule name of the code's first finding.
    pub rule: &'static str,
    /// The highest severity among the code's findings.
    pub severity: Severity,
    pub count: usize,
}

impl FindingTotals {
    /// The totals of `findings`, in the order given.
    pub fn of<'f>(findings: impl IntoIterator<Item = &'f Finding>) -> Self {
        let mut totals = FindingTotals::default();
        for f in findings {
            totals.add(f);
        }
        totals
    }

    /// Count the next finding.
    pub fn add(&mut self, f: &Finding) {
        if self.findings() == 0 {
            self.in_document_order = true;
        } else if f.document + 1 < self.document_end {
            self.in_document_order = false;
        }
        self.document_end = self.document_end.max(f.document + 1);
        let (word, bit) = (f.document / 64, f.document % 64);
        if self.with_findings.len() <= word {
            self.with_findings.resize(word + 1, 0);
        }
        if let Some(w) = self.with_findings.get_mut(word) {
            *w |= 1 << bit;
        }
        match f.severity {
            Severity::Error => self.error += 1,
            Severity::Warning => self.warning += 1,
            Severity::Info => self.info += 1,
        }
        self.tally(RuleTally {
            code: f.code,
            rule: f.rule,
            severity: f.severity,
            count: 1,
        });
    }

    fn tally(&mut self, t: RuleTally) {
        match self.rules.binary_search_by(|r| r.code.cmp(t.code)) {
            Ok(i) => {
                if let Some(r) = self.rules.get_mut(i) {
                    r.count += t.count;
                    r.severity = r.severity.max(t.severity);
                }
            }
            Err(i) => self.rules.insert(i, t),
        }
    }

    /// The totals of this run of findings and `later`'s, merged in document order
    /// ([`crate::lint::LintedRun`]): every count is exact; of a code's rule names, this
    /// run's is kept (a code has one name).
    pub fn merge(&mut self, later: &FindingTotals) {
        if later.findings() == 0 {
            return;
        }
        self.in_document_order = if self.findings() == 0 {
            later.in_document_order
        } else {
            self.in_document_order && later.in_document_order
        };
        self.error += later.error;
        self.warning += later.warning;
        self.info += later.info;
        for t in &later.rules {
            self.tally(t.clone());
        }
        self.document_end = self.document_end.max(later.document_end);
        if self.with_findings.len() < later.with_findings.len() {
            self.with_findings.resize(later.with_findings.len(), 0);
        }
        for (w, l) in self.with_findings.iter_mut().zip(&later.with_findings) {
            *w |= l;
        }
    }

    /// How many findings.
    pub fn findings(&self) -> usize {
        self.error + self.warning + self.info
    }

    /// How many of documents `0..end` have findings.
    pub fn documents_with_findings(&self, end: usize) -> usize {
        self.with_findings
            .iter()
            .enumerate()
            .map(|(i, w)| {
                let below = end.saturating_sub(i * 64);
                let mask = if below >= 64 {
                    u64::MAX
                } else {
                    (1u64 << below) - 1
                };
                (w & mask).count_ones() as usize
            })
            .sum()
    }

    /// The highest severity of any finding.
    pub fn worst(&self) -> Option<Severity> {
        [Severity::Error, Severity::Warning, Severity::Info]
            .into_iter()
            .zip([self.error, self.warning, self.info])
            .find(|&(_, n)| n > 0)
            .map(|(s, _)| s)
    }
}

/// Findings added in order and read back in that order: encoded compactly in memory,
/// and appended to an unnamed temporary file whenever the encodings held reach the
/// budget. If the file cannot be made or written, the findings stay in memory (encoded).
pub struct FindingStore {
    /// The `(code, rule)` pairs of the findings: an encoded finding names its pair by
    /// index.
    rules: Vec<(&'static str, &'static str)>,
    /// Encoded findings not in the file.
    held: Vec<u8>,
    /// How many bytes of encodings may be held before they go to the file.
    budget: usize,
    /// The file, once made, and how many bytes of encodings it holds.
    file: Option<(std::fs::File, u64)>,
    totals: FindingTotals,
    /// Findings lost when the file failed and could not be read back either.
    lost: Option<io::Error>,
}

impl std::fmt::Debug for FindingStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FindingStore")
            .field("findings", &self.totals.findings())
            .field("held", &self.held.len())
            .field("in_file", &self.file.as_ref().map(|(_, len)| *len))
            .finish()
    }
}

impl FindingStore {
    /// A store holding up to `budget` bytes of encoded findings in memory
    /// (`usize::MAX`: never a file).
    pub fn new(budget: usize) -> Self {
        FindingStore {
            rules: Vec::new(),
            held: Vec::new(),
            budget,
            file: None,
            totals: FindingTotals::default(),
            lost: None,
        }
    }

    /// Add the next finding.
    pub fn push(&mut self, f: &Finding) {
        self.totals.add(f);
        let rule = match self
            .rules
            .iter()
            .rposition(|&(code, rule)| code == f.code && rule == f.rule)
        {
            Some(i) => i,
            None => {
                self.rules.push((f.code, f.rule));
                self.rules.len() - 1
            }
        };
        encode(&mut self.held, f, rule);
        if self.held.len() >= self.budget {
            self.spill();
        }
    }

    /// The totals of the findings added so far.
    pub fn totals(&self) -> &FindingTotals {
        &self.totals
    }

    /// Whether some findings are in the temporary file.
    pub fn spilled(&self) -> bool {
        self.file.as_ref().is_some_and(|(_, len)| *len > 0)
    }

    /// Move the encodings held to the file (making it first); on failure, hold
    /// everything in memory from now on.
    fn spill(&mut self) {
        if self.file.is_none() {
            match tempfile::tempfile() {
                Ok(file) => self.file = Some((file, 0)),
                Err(_) => {
                    self.budget = usize::MAX;
                    return;
                }
            }
        }
        let Some((file, len)) = &mut self.file else {
            return;
        };
        if file.write_all(&self.held).is_ok() {
            *len += self.held.len() as u64;
            self.held.clear();
            return;
        }
        // The file failed (a full disk): what it holds comes back to memory.
        let mut head = Vec::new();
        let back = file
            .seek(SeekFrom::Start(0))
            .and_then(|_| Read::by_ref(file).take(*len).read_to_end(&mut head));
        match back {
            Ok(_) => {
                head.append(&mut self.held);
                self.held = head;
            }
            Err(e) => self.lost = Some(e),
        }
        self.file = None;
        self.budget = usize::MAX;
    }

    /// The findings, in the order added: from the file, then from memory. An error
    /// reading them back ends the iteration; [`ReadBack::error`] tells it.
    pub fn iter(&self) -> ReadBack<'_> {
        let mut error = self
            .lost
            .as_ref()
            .map(|e| FindingStoreError::Io(io::Error::new(e.kind(), e.to_string())));
        let file = match &self.file {
            Some((file, len)) if *len > 0 && error.is_none() => {
                let mut file = file;
                match file.seek(SeekFrom::Start(0)) {
                    Ok(_) => Some(io::BufReader::with_capacity(1 << 16, file.take(*len))),
                    Err(e) => {
                        error = Some(e.into());
                        None
                    }
                }
            }
            _ => None,
        };
        ReadBack {
            rules: &self.rules,
            file,
            held: if error.is_none() { &self.held } else { &[] },
            error,
        }
    }
}

/// A [`FindingStore`]'s findings read back in order.
pub struct ReadBack<'s> {
    rules: &'s [(&'static str, &'static str)],
    file: Option<io::BufReader<io::Take<&'s std::fs::File>>>,
    held: &'s [u8],
    error: Option<FindingStoreError>,
}

impl ReadBack<'_> {
    /// Why the findings ended early, if they did.
    pub fn error(&mut self) -> Option<FindingStoreError> {
        self.error.take()
    }
}

impl Iterator for ReadBack<'_> {
    type Item = Finding;

    fn next(&mut self) -> Option<Finding> {
        if self.error.is_some() {
            return None;
        }
        if let Some(file) = &mut self.file {
            let at_end = match file.fill_buf() {
                Ok(rest) => rest.is_empty(),
                Err(e) => {
                    self.error = Some(e.into());
                    return None;
                }
            };
            if !at_end {
                let f = decode(file, self.rules);
                return self.keep(f);
            }
            self.file = None;
        }
        if self.held.is_empty() {
            return None;
        }
        let f = decode(&mut self.held, self.rules);
        self.keep(f)
    }
}

impl ReadBack<'_> {
    fn keep(&mut self, f: Result<Finding, FindingStoreError>) -> Option<Finding> {
        match f {
            Ok(f) => Some(f),
            Err(e) => {
                self.error = Some(e);
                self.file = None;
                self.held = &[];
                None
            }
        }
    }
}

/// Append `f` (its rule pair being `rules[rule]`): varints for the numbers, lengths
/// before the texts.
fn encode(out: &mut Vec<u8>, f: &Finding, rule: usize) {
    let severity = match f.severity {
        Severity::Info => 0,
        Severity::Warning => 1,
        Severity::Error => 2,
    };
    put(out, f.document as u64);
    put(out, rule as u64);
    out.push(severity);
    put(out, f.span.start as u64);
    put(out, f.span.end as u64);
    put(out, f.footnote.map_or(0, |n| u64::from(n) + 1));
    put(out, f.message.len() as u64);
    out.extend_from_slice(f.message.as_bytes());
    match &f.help {
        Some(help) => {
            put(out, help.len() as u64 + 1);
            out.extend_from_slice(help.as_bytes());
        }
        None => put(out, 0),
    }
}

/// The next finding of `input`.
fn decode(
    input: &mut impl Read,
    rules: &[(&'static str, &'static str)],
) -> Result<Finding, FindingStoreError> {
    let document = usize_of(get(input)?)?;
    let (code, rule) = *rules
        .get(usize_of(get(input)?)?)
        .ok_or(FindingStoreError::Damaged)?;
    let mut severity = [0u8];
    input.read_exact(&mut severity)?;
    let severity = match severity[0] {
        0 => Severity::Info,
        1 => Severity::Warning,
        2 => Severity::Error,
        _ => return Err(FindingStoreError::Damaged),
    };
    let span = Span {
        start: usize_of(get(input)?)?,
        end: usize_of(get(input)?)?,
    };
    let footnote = match get(input)? {
        0 => None,
        n => Some(u32::try_from(n - 1).map_err(|_| FindingStoreError::Damaged)?),
    };
    let len = usize_of(get(input)?)?;
    let message = text(input, len)?;
    let help = match get(input)? {
        0 => None,
        n => Some(text(input, usize_of(n - 1)?)?),
    };
    Ok(Finding {
        document,
        code,
        rule,
        severity,
        span,
        footnote,
        message,
        help,
    })
}

fn usize_of(n: u64) -> Result<usize, FindingStoreError> {
    usize::try_from(n).map_err(|_| FindingStoreError::Damaged)
}

fn text(input: &mut impl Read, len: usize) -> Result<String, FindingStoreError> {
    let mut bytes = Vec::with_capacity(len.min(1 << 20));
    input.take(len as u64).read_to_end(&mut bytes)?;
    if bytes.len() != len {
        return Err(FindingStoreError::Damaged);
    }
    String::from_utf8(bytes).map_err(|_| FindingStoreError::Damaged)
}

/// A LEB128 varint.
fn put(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

fn get(input: &mut impl Read) -> Result<u64, FindingStoreError> {
    let mut n = 0u64;
    for shift in (0..64).step_by(7) {
        let mut byte = [0u8];
        input.read_exact(&mut byte)?;
        n |= u64::from(byte[0] & 0x7f) << shift;
        if byte[0] < 0x80 {
            return Ok(n);
        }
    }
    Err(FindingStoreError::Damaged)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(document: usize, code: &'static str, severity: Severity, n: usize) -> Finding {
        Finding {
            document,
            code,
            rule: if code == "IB301" {
                "inconsistent-outlet-name"
            } else {
                ""
            },
            severity,
            span: Span {
                start: n * 300,
                end: n * 300 + 200_000,
            },
            footnote: (!n.is_multiple_of(3)).then_some(n as u32 * 1000),
            message: format!("message {n} “é”"),
            help: n.is_multiple_of(2).then(|| "h".repeat(n)),
        }
    }

    fn run() -> Vec<Finding> {
        (0..200)
            .map(|n| {
                let (code, severity) = match n % 4 {
                    0 => ("IB301", Severity::Warning),
                    1 => ("IB203", Severity::Info),
                    2 => ("IB301", Severity::Error),
                    _ => ("IB9", Severity::Warning),
                };
                finding(n / 7, code, severity, n)
            })
            .collect()
    }

    #[test]
    fn findings_come_back_as_added_from_memory_or_the_file() {
        let run = run();
        for budget in [0, 1, 100, 5000, usize::MAX] {
            let mut store = FindingStore::new(budget);
            for f in &run {
                store.push(f);
            }
            assert_eq!(store.spilled(), budget < usize::MAX, "budget {budget}");
            let mut back = store.iter();
            assert_eq!(back.by_ref().collect::<Vec<_>>(), run, "budget {budget}");
            assert!(back.error().is_none());
            // read again: the same
            assert_eq!(store.iter().count(), run.len());
            assert_eq!(store.totals(), &FindingTotals::of(&run));
        }
    }

    #[test]
    fn totals_count_severities_rules_and_documents() {
        let run = run();
        let totals = FindingTotals::of(&run);
        assert_eq!((totals.error, totals.warning, totals.info), (50, 100, 50));
        assert_eq!(totals.worst(), Some(Severity::Error));
        let codes: Vec<(&str, Severity, usize)> = totals
            .rules
            .iter()
            .map(|r| (r.code, r.severity, r.count))
            .collect();
        assert_eq!(
            codes,
            [
                ("IB203", Severity::Info, 50),
                ("IB301", Severity::Error, 100),
                ("IB9", Severity::Warning, 50)
            ]
        );
        assert!(totals.in_document_order);
        assert_eq!(totals.document_end, 29);
        assert_eq!(totals.documents_with_findings(29), 29);
        assert_eq!(totals.documents_with_findings(10), 10);
        let mut shuffled = run.clone();
        shuffled.swap(0, 199);
        assert!(!FindingTotals::of(&shuffled).in_document_order);
        let none = FindingTotals::of(&[]);
        assert_eq!((none.worst(), none.document_end), (None, 0));
        assert_eq!(none.documents_with_findings(5), 0);
        let far = finding(130, "IB9", Severity::Info, 1);
        let sparse = FindingTotals::of(&[run[0].clone(), run[199].clone(), far]);
        assert_eq!(sparse.document_end, 131);
        assert_eq!(
            [0, 1, 28, 29, 130, 131, 500].map(|end| sparse.documents_with_findings(end)),
            [0, 1, 1, 2, 2, 3, 3]
        );
        // two runs of findings merged in document order count as one
        let (first, later) = run.split_at(120);
        let mut merged = FindingTotals::of(first);
        merged.merge(&FindingTotals::of(later));
        assert_eq!(merged, totals);
        let mut empty = FindingTotals::default();
        empty.merge(&totals);
        assert_eq!(empty, totals);
    }

    #[test]
    fn damaged_encodings_are_errors_not_findings() {
        let run = run();
        let mut bytes = Vec::new();
        encode(&mut bytes, &run[2], 0);
        let rules = [("IB301", "inconsistent-outlet-name")];
        assert_eq!(
            decode(&mut bytes.as_slice(), &rules).ok(),
            Some(run[2].clone())
        );
        assert!(matches!(
            decode(&mut bytes.as_slice(), &[]),
            Err(FindingStoreError::Damaged)
        ));
        for cut in 0..bytes.len() {
            assert!(decode(&mut &bytes[..cut], &rules).is_err(), "cut at {cut}");
        }
    }
}

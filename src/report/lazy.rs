//! Documents a report reads one batch at a time, when a run is too large to hold all
//! its documents' text: `ibid check` reads them again, in order, while the report is
//! written, and lets each batch go once the report has moved past it.

use super::{CheckedDocument, DocRef};
use crate::model::{Document, Format};
use std::cell::RefCell;
use std::ops::Range;
use std::rc::Rc;

/// Reads documents `range` of the run again: their text, as the run first read it.
pub type LoadDocuments<'a, E> = dyn Fn(Range<usize>) -> Result<Vec<Document>, E> + 'a;

/// The run's documents as a report reads them, a batch at a time.
pub struct Reread<'a, E> {
    load: Box<LoadDocuments<'a, E>>,
    /// The batches, in order: each document's batch ends where it is read up to.
    batches: Vec<Range<usize>>,
    /// The batch read last: where it starts, and its documents.
    window: RefCell<(usize, Vec<Rc<Document>>)>,
    /// The first error reading a batch: the report is then not to be trusted.
    error: RefCell<Option<E>>,
}

impl<'a, E> Reread<'a, E> {
    /// `len` documents, read `batch` at a time by `load`.
    pub fn new(len: usize, batch: usize, load: Box<LoadDocuments<'a, E>>) -> Rc<Self> {
        let batch = batch.max(1);
        let batches = (0..len)
            .step_by(batch)
            .map(|start| start..(start + batch).min(len))
            .collect();
        Self::with_batches(batches, load)
    }

    /// The documents of `batches` (consecutive ranges from 0), read a batch at a time by
    /// `load`.
    pub fn with_batches(batches: Vec<Range<usize>>, load: Box<LoadDocuments<'a, E>>) -> Rc<Self> {
        Rc::new(Reread {
            load,
            batches,
            window: RefCell::new((0, Vec::new())),
            error: RefCell::new(None),
        })
    }

    /// Document `index`, reading its batch if the last one read does not hold it.
    fn get(&self, index: usize) -> Option<Rc<Document>> {
        let mut window = self.window.borrow_mut();
        let (start, docs) = &mut *window;
        if index < *start || index >= *start + docs.len() {
            docs.clear();
            let batch = self.batches.partition_point(|r| r.end <= index);
            let end = self.batches.get(batch).map_or(index, |r| r.end);
            match (self.load)(index..end) {
                Ok(read) => {
                    *start = index;
                    *docs = read.into_iter().map(Rc::new).collect();
                }
                Err(e) => {
                    self.error.borrow_mut().get_or_insert(e);
                    return None;
                }
            }
        }
        docs.get(index - *start).cloned()
    }

    /// The first error reading the documents again, if any.
    pub fn take_error(&self) -> Option<E> {
        self.error.borrow_mut().take()
    }
}

/// One document of a run read again for its report: what the report reads without its
/// text (path, format, counts) is kept; the text is read with its batch.
pub struct RereadDocument<'a, E> {
    pub index: usize,
    pub path: String,
    pub format: Format,
    pub footnotes: usize,
    pub citations: usize,
    pub source: Rc<Reread<'a, E>>,
}

impl<E> CheckedDocument for RereadDocument<'_, E> {
    fn document(&self) -> DocRef<'_> {
        match self.source.get(self.index) {
            Some(doc) => DocRef::Shared(doc),
            // The error is kept for the caller; the report is thrown away.
            None => DocRef::Shared(Rc::new(Document::new(
                self.path.clone(),
                self.format,
                String::new(),
                String::new(),
            ))),
        }
    }

    fn path(&self) -> &str {
        &self.path
    }

    fn format(&self) -> Format {
        self.format
    }

    fn footnote_count(&self) -> usize {
        self.footnotes
    }

    fn citation_count(&self) -> usize {
        self.citations
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batches_are_read_in_order_and_once() {
        let reads = RefCell::new(Vec::new());
        let source = Reread::new(
            5,
            2,
            Box::new(|r: Range<usize>| {
                reads.borrow_mut().push(r.clone());
                if r.start == 4 {
                    return Err("gone");
                }
                Ok(r.map(|i| {
                    Document::new(
                        format!("{i}.txt"),
                        Format::Text,
                        format!("text {i}"),
                        String::new(),
                    )
                })
                .collect())
            }),
        );
        let docs: Vec<RereadDocument<'_, &str>> = (0..5)
            .map(|index| RereadDocument {
                index,
                path: format!("{index}.txt"),
                format: Format::Text,
                footnotes: 0,
                citations: 0,
                source: Rc::clone(&source),
            })
            .collect();
        let texts: Vec<String> = docs.iter().map(|d| d.document().text.clone()).collect();
        assert_eq!(texts, ["text 0", "text 1", "text 2", "text 3", ""]);
        assert_eq!(*reads.borrow(), [0..2, 2..4, 4..5]);
        assert_eq!(source.take_error(), Some("gone"));
    }
}

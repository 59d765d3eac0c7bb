//! The parsed model every stage shares: documents, footnotes, citations and their fields.
//!
//! Data flows one way: `read` builds a [`Document`], `extract` fills [`Footnote`]s and
//! [`Callout`]s, `parse`/`normalize` fill each [`Citation`]'s fields. Lint rules, the store,
//! reports and exports only read this model.

mod citation;
mod document;
mod span;

pub use citation::{
    Citation, CitationKind, DateField, DatePrecision, DateStyle, OutletField, Person, ShortForm,
    ShortFormKind, ShortFormTarget,
};
pub use document::{Callout, Document, Extraction, Footnote, Format};
pub use span::{ceil_char_boundary, floor_char_boundary, LineIndex, Position, Span};

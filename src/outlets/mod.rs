//! The outlet registry: canonical outlets, their spellings and domains, and matching.

mod registry;

pub use registry::{Outlet, OutletError, Registry};

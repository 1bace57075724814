//! Collects every error of one derive so the user sees them all at once.

use std::fmt::Display;

/// Error collector: push errors while parsing and checking, then [`Ctxt::check`] once.
#[derive(Default)]
pub(crate) struct Ctxt {
    errors: Option<syn::Error>,
}

impl Ctxt {
    /// Records an error pointing at `tokens`.
    pub(crate) fn error_spanned_by<T: quote::ToTokens, M: Display>(&mut self, tokens: T, message: M) {
        self.syn_error(syn::Error::new_spanned(tokens, message));
    }

    /// Records a `syn` error.
    pub(crate) fn syn_error(&mut self, err: syn::Error) {
        match &mut self.errors {
            Some(errors) => errors.combine(err),
            None => self.errors = Some(err),
        }
    }

    /// All recorded errors combined, if any.
    pub(crate) fn check(self) -> Result<(), syn::Error> {
        self.errors.map_or(Ok(()), Err)
    }
}

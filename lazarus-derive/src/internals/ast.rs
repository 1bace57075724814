//! The derive input as this crate sees it: a struct and its named fields.

use super::ctxt::Ctxt;
use syn::{Data, DeriveInput, Fields, Ident};

/// A named field; keeps the original for error spans.
pub(crate) struct Field<'a> {
    pub(crate) ident: &'a Ident,
    pub(crate) original: &'a syn::Field,
}

/// The struct the derive is on.
pub(crate) struct Container<'a> {
    pub(crate) ident: &'a Ident,
    pub(crate) fields: Vec<Field<'a>>,
}

impl<'a> Container<'a> {
    /// The struct and its named fields, or an error for enums, unions and tuple structs.
    pub(crate) fn from_ast(cx: &mut Ctxt, input: &'a DeriveInput) -> Option<Self> {
        let data = match &input.data {
            Data::Struct(data) => data,
            Data::Enum(data) => {
                cx.error_spanned_by(data.enum_token, "#[derive(SoftDelete)] only applies to a SeaORM `Model` struct");
                return None;
            }
            Data::Union(data) => {
                cx.error_spanned_by(data.union_token, "#[derive(SoftDelete)] only applies to a SeaORM `Model` struct");
                return None;
            }
        };
        let Fields::Named(named) = &data.fields else {
            cx.error_spanned_by(&input.ident, "#[derive(SoftDelete)] needs a struct with named fields");
            return None;
        };
        let fields = named
            .named
            .iter()
            .filter_map(|field| Some(Field { ident: field.ident.as_ref()?, original: field }))
            .collect();
        Some(Container { ident: &input.ident, fields })
    }

    /// The field named `name` (raw identifiers match without `r#`).
    pub(crate) fn field(&self, name: &str) -> Option<&Field<'a>> {
        self.fields.iter().find(|field| field.ident.to_string().trim_start_matches("r#") == name)
    }
}

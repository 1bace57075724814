//! `#[soft_delete(...)]` on the struct.

use super::ctxt::Ctxt;
use syn::meta::ParseNestedMeta;
use syn::punctuated::Punctuated;
use syn::{Attribute, LitStr, Path};

/// A key that names a field, with the literal for error spans.
pub(crate) struct FieldName {
    pub(crate) name: String,
    pub(crate) literal: LitStr,
}

/// The parsed container attribute; `None` where a key was not given.
#[derive(Default)]
pub(crate) struct SoftDeleteAttr {
    pub(crate) deleted_at: Option<FieldName>,
    pub(crate) reason: Option<FieldName>,
    pub(crate) batch: Option<FieldName>,
    pub(crate) deleted_by: Option<FieldName>,
    /// Children physically deleted when a cascade reaches them: `hard_delete_on_cascade(a::Entity, ..)`.
    pub(crate) hard_delete_on_cascade: Vec<Path>,
    /// `hooks`: the user implements `SoftDeleteHooks`; the path is kept for error spans.
    pub(crate) hooks: Option<Path>,
}

/// The keys `#[soft_delete(...)]` accepts.
const KEYS: &str = "`deleted_at`, `reason`, `batch`, `deleted_by`, `hard_delete_on_cascade`, `hooks`";

impl SoftDeleteAttr {
    /// Reads every `#[soft_delete(...)]` attribute; errors go to `cx`.
    pub(crate) fn from_attrs(cx: &mut Ctxt, attrs: &[Attribute]) -> Self {
        let mut parsed = SoftDeleteAttr::default();
        for attr in attrs.iter().filter(|attr| attr.path().is_ident("soft_delete")) {
            let result = attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("hard_delete_on_cascade") {
                    return parse_hard_children(cx, &meta, &mut parsed.hard_delete_on_cascade);
                }
                if meta.path.is_ident("hooks") {
                    return parse_flag(cx, &meta, &mut parsed.hooks);
                }
                let slot = if meta.path.is_ident("deleted_at") {
                    &mut parsed.deleted_at
                } else if meta.path.is_ident("reason") {
                    &mut parsed.reason
                } else if meta.path.is_ident("batch") {
                    &mut parsed.batch
                } else if meta.path.is_ident("deleted_by") {
                    &mut parsed.deleted_by
                } else {
                    let key = meta.path.get_ident().map_or_else(|| "?".to_owned(), ToString::to_string);
                    cx.error_spanned_by(
                        &meta.path,
                        format!("unknown soft_delete attribute `{key}`; expected one of {KEYS}"),
                    );
                    if meta.input.peek(syn::Token![=]) {
                        meta.value()?.parse::<syn::Expr>()?;
                    }
                    return Ok(());
                };
                let literal: LitStr = meta.value()?.parse()?;
                if slot.is_some() {
                    cx.error_spanned_by(&meta.path, "duplicate soft_delete attribute");
                }
                *slot = Some(FieldName { name: literal.value(), literal });
                Ok(())
            });
            if let Err(err) = result {
                cx.syn_error(err);
            }
        }
        parsed
    }
}

/// A key without a value, such as `hooks`.
fn parse_flag(cx: &mut Ctxt, meta: &ParseNestedMeta<'_>, flag: &mut Option<Path>) -> syn::Result<()> {
    let key = meta.path.get_ident().map_or_else(|| "?".to_owned(), ToString::to_string);
    if !meta.input.is_empty() && !meta.input.peek(syn::Token![,]) {
        cx.error_spanned_by(&meta.path, format!("`{key}` takes no value: write `#[soft_delete({key})]`"));
        if meta.input.peek(syn::Token![=]) {
            meta.value()?.parse::<syn::Expr>()?;
        } else {
            meta.input.parse::<proc_macro2::TokenTree>()?;
        }
        return Ok(());
    }
    if flag.is_some() {
        cx.error_spanned_by(&meta.path, "duplicate soft_delete attribute");
    }
    *flag = Some(meta.path.clone());
    Ok(())
}

/// `hard_delete_on_cascade(audit_entry::Entity, ...)`: a non-empty list of entity paths.
fn parse_hard_children(cx: &mut Ctxt, meta: &ParseNestedMeta<'_>, children: &mut Vec<Path>) -> syn::Result<()> {
    const USAGE: &str = "`hard_delete_on_cascade` takes the child entities to delete physically, \
                         e.g. hard_delete_on_cascade(audit_entry::Entity)";
    if !meta.input.peek(syn::token::Paren) {
        cx.error_spanned_by(&meta.path, USAGE);
        if meta.input.peek(syn::Token![=]) {
            meta.value()?.parse::<syn::Expr>()?;
        }
        return Ok(());
    }
    let content;
    syn::parenthesized!(content in meta.input);
    let listed = Punctuated::<Path, syn::Token![,]>::parse_terminated(&content)
        .map_err(|err| syn::Error::new(err.span(), format!("{err}; {USAGE}")))?;
    if listed.is_empty() {
        cx.error_spanned_by(&meta.path, USAGE);
    }
    children.extend(listed);
    Ok(())
}

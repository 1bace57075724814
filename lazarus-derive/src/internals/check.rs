//! Resolves the soft-delete fields and checks their shape.

use super::ast::{Container, Field};
use super::attr::{FieldName, SoftDeleteAttr};
use super::ctxt::Ctxt;
use syn::{GenericArgument, PathArguments, Type};

/// The resolved soft-delete fields of a model.
pub(crate) struct SoftFields<'a> {
    /// `deleted_at` and the type inside its `Option`.
    pub(crate) deleted_at: (&'a Field<'a>, &'a Type),
    pub(crate) reason: Option<&'a Field<'a>>,
    pub(crate) batch: Option<&'a Field<'a>>,
    pub(crate) deleted_by: Option<&'a Field<'a>>,
}

const DEFAULT_DELETED_AT: &str = "deleted_at";
const DEFAULT_REASON: &str = "deletion_reason";
const DEFAULT_BATCH: &str = "deletion_batch";
const DEFAULT_DELETED_BY: &str = "deleted_by";

/// Finds the fields named by `attr` (or by default) and checks that each is an `Option`.
pub(crate) fn soft_fields<'a>(
    cx: &mut Ctxt,
    container: &'a Container<'a>,
    attr: &SoftDeleteAttr,
) -> Option<SoftFields<'a>> {
    let deleted_at = match &attr.deleted_at {
        Some(named) => named_field(cx, container, named),
        None => {
            let found = container.field(DEFAULT_DELETED_AT);
            if found.is_none() {
                cx.error_spanned_by(
                    container.ident,
                    "#[derive(SoftDelete)] needs a `deleted_at: Option<DateTimeUtc>` field, \
                     or #[soft_delete(deleted_at = \"...\")] naming the field that records deletion",
                );
            }
            found
        }
    };
    let optional = |cx: &mut Ctxt, named: &Option<FieldName>, default: &str| match named {
        Some(named) => named_field(cx, container, named),
        None => container.field(default),
    };
    let reason = optional(cx, &attr.reason, DEFAULT_REASON);
    let batch = optional(cx, &attr.batch, DEFAULT_BATCH);
    let deleted_by = optional(cx, &attr.deleted_by, DEFAULT_DELETED_BY);

    let deleted_at_inner = deleted_at.and_then(|field| {
        let inner = option_inner(&field.original.ty);
        if inner.is_none() {
            cx.error_spanned_by(
                &field.original.ty,
                format!(
                    "`{}` must be an `Option` of a timestamp, e.g. `Option<DateTimeUtc>`: None means live",
                    field.ident
                ),
            );
        }
        inner
    });
    for (field, expected) in [(reason, "Option<String>"), (batch, "Option<Uuid>"), (deleted_by, "Option<String>")] {
        if let Some(field) = field
            && option_inner(&field.original.ty).is_none()
        {
            cx.error_spanned_by(&field.original.ty, format!("`{}` must be `{expected}`", field.ident));
        }
    }
    if let (Some(child), None) = (attr.hard_delete_on_cascade.first(), batch) {
        cx.error_spanned_by(
            child,
            "`hard_delete_on_cascade` needs a `deletion_batch: Option<Uuid>` field: a cascade finds the rows \
             it deleted by their batch",
        );
    }
    Some(SoftFields { deleted_at: (deleted_at?, deleted_at_inner?), reason, batch, deleted_by })
}

fn named_field<'a>(cx: &mut Ctxt, container: &'a Container<'a>, named: &FieldName) -> Option<&'a Field<'a>> {
    let found = container.field(&named.name);
    if found.is_none() {
        cx.error_spanned_by(&named.literal, format!("no field named `{}` in this struct", named.name));
    }
    found
}

/// `T` for a type written `Option<T>` (any path ending in `Option`), also when a
/// `macro_rules!` fragment wraps it in an invisible group.
fn option_inner(ty: &Type) -> Option<&Type> {
    let path = match ty {
        Type::Group(group) => return option_inner(&group.elem),
        Type::Paren(paren) => return option_inner(&paren.elem),
        Type::Path(path) => path,
        _ => return None,
    };
    let last = path.path.segments.last()?;
    if last.ident != "Option" {
        return None;
    }
    let PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    match args.args.first()? {
        GenericArgument::Type(inner) if args.args.len() == 1 => Some(inner),
        _ => None,
    }
}

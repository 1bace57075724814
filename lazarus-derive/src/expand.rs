//! Code generation for `#[derive(SoftDelete)]`; user errors are reported by `internals`.

use crate::internals::ast::{Container, Field};
use crate::internals::attr::SoftDeleteAttr;
use crate::internals::check::{SoftFields, soft_fields};
use crate::internals::ctxt::Ctxt;
use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::DeriveInput;
use syn::spanned::Spanned;

/// Parses, checks and expands; errors become `compile_error!`s next to a fallback impl.
pub(crate) fn derive_soft_delete_inner(input: TokenStream) -> TokenStream {
    let input: DeriveInput = match syn::parse2(input) {
        Ok(input) => input,
        Err(err) => return err.into_compile_error(),
    };
    // SeaORM's `#[sea_orm::model]` repeats the model's derives on `ModelEx`: the entity is
    // already handled through `Model`.
    if input.ident == "ModelEx" {
        return TokenStream::new();
    }
    let mut cx = Ctxt::default();
    let attr = SoftDeleteAttr::from_attrs(&mut cx, &input.attrs);
    let Some(container) = Container::from_ast(&mut cx, &input) else {
        // Not a struct: there is no entity to stand in for, only the error.
        return cx.check().err().map(syn::Error::into_compile_error).unwrap_or_default();
    };
    let expanded = soft_fields(&mut cx, &container, &attr).map(|fields| expand(&fields, &attr));
    match (cx.check(), expanded) {
        (Ok(()), Some(expanded)) => expanded,
        (result, _) => {
            let errors = result.err().map(syn::Error::into_compile_error);
            let fallback = fallback(attr.hooks.as_ref());
            quote! { #errors #fallback }
        }
    }
}

/// The `Column` variant SeaORM derives for a field: `deleted_at` → `DeletedAt`.
fn column_variant(field: &Field<'_>) -> syn::Ident {
    let name = field.ident.to_string();
    let camel: String = name
        .trim_start_matches("r#")
        .split('_')
        .filter(|part| !part.is_empty())
        .map(|part| {
            let mut chars = part.chars();
            chars.next().map(|first| first.to_uppercase().chain(chars).collect::<String>()).unwrap_or_default()
        })
        .collect();
    format_ident!("{}", camel, span = field.ident.span())
}

fn optional_column(field: Option<&Field<'_>>) -> TokenStream {
    match field {
        Some(field) => {
            let variant = column_variant(field);
            quote!(::core::option::Option::Some(Column::#variant))
        }
        None => quote!(::core::option::Option::None),
    }
}

/// Type assertions spanned at the user's field, so a wrong type is reported there.
fn field_type_assertions(fields: &SoftFields<'_>) -> TokenStream {
    let text = [fields.reason, fields.deleted_by].into_iter().flatten().map(|field| {
        let ident = field.ident;
        quote_spanned! {field.original.ty.span()=>
            let _: ::core::option::Option<&::std::string::String> = model.#ident.as_ref();
        }
    });
    let batch = fields.batch.map(|field| {
        let ident = field.ident;
        quote_spanned! {field.original.ty.span()=>
            let _: ::core::option::Option<&::lazarus_core::__private::Uuid> = model.#ident.as_ref();
        }
    });
    quote! {
        #[allow(dead_code)]
        fn assert_soft_field_types(model: &Model) { #(#text)* #batch }
    }
}

/// `fn hard_delete_on_cascade()`, if the attribute lists children; each child's path keeps its
/// span, so a path that is not an entity is reported at the attribute.
fn hard_children(children: &[syn::Path]) -> TokenStream {
    if children.is_empty() {
        return TokenStream::new();
    }
    let children = children.iter().map(|child| {
        quote_spanned! {child.span()=> ::lazarus_core::registry::HardChild::of::<#child>() }
    });
    quote! {
        fn hard_delete_on_cascade() -> ::std::vec::Vec<::lazarus_core::registry::HardChild> {
            ::std::vec![#(#children),*]
        }
    }
}

/// `fn has_hooks()` and a check spanned at `hooks` when the user implements `SoftDeleteHooks`;
/// the no-op impl otherwise.
fn hooks(hooks: Option<&syn::Path>) -> (TokenStream, TokenStream) {
    match hooks {
        Some(path) => {
            let check = quote_spanned! {path.span()=>
                const _: fn() = || {
                    fn implements_soft_delete_hooks<T: ::lazarus_core::SoftDeleteHooks>() {}
                    implements_soft_delete_hooks::<Entity>();
                };
            };
            (
                quote!(
                    fn has_hooks() -> bool {
                        true
                    }
                ),
                check,
            )
        }
        None => (TokenStream::new(), no_hooks()),
    }
}

/// `impl SoftDeleteHooks for Entity {}`: every hook a no-op.
fn no_hooks() -> TokenStream {
    quote! {
        #[automatically_derived]
        impl ::lazarus_core::SoftDeleteHooks for Entity {}
    }
}

fn expand(fields: &SoftFields<'_>, attr: &SoftDeleteAttr) -> TokenStream {
    let (deleted_at, deleted_at_type) = fields.deleted_at;
    let deleted_at_variant = column_variant(deleted_at);
    let reason = optional_column(fields.reason);
    let batch = optional_column(fields.batch);
    let deleted_by = optional_column(fields.deleted_by);
    let assertions = field_type_assertions(fields);
    let hard_children = hard_children(&attr.hard_delete_on_cascade);
    let (has_hooks, hooks_impl) = hooks(attr.hooks.as_ref());
    let deleted_at_type = quote_spanned!(deleted_at_type.span()=> #deleted_at_type);
    quote! {
        const _: () = {
            #[automatically_derived]
            impl ::lazarus_core::SoftDeleteEntity for Entity {
                type DeletedAt = #deleted_at_type;

                fn deleted_at_column() -> Column {
                    Column::#deleted_at_variant
                }

                fn reason_column() -> ::core::option::Option<Column> {
                    #reason
                }

                fn batch_column() -> ::core::option::Option<Column> {
                    #batch
                }

                fn deleted_by_column() -> ::core::option::Option<Column> {
                    #deleted_by
                }

                #hard_children

                #has_hooks
            }

            #hooks_impl

            #assertions

            ::lazarus_core::__private::inventory::submit! {
                ::lazarus_core::registry::Registration::of::<Entity>()
            }
        };
    }
}

/// A stand-in impl emitted beside errors, so code that uses the entity's soft-delete API does
/// not drown the real error in follow-up ones. It is never compiled into a program.
fn fallback(hooks: Option<&syn::Path>) -> TokenStream {
    let span = Span::call_site();
    let hooks_impl = if hooks.is_some() { TokenStream::new() } else { no_hooks() };
    quote_spanned! {span=>
        const _: () = {
            impl ::lazarus_core::SoftDeleteEntity for Entity {
                type DeletedAt = ::lazarus_core::__private::FallbackTimestamp;
                fn deleted_at_column() -> Column { ::core::unreachable!() }
                fn reason_column() -> ::core::option::Option<Column> { ::core::option::Option::None }
                fn batch_column() -> ::core::option::Option<Column> { ::core::option::Option::None }
            }
            #hooks_impl
        };
    }
}

//! Checks the macro input as a whole and generates the code that builds the
//! URL.
//!
//! The generated code evaluates every argument once, in the order written
//! (options, then arguments, then captured variables), computes the exact
//! length of the URL where the value types allow it, and then appends each
//! piece to one `String`. It refers only to `::token_url::__private`.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Expr, Ident, LitStr};

use crate::cpanel;
use crate::input::{Argument, Input};
use crate::template::{self, Piece, Placeholder, Segment, Template};

/// What the macro returns when a value cannot be represented.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// `cpurl!`: a `TokenUrl`, panicking on such a value.
    Panic,
    /// `try_cpurl!`: a `Result<TokenUrl, token_url::Error>`.
    Try,
}

/// Expands a macro call, turning every problem into `compile_error!`.
pub(crate) fn expand(input: TokenStream, mode: Mode) -> TokenStream {
    match try_expand(input, mode) {
        Ok(expanded) => expanded,
        // Several `compile_error!` calls in a row do not form one expression,
        // so rustc would report the second as a parse error. Inside a block
        // they are statements.
        Err(error) => {
            let errors = error.to_compile_error();
            quote!({ #errors })
        }
    }
}

fn try_expand(input: TokenStream, mode: Mode) -> syn::Result<TokenStream> {
    let mut input: Input = syn::parse2(input)?;
    let text = input.template.value();
    let (template, mut problems) = template::parse(&text);
    // The cPanel rules judge the template's structure, which a template
    // with syntax problems does not have for certain.
    if problems.is_empty() {
        problems = cpanel::check(&template, &text);
    }

    // Errors are collected in the order of the source: options, template,
    // arguments.
    let mut errors = std::mem::take(&mut input.errors);
    if let (Some((name, _)), Some(origin)) = (&input.origin, template.origin) {
        errors.push(syn::Error::new(
            name.span(),
            format!(
                "`origin = …` cannot be combined with an absolute template, which has its own \
                 origin `{origin}`; remove the option, or the origin from the template"
            ),
        ));
    }
    for problem in problems {
        errors.push(syn::Error::new(
            input.template.span(),
            problem.render(&text),
        ));
    }
    let values = match_arguments(&template, &input.arguments, &input.template, &mut errors);

    if let Some(mut combined) = errors.pop() {
        // Report in source order: the last error was pushed last.
        for error in errors.into_iter().rev() {
            let mut next = error;
            next.combine(combined);
            combined = next;
        }
        return Err(combined);
    }

    Ok(generate(&template, &values, &input, mode))
}

/// A placeholder's value as the generated code binds it.
struct Value<'a> {
    name: &'a str,
    /// The expression bound, `&expr` or `expr`.
    binding: TokenStream,
    /// The span that type errors about this value point at.
    span: Span,
    variable: Ident,
}

/// Pairs every placeholder with its argument or the variable it captures,
/// and reports positional, repeated and unused arguments.
fn match_arguments<'a>(
    template: &Template<'a>,
    arguments: &[Argument],
    literal: &LitStr,
    errors: &mut Vec<syn::Error>,
) -> Vec<Value<'a>> {
    let placeholders = template.placeholders();
    // Misplaced placeholders are reported already, so arguments may name
    // them without being reported as unused.
    let mut named = placeholders.clone();
    named.extend(&template.misplaced);
    let tail = template.query_tail.as_ref().map(|tail| tail.name);
    let mut values = Vec::new();
    for (index, argument) in arguments.iter().enumerate() {
        let Some(name) = &argument.name else {
            let text = literal.value();
            errors.push(positional_argument(
                &argument.value,
                &text,
                &named,
                arguments,
            ));
            continue;
        };
        if arguments[..index]
            .iter()
            .any(|earlier| earlier.name.as_ref() == Some(name))
        {
            errors.push(syn::Error::new(
                name.span(),
                format!("argument `{name}` is given twice; remove one"),
            ));
            continue;
        }
        let Some(placeholder) = placeholders.iter().find(|found| *name == found.name) else {
            if !template.misplaced.iter().any(|found| *name == found.name) {
                // A typo names a placeholder that has no argument yet.
                let unfilled: Vec<&Placeholder<'_>> = named
                    .iter()
                    .copied()
                    .filter(|found| !has_argument(arguments, found.name))
                    .collect();
                errors.push(unused_argument(name, &unfilled));
            }
            continue;
        };
        let expression = &argument.value;
        // A `<pairs..>` value is iterated, so it is taken by value, as a
        // `for` loop takes it; every other value is borrowed.
        let binding = if tail == Some(placeholder.name) {
            quote!(#expression)
        } else {
            quote!(&(#expression))
        };
        let span = expression.span();
        values.push(Value {
            name: placeholder.name,
            binding,
            span,
            variable: value_variable(values.len(), span),
        });
    }
    for placeholder in &placeholders {
        if values.iter().any(|value| value.name == placeholder.name) {
            continue;
        }
        if !template::can_capture(placeholder.name) {
            continue;
        }
        // The identifier takes the literal's span so that it resolves in the
        // caller's scope, as `format!` captures do.
        let captured = if template::is_keyword(placeholder.name) {
            Ident::new_raw(placeholder.name, literal.span())
        } else {
            Ident::new(placeholder.name, literal.span())
        };
        values.push(Value {
            name: placeholder.name,
            binding: quote!(&#captured),
            span: literal.span(),
            variable: value_variable(values.len(), literal.span()),
        });
    }
    values
}

/// Returns the variable that binds a value in the generated code. It has the
/// value's span, so that a type error about it points at the user's
/// expression instead of the whole macro call. The caller's expressions are
/// evaluated before it is bound, so they cannot see it.
///
/// NOTE: with that span the name is not hygienic, so a constant or unit
/// struct named `__cpurl_value_0` (and so on) in the caller's scope would
/// break the `match` pattern that binds it. A span located at the value
/// with definition-site hygiene makes rustc point at the whole macro call.
fn value_variable(index: usize, span: Span) -> Ident {
    format_ident!("__cpurl_value_{}", index, span = span)
}

fn unused_argument(name: &Ident, placeholders: &[&Placeholder<'_>]) -> syn::Error {
    let text = name.to_string();
    let message = match text.as_str() {
        "token" | "origin" => format!(
            "argument `{text}` is not used by the template; if you meant the option, write it \
             before the template, as in `{text} = …, \"/path\"`"
        ),
        _ => match nearest(&text, placeholders) {
            Some(suggestion) => format!(
                "argument `{text}` is not used by the template; did you mean `{suggestion}`?"
            ),
            None => format!(
                "argument `{text}` is not used by the template; remove it, or add `<{text}>` \
                 to the template"
            ),
        },
    };
    syn::Error::new(name.span(), message)
}

fn has_argument(arguments: &[Argument], placeholder: &str) -> bool {
    arguments.iter().any(|argument| {
        argument
            .name
            .as_ref()
            .is_some_and(|name| *name == placeholder)
    })
}

/// Reports a positional argument. `text` is the template.
fn positional_argument(
    value: &Expr,
    text: &str,
    placeholders: &[&Placeholder<'_>],
    arguments: &[Argument],
) -> syn::Error {
    let variable = match value {
        Expr::Path(path) => path.path.get_ident().map(ToString::to_string),
        _ => None,
    };
    let captured = variable
        .as_deref()
        .filter(|name| placeholders.iter().any(|found| found.name == *name));
    let message = if let Some(name) = captured {
        format!(
            "positional argument `{name}`; remove it, because the placeholder `<{name}>` \
             captures the variable `{name}` by itself"
        )
    } else if placeholders.is_empty() {
        "positional argument, but the template has no placeholders; remove it".to_owned()
    } else {
        let shown = variable.as_deref().unwrap_or("…");
        let unfilled = placeholders
            .iter()
            .find(|found| !has_argument(arguments, found.name));
        match unfilled {
            Some(placeholder) => format!(
                "positional argument; arguments are matched to placeholders by name, so write \
                 `{name} = {shown}` to fill `{written}`",
                name = placeholder.name,
                written = &text[placeholder.range.clone()],
            ),
            None => "positional argument, but every placeholder already has an argument; \
                     remove it"
                .to_owned(),
        }
    };
    syn::Error::new_spanned(value, message)
}

/// Returns the placeholder name closest to `name`, if one is close enough
/// to be a likely typo.
fn nearest<'a>(name: &str, placeholders: &[&Placeholder<'a>]) -> Option<&'a str> {
    placeholders
        .iter()
        .map(|placeholder| (edit_distance(name, placeholder.name), placeholder.name))
        .filter(|(distance, candidate)| *distance <= (candidate.len().max(name.len()) / 3).max(1))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

/// Returns the optimal string alignment distance between two strings: the
/// Levenshtein distance, with a swap of two adjacent characters, the most
/// common typo, counted as one edit.
pub(crate) fn edit_distance(left: &str, right: &str) -> usize {
    let left: Vec<char> = left.chars().collect();
    let right: Vec<char> = right.chars().collect();
    let mut distances = vec![vec![0; right.len() + 1]; left.len() + 1];
    for (row, distances_row) in distances.iter_mut().enumerate() {
        distances_row[0] = row;
    }
    for (column, distance) in distances[0].iter_mut().enumerate() {
        *distance = column;
    }
    for row in 1..=left.len() {
        for column in 1..=right.len() {
            let substitution =
                distances[row - 1][column - 1] + usize::from(left[row - 1] != right[column - 1]);
            let deletion = distances[row - 1][column] + 1;
            let insertion = distances[row][column - 1] + 1;
            let mut distance = substitution.min(deletion).min(insertion);
            let swapped = row > 1
                && column > 1
                && left[row - 1] == right[column - 2]
                && left[row - 2] == right[column - 1];
            if swapped {
                distance = distance.min(distances[row - 2][column - 2] + 1);
            }
            distances[row][column] = distance;
        }
    }
    distances[left.len()][right.len()]
}

/// Collects the statements that build the URL, merging adjacent literal
/// text into one `push_str`.
struct Code<'v> {
    values: &'v [Value<'v>],
    builder: Ident,
    statements: Vec<TokenStream>,
    /// Literal text not yet emitted.
    pending: String,
    /// Total length of the literal text.
    literal_len: usize,
    /// Length terms of the values, added to `literal_len`.
    value_lens: Vec<TokenStream>,
}

impl Code<'_> {
    fn text(&mut self, text: &str) {
        self.pending.push_str(text);
        self.literal_len += text.len();
    }

    fn flush(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        let builder = &self.builder;
        let text = std::mem::take(&mut self.pending);
        self.statements.push(quote!(#builder.push_str(#text);));
    }

    fn value(&self, name: &str) -> &Value<'_> {
        self.values
            .iter()
            .find(|value| value.name == name)
            .expect("every placeholder has a value")
    }

    /// Emits a call on the builder, spanned at the value so that a type
    /// error points at the user's expression.
    fn call(&mut self, name: &str, method: &str, before: &TokenStream, after: &TokenStream) {
        self.flush();
        let value = self.value(name);
        let (variable, span) = (&value.variable, value.span);
        let builder = &self.builder;
        let method = Ident::new(method, span);
        self.statements
            .push(quote_spanned!(span=> #builder.#method(#before #variable #after);));
    }

    fn length(&mut self, name: &str, function: &str, extra: &TokenStream) {
        let value = self.value(name);
        let (variable, span) = (&value.variable, value.span);
        let function = Ident::new(function, span);
        self.value_lens
            .push(quote_spanned!(span=> ::token_url::__private::#function(#extra #variable)));
    }

    fn pieces(&mut self, pieces: &[Piece<'_>]) {
        for piece in pieces {
            match piece {
                Piece::Text(text) => self.text(text),
                Piece::Placeholder(placeholder) => {
                    self.length(placeholder.name, "len", &quote!());
                    self.call(placeholder.name, "push_value", &quote!(), &quote!());
                }
            }
        }
    }

    /// Emits a path segment, with the checks its values need: that it is not
    /// empty, `.` or `..`, and, for the first segment, not a security token.
    fn segment(&mut self, segment: &Segment<'_>, first: bool) {
        self.text("/");
        let has_placeholder = segment
            .pieces
            .iter()
            .any(|piece| matches!(piece, Piece::Placeholder(_)));
        let check_dots = has_placeholder && can_be_dot_or_empty(&segment.pieces);
        let check_token = first && has_placeholder && can_be_token(&segment.pieces);
        if !check_dots && !check_token {
            self.pieces(&segment.pieces);
            return;
        }
        self.flush();
        let builder = self.builder.clone();
        let start = Ident::new("__segment_start", Span::mixed_site());
        self.statements
            .push(quote!(let #start = #builder.start_segment();));
        self.pieces(&segment.pieces);
        self.flush();
        let text = segment.text;
        if check_dots {
            self.statements
                .push(quote!(#builder.end_segment(#start, #text);));
        }
        if check_token {
            self.statements
                .push(quote!(#builder.check_first_segment(#start, #text);));
        }
    }

    /// Emits a `<rest..>` placeholder, checking that its first segment is no
    /// security token when it is the first segment of the path.
    fn rest(&mut self, rest: &Placeholder<'_>, first: bool) {
        let builder = self.builder.clone();
        self.text("/");
        let placeholder = format!("<{}..>", rest.name);
        let start = Ident::new("__segment_start", Span::mixed_site());
        if first {
            self.flush();
            self.statements
                .push(quote!(let #start = #builder.start_segment();));
        }
        self.length(rest.name, "segments_len", &quote!());
        self.call(
            rest.name,
            "push_segments",
            &quote!(),
            &quote!(, #placeholder),
        );
        if first {
            self.statements
                .push(quote!(#builder.check_first_segment(#start, #placeholder);));
        }
    }
}

/// Returns whether the values of a segment's placeholders could make it a
/// security token, `cpsess` and digits: only when its literal text has no
/// other characters.
fn can_be_token(pieces: &[Piece<'_>]) -> bool {
    pieces.iter().all(|piece| match piece {
        Piece::Text(text) => text.bytes().all(|byte| b"cpes0123456789".contains(&byte)),
        Piece::Placeholder(_) => true,
    })
}

/// Returns whether the values of a segment's placeholders could make it
/// empty, `.` or `..`: only when its literal text is nothing but dots.
fn can_be_dot_or_empty(pieces: &[Piece<'_>]) -> bool {
    let mut dots = 0;
    for piece in pieces {
        if let Piece::Text(text) = piece {
            let plain = text.replace("%2E", ".").replace("%2e", ".");
            if plain.bytes().any(|byte| byte != b'.') {
                return false;
            }
            dots += plain.len();
        }
    }
    dots <= 2
}

fn generate(
    template: &Template<'_>,
    values: &[Value<'_>],
    input: &Input,
    mode: Mode,
) -> TokenStream {
    let builder = Ident::new("__url", Span::mixed_site());
    let mut code = Code {
        values,
        builder: builder.clone(),
        statements: Vec::new(),
        pending: String::new(),
        literal_len: 0,
        value_lens: Vec::new(),
    };

    for (index, segment) in template.segments.iter().enumerate() {
        code.segment(segment, index == 0);
    }
    if let Some(rest) = &template.rest {
        code.rest(rest, template.segments.is_empty());
    }
    if let Some(pairs) = &template.query {
        for pair in pairs {
            generate_pair(&mut code, pair);
        }
    }
    if let Some(tail) = &template.query_tail {
        code.value_lens
            .push(quote!(::token_url::__private::PAIRS_CAPACITY));
        code.flush();
        let value = code.value(tail.name);
        let (variable, span) = (&value.variable, value.span);
        code.statements.push(quote_spanned!(span=>
            #builder.push_pairs(#variable);
        ));
    }
    if let Some(pieces) = &template.fragment {
        code.text("#");
        code.pieces(pieces);
    }
    code.flush();

    let literal_len = code.literal_len;
    let value_lens = &code.value_lens;
    let capacity = quote!(#literal_len #(+ #value_lens)*);
    let origin_text = template.origin.unwrap_or("");

    let mut bindings = Vec::new();
    let mut variables = Vec::new();
    let token = Ident::new("__token", Span::mixed_site());
    let origin = Ident::new("__origin", Span::mixed_site());
    if let Some(expression) = &input.token {
        bindings.push(spanned_call(expression, "token"));
        variables.push(token.clone());
    }
    if let Some((_, expression)) = &input.origin {
        bindings.push(spanned_call(expression, "origin"));
        variables.push(origin.clone());
    }
    if input.origin_first {
        bindings.reverse();
        variables.reverse();
    }
    for value in values {
        bindings.push(value.binding.clone());
        variables.push(value.variable.clone());
    }

    let origin_argument = if input.origin.is_some() {
        quote!(#origin)
    } else {
        quote!(#origin_text)
    };
    let start = if input.token.is_some() {
        quote!(::token_url::__private::Builder::with_token(#token, #origin_argument, #capacity))
    } else {
        quote!(::token_url::__private::Builder::ambient(#origin_argument, #capacity))
    };
    let finish = match mode {
        Mode::Panic => quote!(#builder.finish_or_panic()),
        Mode::Try => quote!(#builder.finish()),
    };
    let statements = &code.statements;
    let mutability = if statements.is_empty() {
        quote!()
    } else {
        quote!(mut)
    };
    let body = quote! {
        let #mutability #builder = #start;
        #(#statements)*
        #finish
    };
    if bindings.is_empty() {
        return quote!({ #body });
    }
    quote! {
        match (#(#bindings,)*) {
            (#(#variables,)*) => { #body }
        }
    }
}

fn spanned_call(expression: &Expr, function: &str) -> TokenStream {
    let span = expression.span();
    let function = Ident::new(function, span);
    quote_spanned!(span=> ::token_url::__private::#function(#expression))
}

fn generate_pair(code: &mut Code<'_>, pair: &template::Pair<'_>) {
    let builder = code.builder.clone();
    match pair.value.as_deref() {
        None | Some([] | [Piece::Text(_)]) => {
            code.flush();
            let text = pair.text;
            code.literal_len += 1 + text.len();
            code.statements
                .push(quote!(#builder.push_static_pair(#text);));
        }
        Some([Piece::Placeholder(placeholder)]) => {
            let key_equals = format!("{}=", pair.key);
            let key_tokens = quote!(#key_equals,);
            code.length(placeholder.name, "query_len", &key_tokens);
            code.call(placeholder.name, "push_query_value", &key_tokens, &quote!());
        }
        Some(pieces) => {
            code.flush();
            let key_equals = format!("{}=", pair.key);
            code.literal_len += 1 + key_equals.len();
            code.statements
                .push(quote!(#builder.push_pair_start(#key_equals);));
            code.pieces(pieces);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::edit_distance;

    #[test]
    fn edit_distance_counts_edits() {
        assert_eq!(edit_distance("path", "path"), 0);
        assert_eq!(edit_distance("serach", "search"), 1);
        assert_eq!(edit_distance("paht", "path"), 1);
        assert_eq!(edit_distance("user", "users"), 1);
        assert_eq!(edit_distance("usr", "user"), 1);
        assert_eq!(edit_distance("abc", "xyz"), 3);
        assert_eq!(edit_distance("", "id"), 2);
    }
}

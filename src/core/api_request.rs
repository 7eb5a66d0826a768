//! A request to one operation of the Authentication API, from its entry in the generated operation
//! table (`js/api/operations.ts`) and the caller's input: which input fields go in the path, which in
//! the query, which in the body, and which headers the operation needs.

use super::url::{encode, Form};
use crate::prelude::*;

/// The operation's flags, as `scripts/gen-api.mjs` writes them.
pub mod flag {
    pub const JSON_BODY: u32 = 1;
    pub const FORM_BODY: u32 = 2;
    pub const MULTIPART_BODY: u32 = 4;
    pub const BEARER: u32 = 8;
    pub const USER_POOL: u32 = 32;
    pub const TENANT: u32 = 64;
    /// The answer is `{ statusCode, message, data }`.
    pub const ENVELOPE: u32 = 128;
    /// The answer's `data` is a token set: a sign-in.
    pub const TOKENS: u32 = 256;
    /// A browser navigation (a 302 to follow), not a fetch: the operation resolves its URL.
    pub const NAVIGATE: u32 = 512;
}

/// `path` with `{name}` replaced by its percent-encoded value, then the query. `None` names the
/// first path parameter that has no value.
pub fn url<'a>(
    origin: &str,
    path: &str,
    path_values: &[(&'a str, Option<String>)],
    query: &[(&str, String)],
) -> Result<String, &'a str> {
    let mut out = String::from(origin);
    let mut rest = path;
    while let Some((before, after)) = rest.split_once('{') {
        let (name, tail) = after.split_once('}').unwrap_or((after, ""));
        out.push_str(before);
        match path_values.iter().find(|(n, _)| *n == name) {
            Some((_, Some(value))) => out.push_str(&encode(value)),
            Some((n, None)) => return Err(n),
            None => out.push_str(name),
        }
        rest = tail;
    }
    out.push_str(rest);
    if query.is_empty() {
        return Ok(out);
    }
    let mut form = Form::new();
    for (k, v) in query {
        form.push(k, v);
    }
    Ok(form.append_to(&out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_path_parameters_and_the_query() {
        let url = url(
            "https://x.authing.cn",
            "/api/v3/webauthn/remove-credential/{credentialID}",
            &[("credentialID", Some("a/b c".into()))],
            &[("page", "1".into()), ("q", "中".into())],
        );
        assert_eq!(url.unwrap(), "https://x.authing.cn/api/v3/webauthn/remove-credential/a%2Fb%20c?page=1&q=%E4%B8%AD");
        assert_eq!(super::url("https://x", "/api/v3/get-profile", &[], &[]).unwrap(), "https://x/api/v3/get-profile");
    }

    #[test]
    fn a_missing_path_parameter_is_named() {
        assert_eq!(url("https://x", "/a/{id}/b", &[("id", None)], &[]), Err("id"));
    }
}

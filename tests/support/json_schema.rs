//! A JSON Schema (draft-04) validator for the keywords the SARIF 2.1.0 schema uses.
//!
//! Written for the tests rather than adding a validator crate (and its dependency tree)
//! to the build. It refuses any keyword it does not implement, so a schema that needs
//! more makes the test fail instead of passing vacuously.

use serde_json::Value;

/// Annotation keywords that do not constrain instances.
const ANNOTATIONS: &[&str] = &[
    "description",
    "default",
    "title",
    "id",
    "$schema",
    "definitions",
];

/// Validate `instance` against `schema` (the root, for `$ref`s); returns every error
/// as `path: message`.
pub fn validate(root: &Value, instance: &Value) -> Vec<String> {
    let mut errors = Vec::new();
    check(root, root, instance, "$", &mut errors);
    errors
}

fn resolve<'a>(root: &'a Value, reference: &str) -> &'a Value {
    let pointer = reference
        .strip_prefix('#')
        .unwrap_or_else(|| panic!("only local $refs are supported: {reference}"));
    root.pointer(pointer)
        .unwrap_or_else(|| panic!("dangling $ref {reference}"))
}

fn type_matches(t: &str, v: &Value) -> bool {
    match t {
        "object" => v.is_object(),
        "array" => v.is_array(),
        "string" => v.is_string(),
        "boolean" => v.is_boolean(),
        "null" => v.is_null(),
        "number" => v.is_number(),
        "integer" => v.is_i64() || v.is_u64() || v.as_f64().is_some_and(|f| f.fract() == 0.0),
        other => panic!("unknown type {other}"),
    }
}

fn check(root: &Value, schema: &Value, v: &Value, path: &str, errors: &mut Vec<String>) {
    let Some(obj) = schema.as_object() else {
        panic!("schema at {path} is not an object");
    };
    if let Some(r) = obj.get("$ref").and_then(Value::as_str) {
        // draft-04: a $ref replaces the whole schema object
        check(root, resolve(root, r), v, path, errors);
        return;
    }
    for (key, kw) in obj {
        match key.as_str() {
            k if ANNOTATIONS.contains(&k) => {}
            "type" => {
                let ok = match kw {
                    Value::String(t) => type_matches(t, v),
                    Value::Array(ts) => ts
                        .iter()
                        .filter_map(Value::as_str)
                        .any(|t| type_matches(t, v)),
                    _ => panic!("bad type keyword"),
                };
                if !ok {
                    errors.push(format!("{path}: expected type {kw}, got {v}"));
                }
            }
            "enum" => {
                if !kw.as_array().is_some_and(|a| a.contains(v)) {
                    errors.push(format!("{path}: {v} is not one of {kw}"));
                }
            }
            "required" => {
                if let Some(o) = v.as_object() {
                    for r in kw
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(Value::as_str)
                    {
                        if !o.contains_key(r) {
                            errors.push(format!("{path}: missing required property `{r}`"));
                        }
                    }
                }
            }
            "properties" => {
                if let Some(o) = v.as_object() {
                    for (name, sub) in kw.as_object().into_iter().flatten() {
                        if let Some(child) = o.get(name) {
                            check(root, sub, child, &format!("{path}.{name}"), errors);
                        }
                    }
                }
            }
            "additionalProperties" => {
                if let Some(o) = v.as_object() {
                    let declared = obj.get("properties").and_then(Value::as_object);
                    for (name, child) in o {
                        if declared.is_some_and(|d| d.contains_key(name)) {
                            continue;
                        }
                        match kw {
                            Value::Bool(false) => {
                                errors.push(format!("{path}: property `{name}` is not allowed"))
                            }
                            Value::Bool(true) => {}
                            sub => check(root, sub, child, &format!("{path}.{name}"), errors),
                        }
                    }
                }
            }
            "items" => {
                if let Some(a) = v.as_array() {
                    for (i, child) in a.iter().enumerate() {
                        check(root, kw, child, &format!("{path}[{i}]"), errors);
                    }
                }
            }
            "minItems" => {
                if let (Some(a), Some(n)) = (v.as_array(), kw.as_u64()) {
                    if (a.len() as u64) < n {
                        errors.push(format!("{path}: fewer than {n} items"));
                    }
                }
            }
            "uniqueItems" => {
                if let (Some(a), Some(true)) = (v.as_array(), kw.as_bool()) {
                    for (i, x) in a.iter().enumerate() {
                        if a[..i].contains(x) {
                            errors.push(format!("{path}: item {i} is a duplicate"));
                        }
                    }
                }
            }
            "minimum" | "maximum" => {
                if let (Some(x), Some(limit)) = (v.as_f64(), kw.as_f64()) {
                    let bad = if key == "minimum" {
                        x < limit
                    } else {
                        x > limit
                    };
                    if bad {
                        errors.push(format!("{path}: {x} is out of range ({key} {limit})"));
                    }
                }
            }
            "pattern" => {
                if let (Some(s), Some(p)) = (v.as_str(), kw.as_str()) {
                    let re = regex::Regex::new(p).unwrap_or_else(|e| panic!("pattern {p}: {e}"));
                    if !re.is_match(s) {
                        errors.push(format!("{path}: `{s}` does not match {p}"));
                    }
                }
            }
            "format" => {
                if let (Some(s), Some(f)) = (v.as_str(), kw.as_str()) {
                    let ok = match f {
                        "uri" => url::Url::parse(s).is_ok(),
                        "uri-reference" => {
                            url::Url::parse("http://base.invalid/")
                                .and_then(|b| b.join(s))
                                .is_ok()
                                && !s.contains(' ')
                        }
                        "date-time" => chrono::DateTime::parse_from_rfc3339(s).is_ok(),
                        other => panic!("unknown format {other}"),
                    };
                    if !ok {
                        errors.push(format!("{path}: `{s}` is not a valid {f}"));
                    }
                }
            }
            "anyOf" | "oneOf" => {
                let branches = kw.as_array().cloned().unwrap_or_default();
                let passing = branches
                    .iter()
                    .filter(|b| {
                        let mut e = Vec::new();
                        check(root, b, v, path, &mut e);
                        e.is_empty()
                    })
                    .count();
                let ok = if key == "anyOf" {
                    passing >= 1
                } else {
                    passing == 1
                };
                if !ok {
                    errors.push(format!("{path}: {passing} branches of {key} match"));
                }
            }
            other => panic!("keyword `{other}` at {path} is not implemented"),
        }
    }
}

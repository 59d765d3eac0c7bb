//! A small JSON Schema checker for tests: the keywords `csl-data.json` uses (`$ref` into
//! `#/definitions`, `type`, `enum`, `properties`, `additionalProperties: false`, `required`,
//! `items`, `minItems`, `maxItems`, `anyOf`). Unknown keywords are ignored.

use serde_json::Value;

/// Every violation of `schema` by `data`, as `path: message` strings.
pub fn validate(schema: &Value, data: &Value) -> Vec<String> {
    let mut errors = Vec::new();
    check(schema, schema, data, "$", &mut errors);
    errors
}

fn resolve<'a>(root: &'a Value, schema: &'a Value) -> &'a Value {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(r) => match r.strip_prefix("#/definitions/") {
            Some(name) => root
                .get("definitions")
                .and_then(|d| d.get(name))
                .unwrap_or(&Value::Null),
            None => &Value::Null,
        },
        None => schema,
    }
}

fn type_matches(name: &str, data: &Value) -> bool {
    match name {
        "string" => data.is_string(),
        "number" => data.is_number(),
        "integer" => data.is_i64() || data.is_u64(),
        "boolean" => data.is_boolean(),
        "array" => data.is_array(),
        "object" => data.is_object(),
        "null" => data.is_null(),
        _ => false,
    }
}

fn check(root: &Value, schema: &Value, data: &Value, path: &str, errors: &mut Vec<String>) {
    let schema = resolve(root, schema);
    if let Some(t) = schema.get("type") {
        let ok = match t {
            Value::String(s) => type_matches(s, data),
            Value::Array(ts) => ts
                .iter()
                .filter_map(Value::as_str)
                .any(|s| type_matches(s, data)),
            _ => true,
        };
        if !ok {
            errors.push(format!("{path}: expected type {t}"));
            return;
        }
    }
    if let Some(Value::Array(allowed)) = schema.get("enum") {
        if !allowed.contains(data) {
            errors.push(format!("{path}: {data} not in enum"));
        }
    }
    if let Some(Value::Array(options)) = schema.get("anyOf") {
        let any = options.iter().any(|o| {
            let mut e = Vec::new();
            check(root, o, data, path, &mut e);
            e.is_empty()
        });
        if !any {
            errors.push(format!("{path}: matches none of anyOf"));
        }
    }
    if let Value::Object(map) = data {
        if let Some(Value::Array(required)) = schema.get("required") {
            for r in required.iter().filter_map(Value::as_str) {
                if !map.contains_key(r) {
                    errors.push(format!("{path}: missing required `{r}`"));
                }
            }
        }
        let props = schema.get("properties").and_then(Value::as_object);
        for (k, v) in map {
            match props.and_then(|p| p.get(k)) {
                Some(sub) => check(root, sub, v, &format!("{path}.{k}"), errors),
                None => {
                    if schema.get("additionalProperties") == Some(&Value::Bool(false)) {
                        errors.push(format!("{path}: property `{k}` not allowed"));
                    }
                }
            }
        }
    }
    if let Value::Array(items) = data {
        if let Some(min) = schema.get("minItems").and_then(Value::as_u64) {
            if (items.len() as u64) < min {
                errors.push(format!("{path}: fewer than {min} items"));
            }
        }
        if let Some(max) = schema.get("maxItems").and_then(Value::as_u64) {
            if (items.len() as u64) > max {
                errors.push(format!("{path}: more than {max} items"));
            }
        }
        if let Some(sub) = schema.get("items") {
            for (i, v) in items.iter().enumerate() {
                check(root, sub, v, &format!("{path}[{i}]"), errors);
            }
        }
    }
}

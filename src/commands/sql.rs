//! `ibid sql`: one read-only statement, printed as a table, JSON or CSV.

use super::{CommandError, Exit, Output};
use crate::cli::{SqlArgs, SqlFormat};
use crate::store::{QueryResult, Store};
use rusqlite::types::Value;

pub fn run(args: SqlArgs) -> Result<Output, CommandError> {
    let store = Store::open_query_only(&args.db)?;
    let result = store.query(&args.sql)?;
    let stdout = match args.format {
        SqlFormat::Table => table(&result),
        SqlFormat::Json => json(&result),
        SqlFormat::Csv => csv(&result),
    };
    Ok(Output::new(stdout, Exit::Clean))
}

/// A value as text: NULL empty, blobs as hex.
fn text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::Integer(i) => i.to_string(),
        Value::Real(f) => f.to_string(),
        Value::Text(s) => s.clone(),
        Value::Blob(b) => b.iter().map(|x| format!("{x:02x}")).collect(),
    }
}

/// Aligned columns with a header and a row count; line breaks shown as `\n`.
pub fn table(r: &QueryResult) -> String {
    let cell = |v: &Value| text(v).replace('\r', "\\r").replace('\n', "\\n");
    let rows: Vec<Vec<String>> = r
        .rows
        .iter()
        .map(|row| row.iter().map(cell).collect())
        .collect();
    let mut widths: Vec<usize> = r.columns.iter().map(|c| c.chars().count()).collect();
    for row in &rows {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.chars().count());
        }
    }
    let line = |cells: &[String]| -> String {
        let padded: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c}{}", " ".repeat(w - c.chars().count())))
            .collect();
        padded.join(" | ").trim_end().to_string() + "\n"
    };
    let mut out = line(&r.columns);
    out.push_str(
        &(widths
            .iter()
            .map(|w| "-".repeat(*w))
            .collect::<Vec<_>>()
            .join("-+-")
            + "\n"),
    );
    for row in &rows {
        out.push_str(&line(row));
    }
    let n = rows.len();
    out.push_str(&format!("({n} row{})\n", if n == 1 { "" } else { "s" }));
    out
}

/// An array of objects, keys in column order; blobs as hex strings.
pub fn json(r: &QueryResult) -> String {
    let value = |v: &Value| -> serde_json::Value {
        match v {
            Value::Null => serde_json::Value::Null,
            Value::Integer(i) => (*i).into(),
            Value::Real(f) => serde_json::Number::from_f64(*f)
                .map(serde_json::Value::Number)
                .unwrap_or(serde_json::Value::Null),
            Value::Text(s) => s.clone().into(),
            Value::Blob(_) => text(v).into(),
        }
    };
    let quote = |s: &str| serde_json::Value::from(s).to_string();
    let mut out = String::from("[");
    for (i, row) in r.rows.iter().enumerate() {
        out.push_str(if i == 0 { "\n  {" } else { ",\n  {" });
        let fields: Vec<String> = r
            .columns
            .iter()
            .zip(row)
            .map(|(c, v)| format!("{}: {}", quote(c), value(v)))
            .collect();
        out.push_str(&fields.join(", "));
        out.push('}');
    }
    out.push_str(if r.rows.is_empty() { "]\n" } else { "\n]\n" });
    out
}

/// One CSV field, quoted when it holds a comma, quote or line break (RFC 4180).
pub fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// A header row, then one row per result row (CRLF-free: `\n` line ends).
pub fn csv(r: &QueryResult) -> String {
    let row = |cells: Vec<String>| {
        cells
            .iter()
            .map(|c| csv_field(c))
            .collect::<Vec<_>>()
            .join(",")
            + "\n"
    };
    let mut out = row(r.columns.clone());
    for values in &r.rows {
        out.push_str(&row(values.iter().map(text).collect()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result() -> QueryResult {
        QueryResult {
            columns: vec!["n".into(), "title".into(), "x".into()],
            rows: vec![
                vec![
                    Value::Integer(2),
                    Value::Text("A, \"quoted\"\nline".into()),
                    Value::Null,
                ],
                vec![
                    Value::Real(1.5),
                    Value::Text("Über".into()),
                    Value::Blob(vec![0, 255]),
                ],
            ],
        }
    }

    #[test]
    fn formats() {
        insta::assert_snapshot!("sql_table", table(&result()));
        insta::assert_snapshot!("sql_json", json(&result()));
        insta::assert_snapshot!("sql_csv", csv(&result()));
        assert_eq!(
            json(&QueryResult {
                columns: vec!["a".into()],
                rows: vec![]
            }),
            "[]\n"
        );
    }

    #[test]
    fn csv_fields_are_quoted_only_when_needed() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
    }
}
